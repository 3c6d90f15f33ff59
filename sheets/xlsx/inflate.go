package xlsx

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"io"

	kflate "github.com/klauspost/compress/flate"
)

// useFastInflate makes zr inflate its deflated parts with klauspost's
// decompressor, about a third faster than compress/flate's on worksheet
// XML (the attendance sheet's inflating is on the reading's critical
// path). Its errors are given the types of compress/flate, so that a
// damaged part is reported as before.
func useFastInflate(zr *zip.Reader) {
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser {
		return &inflater{kflate.NewReader(r)}
	})
}

type inflater struct{ rc io.ReadCloser }

func (f *inflater) Read(p []byte) (int, error) {
	n, err := f.rc.Read(p)
	return n, stdFlateError(err)
}

func (f *inflater) Close() error { return stdFlateError(f.rc.Close()) }

// stdFlateError turns klauspost's corrupt-input error into compress/flate's
// (same offset, same text).
func stdFlateError(err error) error {
	var ce kflate.CorruptInputError
	if err != nil && errors.As(err, &ce) {
		return flate.CorruptInputError(ce)
	}
	return err
}
