package sheets

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"appraise/calc"
	"appraise/samples"
)

// TestPunchCSVHalves: a punch month read with the CSV's parts after its
// head on goroutines of their own and the days built on several goroutines
// gives
// what reading it on one goroutine gives: the month, every problem with its
// location and order, the inputs; for the sample's log and for logs with
// problems, blank rows, a totals row, quotes, an over-long cell, other
// encodings … in either part.
func TestPunchCSVHalves(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 300-person punch month and reads it in many forms twice")
	}
	src := filepath.Join(t.TempDir(), "2026-11")
	if err := samples.Write(src, samples.Options{Employees: 300, Year: 2026, Month: time.November, Seed: 11, Attendance: "punches"}); err != nil {
		t.Fatal(err)
	}
	logs, _ := filepath.Glob(filepath.Join(src, "*.csv"))
	if len(logs) != 1 {
		t.Fatalf("punch logs of the sample: %q", logs)
	}
	raw, err := os.ReadFile(logs[0])
	if err != nil {
		t.Fatal(err)
	}
	utf, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(utf), "\r\n"), "\r\n")
	if len(lines) < 5000 {
		t.Fatalf("%d lines in the sample's punch log", len(lines))
	}
	// at inserts rows at a share of the log (below half: the first part read
	// ahead; above: the second)
	at := func(share float64, rows ...string) func([]string) []string {
		return func(ls []string) []string {
			i := int(float64(len(ls)) * share)
			return append(ls[:i:i], append(rows, ls[i:]...)...)
		}
	}
	edit := func(share float64, f func(string) string) func([]string) []string {
		return func(ls []string) []string {
			ls = append([]string(nil), ls...)
			i := int(float64(len(ls)) * share)
			ls[i] = f(ls[i])
			return ls
		}
	}
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	field := func(line string, i int, v string) string {
		f := strings.Split(line, ",")
		f[i] = v
		return strings.Join(f, ",")
	}
	tests := []struct {
		name  string
		edit  func([]string) []string
		enc   func(string) []byte // GB18030 when nil
		eol   string              // "\r\n" when empty
		split bool                // parts are read on goroutines
	}{
		{name: "as written", split: true},
		{name: "bad stamp", edit: edit(0.7, func(l string) string { return field(l, 3, "2026/11/31 08:00:00") }), split: true},
		{name: "time only", edit: edit(0.7, func(l string) string { return field(l, 3, "08:00") }), split: true},
		{name: "blank rows", edit: at(0.6, ",,,,,,,", "", "   ", " , ,"), split: true},
		{name: "outside the month", edit: at(0.65, "客服部,马浩,100001,2026/12/20 08:00:00,2,1,指纹,", "客服部,马浩,100001,2026/10/31 23:00:00,2,1,指纹,", "客服部,新人,777777,2026/12/20 08:00:00,2,1,指纹,"), split: true},
		{name: "unknown and new people", edit: at(0.75, "客服部,无名氏,999999,2026/11/05 08:00:00,2,1,指纹,", "客服部,无名氏,999999,2026/11/05 18:00:00,2,1,指纹,", "客服部,马浩,,2026/11/06 08:00:00,2,1,指纹,", "客服部, 马浩 ,１００００１,2026/11/06 18:00:00,2,1,指纹,"), split: true},
		{name: "empty identity", edit: at(0.75, "客服部,,,2026/11/05 08:00:00,2,1,指纹,"), split: true},
		{name: "totals row", edit: at(0.8, "合计,,,,,,,"), split: true},
		{name: "repeated row", edit: func(ls []string) []string { i := len(ls) * 3 / 4; return at(0.75, ls[i])(ls) }, split: true},
		{name: "quotes in the second half", edit: at(0.85, "客服部,\"马\r\n浩\",100001,2026/11/05 08:00:00,2,1,指纹,", "\"客服部\",\"马\"\"浩\",100001,2026/11/05 18:00:00,2,1,指纹,"), split: true},
		{name: "quote in the first part", edit: edit(0.2, func(l string) string { return field(l, 0, "\"客服部\"") })},
		{name: "quote in the head", edit: edit(0.001, func(l string) string { return field(l, 0, "\"客服部\"") })},
		{name: "problems in the first part", edit: func(ls []string) []string {
			ls = at(0.3, "客服部,,,2026/11/05 08:00:00,2,1,指纹,", "客服部,马浩,100001,2026/12/20 08:00:00,2,1,指纹,", ",,,,,,,")(ls)
			return edit(0.2, func(l string) string { return field(l, 3, "2026/11/31 08:00:00") })(ls)
		}, split: true},
		{name: "totals row in the first part", edit: at(0.3, "合计,,,,,,,"), split: true},
		{name: "new people in both parts", edit: func(ls []string) []string {
			ls = at(0.3, "客服部,无名氏,999999,2026/11/05 08:00:00,2,1,指纹,", "客服部,马浩,,2026/11/06 08:00:00,2,1,指纹,")(ls)
			return at(0.8, "客服部,无名氏,999999,2026/11/05 18:00:00,2,1,指纹,", "客服部,马浩,,2026/11/06 18:00:00,2,1,指纹,")(ls)
		}, split: true},
		{name: "over-long cell", edit: at(0.9, "客服部,马浩,100001,2026/11/05 08:00:00,2,1,指纹,"+strings.Repeat("长", 40000)), split: true},
		{name: "damaged byte", edit: at(0.9, "客服部,马浩,100001,2026/11/05 08:00:00,2,1,指纹,\x00"), enc: func(s string) []byte {
			b := gbk(s)
			return bytes.Replace(b, []byte{0}, []byte{0x81, 0x20}, 1) // a lead byte without its trail
		}},
		{name: "UTF-8 with BOM", enc: func(s string) []byte { return append([]byte{0xEF, 0xBB, 0xBF}, s...) }, split: true},
		{name: "UTF-8, LF", enc: func(s string) []byte { return []byte(s) }, eol: "\n", split: true},
	}
	others, _ := filepath.Glob(filepath.Join(src, "*.xlsx"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := lines
			if tt.edit != nil {
				ls = tt.edit(ls)
			}
			eol := tt.eol
			if eol == "" {
				eol = "\r\n"
			}
			text := strings.Join(ls, eol) + eol
			var data []byte
			if tt.enc != nil {
				data = tt.enc(text)
			} else {
				data = gbk(text)
			}
			dir := filepath.Join(t.TempDir(), "2026-11")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, o := range others {
				b, err := os.ReadFile(o)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, filepath.Base(o)), b)
			}
			writeFile(t, filepath.Join(dir, filepath.Base(logs[0])), data)
			read := func(atOnce bool) (*Loaded, int) {
				defer func(p bool, m int, h func(int, int)) { punchAtOnce, csvHalvesMin, csvTailSeen = p, m, h }(punchAtOnce, csvHalvesMin, csvTailSeen)
				punchAtOnce, csvHalvesMin = atOnce, 1<<62
				tails := 0
				if atOnce {
					csvHalvesMin = 0
					csvTailSeen = func(rows, _ int) { tails += rows }
				}
				l, err := Load(dir, calc.DefaultRules(), 2026, time.November, LoadOptions{})
				if err != nil {
					t.Fatal(err)
				}
				for _, ie := range l.Internal {
					ie.Stack = nil // the goroutine differs
				}
				return l, tails
			}
			one, _ := read(false)
			both, tails := read(true)
			if tt.split != (tails > 0) {
				t.Errorf("%d rows of the parts read on goroutines; want some: %v", tails, tt.split)
			}
			if len(one.Month.Days) == 0 && tt.name != "damaged byte" {
				t.Fatal("no days read")
			}
			if !reflect.DeepEqual(one.Problems, both.Problems) {
				t.Errorf("problems differ: %d read on one goroutine, %d on two", len(one.Problems), len(both.Problems))
				for i := range min(len(one.Problems), len(both.Problems)) {
					if !reflect.DeepEqual(one.Problems[i], both.Problems[i]) {
						t.Fatalf("first difference at %d:\n%+v\n%+v", i, one.Problems[i], both.Problems[i])
					}
				}
			}
			if !reflect.DeepEqual(one, both) {
				t.Error("the loaded months differ")
			}
		})
	}
}

