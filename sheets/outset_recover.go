package sheets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// recover repairs what killed runs left in the output root: staging
// folders never switched in are removed; a previous month folder set aside
// is put back when the month folder is missing (a kill between the two
// renames), else emptied of other tools' folders into the month folder and
// removed. Leftover markers and temp files in month folders go too.
func (s *outSet) recover() {
	ents, err := os.ReadDir(s.parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		var month string
		switch {
		case strings.HasPrefix(name, stagePrefix):
			month = strings.TrimPrefix(name, stagePrefix)
		case strings.HasPrefix(name, oldPrefix):
			month = strings.TrimPrefix(name, oldPrefix)
		default:
			continue
		}
		i := strings.LastIndex(month, "-")
		if i <= 0 || !e.IsDir() {
			continue
		}
		month = month[:i]
		p := filepath.Join(s.parent, name)
		dir := filepath.Join(s.parent, month)
		inner, _ := os.ReadDir(p)
		staged := len(inner) == 0 // killed before its marker
		for _, x := range inner {
			if x.Name() == stageMarker {
				staged = true
			}
		}
		if staged {
			_ = s.ops.RemoveAll(p)
			continue
		}
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			if s.ops.Rename(p, dir) == nil {
				s.notes = append(s.notes, fmt.Sprintf("上次运行在替换 %s 时中断，已恢复上次的完整结果", Printable(month)))
			}
			continue
		}
		moved := true
		for _, x := range inner {
			if !x.IsDir() || x.Name() == teamDir { // the previous set's packets are not carried over
				continue
			}
			if _, err := os.Lstat(filepath.Join(dir, x.Name())); err == nil {
				moved = false // never delete a folder that has no place to go
				continue
			}
			if s.ops.Rename(filepath.Join(p, x.Name()), filepath.Join(dir, x.Name())) != nil {
				moved = false
			}
		}
		if moved {
			_ = s.ops.RemoveAll(p)
		}
	}
	// Markers and temp files in the month folders.
	for _, e := range ents {
		if _, _, ok := ParseMonth(e.Name()); !ok || !e.IsDir() {
			continue
		}
		d := filepath.Join(s.parent, e.Name())
		inner, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, x := range inner {
			if n := x.Name(); n == stageMarker || n == probeName || (legacyTempRe.MatchString(n) && x.Type().IsRegular()) {
				_ = s.ops.Remove(filepath.Join(d, n))
			}
		}
	}
}
