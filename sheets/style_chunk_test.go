package sheets

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	kflate "github.com/klauspost/compress/flate"
)

// sheetLike is n bytes that look like sheet XML (compressible, not
// trivially).
func sheetLike(n int) []byte {
	r := rand.New(rand.NewSource(int64(n)))
	var b []byte
	for row := 1; len(b) < n; row++ {
		b = append(b, `<row r="`...)
		b = strconv.AppendInt(b, int64(row), 10)
		b = append(b, `"><c r="A`...)
		b = strconv.AppendInt(b, int64(row), 10)
		b = append(b, `" t="inlineStr"><is><t>员工`...)
		b = strconv.AppendInt(b, r.Int63n(100000), 10)
		b = append(b, `</t></is></c></row>`...)
	}
	return b[:n]
}

// smallChunks makes the parts deflated in chunks small for a test.
func smallChunks(t *testing.T, big, chunk int) {
	t.Helper()
	oldBig, oldChunk := bigPartMin, deflateChunk
	t.Cleanup(func() { bigPartMin, deflateChunk = oldBig, oldChunk })
	bigPartMin, deflateChunk = big, chunk
}

// oneStream is b deflated as one stream, as a part of up to bigPartMin
// bytes is.
func oneStream(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	fw, err := kflate.NewWriter(&out, zipDeflateLevel)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(b)
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// checkPacked checks that p is in deflated, with its checksum and size,
// through compress/flate and through a zip that archive/zip reads back
// (checking the checksum).
func checkPacked(t *testing.T, p *packedPart, in []byte) {
	t.Helper()
	if p.data == nil {
		t.Fatal("part not deflated")
	}
	packed := bytes.Join(p.data, nil)
	got, err := io.ReadAll(flate.NewReader(bytes.NewReader(packed)))
	if err != nil {
		t.Fatalf("inflating: %v", err)
	}
	if !bytes.Equal(got, in) {
		t.Fatalf("inflated %d bytes, not the %d written", len(got), len(in))
	}
	if p.crc != crc32.ChecksumIEEE(in) || p.size != uint64(len(in)) {
		t.Fatalf("crc %08x size %d; want %08x %d", p.crc, p.size, crc32.ChecksumIEEE(in), len(in))
	}
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, Flags: 0x8,
		CreatorVersion: 20, ReaderVersion: 20, CRC32: p.crc, CompressedSize64: uint64(len(packed)), UncompressedSize64: p.size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(packed)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(z.Bytes()), int64(z.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if got, err := io.ReadAll(rc); err != nil || !bytes.Equal(got, in) {
		t.Fatalf("archive/zip read %d bytes, %v; want the %d written", len(got), err, len(in))
	}
}

// TestChunkDeflater deflates inputs around the chunk boundaries in
// chunks, written in pieces of odd sizes: one deflate stream of the whole
// (each chunk but the last ends with a sync flush), its checksum and size.
func TestChunkDeflater(t *testing.T) {
	const chunk = 4096
	smallChunks(t, 2*chunk, chunk)
	for _, tc := range []struct {
		name   string
		size   int
		chunks int // chunks deflated (the last holds the final block)
	}{
		{"empty", 0, 1},
		{"one byte", 1, 1},
		{"one chunk less a byte", chunk - 1, 1},
		{"exactly one chunk", chunk, 2}, // and an empty final one
		{"one chunk and a byte", chunk + 1, 2},
		{"two chunks", 2 * chunk, 3},
		{"many chunks", 7*chunk + 123, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := sheetLike(tc.size)
			c := newChunkDeflater()
			for rest := in; len(rest) > 0; {
				n := min(len(rest), 1000+len(rest)%7)
				if k, err := c.Write(rest[:n]); k != n || err != nil {
					t.Fatalf("Write: %d, %v", k, err)
				}
				rest = rest[n:]
			}
			var p packedPart
			if err := c.finish(&p); err != nil {
				t.Fatal(err)
			}
			if len(c.chunks) != tc.chunks {
				t.Errorf("%d chunks deflated; want %d", len(c.chunks), tc.chunks)
			}
			for i, d := range c.chunks[:len(c.chunks)-1] {
				if b := bytes.Join(d.data, nil); !bytes.HasSuffix(b, []byte{0, 0, 0xff, 0xff}) {
					t.Errorf("chunk %d does not end with a sync flush", i)
				}
			}
			checkPacked(t, &p, in)
			if n := len(deflateSlots); n != 0 {
				t.Errorf("%d deflate slots left taken", n)
			}
		})
	}
}

// TestDeflatePartBig checks which parts deflatePart deflates in chunks:
// those of more than bigPartMin bytes, known ahead or written by gen;
// smaller ones keep the bytes of one deflate stream.
func TestDeflatePartBig(t *testing.T) {
	const chunk, big = 4096, 3*4096 + 5
	smallChunks(t, big, chunk)
	for _, tc := range []struct {
		name    string
		size    int
		gen     bool
		chunked bool
	}{
		{"small", 1000, false, false},
		{"at the limit", big, false, false},
		{"above the limit", big + 1, false, true},
		{"much above", 10 * chunk, false, true},
		{"gen small", 1000, true, false},
		{"gen at the limit", big, true, false},
		{"gen above the limit", big + 1, true, true},
		{"gen much above", 10 * chunk, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := sheetLike(tc.size)
			part := partData{pieces: [][]byte{in[:10], in[10:]}}
			if tc.gen {
				part = partData{pieces: [][]byte{in[:10], in[len(in)-10:]}, gen: func(w io.Writer) error {
					for rest := in[10 : len(in)-10]; len(rest) > 0; {
						n := min(len(rest), 777)
						if _, err := w.Write(rest[:n]); err != nil {
							return err
						}
						rest = rest[n:]
					}
					return nil
				}}
			}
			var p packedPart
			if err := deflatePart(&p, part); err != nil {
				t.Fatal(err)
			}
			checkPacked(t, &p, in)
			if one := bytes.Equal(bytes.Join(p.data, nil), oneStream(t, in)); one == tc.chunked {
				t.Errorf("deflated as one stream: %v; want %v", one, !tc.chunked)
			}
		})
	}
}

