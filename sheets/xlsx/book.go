package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Sheet is a sheet of a workbook: its name, visibility and part (the
// path of its part in the package; "" when the relationship is missing).
type Sheet struct {
	Name   string
	Hidden bool
	Part   string
}

// pkgRels are the relationships of a package part.
type pkgRels struct {
	Rel []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// relTarget resolves a relationship's target against the folder of the
// part that holds it ("/xl/x.xml" is absolute; backslashes are slashes).
func relTarget(dir, target string) string {
	t := strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(t, "/") {
		return strings.TrimLeft(t, "/")
	}
	return path.Join(dir, t)
}

// workbookInfo reads the sheet list, the date system and the shared strings
// part from the workbook part and its relationships. Transitional and
// Strict Open XML are both read: elements and attributes are matched by
// their local names, relationship types by their last segment.
func workbookInfo(zr *zip.Reader) (sheets []Sheet, date1904 bool, sstPart string, err error) {
	wbPath := "xl/workbook.xml"
	var rels pkgRels
	if readZipXML(zr, "_rels/.rels", &rels) == nil {
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = relTarget("", r.Target)
			}
		}
	}
	var wb struct {
		Pr *struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"id,attr"` // r:id in either namespace
		} `xml:"sheets>sheet"`
	}
	if err := readZipXML(zr, wbPath, &wb); err != nil {
		return nil, false, "", err
	}
	if wb.Pr != nil {
		date1904 = wb.Pr.Date1904 == "1" || strings.EqualFold(wb.Pr.Date1904, "true")
	}
	dir := path.Dir(wbPath)
	rels.Rel = nil
	_ = readZipXML(zr, path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &rels)
	targets := map[string]string{}
	sstPart = path.Join(dir, "sharedStrings.xml")
	for _, r := range rels.Rel {
		t := relTarget(dir, r.Target)
		targets[r.ID] = t
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			sstPart = t
		}
	}
	for _, s := range wb.Sheets {
		sheets = append(sheets, Sheet{Name: s.Name, Hidden: s.State == "hidden" || s.State == "veryHidden", Part: targets[s.RID]})
	}
	return sheets, date1904, sstPart, nil
}

// partName normalises a zip entry name or part path for comparison:
// backslashes (written by some generators) are slashes, no leading slash.
func partName(s string) string {
	return strings.TrimLeft(strings.ReplaceAll(s, `\`, "/"), "/")
}

// zipFile finds a part of the package (case-insensitive, as Excel does).
func zipFile(zr *zip.Reader, name string) *zip.File {
	name = partName(name)
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	for _, f := range zr.File {
		if strings.EqualFold(partName(f.Name), name) {
			return f
		}
	}
	return nil
}

// PartTooBigError is the error of a part that inflates beyond its cap.
type PartTooBigError struct {
	Part  string // the part's name in the package
	Limit int64  // its cap in bytes
}

func (e *PartTooBigError) Error() string {
	return fmt.Sprintf("工作簿的 %s 部分解压后过大（上限 %s），可能已损坏或是恶意构造的文件，未读取", e.Part, sizeText(uint64(e.Limit)))
}

// capReader fails with PartTooBigError once more than left bytes come through:
// the cap is checked on the inflated bytes as they stream, whatever size
// the zip directory declares and wherever the part sits.
type capReader struct {
	r     io.Reader
	left  int64
	err   *PartTooBigError
	limit int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.err
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n - 1, c.err
	}
	return n, err
}

// readCloser joins a reader and the closer of what it reads.
type readCloser struct {
	io.Reader
	io.Closer
}

// openPart opens a part for reading with a cap on its inflated size. A
// UTF-16 part (Excel Mobile writes them) is read as UTF-8.
func openPart(zr *zip.Reader, name string, limit int64) (io.ReadCloser, error) {
	zf := zipFile(zr, name)
	if zf == nil {
		return nil, &MissingPartError{Name: name}
	}
	if zf.UncompressedSize64 > uint64(limit) {
		return nil, &PartTooBigError{Part: zf.Name, Limit: limit} // refused before inflating
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(&capReader{r: rc, left: limit, limit: limit, err: &PartTooBigError{Part: zf.Name, Limit: limit}},
		bufSize(zf.UncompressedSize64, 64<<10))
	return readCloser{utf16Reader(br), rc}, nil
}

// bufSize is the size of a buffer for reading a part of the given
// (declared) inflated size: the part and a byte more, from 4 KB up to hi.
// A month's small files are read with small buffers (allocating and
// clearing the largest for every part cost more than reading them); the
// declared size is only a hint, never trusted for correctness.
func bufSize(size uint64, hi int) int {
	if size >= uint64(hi) {
		return hi
	}
	return min(hi, max(int(size)+1, 4<<10))
}

// partSize is the declared inflated size of a part, 0 when it is missing.
func partSize(zr *zip.Reader, name string) uint64 {
	if zf := zipFile(zr, name); zf != nil {
		return zf.UncompressedSize64
	}
	return 0
}

// MissingPartError is the error of a part the package does not hold.
type MissingPartError struct{ Name string }

func (e *MissingPartError) Error() string { return "找不到 " + e.Name }

// utf16Reader returns a reader of the UTF-8 text of an XML part: the part
// itself, or its UTF-16 text (with or without a byte order mark) decoded.
func utf16Reader(br *bufio.Reader) io.Reader {
	b, _ := br.Peek(4)
	var dec *encoding.Decoder
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		dec = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
	case len(b) >= 2 && b[0] == '<' && b[1] == 0:
		dec = xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewDecoder()
	case len(b) >= 2 && b[0] == 0 && b[1] == '<':
		dec = xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewDecoder()
	default:
		return br
	}
	return transform.NewReader(br, dec)
}

// sstTable is the shared strings table, held as one text and the end of
// each string in it (a table of millions of empty strings costs 4 bytes
// each, not a string header of 16).
type sstTable struct {
	text string
	ends []uint32
}

// len is the number of strings.
func (t *sstTable) len() int {
	if t == nil {
		return 0
	}
	return len(t.ends)
}

// at returns string i (0 ≤ i < len).
func (t *sstTable) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.text[start:t.ends[i]]
}

// readSST reads the shared strings table. found is false when the package
// has no such part (then every shared-string cell is an error, D21).
func readSST(zr *zip.Reader, part string) (tab *sstTable, found bool, err error) {
	rc, err := openPart(zr, part, UnzipXMLSizeLimit)
	var mp *MissingPartError
	if errors.As(err, &mp) {
		return &sstTable{}, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	defer rc.Close()
	var text strings.Builder
	var ends []uint32
	x := newXMLScan(rc, partSize(zr, part))
	var cur strings.Builder
	inT, phonetic := false, 0
	for {
		x.skipText = !inT || phonetic != 0
		err := x.next()
		if inT && phonetic == 0 {
			cur.WriteString(xmlText(x.text))
		}
		if err == io.EOF {
			return &sstTable{text.String(), ends}, true, nil
		}
		if err != nil {
			return nil, true, err
		}
		name, closing, empty := tagName(x.tag)
		switch string(name) {
		case "si":
			if closing || empty {
				text.WriteString(bstrDecode(cur.String()))
				ends = append(ends, uint32(text.Len()))
			}
			cur.Reset()
		case "t":
			inT = !closing && !empty
		case "rPh":
			phonetic = rubyDepth(phonetic, empty, closing)
		case "sst":
			if n, ok := tagAttr(x.tag, "uniqueCount"); ok && !closing && ends == nil {
				if c, err := strconv.Atoi(string(n)); err == nil && c > 0 && c < 1<<20 {
					ends = make([]uint32, 0, c)
				}
			}
		}
	}
}

// readZipXML decodes an XML part (held in memory: capped at
// UnzipXMLSizeLimit as it inflates). UTF-16 parts are decoded by openPart,
// so their declared encoding is accepted as is.
func readZipXML(zr *zip.Reader, name string, v any) error {
	rc, err := openPart(zr, name, UnzipXMLSizeLimit)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-16", "utf-16le", "utf-16be", "unicode", "utf8", "ascii", "us-ascii":
			return input, nil
		}
		return nil, fmt.Errorf("不支持的字符编码 %s", label)
	}
	return d.Decode(v)
}
