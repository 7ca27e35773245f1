package nginx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// canonicalFile resolves a directory once per loader; for every kind of
// path it must say what input.Canonical says.
func TestCanonicalFileAsCanonical(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "real", "sub"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "real", "a.conf"), nil, 0o644))
	must(os.WriteFile(filepath.Join(dir, "real", "sub", "b.conf"), nil, 0o644))
	must(os.Symlink("real", filepath.Join(dir, "linkdir")))
	must(os.Symlink("a.conf", filepath.Join(dir, "real", "link.conf")))
	must(os.Symlink("../real/sub/b.conf", filepath.Join(dir, "real", "sub", "up.conf")))
	must(os.Symlink("loop2", filepath.Join(dir, "real", "loop1")))
	must(os.Symlink("loop1", filepath.Join(dir, "real", "loop2")))
	must(os.Symlink("nowhere.conf", filepath.Join(dir, "real", "dangling.conf")))
	paths := []string{
		"real/a.conf", "linkdir/a.conf", "real/link.conf", "linkdir/link.conf", "real/sub/b.conf",
		"linkdir/sub/b.conf", "linkdir/sub/up.conf", "real/loop1", "real/missing.conf", "missing/x.conf",
		"real/dangling.conf", "real/sub", "real/sub/../a.conf", "linkdir",
	}
	l := &loader{}
	for range 2 { // the second round reads the directories remembered
		for _, rel := range paths {
			for _, p := range []string{filepath.Join(dir, rel), dir + "/" + rel} {
				want, werr := input.Canonical(p)
				got, err := l.canonicalFile(p)
				if got != want || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
					t.Errorf("canonicalFile(%s) = %q, %v; input.Canonical: %q, %v", p, got, err, want, werr)
				}
			}
		}
	}
}
