package sheets

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	kflate "github.com/klauspost/compress/flate"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// sortedZip is an excelize ZipWriter that writes the package parts in a
// fixed order ([Content_Types].xml first, then by name) with no time
// stamps, so that the same workbook always gives the same bytes (excelize
// writes streamed sheets in map order).
type sortedZip struct {
	w io.Writer
	// out, when set, takes the zip instead of w (the buffer excelize
	// gives, which it copies to the file only when the zip is whole).
	out   io.Writer
	names []string
	parts map[string]*bytes.Buffer
	// barColors colours the bars of the first series of a chart part,
	// one colour per point (excelize colours points of pie charts only).
	barColors map[string][]string
	// rows are the <row> elements of streamed sheets, by part name, that
	// go at the end of the part's <sheetData> (see rowXML).
	rows map[string]rowSource
	// extent is the last column and row of the cells in rows.
	extent map[string][2]int
	// cols are the <cols> elements of streamed sheets, by part name, that
	// go before the part's <sheetData> (see setCols).
	cols map[string][]byte
	// merges are the <mergeCell> elements of streamed sheets, by part
	// name, and their count (see setMerges).
	merges map[string]mergeList
}

// mergeList is the <mergeCell> elements of a sheet and their count.
type mergeList struct {
	n   int
	xml []byte
}

// setMerges gives the n <mergeCell> elements (xml) of a streamed sheet's
// part, whose stream writer merged the first of them only: they replace
// its <mergeCells>, as StreamWriter.MergeCell called for each would write
// them, without its cost per call (it parses both cell names).
func (z *sortedZip) setMerges(part string, n int, xml []byte) {
	if z.merges == nil {
		z.merges = map[string]mergeList{}
	}
	z.merges[part] = mergeList{n: n, xml: xml}
}

// setCols gives the widths of the first columns of a streamed sheet's
// part, written as StreamWriter.SetColWidth(i+1, i+1, widths[i]) called
// for each column in order would write them (excelize puts each new
// column first: the last column comes first), without its cost per call
// (it copies every column set so far, through reflection).
func (z *sortedZip) setCols(part string, widths []float64) error {
	if len(widths) == 0 {
		return nil
	}
	if len(widths) > excelize.MaxColumns {
		return excelize.ErrColumnNumber
	}
	b := make([]byte, 0, 16+48*len(widths))
	b = append(b, "<cols>"...)
	for i := len(widths) - 1; i >= 0; i-- {
		if widths[i] > excelize.MaxColumnWidth {
			return excelize.ErrColumnWidth
		}
		b = append(b, `<col min="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" max="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" width="`...)
		b = strconv.AppendFloat(b, widths[i], 'f', -1, 64)
		b = append(b, `" customWidth="1"/>`...)
	}
	b = append(b, "</cols>"...)
	if z.cols == nil {
		z.cols = map[string][]byte{}
	}
	z.cols[part] = b
	return nil
}

// rowSource is the <row> elements of a streamed sheet: the XML itself,
// or a function that writes it, the same bytes each time it is called,
// while the part is deflated (a big sheet is then never held whole).
type rowSource struct {
	chunks [][]byte
	gen    func(io.Writer) error
}

// setRows gives the rows of a streamed sheet's part.
func (z *sortedZip) setRows(part string, rows [][]byte, maxCol, maxRow int) {
	z.setRowSource(part, rowSource{chunks: rows}, maxCol, maxRow)
}

// setRowsFunc gives the function that writes the rows of a streamed
// sheet's part, called when the part is deflated. The sheet's dimension
// is its writer's to set (SetSheetDimension): the rows are not there to
// find it from when the part is closed.
func (z *sortedZip) setRowsFunc(part string, gen func(io.Writer) error) {
	z.setRowSource(part, rowSource{gen: gen}, 0, 0)
}

