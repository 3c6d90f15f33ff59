package sheets

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// OutputError is a failure writing the outputs. Its text is Chinese and
// names the file and what to do; the system's error stays reachable with
// errors.Is / errors.As but is never shown raw.
type OutputError struct {
	Msg string
	Err error
}

func (e *OutputError) Error() string { return e.Msg }
func (e *OutputError) Unwrap() error { return e.Err }

type inUseError struct{ err error }

func (e *inUseError) Error() string { return "文件正被其他程序打开" }
func (e *inUseError) Unwrap() error { return e.err }

// errText says in Chinese why an operation failed. replacing is set when
// the operation moves or replaces an existing output, where "permission
// denied" usually means that the file is open in Excel or WPS (on Windows
// a sharing or lock violation; on Unix an immutable file stands in).
func errText(err error, replacing bool) (text string, inUse bool) {
	var ie *inUseError
	if errors.As(err, &ie) {
		return "文件正被其他程序打开", true
	}
	if errors.Is(err, errExchangeUnsupported) {
		return "不支持原子交换文件夹", false
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		text, inUse := errnoText(en)
		if replacing && (inUse || text == textPermission) {
			return "文件正被其他程序打开", true
		}
		return text, inUse
	}
	return ChineseErrorText(fmt.Sprint(err)), false
}

const textPermission = "没有权限"

// ErrorText says in Chinese why a file operation failed ("磁盘空间不足",
// "没有权限", …).
func ErrorText(err error) string {
	var oe *OutputError
	if errors.As(err, &oe) {
		return oe.Msg
	}
	t, _ := errText(err, false)
	return t
}

// windowsErrnoText maps a Windows error code (GetLastError) to a Chinese
// text and whether it means the file is open elsewhere. It lives here, not
// behind a build tag, so that the mapping is tested on every system.
func windowsErrnoText(code uintptr) (string, bool) {
	switch code {
	case 32, 33: // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
		return "文件正被其他程序打开", true
	case 5: // ERROR_ACCESS_DENIED
		return textPermission, false
	case 39, 112: // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
		return "磁盘空间不足", false
	case 2, 3: // ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND
		return "文件或文件夹不存在", false
	case 80, 183: // ERROR_FILE_EXISTS, ERROR_ALREADY_EXISTS
		return "同名文件已存在", false
	case 19: // ERROR_WRITE_PROTECT
		return "磁盘写保护（只读）", false
	case 206, 111: // ERROR_FILENAME_EXCED_RANGE, ERROR_BUFFER_OVERFLOW
		return "文件名或路径太长", false
	case 53, 59, 64, 67: // network path / unexpected network error / name deleted / bad net name
		return "网络文件夹无法访问", false
	case 17: // ERROR_NOT_SAME_DEVICE
		return "不在同一磁盘上", false
	case 1392, 23: // ERROR_FILE_CORRUPT, ERROR_CRC
		return "磁盘读写出错", false
	case 1, 50: // ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED (some network shares)
		return "该磁盘或网络文件夹不支持此操作", false
	}
	return fmt.Sprintf("系统错误（错误码 %d）", code), false
}

// unixErrnoText maps a Unix errno to a Chinese text.
func unixErrnoText(en syscall.Errno) (string, bool) {
	switch en {
	case syscall.ENOSPC, syscall.EDQUOT:
		return "磁盘空间不足", false
	case syscall.EACCES, syscall.EPERM:
		return textPermission, false
	case syscall.EROFS:
		return "磁盘为只读", false
	case syscall.ENAMETOOLONG:
		return "文件名或路径太长", false
	case syscall.ENOENT:
		return "文件或文件夹不存在", false
	case syscall.EEXIST:
		return "同名文件已存在", false
	case syscall.ENOTDIR:
		return "路径中有一个同名的文件（应为文件夹）", false
	case syscall.EISDIR:
		return "有一个同名的文件夹（应为文件）", false
	case syscall.EIO:
		return "磁盘读写出错", false
	case syscall.EXDEV:
		return "不在同一磁盘上", false
	case syscall.EBUSY, syscall.ETXTBSY:
		return "文件正被其他程序使用", true
	case syscall.ENOTEMPTY:
		return "文件夹不是空的", false
	case syscall.EMFILE, syscall.ENFILE:
		return "打开的文件太多", false
	}
	return fmt.Sprintf("系统错误（错误码 %d）", uintptr(en)), false
}

// Printable escapes control characters (ESC, newline, carriage return,
// tab, DEL, C1 controls) and bidirectional overrides in a name for logs and
// the console, so that a file named with them cannot fake or hide a line:
// "a\x1b[2Jb" prints as a\x1b[2Jb.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case needsEscape(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
