package input

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenSameAsOS: Open and reading from it give the bytes and the
// errors (as os.Open and (*os.File).Read word them, and as describe
// tells them to the user) that os.Open gave.
func TestOpenSameAsOS(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.conf")
	if err := os.WriteFile(file, []byte("events {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.conf")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "locked.conf")
	if err := os.WriteFile(locked, []byte("x;\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	errText := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error() + " / " + describe(err).Error()
	}
	for _, p := range []string{file, empty, dir, loop, locked, filepath.Join(dir, "missing"), filepath.Join(file, "x")} {
		f, err := Open(p)
		g, err0 := os.Open(p)
		if errText(err) != errText(err0) {
			t.Errorf("%s: Open: %v, os.Open: %v", p, err, err0)
		}
		if err != nil || err0 != nil {
			continue
		}
		b, err := io.ReadAll(f)
		b0, err0 := io.ReadAll(g)
		if string(b) != string(b0) || errText(err) != errText(err0) {
			t.Errorf("%s: read %q, %v; os: %q, %v", p, b, err, b0, err0)
		}
		if err, err0 := f.Close(), g.Close(); errText(err) != errText(err0) {
			t.Errorf("%s: close %v; os: %v", p, err, err0)
		}
	}
}