func (z *sortedZip) setRowSource(part string, src rowSource, maxCol, maxRow int) {
	if z.rows == nil {
		z.rows = map[string]rowSource{}
		z.extent = map[string][2]int{}
	}
	z.rows[part] = src
	z.extent[part] = [2]int{maxCol, maxRow}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if z.parts == nil {
		z.parts = map[string]*bytes.Buffer{}
	}
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("内部错误：工作簿部件 %s 重复", name)
	}
	buf := new(bytes.Buffer)
	z.parts[name] = buf
	z.names = append(z.names, name)
	return buf, nil
}

func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("内部错误：不支持向工作簿添加文件系统")
}

func (z *sortedZip) Close() error {
	sort.Slice(z.names, func(i, j int) bool {
		a, b := z.names[i], z.names[j]
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	if ct, ok := z.parts["[Content_Types].xml"]; ok {
		sorted := sortDefaults(ct.Bytes())
		ct.Reset()
		ct.Write(sorted)
	}
	for _, name := range z.names {
		if strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml") {
			fixFilter(z.parts[name])
			fixDimension(z.parts[name], z.extent[name])
		}
	}
	for name, colors := range z.barColors {
		if part, ok := z.parts[name]; ok {
			colorBars(part, colors)
		}
	}
	if st, ok := z.parts["xl/styles.xml"]; ok {
		fixFonts(st)
	}
	for name := range z.rows {
		if _, ok := z.parts[name]; !ok {
			return fmt.Errorf("内部错误：工作簿没有部件 %s", name)
		}
	}
	for name, cols := range z.cols {
		part, ok := z.parts[name]
		if !ok {
			return fmt.Errorf("内部错误：工作簿没有部件 %s", name)
		}
		const start = "<sheetData>"
		b := part.Bytes()
		i := bytes.Index(b, []byte(start))
		if i < 0 || bytes.Contains(b[:i], []byte("<cols>")) {
			return fmt.Errorf("内部错误：工作簿部件 %s 无法写入列宽", name)
		}
		splice(part, i, i, cols)
	}
	for name, m := range z.merges {
		part, ok := z.parts[name]
		if !ok {
			return fmt.Errorf("内部错误：工作簿没有部件 %s", name)
		}
		const one, end = `<mergeCells count="1">`, `</mergeCells>`
		b := part.Bytes()
		i := bytes.Index(b, []byte(one))
		j := bytes.Index(b, []byte(end))
		if i < 0 || j < i || bytes.Count(b[i:j], []byte("<mergeCell ")) != 1 {
			return fmt.Errorf("内部错误：工作簿部件 %s 无法写入合并单元格", name)
		}
		splice(part, i, j, []byte(`<mergeCells count="`+strconv.Itoa(m.n)+`">`), m.xml)
	}
	// Each part in its pieces: the rows of a streamed sheet go before
	// its </sheetData>.
	parts := make([]partData, len(z.names))
	for k, name := range z.names {
		part := z.parts[name].Bytes()
		if rows, ok := z.rows[name]; ok {
			const end = "</sheetData>"
			i := bytes.LastIndex(part, []byte(end))
			if i < 0 {
				return fmt.Errorf("内部错误：工作簿部件 %s 没有 %s", name, end)
			}
			if rows.gen != nil {
				parts[k] = partData{pieces: [][]byte{part[:i], part[i:]}, gen: rows.gen}
			} else {
				parts[k] = partData{pieces: append(append([][]byte{part[:i]}, rows.chunks...), part[i:])}
			}
		} else {
			parts[k] = partData{pieces: [][]byte{part}}
		}
	}
	z.parts, z.rows, z.cols, z.merges = nil, nil, nil, nil
	packed := deflateParts(z.names, parts)
	dst := z.w
	if z.out != nil {
		dst = z.out
	}
	zw := zip.NewWriter(dst)
	zw.RegisterCompressor(zip.Deflate, newDeflater)
	for k, name := range z.names {
		p := packed[k]
		<-p.done
		if p.err != nil {
			return p.err
		}
		if p.data == nil {
			// Compressed here, as zip.Writer always did.
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
			if err != nil {
				return err
			}
			if err := parts[k].writeTo(w); err != nil {
				return err
			}
			parts[k] = partData{}
			continue
		}
		// The header CreateHeader makes for an ASCII name: version 2.0,
		// no time stamp, sizes in a data descriptor after the data.
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, Flags: 0x8,
			CreatorVersion: 20, ReaderVersion: 20,
			CRC32: p.crc, CompressedSize64: uint64((&chunkWriter{p.data}).len()), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		for _, chunk := range p.data {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		packed[k] = nil
	}
	return zw.Close()
}

// partData is the bytes of a part: its pieces in order, or, when gen is
// set, the first piece, what gen writes, and the second piece.
type partData struct {
	pieces [][]byte
	gen    func(io.Writer) error
}

// writeTo writes the part's bytes to w.
func (d partData) writeTo(w io.Writer) error {
	for i, piece := range d.pieces {
		if i == 1 && d.gen != nil {
			if err := d.gen(w); err != nil {
				return err
			}
		}
		if _, err := w.Write(piece); err != nil {
			return err
		}
	}
	return nil
}

// size is the part's size when known ahead (-1 when gen writes part of it).
func (d partData) size() int {
	if d.gen != nil {
		return -1
	}
	n := 0
	for _, p := range d.pieces {
		n += len(p)
	}
	return n
}

// packedPart is a part deflated ahead, as zip.Writer would deflate it.
type packedPart struct {
	done chan struct{}
	data [][]byte // nil: not done ahead (zip.Writer compresses it)
	crc  uint32
	size uint64
	err  error
}

// flatePool keeps the deflate writers (about 1 MB each) from workbook
// to workbook: wholeFlate's compress whole parts at zipDeflateLevel,
// chunkFlate's the chunks of big parts at chunkDeflateLevel.
type flatePool struct {
	level int
	pool  sync.Pool
}

var (
	wholeFlate = &flatePool{level: zipDeflateLevel}
	chunkFlate = &flatePool{level: chunkDeflateLevel}
)

// splice puts ins in place of the part's bytes [i:j].
func splice(part *bytes.Buffer, i, j int, ins ...[]byte) {
	b := part.Bytes()
	n := len(b) - (j - i)
	for _, x := range ins {
		n += len(x)
	}
	out := append(make([]byte, 0, n), b[:i]...)
	for _, x := range ins {
		out = append(out, x...)
	}
	out = append(out, b[j:]...)
	part.Reset()
	part.Write(out)
}

// get is a deflate writer of the pool (or a new one) writing to w; put
// it back when done.
func (p *flatePool) get(w io.Writer) (*kflate.Writer, error) {
	if fw, ok := p.pool.Get().(*kflate.Writer); ok {
		fw.Reset(w)
		return fw, nil
	}
	return kflate.NewWriter(w, p.level)
}

func (p *flatePool) put(fw *kflate.Writer) { p.pool.Put(fw) }

// chunkWriter collects what is written in chunks of 64 KB, never copied
// to grow.
type chunkWriter struct{ chunks [][]byte }

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := len(c.chunks) - 1
		if k < 0 || len(c.chunks[k]) == cap(c.chunks[k]) {
			c.chunks = append(c.chunks, make([]byte, 0, 64<<10))
			k++
		}
		m := min(len(p), cap(c.chunks[k])-len(c.chunks[k]))
		c.chunks[k] = append(c.chunks[k], p[:m]...)
		p = p[m:]
	}
	return n, nil
}