// TestDeflatePartBigFails: a gen that fails while its part is deflated
// in chunks fails the part, and no chunk is left being deflated.
func TestDeflatePartBigFails(t *testing.T) {
	const chunk = 4096
	smallChunks(t, 2*chunk, chunk)
	errGen := errors.New("gen failed")
	for _, after := range []int{0, chunk, 2*chunk + 1, 5 * chunk} {
		t.Run(fmt.Sprint(after), func(t *testing.T) {
			in := sheetLike(after)
			part := partData{pieces: [][]byte{nil, nil}, gen: func(w io.Writer) error {
				if _, err := w.Write(in); err != nil {
					return err
				}
				return errGen
			}}
			var p packedPart
			if err := deflatePart(&p, part); !errors.Is(err, errGen) {
				t.Fatalf("error %v; want the gen's", err)
			}
			if n := len(deflateSlots); n != 0 {
				t.Errorf("%d deflate slots left taken", n)
			}
		})
	}
}

// TestWriteSetChunked writes a set with its big parts deflated in chunks
// (the limits made small): every file holds the same cells as written
// whole, and the set is written the same way each time.
func TestWriteSetChunked(t *testing.T) {
	_, whole := writeFixture(t, outFixture(), outRun())
	smallChunks(t, 8<<10, 4<<10)
	_, chunked := writeFixture(t, outFixture(), outRun())
	_, again := writeFixture(t, outFixture(), outRun())
	if len(whole) != len(chunked) {
		t.Fatalf("%d files written whole, %d in chunks", len(whole), len(chunked))
	}
	differ := 0
	for i := range whole {
		if filepath.Ext(whole[i]) != ".xlsx" {
			continue
		}
		a, b := dumpOf(t, whole[i]), dumpOf(t, chunked[i])
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: cells differ when deflated in chunks", filepath.Base(whole[i]))
		}
		if !sameFile(t, whole[i], chunked[i]) {
			differ++
		}
		if !sameFile(t, chunked[i], again[i]) {
			t.Errorf("%s differs between two writes in chunks", filepath.Base(chunked[i]))
		}
	}
	if differ == 0 {
		t.Error("no workbook deflated in chunks; the limits do not reach the parts")
	}
}

func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	x, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x, y)
}
