package sheets

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"appraise/calc"
)

// Reading the folder's largest file ahead when it is a CSV (a clock
// machine's punch log). The loader reaches it only after the files sorted
// before it, and there it often waits for the second reader (load_files.go)
// with a core idle. So loadFiles starts a goroutine that reads the file,
// decodes it in its parts (csvCuts, decodeCSVParts) and, when the head's
// header shows a punch log, starts the parts' readers (csvPart.read) at
// once. The loader takes the bytes read (readInput), the decoded texts
// only for those very bytes (csvDecoded), and the parts' readers only
// when the header it finds itself gives them exactly the parameters they
// were started with (csvTail.start); otherwise they are stopped and the
// loader reads as without them. A part's reading depends on nothing else
// (its text, the delimiter, the columns, the month), so the results are
// those of reading the file when it is reached (TestLoadFilesAtOnce).

// csvAheadKey, when set (by tests), may change the key parts are started
// with ahead (a guess the loader's header does not confirm).
var csvAheadKey func(k *csvPartKey)

// csvAhead is the largest file, a CSV, read ahead.
type csvAhead struct {
	name     string
	readDone chan struct{} // closed when data and readErr are set
	data     []byte        // the file's bytes, until the loader has used them
	readErr  error
	done     chan struct{} // closed when the fields below are set

	decoded bool // texts, enc and bad are decodeCSVParts' (not after a panic)
	texts   []string
	enc     string
	bad     int
	key     csvPartKey // what parts were started with
	parts   []*csvPart // started; nil when none
}

// csvPartKey is everything a part's reader depends on besides its text.
type csvPartKey struct {
	comma       rune
	year        int
	month       time.Month
	id, name    int // punch columns (punchCols), -1 when absent
	enrol, user int
	stamp       int
	idCol       int // 工号 of the sheet's rows (rowSeen), -1 when absent
	withID      bool
}

// csvPartKeyOf is the key of the parts of a sheet with header h, of rows
// of kind, read for year and month.
func csvPartKeyOf(h *header, kind Kind, comma rune, year int, month time.Month) csvPartKey {
	col := func(name string) int {
		if i, ok := h.cols[name]; ok {
			return i
		}
		return -1
	}
	return csvPartKey{comma: comma, year: year, month: month,
		id: col("工号"), name: col("姓名"), enrol: col("登记号码"), user: col("UserId"), stamp: col("打卡时间"),
		idCol: col("工号"), withID: rowKinds[kind] || kind == Roster}
}

// startCSVAhead reads dir/name ahead in a goroutine; nil when the file is
// not a CSV loadFile reads as one, or too small to be read in parts.
func startCSVAhead(dir, name string, size int64, r *calc.Rules, year int, month time.Month) *csvAhead {
	if strings.ToLower(filepath.Ext(name)) != ".csv" || size < int64(csvHalvesMin) || size > maxFileSize || isAttlog(name) ||
		strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") || systemTarget(filepath.Join(dir, name)) != "" {
		return nil
	}
	a := &csvAhead{name: name, readDone: make(chan struct{}), done: make(chan struct{})}
	go a.read(filepath.Join(dir, name), r, year, month)
	return a
}

// read is the goroutine of startCSVAhead.
func (a *csvAhead) read(path string, r *calc.Rules, year int, month time.Month) {
	defer close(a.done)
	defer func() {
		if p := recover(); p != nil {
			a.halt()
			a.decoded, a.texts, a.parts = false, nil, nil
		}
	}()
	data, err := os.ReadFile(path)
	a.data, a.readErr = data, err
	close(a.readDone)
	if err != nil || len(data) > maxFileSize || len(data) == 0 || hasPrefix(data, zipMagic) || hasPrefix(data, oleMagic) {
		return // loadFile does not decode it as a CSV
	}
	texts, enc, bad := decodeCSVParts(data, csvCuts(data), func(text string) bool { return csvRecognisedBy(text, r) })
	a.texts, a.enc, a.bad, a.decoded = texts, enc, bad, true
	if enc == "" || len(texts) < 2 {
		return
	}
	// the header as readSheet finds it: the first rows of the head
	comma := csvDelimiter(texts[0])
	sp := newCSVSplit(texts[0], comma)
	var head [][]string
	for len(head) < headerBufRows {
		rec, ok := sp.next()
		if !ok {
			break
		}
		head = append(head, slices.Clone(rec[:min(len(rec), maxHeaderCols)]))
	}
	h, _ := detectHeader(head, r)
	if h == nil || h.kind != Punches || len(h.missing) > 0 {
		return
	}
	a.key = csvPartKeyOf(h, h.kind, comma, year, month)
	if csvAheadKey != nil {
		csvAheadKey(&a.key)
	}
	for _, t := range texts[1:] {
		p := &csvPart{text: t, comma: comma}
		p.launch(a.key)
		a.parts = append(a.parts, p)
	}
}

func hasPrefix(b, prefix []byte) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == string(prefix)
}

// decoded returns the texts decoded ahead when data is the very bytes
// they were decoded from (waiting for them), with the parts started.
func (a *csvAhead) decodedFor(name string, data []byte) (texts []string, enc string, bad int, parts []*csvPart, key csvPartKey, ok bool) {
	if a == nil || a.name != name || len(data) == 0 {
		return nil, "", 0, nil, key, false
	}
	<-a.readDone
	if len(a.data) != len(data) || &a.data[0] != &data[0] {
		return nil, "", 0, nil, key, false
	}
	<-a.done
	a.data = nil // the loader holds them while it needs them
	if !a.decoded {
		return nil, "", 0, nil, key, false
	}
	texts, enc, bad, parts, key = a.texts, a.enc, a.bad, a.parts, a.key
	a.texts, a.parts = nil, nil // the loader's now (it halts the parts)
	return texts, enc, bad, parts, key, true
}

// halt stops the parts' readers that no loader took, and waits for them.
func (a *csvAhead) halt() {
	for _, p := range a.parts {
		p.halt()
	}
}

// finish waits for the goroutine and stops what it started that the
// loader did not take (loadFiles' end).
func (a *csvAhead) finish() {
	<-a.done
	a.halt()
	a.data, a.texts, a.parts = nil, nil, nil
}