func (c *chunkWriter) len() int {
	n := 0
	for _, b := range c.chunks {
		n += len(b)
	}
	return n
}

// zipDeflateLevel is the deflate level of every part we write: 5, as
// archive/zip's default, but with klauspost/compress's compressor, which
// at this level takes about 40 % of compress/flate's time for parts about
// 7 % larger (a month's notices: 7.8 MB of XML in 45 ms → 815 KB, against
// 116 ms → 756 KB). Deflate is most of the writing's CPU time.
const zipDeflateLevel = 5

// chunkDeflateLevel is the deflate level of the chunks of big parts
// (over bigPartMin, which only months of thousands of people have): 3,
// which on the parts of a 10,000-person month takes about 60 % of level
// 5's time for a result about 17 % larger (153 MB of XML: 0.53 s →
// 18.4 MB, against 0.90 s → 15.8 MB at level 5, on one core). A whole
// run of that month (daily records) took 3.36 s instead of 3.60 s
// (medians of 5 interleaved runs on 2 cores) and wrote 19.5 MB of files
// instead of 17.4 MB, with the same bytes inside. Smaller months keep level 5 and their bytes.
const chunkDeflateLevel = 3

// newDeflater is the deflate compressor of every zip we write (the
// parts deflated ahead, and those left to zip.Writer).
func newDeflater(w io.Writer) (io.WriteCloser, error) {
	return kflate.NewWriter(w, zipDeflateLevel)
}

