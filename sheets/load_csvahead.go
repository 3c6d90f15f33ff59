package sheets

import (
	"bytes"
	"path/filepath"
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
	fileAhead
	done chan struct{} // closed when the fields below are set

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
	id, name    int // punch columns (punchCols), -1 when absent; id is also the 工号 of the sheet's rows (rowSeen)
	enrol, user int
	stamp       int
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
		withID: rowKinds[kind] || kind == Roster}
}

// startCSVAhead reads dir/name ahead in a goroutine; nil when the file is
// not a CSV loadFile reads as one, or too small to be read in parts.
func startCSVAhead(dir, name string, size int64, r *calc.Rules, year int, month time.Month) *csvAhead {
	if strings.ToLower(filepath.Ext(name)) != ".csv" || size < int64(csvHalvesMin) || size > maxFileSize || isAttlog(name) ||
		strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") || systemTarget(filepath.Join(dir, name)) != "" {
		return nil
	}
	a := &csvAhead{fileAhead: newFileAhead(name), done: make(chan struct{})}
	go a.read(filepath.Join(dir, name), r, year, month)
	return a
}

// read is the goroutine of startCSVAhead.
func (a *csvAhead) read(path string, r *calc.Rules, year int, month time.Month) {
	defer close(a.done)
	defer func() {
		if p := recover(); p != nil {
			haltAll(a.parts)
			a.decoded, a.texts, a.parts = false, nil, nil
		}
	}()
	data, err := a.readFile(path)
	if err != nil || len(data) > maxFileSize || len(data) == 0 || bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, oleMagic) {
		return // loadFile does not decode it as a CSV
	}
	texts, enc, bad := decodeCSVParts(data, csvCuts(data), func(text string) bool { return csvRecognisedBy(text, r) })
	a.texts, a.enc, a.bad, a.decoded = texts, enc, bad, true
	if enc == "" || len(texts) < 2 {
		return
	}
	// the header as readSheet finds it: the first rows of the head
	head, comma := csvHead(texts[0])
	for i, rec := range head {
		head[i] = rec[:min(len(rec), maxHeaderCols)]
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

// decoded returns the texts decoded ahead when data is the very bytes
// they were decoded from (waiting for them), with the parts started.
func (a *csvAhead) decodedFor(name string, data []byte) (texts []string, enc string, bad int, parts []*csvPart, key csvPartKey, ok bool) {
	if a == nil || !a.handOver(name, data) {
		return nil, "", 0, nil, key, false
	}
	<-a.done
	if !a.decoded {
		return nil, "", 0, nil, key, false
	}
	texts, enc, bad, parts, key = a.texts, a.enc, a.bad, a.parts, a.key
	a.texts, a.parts = nil, nil // the loader's now (it halts the parts)
	return texts, enc, bad, parts, key, true
}

// ahead is a's file read ahead, nil for none.
func (a *csvAhead) ahead() *fileAhead {
	if a == nil {
		return nil
	}
	return &a.fileAhead
}

// finish waits for the goroutine and stops what it started that the
// loader did not take (loadFiles' end).
func (a *csvAhead) finish() {
	<-a.done
	haltAll(a.parts)
	a.data, a.texts, a.parts = nil, nil, nil
}