// FuzzDecodeCSVParts: decoding a file cut in parts at line ends gives the
// whole file's decoding in parts (decodeCSVStrict), for every cut.
func FuzzDecodeCSVParts(f *testing.F) {
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().String("工号,姓名\r\n001,张三\r\n002,李四 €\r\n003,𠀀\r\n")
	f.Add([]byte(gbk), 9, 20)
	f.Add([]byte("工号,姓名\n001,张三\n"), 3, 3)
	f.Add(append([]byte{0xEF, 0xBB, 0xBF}, "a\nb\nc\n"...), 1, 5)
	f.Add([]byte("a\n\x81\x20\nb\n"), 0, 3)
	f.Fuzz(func(t *testing.T, data []byte, at1, at2 int) {
		var cuts []int
		for _, at := range []int{at1, at2} {
			if at < 0 || len(data) == 0 {
				return
			}
			from := min(at, len(data)-1)
			if len(cuts) > 0 {
				from = max(from, cuts[len(cuts)-1])
			}
			i := bytes.IndexByte(data[from:], '\n')
			if i < 0 {
				break
			}
			if c := from + i + 1; len(cuts) == 0 || c > cuts[len(cuts)-1] {
				cuts = append(cuts, c)
			}
		}
		all := func(string) bool { return true }
		text, enc, bad := decodeCSVStrict(data, all)
		texts, enc2, bad2 := decodeCSVParts(data, cuts, all)
		if strings.Join(texts, "") != text || enc2 != enc || bad2 != bad {
			t.Fatalf("cut at %v: %q %q %d; whole: %q %q %d", cuts, texts, enc2, bad2, text, enc, bad)
		}
	})
}

