package sheets

import (
	"io"
	"os"
	"path/filepath"
)

// ReplaceFile writes one file whole or not at all: fill writes into a
// temporary file in the same folder, which is then renamed over path with
// the permissions perm. On any error the temporary file is removed and
// path keeps what it had. (A whole set of outputs is switched in by
// WriteSet instead.)
func ReplaceFile(path string, perm os.FileMode, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	werr := fill(tmp)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), perm)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
	}
	return werr
}
