package xlsx

import "bytes"

// The cells of a large sheet nearly all come in a few forms, as Excel,
// WPS and excelize write them:
//
//	<c r="B2" s="4" t="inlineStr"><is><t>text</t></is></c>
//	<c r="C2" s="6" t="s"><v>12</v></c>
//	<c r="J2" s="4"></c>   <c r="K2" s="4"/>
//
// read takes such a cell, when it lies whole in the scanner's window, in
// one step (parseFastCell) instead of tag by tag through xmlScan.next: the
// tags are only compared, never tokenised. Anything else — another form, a
// namespace prefix, whitespace between the tags, a formula, a comment, a
// cell cut by the window's end — is left to the tag-by-tag reading, and a
// cell taken here gives the reading exactly the state the tag-by-tag one
// would (the same ref, type and text, handed to the same endCell).

// fastCells turns the fast path off (the tests compare both readings).
var fastCells = true

// fastCell is a cell parsed by parseFastCell.
type fastCell struct {
	ref, typ     []byte // the r and t attributes (the first of each)
	hasRef, hasT bool
	empty        bool   // <c …/>
	kind         byte   // 0: <c …></c>; 'v': <v>text</v>; 'i': <is><t>text</t></is>
	text         []byte // raw character data (entities not decoded)
	n            int    // bytes of the window the cell takes
}

// Tags compared by parseFastCell.
// (constants: the compiler compares the short ones by loads, without
// bytes.Equal's call)
const (
	fcEndC      = "</c>"
	fcV         = "<v>"
	fcEndV      = "</v></c>"
	fcIS        = "<is><t>"
	fcISKeep    = `<is><t xml:space="preserve">`
	fcEndIS     = "</t></is></c>"
	fcSpaceOpen = `="`
	fcRow       = `<row r="`
	fcEndRow    = "</row>"
)

// hasPrefix is bytes.HasPrefix for a string prefix.
func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// parseRowTag parses a tag <row r="7"> (no other attribute) at the start
// of b: the number as the tag reading takes it (smallUint: 1 to 9 digits)
// and the tag's size.
func parseRowTag(b []byte) (num, size int, ok bool) {
	if !hasPrefix(b, fcRow) {
		return 0, 0, false
	}
	i := len(fcRow)
	end := bytes.IndexByte(b[i:min(len(b), i+12)], '"')
	if end < 0 || i+end+1 >= len(b) || b[i+end+1] != '>' {
		return 0, 0, false
	}
	n, ok := smallUint(b[i : i+end])
	if !ok {
		return 0, 0, false
	}
	return n, i + end + 2, true
}

// parseFastCell parses the cell at the start of b (which begins with
// '<'), ok only for the forms above lying whole in b. The attributes are
// taken as tagAttr takes them: names of letters only, values in double
// quotes without '>', one space before each.
func parseFastCell(b []byte) (fc fastCell, ok bool) {
	if len(b) < 4 || b[1] != 'c' {
		return fc, false
	}
	i := 2
	for i < len(b) && b[i] == ' ' {
		i++
		start := i
		for i < len(b) && (b[i]|0x20 >= 'a' && b[i]|0x20 <= 'z') {
			i++
		}
		name := b[start:i]
		if len(name) == 0 || !hasPrefix(b[i:], fcSpaceOpen) {
			return fc, false
		}
		i += 2
		vs := i // the value is short: a plain loop, which also looks for '>'
		for i < len(b) && b[i] != '"' {
			if b[i] == '>' {
				return fc, false
			}
			i++
		}
		if i >= len(b) {
			return fc, false
		}
		val := b[vs:i]
		i++
		if len(name) == 1 {
			switch {
			case name[0] == 'r' && !fc.hasRef:
				fc.ref, fc.hasRef = val, true
			case name[0] == 't' && !fc.hasT:
				fc.typ, fc.hasT = val, true
			}
		}
	}
	if i+1 < len(b) && b[i] == '/' && b[i+1] == '>' {
		fc.empty, fc.n = true, i+2
		return fc, true
	}
	if i >= len(b) || b[i] != '>' {
		return fc, false
	}
	i++
	rest := b[i:]
	switch {
	case hasPrefix(rest, fcEndC):
		fc.n = i + len(fcEndC)
		return fc, true
	case hasPrefix(rest, fcV):
		i += len(fcV)
		end := bytes.IndexByte(b[i:], '<')
		if end < 0 || !hasPrefix(b[i+end:], fcEndV) {
			return fc, false
		}
		fc.kind, fc.text, fc.n = 'v', b[i:i+end], i+end+len(fcEndV)
		return fc, true
	case hasPrefix(rest, fcIS):
		i += len(fcIS)
	case hasPrefix(rest, fcISKeep):
		i += len(fcISKeep)
	default:
		return fc, false
	}
	end := bytes.IndexByte(b[i:], '<')
	if end < 0 || !hasPrefix(b[i+end:], fcEndIS) {
		return fc, false
	}
	fc.kind, fc.text, fc.n = 'i', b[i:i+end], i+end+len(fcEndIS)
	return fc, true
}
