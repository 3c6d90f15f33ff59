package sheets

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// fastZip is the zip writer of the workbooks the tests make with excelize
// (writeBook): deflate at its fastest level, the writers pooled as
// archive/zip pools its own. The parts are still Huffman-coded deflate
// streams, as in a real workbook; at the default level compressing them
// took a tenth of the package's test time.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw, ok := fastFlatePool.Get().(*flate.Writer); ok {
			fw.Reset(out)
			return &pooledFlate{fw}, nil
		}
		fw, err := flate.NewWriter(out, flate.BestSpeed)
		return &pooledFlate{fw}, err
	})
	return zw
}

var fastFlatePool sync.Pool

// pooledFlate returns its flate.Writer to fastFlatePool when closed.
type pooledFlate struct{ fw *flate.Writer }

func (w *pooledFlate) Write(p []byte) (int, error) { return w.fw.Write(p) }

func (w *pooledFlate) Close() error {
	err := w.fw.Close()
	fastFlatePool.Put(w.fw)
	w.fw = nil
	return err
}

// onceFixture is the month folder writeFixture(t, outFixture(), outRun())
// makes, written once for the tests that only read it (removed by
// TestMain): the same inputs always give the same files (TestWriteDeterministic).
var onceFixture = sync.OnceValues(func() (fixture, error) {
	root, err := os.MkdirTemp("", "appraise-sheets-fixture-")
	onceFixtureRoot = root
	if err != nil {
		return fixture{}, err
	}
	dir := filepath.Join(root, "2026-11")
	w, err := WriteSet(dir, outFixture(), outRun())
	if err != nil {
		return fixture{}, err
	}
	return fixture{dir, w.Files}, nil
})

type fixture struct {
	dir   string
	files []string
}

// onceFixtureRoot is onceFixture's temporary folder once made.
var onceFixtureRoot string

// sharedFixture returns onceFixture's folder and files. The caller must
// not change them.
func sharedFixture(t *testing.T) (string, []string) {
	t.Helper()
	f, err := onceFixture()
	if err != nil {
		t.Fatalf("WriteSet: %v", err)
	}
	return f.dir, f.files
}
