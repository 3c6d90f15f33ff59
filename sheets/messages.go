package sheets

import (
	"regexp"
	"strings"
)

// osTexts are the system's English error texts (Linux, macOS and Windows)
// with their Chinese.
var osTexts = []struct{ en, zh string }{
	{"no such file or directory", "文件或文件夹不存在"},
	{"The system cannot find the file specified.", "文件不存在"},
	{"The system cannot find the path specified.", "路径不存在"},
	{"The process cannot access the file because it is being used by another process.", "文件正被其他程序（如 Excel、WPS）打开，请先关闭它"},
	{"permission denied", "没有权限"},
	{"Access is denied.", "没有权限（文件可能正被 Excel、WPS 打开，或是只读的）"},
	{"operation not permitted", "不允许此操作（文件可能是只读的，或正被其他程序占用）"},
	{"is a directory", "这是文件夹，不是文件"},
	{"not a directory", "路径中的某一级不是文件夹"},
	{"no space left on device", "磁盘空间不足"},
	{"There is not enough space on the disk.", "磁盘空间不足"},
	{"read-only file system", "磁盘是只读的"},
	// A damaged workbook (zip, deflate and XML errors of the Go libraries).
	{"flate: corrupt input before offset", "压缩数据已损坏，损坏处在字节"},
	{"zip: checksum error", "压缩数据校验失败，文件已损坏"},
	{"zip: unsupported compression algorithm", "压缩方式不受支持"},
	{"XML syntax error", "XML 格式错误"},
	{"file exists", "已存在"},
	{"directory not empty", "文件夹不是空的"},
	{"file name too long", "文件名太长"},
	{"too many levels of symbolic links", "符号链接层数太多（可能是循环链接）"},
	{"input/output error", "读写出错（磁盘或网络盘故障）"},
	{"zip: not a valid zip file", "不是有效的 xlsx 文件（文件已损坏，或不是 Excel 工作簿）"},
	{"unexpected EOF", "文件不完整（意外结束）"},
}

// osVerbs are the operations Go names in its file errors.
var osVerbs = map[string]string{
	"open": "打开", "openat": "打开", "stat": "读取", "lstat": "读取", "read": "读取", "write": "写入",
	"rename": "改名", "remove": "删除", "unlinkat": "删除", "mkdir": "创建文件夹", "readdirent": "读取文件夹",
	"readdir": "读取文件夹", "chmod": "修改权限", "close": "关闭", "sync": "写入", "link": "链接", "symlink": "链接",
}

var reOSError = func() *regexp.Regexp {
	verbs := make([]string, 0, len(osVerbs))
	for v := range osVerbs {
		verbs = append(verbs, v)
	}
	texts := make([]string, 0, len(osTexts))
	for _, t := range osTexts {
		texts = append(texts, regexp.QuoteMeta(t.en))
	}
	return regexp.MustCompile(`\b(` + strings.Join(verbs, "|") + `) (.+?): (` + strings.Join(texts, "|") + `)`)
}()

// ChineseErrorText rewrites the system's English error texts inside a
// message into Chinese naming the file: "open /a.xlsx: no such file or
// directory" becomes "打开 /a.xlsx 失败：文件或文件夹不存在". Other text is
// kept.
func ChineseErrorText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x80 && r >= 'a' && r <= 'z' }) {
		return s
	}
	s = reOSError.ReplaceAllStringFunc(s, func(m string) string {
		p := reOSError.FindStringSubmatch(m)
		return osVerbs[p[1]] + " " + p[2] + " 失败：" + osText(p[3])
	})
	for _, t := range osTexts {
		if strings.Contains(s, t.en) {
			s = strings.ReplaceAll(s, t.en, t.zh)
		}
	}
	return s
}

func osText(en string) string {
	for _, t := range osTexts {
		if t.en == en {
			return t.zh
		}
	}
	return en
}
