package sheets

import (
	"archive/zip"
	"io"
	"sync"

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
