package sheets

import (
	"io"
	"slices"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// The small API package templates builds the rules workbook and the blank
// templates on: the text folding and open options of the readers, the
// deterministic zip writer and border of the writers, and the words the
// readers accept where the rules workbook offers them as lists.

// NormText trims s and folds full-width characters to their half-width
// forms, as the readers do with every cell.
func NormText(s string) string { return normText(s) }

// SortedZipWriter is an excelize ZipWriter that writes the package parts in
// a fixed order with no time stamps, so that the same workbook gives the
// same bytes: f.SetZipWriter(sheets.SortedZipWriter).
func SortedZipWriter(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w} }

// ThinBorder returns the grey box around the table cells of every workbook
// we write.
func ThinBorder() []excelize.Border { return slices.Clone(thinBorder) }

// ResultWords returns the 考勤结果 words the attendance readers know: the
// verdicts, the leave words of the rules (参数 请假类别), rest and trips.
func ResultWords(r *calc.Rules) []string { return r.ResultWords() }

// inputKinds maps a 输入清单 类型 of the rules workbook (D19) to the sheet
// kinds that provide it.
var inputKinds = []struct {
	name  string
	kinds []Kind
}{
	{"花名册", []Kind{Roster}},
	{"考勤", []Kind{Attendance, DingTalk, WeCom, Punches, Matrix, DingTalkMonth}},
	{"服务质量综合考评表", []Kind{QA}},
	{"奖惩记录", []Kind{Events}},
	{"考试成绩", []Kind{Exams}},
	{"投诉记录", []Kind{Complaints}},
	{"额外奖惩", []Kind{Adjustments}},
	{"工作量", []Kind{Workload}},
	{"排班表", []Kind{Shifts}},
	{"请假记录", []Kind{LeaveLog}},
	{"换班登记", []Kind{SwapLog}},
	{"申诉处理", []Kind{AppealLog}},
	{"软性指标评分", []Kind{Soft}},
}

// InputKindNames lists the 类型 words of 输入清单.
func InputKindNames() []string {
	out := make([]string, len(inputKinds))
	for i, k := range inputKinds {
		out[i] = k.name
	}
	return out
}

// inputKindOf returns the 输入清单 类型 a sheet kind provides, or "".
func inputKindOf(k Kind) string {
	for _, ik := range inputKinds {
		for _, x := range ik.kinds {
			if x == k {
				return ik.name
			}
		}
	}
	return ""
}
