package sheets

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
	"appraise/sheets/xlsx"
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Size limits for opening workbooks: the whole unzipped package, and the
// part of a worksheet kept in memory (larger ones are streamed from a
// temporary file by excelize).
const (
	unzipSizeLimit    = xlsx.UnzipSizeLimit
	unzipXMLSizeLimit = xlsx.UnzipXMLSizeLimit
)

// openOptions are the options for every workbook opened with excelize:
// our own size bounds instead of excelize's 16 GB default.
func openOptions() excelize.Options {
	return excelize.Options{UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLSizeLimit}
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// readWorkbook reads an .xlsx/.xlsm file (or an encrypted one, given the
// password). An .xls (BIFF) file, an encrypted file without password and a
// damaged file are each one error at the file.
func (ld *loader) readWorkbook(name string, data []byte) {
	loc := calc.Loc{File: name}
	encrypted := false
	switch {
	case len(data) == 0:
		ld.add(calc.Error, loc, "", "文件为空（0 字节）", "请重新导出或另存此文件")
		return
	case bytes.HasPrefix(data, oleMagic):
		if !bytes.Contains(data, utf16le("EncryptedPackage")) {
			if conv, done := ld.convertXLS(name, data); done {
				if conv != nil {
					ld.readWorkbook(name, conv)
				}
				return
			}
			ld.add(calc.Error, loc, "", "这是旧版 Excel 97-2003（.xls）文件，不能直接读取",
				"请用 Excel 或 WPS 打开此文件，另存为 .xlsx 格式后再运行")
			return
		}
		if ld.opt.Password == "" {
			ld.add(calc.Error, loc, "", "此工作簿已加密（设置了打开密码）",
				"请用 --password-env 变量名 指定保存密码的环境变量，或在 Excel 中取消打开密码后另存")
			return
		}
		dec, err := excelize.Decrypt(data, &excelize.Options{Password: ld.opt.Password})
		if err != nil {
			ld.add(calc.Error, loc, "", "无法解密此工作簿：密码不正确或加密方式不受支持",
				"请检查 --password-env 指定的环境变量中的密码")
			return
		}
		data, encrypted = dec, true
	case !bytes.HasPrefix(data, zipMagic):
		ld.add(calc.Error, loc, "", "不是有效的 Excel 工作簿（文件已损坏或并非 .xlsx 格式）",
			"请用 Excel 或 WPS 打开此文件，另存为 .xlsx 格式后再运行")
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if encrypted {
			ld.add(calc.Error, loc, "", "无法解密此工作簿：密码不正确", "请检查 --password-env 指定的环境变量中的密码")
			return
		}
		ld.add(calc.Error, loc, "", "工作簿已损坏或不完整（无法解压："+ChineseErrorText(err.Error())+"）",
			"文件可能未完整复制或下载；请重新导出，或用 Excel 打开修复后另存为 .xlsx")
		return
	}
	if xlsx.IsOpenDocument(zr) {
		ld.add(calc.Error, loc, "", "这是 OpenDocument（.ods）文件，请在 Excel/WPS 中另存为 .xlsx",
			"文件扩展名是 Excel 的，内容却是 OpenDocument 表格（LibreOffice/WPS 的 .ods 格式）")
		return
	}
	if err := xlsx.CheckPackage(zr); err != nil {
		ld.add(calc.Error, loc, "", err.Error(), "请确认文件来源；正常的考核输入文件解压后不会这么大")
		return
	}
	var pre map[string]mergeResult
	if !encrypted {
		pre = ld.mergesFor(name, data)
	}
	ld.readPackage(name, zr, pre)
}

// readPackage reads the sheets of an opened .xlsx package. They are read by
// the byte scanner of package xlsx rather than excelize's Rows: several
// times faster, and the package is never unzipped whole
// (excelize.OpenReader inflates every part up front).
func (ld *loader) readPackage(name string, zr *zip.Reader, pre map[string]mergeResult) {
	loc := calc.Loc{File: name}
	dumping := ld.insp.dumping()
	book, err := xlsx.Open(zr)
	if err != nil {
		msg, hint := partProblem(err)
		ld.add(calc.Error, loc, "", "无法打开工作簿，"+msg, hint)
		return
	}
	sheets := book.Sheets()
	if len(sheets) == 0 {
		ld.add(calc.Error, loc, "", "工作簿中没有工作表（工作表列表为空），没有可读取的内容",
			"文件可能由其他程序生成且不完整；请用 Excel 打开核对后另存为 .xlsx")
		return
	}
	for _, sh := range sheets {
		sloc := calc.Loc{File: name, Sheet: sh.Name}
		switch {
		case strings.Contains(sh.Part, "chartsheets/"):
			ld.add(calc.Info, sloc, "", "已忽略：图表工作表", "")
			continue
		case dumping:
		case sh.Hidden:
			ld.add(calc.Info, sloc, "", "已忽略：隐藏的工作表", "如需读取，请在 Excel 中取消隐藏")
			continue
		case isInstructions(sh.Name):
			ld.add(calc.Info, sloc, "", "已忽略：说明工作表", "")
			continue
		}
		if sh.Part == "" {
			ld.add(calc.Error, sloc, "", "无法读取工作表：工作簿没有指明此工作表的数据在哪里（关系缺失）",
				"文件可能已损坏；请用 Excel 打开修复后另存为 .xlsx")
			continue
		}
		if err := book.ReadStrings(); err != nil {
			msg, hint := partProblem(err)
			ld.add(calc.Error, loc, "", "无法读取共享字符串表，"+msg, hint)
			return
		}
		src := &sheetSrc{file: name, sheet: sh.Name, date1904: book.Date1904()}
		// The merged ranges follow the sheet's data in the part, and the
		// header needs them first: they are read by a pass of their own
		// while the rows' scanner already runs ahead (Rows.Start), so that
		// the two inflations of the part overlap. An error of the merge
		// pass is reported as before, ahead of one opening the rows.
		// Ranges read ahead (load_prefetch.go) need no pass here.
		rows, rowsErr := book.Rows(sh.Part)
		ahead, isAhead := pre[sh.Part]
		if rowsErr == nil && !isAhead {
			rows.Start()
		}
		var merges []xlsx.Range
		if isAhead {
			merges, err = ahead.ranges, ahead.err
		} else {
			merges, err = mergesOf(book, sh.Part, rows)
		}
		if err != nil && rows != nil {
			_ = rows.Close()
		}
		if damaged(err) {
			ld.add(calc.Error, sloc, "", "工作表数据已损坏，无法解压（"+ChineseErrorText(err.Error())+"），未读取此工作表",
				"文件可能未完整复制或下载；请重新导出，或用 Excel 打开修复后另存为 .xlsx")
			continue
		}
		if err != nil {
			msg, hint := partProblem(err)
			ld.add(calc.Error, sloc, "", "无法读取工作表，"+msg, hint)
			continue
		}
		for _, m := range merges {
			src.merges = append(src.merges, mergeRange{m.R1, m.C1, m.R2, m.C2})
		}
		if rowsErr != nil {
			msg, hint := partProblem(rowsErr)
			ld.add(calc.Error, sloc, "", "无法读取工作表，"+msg, hint)
			continue
		}
		src.formulas, src.rowsHint = rows.Formulas(), rows.Estimate
		src.next = func() ([]string, bool, error) {
			cells, _, ok, err := rows.Next()
			return cells, ok, err
		}
		ld.readSheetSafe(src)
		_ = rows.Close()
		for _, is := range rows.Issues() {
			level := calc.Error
			if is.Warn {
				level = calc.Warning
			}
			ld.add(level, calc.Loc{File: name, Sheet: sh.Name, Cell: is.Cell}, "", is.Msg, is.Hint)
		}
		if b := rows.Beyond(); b != "" {
			msg, hint := BeyondText(b)
			ld.add(calc.Warning, calc.Loc{File: name, Sheet: sh.Name, Cell: b}, "", msg, hint)
		}
	}
}

// BeyondText is the warning (message and hint) for a sheet with content
// beyond the columns the engine reads (xlsx.MaxReadCols), its first such
// cell at cell: the input readers and the rules workbook say the same.
func BeyondText(cell string) (msg, hint string) {
	return fmt.Sprintf("第 %d 列之后的内容未读取（首个在 %s）", xlsx.MaxReadCols, cell), "把数据移到表格的列中，或删除多余的内容"
}

// mergesOf reads the merged ranges of a sheet whose rows (nil when they
// could not be opened) are already being scanned ahead: should the reading
// panic, the rows are closed on the way out, so that their scanner does
// not wait forever (the panic goes on to loadFile's guard, its stack kept).
func mergesOf(book *xlsx.Book, part string, rows *xlsx.Rows) ([]xlsx.Range, error) {
	done := false
	defer func() {
		if !done && rows != nil {
			_ = rows.Close()
		}
	}()
	m, err := book.MergeRanges(part)
	done = true
	return m, err
}

// partProblem words an error reading a part of a package.
func partProblem(err error) (msg, hint string) {
	var big *xlsx.PartTooBigError
	var miss *xlsx.MissingPartError
	switch {
	case errors.As(err, &big):
		return big.Error(), "请确认文件来源；正常的考核输入文件解压后不会这么大"
	case errors.As(err, &miss):
		return "文件不完整（" + miss.Error() + "）", "文件可能已损坏；请用 Excel 打开修复后另存为 .xlsx"
	case damaged(err):
		return "文件已损坏，无法解压（" + ChineseErrorText(err.Error()) + "）", "文件可能未完整复制或下载；请重新导出，或用 Excel 打开修复后另存为 .xlsx"
	}
	return "文件已损坏（" + ChineseErrorText(err.Error()) + "）", "文件可能已损坏；请用 Excel 打开修复后另存为 .xlsx"
}

// readSheetSafe reads a sheet, turning a panic into an error at the sheet so
// that the other sheets of the file are still read.
func (ld *loader) readSheetSafe(src *sheetSrc) {
	defer func() {
		if p := recover(); p != nil {
			ie := Recovered("读取工作表时发生内部错误", p)
			ld.internal = append(ld.internal, ie)
			ld.add(calc.Error, calc.Loc{File: src.file, Sheet: src.sheet}, "", ie.Msg, "请把此文件另存为新的 .xlsx 后重试，并把问题报告给维护人员")
		}
	}()
	ld.readSheet(src)
}

// isInstructions reports whether a sheet is an instructions sheet (说明,
// 填写说明, 使用说明 …).
func isInstructions(sheet string) bool {
	n := normHeader(sheet)
	return strings.HasSuffix(n, "说明") || n == "readme"
}
