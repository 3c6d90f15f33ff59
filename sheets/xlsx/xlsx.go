// Package xlsx is the workbook engine of appraise: a streaming reader of
// .xlsx packages (the workbook's sheet list, the shared strings, the rows of
// a worksheet part by a byte scanner, its merged ranges) with guards against
// damaged or hostile packages (a cap on the inflated size of the package and
// of each part, bounded texts, tags and rows).
//
// Values come out raw, as excelize's Rows.Columns returns them with
// RawCellValue. Problems inside a sheet's data are Issues (a cell or row and
// Chinese text); errors of the package are PartTooBigError,
// MissingPartError, ErrTooLong or the zip/deflate errors. Turning them into
// user problems with a file and sheet is the caller's work (package sheets).
package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Size limits: the whole unzipped package and a streamed worksheet part
// (UnzipSizeLimit), and a part held in memory such as the shared strings
// (UnzipXMLSizeLimit).
const (
	UnzipSizeLimit    = 1 << 30
	UnzipXMLSizeLimit = 64 << 20
)

// Book is an opened workbook package.
type Book struct {
	zr       *zip.Reader
	sheets   []Sheet
	date1904 bool
	sstPart  string
	sst      *sstTable
	sstFound bool // the package has a shared strings part
	sstRead  bool
	sstErr   error
}

// Open reads the sheet list, the date system and where the shared strings
// are from the workbook part and its relationships. The reader inflates
// with a faster decompressor from then on (useFastInflate).
func Open(zr *zip.Reader) (*Book, error) {
	useFastInflate(zr)
	sheets, date1904, sstPart, err := workbookInfo(zr)
	if err != nil {
		return nil, err
	}
	return &Book{zr: zr, sheets: sheets, date1904: date1904, sstPart: sstPart}, nil
}

// Sheets returns the sheets of the workbook in their order.
func (b *Book) Sheets() []Sheet { return b.sheets }

// Date1904 reports whether the workbook uses the 1904 date system.
func (b *Book) Date1904() bool { return b.date1904 }

// ReadStrings reads the shared strings table (once; later calls return the
// first outcome). A package without the part is no error: its shared-string
// cells are then Issues.
func (b *Book) ReadStrings() error {
	if !b.sstRead {
		b.sstRead = true
		b.sst, b.sstFound, b.sstErr = readSST(b.zr, b.sstPart)
	}
	return b.sstErr
}

// Rows opens the rows of a worksheet part (Sheet.Part), reading the shared
// strings first if they were not yet.
func (b *Book) Rows(part string) (*Rows, error) {
	if err := b.ReadStrings(); err != nil {
		return nil, err
	}
	return openRows(b.zr, part, b.sst, b.sstFound, b.date1904, map[string]bool{})
}

// MergeRanges returns the merged ranges of a worksheet part.
func (b *Book) MergeRanges(part string) ([]Range, error) { return MergeRanges(b.zr, part) }

// PackageTooBigError is the error of a package whose parts declare more
// than UnzipSizeLimit inflated bytes in all.
type PackageTooBigError struct{ Size uint64 }

func (e *PackageTooBigError) Error() string {
	return fmt.Sprintf("工作簿解压后过大（%s，上限 %s），可能已损坏或是恶意构造的文件，未读取", sizeText(e.Size), sizeText(UnzipSizeLimit))
}

// CheckPackage refuses a zip bomb before anything is inflated, from the
// declared sizes (archive/zip rejects a part that inflates beyond its
// declared size): the whole package may unzip to UnzipSizeLimit. Each part
// has its own cap by what is done with it, wherever it sits in the package
// (UnzipXMLSizeLimit for a part held in memory, such as the shared strings;
// UnzipSizeLimit for a streamed worksheet), checked as it inflates.
func CheckPackage(zr *zip.Reader) error {
	var total uint64
	for _, f := range zr.File {
		total += min(f.UncompressedSize64, UnzipSizeLimit+1) // no wrap-around
	}
	if total > UnzipSizeLimit {
		return &PackageTooBigError{total}
	}
	return nil
}

func sizeText(n uint64) string {
	switch {
	case n >= 1<<30:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<30)), ".0") + " GB"
	default:
		return fmt.Sprintf("%d MB", n>>20)
	}
}

// IsOpenDocument reports an OpenDocument package (an .ods renamed .xlsx):
// its first entry is "mimetype" naming an OpenDocument type.
func IsOpenDocument(zr *zip.Reader) bool {
	zf := zipFile(zr, "mimetype")
	if zf == nil || zf.UncompressedSize64 > 256 {
		return false
	}
	rc, err := zf.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 256))
	return bytes.HasPrefix(b, []byte("application/vnd.oasis.opendocument"))
}