// deflateParts deflates the parts on all cores, each part on its own
// (deflate gives the same bytes for the same input and level, however
// the input is cut into writes, so the workbook's bytes do not change),
// in the order of names. Parts with a name zip.Writer would flag as
// UTF-8, or too large for a plain zip header, are left to zip.Writer.
func deflateParts(names []string, parts []partData) []*packedPart {
	out := make([]*packedPart, len(names))
	jobs := make(chan int, len(names))
	for k, name := range names {
		out[k] = &packedPart{done: make(chan struct{})}
		if !plainZipName(name) || parts[k].size() >= 1<<31 {
			close(out[k].done)
			continue
		}
		jobs <- k
	}
	close(jobs)
	workers := min(runtime.GOMAXPROCS(0), 4, len(jobs))
	for range workers {
		go func() {
			for k := range jobs {
				p := out[k]
				func() {
					defer close(p.done)
					defer func() {
						if r := recover(); r != nil {
							p.err = Recovered("压缩工作簿部件 "+names[k]+" 时发生内部错误", r)
						}
					}()
					p.err = deflatePart(p, parts[k])
					if p.data != nil {
						parts[k] = partData{}
					}
				}()
			}
		}()
	}
	return out
}

// deflatePart deflates one part into p. A part of more than bigPartMin
// bytes is deflated in chunks on all cores (see chunkDeflater; one that
// gen writes is held until it is seen to be big). A part of up to
// smallPartMax bytes comes from smallParts when the same bytes were
// deflated before.
func deflatePart(p *packedPart, part partData) error {
	size := part.size()
	if size > bigPartMin {
		return deflateChunked(p, part.writeTo)
	}
	if size >= 0 {
		return deflateWhole(p, part)
	}
	h := &holdWriter{limit: bigPartMin}
	defer h.release()
	if err := part.writeTo(h); err != nil {
		if h.big != nil {
			h.big.wait()
		}
		return err
	}
	if h.big == nil {
		return deflateWhole(p, partData{pieces: h.held})
	}
	return h.big.finish(p)
}

// bigPartMin is the size above which a part is deflated in chunks of
// deflateChunk bytes, each on its own core: the compressed bytes are not
// those of one deflate stream (a little larger), so smaller parts — all
// of an ordinary month — keep theirs. Tests change it.
var bigPartMin = 4 << 20

// deflateChunk is the size of the chunks of a big part; tests change it.
var deflateChunk = 1 << 20

// holdWriter holds what is written, in chunk buffers, while it is at
// most limit bytes; beyond, it deflates what it holds and all that
// follows in chunks (big).
type holdWriter struct {
	limit int
	n     int
	held  [][]byte
	big   *chunkDeflater
}

