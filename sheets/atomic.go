package sheets

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// written is one output file written by Write.
type written struct {
	path   string
	name   string
	sha256 string
	size   int64
}

// hashWriter counts and hashes what passes through it.
type hashWriter struct {
	w io.Writer
	h io.Writer
	n int64
}

func (hw *hashWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	hw.n += int64(n)
	return n, err
}

// writeAtomic writes dir/name through a temporary file in dir that is
// renamed into place when fill succeeds, so that a reader never sees half a
// file. The file mode is 0600 where the system supports it. It returns the
// written file's SHA-256 and size.
func writeAtomic(dir, name string, fill func(w io.Writer) error) (written, error) {
	dst := filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return written{}, err
	}
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	hw := &hashWriter{w: tmp, h: h}
	if err := fill(hw); err != nil {
		return written{}, err
	}
	if err := tmp.Sync(); err != nil {
		return written{}, err
	}
	if runtime.GOOS != "windows" {
		if err := tmp.Chmod(0o600); err != nil {
			return written{}, err
		}
	}
	if err := tmp.Close(); err != nil {
		return written{}, err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if err := backup(dst, sum); err != nil {
		return written{}, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		if runtime.GOOS != "windows" {
			return written{}, err
		}
		// Windows cannot rename over a file that is open elsewhere;
		// say so plainly (the usual cause is the file open in Excel).
		return written{}, errors.New("无法替换 " + dst + "：文件可能正在 Excel 或 WPS 中打开，请关闭后重试（" + err.Error() + "）")
	}
	ok = true
	return written{path: dst, name: name, sha256: sum, size: hw.n}, nil
}

// backup keeps an earlier output that is about to be replaced by different
// content as <name>.<time>.bak beside it. An identical earlier output is
// simply replaced.
func backup(dst, newSum string) error {
	f, err := os.Open(dst)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) == newSum {
		return nil
	}
	bak := dst + "." + time.Now().Format("20060102-150405") + ".bak"
	for i := 2; ; i++ {
		if _, err := os.Stat(bak); errors.Is(err, os.ErrNotExist) {
			break
		}
		bak = fmt.Sprintf("%s.%s-%d.bak", dst, time.Now().Format("20060102-150405"), i)
	}
	if err := os.Rename(dst, bak); err != nil {
		return fmt.Errorf("无法备份旧文件 %s：%w", dst, err)
	}
	return nil
}