// FuzzCSVCut: where csvCuts cuts, the records of the parts are those of
// the whole text (csvSplit), and the head holds the header's lines.
func FuzzCSVCut(f *testing.F) {
	f.Add("工号,姓名\r\n001,张三\r\n\r\n002,\"李\r\n四\"\r\n", 2)
	f.Add("a,b\n\"x\ny\",z\n", 3)
	f.Add("a\tb\n1\t2\n", 40)
	f.Add("a,b\n\n\r\n1,2\n", 30)
	f.Fuzz(func(t *testing.T, s string, reps int) {
		if reps < 1 || reps > 80 || len(s) > 1000 {
			return
		}
		text := strings.Repeat(s, reps)
		defer func(m int) { csvHalvesMin = m }(csvHalvesMin)
		csvHalvesMin = 0
		cuts := csvCuts([]byte(text))
		if len(cuts) == 0 {
			return
		}
		records := func(s string) [][]string {
			var out [][]string
			sp := newCSVSplit(s, ',')
			for {
				rec, ok := sp.next()
				if !ok {
					return out
				}
				out = append(out, rec)
			}
		}
		var parts [][]string
		from := 0
		for i, c := range append(cuts, len(text)) {
			if c <= from || i < len(cuts) && text[c-1] != '\n' {
				t.Fatalf("cuts %v: not after a line end, or not in order", cuts)
			}
			parts = append(parts, records(text[from:c])...)
			from = c
		}
		if whole := records(text); !reflect.DeepEqual(whole, parts) {
			t.Fatalf("cuts %v: %q; whole: %q", cuts, parts, whole)
		}
		if head := records(text[:cuts[0]]); len(head) <= headerBufRows {
			t.Fatalf("cuts %v: %d records in the head", cuts, len(head))
		}
		if csvDelimiter(text) != csvDelimiter(text[:cuts[0]]) {
			t.Fatalf("cuts %v: the delimiter differs", cuts)
		}
	})
}

// FuzzPunchCSVParts: a punch log read in parts on goroutines gives the
// problems and the month reading it on one goroutine gives, whatever rows
// follow its head (rows of the common path, problems, blanks, quotes …).
func FuzzPunchCSVParts(f *testing.F) {
	f.Add("客服部,马浩,100001,2026/11/02 08:51:25,2\n", "客服部,李四,100002,2026/11/03 18:00,1\n", 40)
	f.Add("客服部,马浩,100001,2026/11/31 08:51:25,2\n", ",,,,\n合计,,\n", 3)
	f.Add("客服部,\"马\n浩\",100001,2026/11/02 08:51:25,2\n", "客服部,马浩,,2026/12/02 08:51,2\r\n", 7)
	f.Add(" ,马浩 ,１００００１,2026-11-02 08:51,2\n", "客服部,,,2026/11/02 08:51:25,2\n\n", 20)
	f.Fuzz(func(t *testing.T, a, b string, reps int) {
		if reps < 1 || reps > 60 || len(a)+len(b) > 2000 {
			return
		}
		var sb strings.Builder
		sb.WriteString("部门,姓名,登记号码,日期时间,机器号\n")
		for i := range csvHeadLines {
			fmt.Fprintf(&sb, "客服部,马浩,%d,2026/11/%02d 08:%02d:25,2\n", 100001+i%3, 1+i%28, i%60)
		}
		for i := range reps {
			sb.WriteString(a)
			if i%3 == 0 {
				sb.WriteString(b)
			}
		}
		data := []byte(sb.String())
		read := func(parts bool) ([]calc.Problem, calc.Month, int) {
			defer func(m int, h func(int, int)) { csvHalvesMin, csvTailSeen = m, h }(csvHalvesMin, csvTailSeen)
			csvHalvesMin = 1 << 62
			tails := 0
			if parts {
				csvHalvesMin = 0
				csvTailSeen = func(rows, _ int) { tails += rows }
			}
			ld := newLoader(testRules(), 2026, time.November, LoadOptions{})
			ld.readCSV("考勤记录.csv", data)
			ld.checkCopies()
			ld.finish()
			return ld.problems, ld.m, tails
		}
		p1, m1, _ := read(false)
		p2, m2, _ := read(true)
		if !reflect.DeepEqual(p1, p2) {
			t.Fatalf("problems differ:\n%v\n%v", p1, p2)
		}
		if !reflect.DeepEqual(m1, m2) {
			t.Fatal("the months differ")
		}
	})
}
