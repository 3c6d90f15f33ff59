package sheets

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"appraise/sheets/xlsx"
)

// Reading the merged ranges of the folder's largest workbook ahead. A
// sheet's merged ranges follow its data in the part, and its header needs
// them first, so the loader reads them by a pass of their own over the
// part before taking its rows; on a large attendance sheet that pass
// (inflating the whole part) held up the loader each time. loadFiles
// starts it for the largest .xlsx/.xlsm file as reading begins, while the
// loader is busy with the small files (and often waits for the second
// reader). The file is read once: the loader takes the bytes the pass
// read (readInput), and the ranges are used only for those very bytes
// (mergesFor); the loader computes them itself otherwise (or when the pass
// panicked).

// prefetchMinSize is the smallest file whose merged ranges are read ahead
// (a variable for the tests).
var prefetchMinSize int64 = 1 << 20

// fileAhead is a file's bytes read on a goroutine as reading begins (the
// merged ranges' pass, the CSV read ahead): the loader takes them instead
// of reading the file again (readInput).
type fileAhead struct {
	name     string
	readDone chan struct{} // closed when data and readErr are set
	data     []byte        // the file's bytes, until the loader has used them
	readErr  error
}

func newFileAhead(name string) fileAhead {
	return fileAhead{name: name, readDone: make(chan struct{})}
}

// readFile reads the file at path (on the goroutine reading ahead).
func (f *fileAhead) readFile(path string) ([]byte, error) {
	f.data, f.readErr = os.ReadFile(path)
	close(f.readDone)
	return f.data, f.readErr
}

// bytes returns the file's bytes for loadFile when it is the file
// name, waiting for them.
func (f *fileAhead) bytes(name string) ([]byte, error, bool) {
	if f == nil || f.name != name {
		return nil, nil, false
	}
	<-f.readDone
	return f.data, f.readErr, true
}

// handOver reports whether data are the very bytes read ahead for file
// name (waiting for them; not, e.g., a decrypted package), and drops
// them then: the loader holds them while it needs them.
func (f *fileAhead) handOver(name string, data []byte) bool {
	if f.name != name || len(data) == 0 {
		return false
	}
	<-f.readDone
	if len(f.data) != len(data) || &f.data[0] != &data[0] {
		return false
	}
	f.data = nil
	return true
}

// mergePrefetch is the merged ranges of one file's sheets, read ahead.
type mergePrefetch struct {
	fileAhead
	done  chan struct{} // closed when parts is set
	parts map[string]mergeResult
}

// ahead is p's file read ahead, nil for none.
func (p *mergePrefetch) ahead() *fileAhead {
	if p == nil {
		return nil
	}
	return &p.fileAhead
}

// mergeResult is the outcome of xlsx.MergeRanges for a part.
type mergeResult struct {
	ranges []xlsx.Range
	err    error
}

// startMergePrefetch reads the merged ranges of the sheets of dir/name that
// readPackage will need, in a goroutine; nil when the file is not a
// workbook worth it.
func startMergePrefetch(dir, name string, size int64) *mergePrefetch {
	ext := strings.ToLower(filepath.Ext(name))
	if (ext != ".xlsx" && ext != ".xlsm") || size < prefetchMinSize || size > maxFileSize ||
		strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") || systemTarget(filepath.Join(dir, name)) != "" {
		return nil // files loadFile does not read as a workbook
	}
	p := &mergePrefetch{fileAhead: newFileAhead(name), done: make(chan struct{})}
	go p.read(filepath.Join(dir, name))
	return p
}

// read is the goroutine of startMergePrefetch: parts stays nil when the
// file cannot be read this way (the loader then does as without it).
func (p *mergePrefetch) read(path string) {
	defer close(p.done)
	defer func() {
		if r := recover(); r != nil {
			p.parts = nil
		}
	}()
	data, err := p.readFile(path)
	if err != nil || len(data) > maxFileSize || !bytes.HasPrefix(data, zipMagic) {
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || xlsx.IsOpenDocument(zr) || xlsx.CheckPackage(zr) != nil {
		return
	}
	book, err := xlsx.Open(zr)
	if err != nil {
		return
	}
	parts := map[string]mergeResult{}
	for _, sh := range book.Sheets() {
		if sh.Part == "" || strings.Contains(sh.Part, "chartsheets/") || sh.Hidden || isInstructions(sh.Name) {
			continue // sheets readPackage skips
		}
		if _, ok := parts[sh.Part]; ok {
			continue
		}
		m, err := book.MergeRanges(sh.Part)
		parts[sh.Part] = mergeResult{m, err}
	}
	p.parts = parts
}

// readInput reads dir/name for loadFile: the bytes read ahead when name is
// the file being read ahead, else from the file.
func (ld *loader) readInput(path, name string) ([]byte, error) {
	for _, f := range []*fileAhead{ld.prefetch.ahead(), ld.csvAhead.ahead()} {
		if data, err, ok := f.bytes(name); ok {
			return data, err
		}
	}
	return os.ReadFile(path)
}

// mergesFor returns the merged ranges read ahead for file name when data
// is the very bytes they were read from (waiting for them), or nil.
func (ld *loader) mergesFor(name string, data []byte) map[string]mergeResult {
	p := ld.prefetch
	if p == nil || !p.handOver(name, data) {
		return nil
	}
	<-p.done
	if p.parts == nil {
		return nil
	}
	ld.prefetched++
	return p.parts
}