func (h *holdWriter) Write(p []byte) (int, error) {
	if h.big == nil {
		if h.n+len(p) <= h.limit {
			h.n += len(p)
			for rest := p; len(rest) > 0; {
				k := len(h.held) - 1
				if k < 0 || len(h.held[k]) == cap(h.held[k]) {
					h.held = append(h.held, getChunkBuf())
					k++
				}
				m := min(len(rest), cap(h.held[k])-len(h.held[k]))
				h.held[k] = append(h.held[k], rest[:m]...)
				rest = rest[m:]
			}
			return len(p), nil
		}
		h.big = newChunkDeflater()
		for _, b := range h.held {
			if _, err := h.big.Write(b); err != nil {
				return 0, err
			}
		}
		h.release()
	}
	return h.big.Write(p)
}

// release gives the buffers held back.
func (h *holdWriter) release() {
	for _, b := range h.held {
		putChunkBuf(b)
	}
	h.held = nil
}

// chunkBufs keeps the buffers of deflateChunk bytes that hold the chunks
// of big parts.
var chunkBufs sync.Pool

func getChunkBuf() []byte {
	if b, ok := chunkBufs.Get().(*[]byte); ok && cap(*b) == deflateChunk {
		return (*b)[:0]
	}
	return make([]byte, 0, deflateChunk)
}

func putChunkBuf(b []byte) {
	if cap(b) == deflateChunk {
		b = b[:0]
		chunkBufs.Put(&b)
	}
}

// deflateChunked deflates what write writes in chunks into p.
func deflateChunked(p *packedPart, write func(io.Writer) error) error {
	c := newChunkDeflater()
	if err := write(c); err != nil {
		c.wait()
		return err
	}
	return c.finish(p)
}

// chunkDeflater deflates what is written to it as pigz does: cut into
// chunks of deflateChunk bytes, each deflated on its own goroutine (at
// most deflateSlots at a time in the process) by a compressor of its own
// that ends it with a sync flush, on a byte boundary (the last chunk with
// the final block instead), so that the chunks' outputs, one after the
// other, are one deflate stream of the whole. The checksum is taken over
// the bytes as they are written.
type chunkDeflater struct {
	cur    []byte
	chunks []*deflatedChunk
	crc    hash.Hash32
	n      uint64
}

// deflatedChunk is one chunk's output, done when done is closed.
type deflatedChunk struct {
	done chan struct{}
	data [][]byte
	err  error
}

// deflateSlots bounds the chunks being deflated at a time, and so the
// chunks held before they are deflated.
var deflateSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

func newChunkDeflater() *chunkDeflater {
	return &chunkDeflater{crc: crc32.NewIEEE()}
}

func (c *chunkDeflater) Write(p []byte) (int, error) {
	n := len(p)
	c.crc.Write(p)
	c.n += uint64(n)
	for len(p) > 0 {
		if c.cur == nil {
			c.cur = getChunkBuf()
		}
		k := min(len(p), deflateChunk-len(c.cur))
		c.cur = append(c.cur, p[:k]...)
		p = p[k:]
		if len(c.cur) == deflateChunk {
			c.start(c.cur, false)
			c.cur = nil
		}
	}
	return n, nil
}

// start deflates chunk b on a goroutine of its own, once a slot is free.
func (c *chunkDeflater) start(b []byte, final bool) {
	d := &deflatedChunk{done: make(chan struct{})}
	c.chunks = append(c.chunks, d)
	deflateSlots <- struct{}{}
	go func() {
		defer close(d.done)
		defer func() { <-deflateSlots }()
		defer func() {
			if r := recover(); r != nil {
				d.err = Recovered("压缩工作簿部件时发生内部错误", r)
			}
		}()
		d.data, d.err = deflateOne(b, final)
		putChunkBuf(b)
	}()
}

