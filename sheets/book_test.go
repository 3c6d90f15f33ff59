package sheets

import (
	"bytes"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"appraise/calc"
)

// freshBook starts a workbook as newBookOf did before the base workbooks:
// excelize's new file, its default font and the styles made anew.
func freshBook(t *testing.T, title string, rules *calc.Rules, notices bool) *xlBook {
	t.Helper()
	f := excelize.NewFile()
	zw := &sortedZip{}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { zw.w = w; return zw })
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "appraise", LastModifiedBy: "appraise", Title: title,
		Language: "zh-CN", Created: "2026-11-01T00:00:00Z", Modified: "2026-11-01T00:00:00Z"}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetDefaultFont(fontName); err != nil {
		t.Fatal(err)
	}
	b := &xlBook{f: f, title: title, zip: zw}
	if err := b.styles(rules); err != nil {
		t.Fatal(err)
	}
	if notices {
		ns, err := b.noticeStyles()
		if err != nil {
			t.Fatal(err)
		}
		b.st.notice = &ns
	}
	return b
}

// TestBaseBookSameBytes: a workbook started from the base workbook is
// byte for byte the one started from excelize's new file, for each set of
// styles, with the same style ids; the second book from a base is too.
func TestBaseBookSameBytes(t *testing.T) {
	custom := calc.DefaultRules()
	custom.Grades = append([]calc.GradeBand(nil), custom.Grades[:2]...)
	custom.FailGrade = "差"
	cases := []struct {
		name    string
		rules   *calc.Rules
		notices bool
	}{
		{"no rules", nil, false},
		{"default rules", calc.DefaultRules(), false},
		{"two grades", custom, false},
		{"notices", calc.DefaultRules(), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			write := func(b *xlBook) []byte {
				t.Helper()
				rows := [][]excelize.Cell{{b.str("KF001"), {StyleID: b.st.score, Value: 91.5}}}
				for _, g := range gradeOrderOrNil(c.rules) {
					rows = append(rows, []excelize.Cell{{StyleID: b.gradeStyle(g), Value: g}, {StyleID: b.st.money, Value: 12.3}})
				}
				if b.st.notice != nil {
					rows = append(rows, []excelize.Cell{{StyleID: b.st.notice.value, Value: "说明"}, {StyleID: b.st.notice.boxMid, Value: 1}})
				}
				if err := b.write(&xlTable{sheet: "表一", title: "标题", headers: []string{"工号", "得分"}, rows: rows, filter: true, print: true}); err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := b.save(&buf, ""); err != nil {
					t.Fatal(err)
				}
				return buf.Bytes()
			}
			want := write(freshBook(t, "书名", c.rules, c.notices))
			for i := range 2 {
				b, err := newBookOf("书名", c.rules, 2026, time.November, c.notices)
				if err != nil {
					t.Fatal(err)
				}
				fresh := freshBook(t, "书名", c.rules, c.notices)
				if !sameStyles(b.st, fresh.st) {
					t.Fatalf("book %d: style ids %+v; want %+v", i+1, b.st, fresh.st)
				}
				if got := write(b); !bytes.Equal(got, want) {
					t.Errorf("book %d from the base: %d bytes differ from the fresh book's %d", i+1, len(got), len(want))
				}
			}
		})
	}
}

func gradeOrderOrNil(r *calc.Rules) []string {
	if r == nil {
		return nil
	}
	return gradeOrder(r)
}

func sameStyles(a, b xlStyles) bool {
	if (a.notice == nil) != (b.notice == nil) || a.notice != nil && *a.notice != *b.notice {
		return false
	}
	a.notice, b.notice = nil, nil
	return reflect.DeepEqual(a, b)
}
