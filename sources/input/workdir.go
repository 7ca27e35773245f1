package input

import (
	"os"
	"path/filepath"
)

// Abs is filepath.Abs with the working directory Workdir returns.
func Abs(p string) (string, error) {
	if filepath.IsAbs(p) {
		return filepath.Clean(p), nil
	}
	wd, err := Workdir()
	if err != nil {
		return "", err
	}
	return AbsIn(wd, p)
}

// AbsIn is Abs for a caller that looked the working directory wd up once.
func AbsIn(wd, p string) (string, error) {
	switch {
	case filepath.IsAbs(p):
		return filepath.Clean(p), nil
	case os.PathSeparator != '/':
		// Windows has drive-relative forms ("C:x", "\x") a join gets wrong
		return filepath.Abs(p)
	}
	return filepath.Join(wd, p), nil
}

// Workdir returns what os.Getwd returns. os.Getwd stats both "." and
// $PWD on every call, and a run of 100,000 small files asked for it
// several times per file (display names, anchors, fingerprints): the
// answer is kept while "." is the same directory and $PWD the same
// string, which one stat of "." tells.
func Workdir() (string, error) {
	id, ok := dotID()
	pwd := os.Getenv("PWD")
	if c := lastWd.Load(); ok && c != nil && c.id == id && c.pwd == pwd {
		return c.dir, nil
	}
	dir, err := os.Getwd()
	if err == nil && ok {
		lastWd.Store(&wdCache{id: id, pwd: pwd, dir: dir})
	}
	return dir, err
}

type wdCache struct {
	id  fileID
	pwd string
	dir string
}