// deflateOne deflates b by a compressor of its own, ending with a sync
// flush, or with the final block when final is set.
func deflateOne(b []byte, final bool) ([][]byte, error) {
	var out chunkWriter
	fw, err := chunkFlate.get(&out)
	if err != nil {
		return nil, err
	}
	defer chunkFlate.put(fw)
	if _, err := fw.Write(b); err != nil {
		return nil, err
	}
	end := fw.Flush
	if final {
		end = fw.Close
	}
	if err := end(); err != nil {
		return nil, err
	}
	return out.chunks, nil
}

// wait waits for the chunks started.
func (c *chunkDeflater) wait() {
	for _, d := range c.chunks {
		<-d.done
	}
}

// finish deflates the last chunk (also when empty: it holds the final
// block) and puts the whole into p.
func (c *chunkDeflater) finish(p *packedPart) error {
	if c.cur == nil {
		c.cur = getChunkBuf()
	}
	c.start(c.cur, true)
	c.cur = nil
	c.wait()
	if c.n >= 1<<31 {
		// Written by zip.Writer after all (part.gen writes the same
		// bytes again).
		return nil
	}
	data := [][]byte{}
	for _, d := range c.chunks {
		if d.err != nil {
			return d.err
		}
		data = append(data, d.data...)
	}
	p.data, p.crc, p.size = data, c.crc.Sum32(), c.n
	return nil
}

// deflateWhole deflates a part as one deflate stream into p.
func deflateWhole(p *packedPart, part partData) error {
	var (
		data chunkWriter
		fw   *kflate.Writer
		cw   *crcWriter
	)
	start := func() (io.Writer, error) {
		var err error
		if fw, err = wholeFlate.get(&data); err != nil {
			return nil, err
		}
		cw = &crcWriter{w: fw, h: crc32.NewIEEE()}
		return cw, nil
	}
	defer func() {
		if fw != nil {
			wholeFlate.put(fw)
		}
	}()
	sw := &spillWriter{limit: smallPartMax, start: start}
	if part.size() > smallPartMax {
		sw.limit = -1 // known to be big: deflated as it comes
	}
	if err := part.writeTo(sw); err != nil {
		return err
	}
	small := !sw.spilled
	if small {
		if c, ok := smallParts.get(sw.buf); ok {
			p.data, p.crc, p.size = [][]byte{c.data}, c.crc, uint64(len(sw.buf))
			return nil
		}
		w, err := start()
		if err != nil {
			return err
		}
		if _, err := w.Write(sw.buf); err != nil {
			return err
		}
	}
	if err := fw.Close(); err != nil {
		return err
	}
	if cw.n >= 1<<31 {
		// Written by zip.Writer after all (part.gen writes the same
		// bytes again).
		return nil
	}
	p.crc, p.size = cw.h.Sum32(), cw.n
	p.data = data.chunks
	if p.data == nil {
		p.data = [][]byte{}
	}
	if small {
		smallParts.put(sw.buf, packedSmall{data: bytes.Join(p.data, nil), crc: p.crc})
	}
	return nil
}

// spillWriter holds what is written while it is at most limit bytes;
// beyond, it writes what it holds and all that follows to the writer
// start gives (at once when limit is negative).
type spillWriter struct {
	limit   int
	start   func() (io.Writer, error)
	buf     []byte
	spilled bool
	w       io.Writer
}

func (s *spillWriter) Write(p []byte) (int, error) {
	if !s.spilled {
		if len(s.buf)+len(p) <= s.limit {
			s.buf = append(s.buf, p...)
			return len(p), nil
		}
		w, err := s.start()
		if err != nil {
			return 0, err
		}
		s.w, s.spilled = w, true
		if len(s.buf) > 0 {
			if _, err := w.Write(s.buf); err != nil {
				return 0, err
			}
			s.buf = nil
		}
	}
	return s.w.Write(p)
}

// smallPartMax is the size up to which a part's deflated bytes are kept
// for the next part with the same bytes: the theme, the styles, the
// relationships and properties that every workbook (or every team
// packet) has alike, where deflate's cost per part outweighs its cost per
// byte. Deflate gives the same bytes for the same input, so nothing
// written changes.
const smallPartMax = 32 << 10

