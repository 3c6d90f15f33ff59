package sheets

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"appraise/calc"
)

// .xls (BIFF) workbooks: no maintained pure-Go reader is among our
// dependencies, so an .xls is converted with LibreOffice when soffice is on
// the PATH (in a temporary folder, never next to the input); otherwise it
// is an error asking for .xlsx.

// xlsConvertTimeout bounds one LibreOffice conversion.
const xlsConvertTimeout = 2 * time.Minute

// sofficePath returns the LibreOffice command, or "" when none is found.
var sofficePath = func() string {
	for _, n := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// convertXLS converts an .xls file's bytes to .xlsx with LibreOffice. done
// is false when LibreOffice is not installed (or the file holds no
// workbook stream): the caller reports the .xls. A failed conversion is
// reported here and returns done with no bytes.
func (ld *loader) convertXLS(name string, data []byte) (xlsx []byte, done bool) {
	soffice := sofficePath()
	if soffice == "" || !(bytes.Contains(data, utf16le("Workbook")) || bytes.Contains(data, utf16le("Book"))) {
		return nil, false
	}
	loc := calc.Loc{File: name}
	fail := func(why string) ([]byte, bool) {
		ld.add(calc.Error, loc, "", "这是旧版 Excel 97-2003（.xls）文件，不能直接读取",
			"用 LibreOffice 转换失败（"+why+"）；请用 Excel 或 WPS 打开此文件，另存为 .xlsx 格式后再运行")
		return nil, true
	}
	tmp, err := os.MkdirTemp("", "appraise-xls-")
	if err != nil {
		return fail(err.Error())
	}
	defer RemoveAll(tmp)
	in := filepath.Join(tmp, "input.xls")
	out := filepath.Join(tmp, "out")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return fail(err.Error())
	}
	profile := filepath.ToSlash(filepath.Join(tmp, "profile"))
	if !strings.HasPrefix(profile, "/") {
		profile = "/" + profile // C:/… on Windows
	}
	ctx, cancel := context.WithTimeout(context.Background(), xlsConvertTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+profile,
		"--headless", "--norestore", "--convert-to", "xlsx", "--outdir", out, in)
	cmd.Dir = tmp
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return fail(strings.TrimSpace(err.Error() + " " + clipLine(string(msg))))
	}
	b, err := os.ReadFile(filepath.Join(out, "input.xlsx"))
	if err != nil || len(b) == 0 {
		return fail("没有生成 .xlsx 文件")
	}
	ld.add(calc.Info, loc, "", "这是旧版 Excel 97-2003（.xls）文件，已用 LibreOffice 转换为 .xlsx 后读取（原文件未改动）", "")
	return b, true
}
