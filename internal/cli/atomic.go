package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// tempFiles are the temporary files of one run being written, so an
// interrupt can remove them; interrupted stops a rename that would land
// after it.
type tempFiles struct {
	mu          sync.Mutex
	pending     map[string]bool
	interrupted bool
}

// afterTemp runs once a temporary file is written and before it is
// renamed; tests interrupt there.
var afterTemp = func() {}

var errInterrupted = errors.New("interrupted")

// writeAtomic writes a file through a temporary file beside it and a
// rename, so a reader (a CI step uploading SARIF, an editor) sees the old
// file or the whole new one, never half of one, whether the write fails,
// the disk fills or the user presses Ctrl-C.
//
// Only a regular file (or a new one) is replaced that way: a rename over
// /dev/null, a FIFO or a terminal would put a regular file in its place,
// so those are written directly, as the user asked.
func (t *tempFiles) writeAtomic(path string, write func(io.Writer) error) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return errors.New("is a directory")
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return plainPathError(err)
		}
		werr := write(f)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		return plainPathError(werr)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return plainPathError(err)
	}
	tmp := f.Name()
	t.mu.Lock()
	if t.pending == nil {
		t.pending = map[string]bool{}
	}
	t.pending[tmp] = true
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		delete(t.pending, tmp)
		t.mu.Unlock()
	}()
	werr := write(f)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	// CreateTemp makes the file 0600; an output file is as readable as
	// any file the user creates
	if werr == nil {
		werr = os.Chmod(tmp, 0o644)
	}
	afterTemp()
	t.mu.Lock()
	defer t.mu.Unlock()
	if werr == nil && t.interrupted {
		werr = errInterrupted
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return plainPathError(werr)
	}
	return nil
}

// removePending removes the temporary files of writes in flight and stops
// them from being renamed into place.
func (t *tempFiles) removePending() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.interrupted = true
	for tmp := range t.pending {
		os.Remove(tmp)
	}
}

// readError is plainPathError for a file that is read.
func readError(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("no such file")
	}
	return plainPathError(err)
}

// plainPathError drops the Go operation name ("open", "rename") and the
// temporary file's name from a file error: the caller names the file.
func plainPathError(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such directory")
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}