// smallParts is the process's cache of small deflated parts.
var smallParts = &deflateCache{max: 2 << 20}

// packedSmall is a small part deflated.
type packedSmall struct {
	data []byte
	crc  uint32
}

// deflateCache keeps deflated parts by their bytes, up to max bytes of
// parts; when full it starts again.
type deflateCache struct {
	mu    sync.Mutex
	max   int
	size  int
	parts map[string]packedSmall
}

func (c *deflateCache) get(b []byte) (packedSmall, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.parts[string(b)]
	return p, ok
}

func (c *deflateCache) put(b []byte, p packedSmall) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.parts[string(b)]; ok {
		return
	}
	if c.parts == nil || c.size+len(b)+len(p.data) > c.max {
		c.parts, c.size = map[string]packedSmall{}, 0
	}
	c.parts[string(b)] = p
	c.size += len(b) + len(p.data)
}

// crcWriter writes to w and keeps the checksum and size of what it wrote.
type crcWriter struct {
	w io.Writer
	h hash.Hash32
	n uint64
}

func (c *crcWriter) Write(p []byte) (int, error) {
	c.h.Write(p)
	c.n += uint64(len(p))
	return c.w.Write(p)
}

// plainZipName tells whether zip.Writer writes name without the UTF-8
// flag (its detectUTF8 finds nothing outside U+0020–U+007D but '\\').
func plainZipName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c > 0x7d || c == '\\' {
			return false
		}
	}
	return true
}

// fixDimension replaces the dimension "A1" that excelize keeps for a sheet
// written cell by cell with the range its cells really cover, for readers
// that trust it (openpyxl in read-only mode, import tools).
// extent is the last column and row of cells kept apart from the part
// (see rowXML), zero when none.
func fixDimension(buf *bytes.Buffer, extent [2]int) {
	b := buf.Bytes()
	const a1 = `<dimension ref="A1"`
	i := bytes.Index(b, []byte(a1))
	if i < 0 {
		return
	}
	maxCol, maxRow := max(1, extent[0]), max(1, extent[1])
	rest := b
	const open = `<c r="`
	for {
		k := bytes.Index(rest, []byte(open))
		if k < 0 {
			break
		}
		rest = rest[k+len(open):]
		end := bytes.IndexByte(rest, '"')
		if end < 0 {
			break
		}
		if col, row, err := excelize.CellNameToCoordinates(string(rest[:end])); err == nil {
			maxCol, maxRow = max(maxCol, col), max(maxRow, row)
		}
		rest = rest[end:]
	}
	if maxCol == 1 && maxRow == 1 {
		return
	}
	last, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
	ref := `<dimension ref="A1:` + last + `"`
	out := make([]byte, 0, len(b)+len(ref))
	out = append(out, b[:i]...)
	out = append(out, ref...)
	out = append(out, b[i+len(a1):]...)
	buf.Reset()
	buf.Write(out)
}

// fixFonts names every font of a styles part 等线 (excelize leaves the
// fonts of styles without a family nameless, and the default Calibri has
// no Chinese) and declares its character set GB2312, so that a program
// that lacks 等线 picks a Chinese sans-serif font in its place. Fixed fonts
// stay as they are (the base workbooks' styles come fixed).
func fixFonts(buf *bytes.Buffer) {
	b := buf.Bytes()
	i := bytes.Index(b, []byte("<fonts"))
	j := bytes.Index(b, []byte("</fonts>"))
	if i < 0 || j < i {
		return
	}
	fonts := reFont.ReplaceAllFunc(b[i:j], func(ft []byte) []byte {
		ft = reFontName.ReplaceAll(ft, nil)
		ft = reFontCharset.ReplaceAll(ft, nil)
		end := len(ft) - len("</font>")
		return append(append(ft[:end:end], `<name val="`+fontName+`"></name><charset val="134"></charset>`...), "</font>"...)
	})
	out := make([]byte, 0, len(b)+len(fonts))
	out = append(out, b[:i]...)
	out = append(out, fonts...)
	out = append(out, b[j:]...)
	buf.Reset()
	buf.Write(out)
}

var (
	reFont        = regexp.MustCompile(`<font>.*?</font>`)
	reFontName    = regexp.MustCompile(`<name val="[^"]*"\s*(?:/>|></name>)`)
	reFontCharset = regexp.MustCompile(`<charset val="[^"]*"\s*(?:/>|></charset>)`)
)

// colorBars gives the points of the first series of a bar chart part
// their own fill colours.
func colorBars(buf *bytes.Buffer, colors []string) {
	b := buf.Bytes()
	const after = `<invertIfNegative val="0"></invertIfNegative>`
	i := bytes.Index(b, []byte(after))
	if i < 0 {
		return
	}
	i += len(after)
	var pts strings.Builder
	for k, c := range colors {
		fmt.Fprintf(&pts, `<dPt><idx val="%d"></idx><invertIfNegative val="0"></invertIfNegative><bubble3D val="0"></bubble3D><spPr><a:solidFill><a:srgbClr val="%s"></a:srgbClr></a:solidFill></spPr></dPt>`, k, c)
	}
	out := make([]byte, 0, len(b)+pts.Len())
	out = append(out, b[:i]...)
	out = append(out, pts.String()...)
	out = append(out, b[i:]...)
	out = bytes.Replace(out, []byte(`<varyColors val="1"></varyColors>`), []byte(`<varyColors val="0"></varyColors>`), 1)
	buf.Reset()
	buf.Write(out)
}

// sortDefaults sorts the <Default> elements of [Content_Types].xml, which
// excelize writes in map order once a drawing is added.
func sortDefaults(ct []byte) []byte {
	const open, end = "<Default ", "</Default>"
	i := bytes.Index(ct, []byte(open))
	j := bytes.LastIndex(ct, []byte(end))
	if i < 0 || j < i {
		return ct
	}
	j += len(end)
	var elems []string
	for _, e := range strings.SplitAfter(string(ct[i:j]), end) {
		if e == "" {
			continue
		}
		if !strings.HasPrefix(e, open) {
			return ct // something else between the defaults: leave as is
		}
		elems = append(elems, e)
	}
	sort.Strings(elems)
	out := append([]byte(nil), ct[:i]...)
	out = append(out, strings.Join(elems, "")...)
	return append(out, ct[j:]...)
}

// fixFilter rewrites excelize's autofilter markup in a worksheet part to
// what Excel writes itself: a relative range (A2:W8, not $A$2:$W$8) and no
// filterMode flag, which says that rows are filtered out when none are.
func fixFilter(buf *bytes.Buffer) {
	b := buf.Bytes()
	const open = `<autoFilter ref="`
	i := bytes.Index(b, []byte(open))
	if i < 0 {
		return
	}
	i += len(open)
	j := bytes.IndexByte(b[i:], '"')
	if j < 0 {
		return
	}
	ref := bytes.ReplaceAll(b[i:i+j], []byte("$"), nil)
	out := make([]byte, 0, len(b))
	out = append(out, b[:i]...)
	out = append(out, ref...)
	out = append(out, b[i+j:]...)
	head := out
	if sd := bytes.Index(out, []byte("<sheetData")); sd >= 0 {
		head = out[:sd]
	}
	if k := bytes.Index(head, []byte("<sheetPr ")); k >= 0 {
		end := k + bytes.IndexByte(out[k:], '>')
		if end > k {
			pr := bytes.Replace(out[k:end], []byte(` filterMode="true"`), nil, 1)
			out = append(out[:k:k], append(pr, out[end:]...)...)
		}
	}
	buf.Reset()
	buf.Write(out)
}
