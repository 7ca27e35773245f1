// Package golden is the one golden-file harness of edgelint's tests: the
// sources' models (sources/apache, sources/cloudflare, sources/nginx) and
// the report formats (internal/output/report) compare what they produce
// with a checked-in file, byte for byte, and `go test -update` rewrites
// the files instead (review the diff before committing it).
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Updating reports whether the test run rewrites golden files (-update).
func Updating() bool { return *update }

// Compare fails the test unless got equals the file at path byte for
// byte; with -update it writes got to path instead.
func Compare(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it; review the diff):\n%s", path, Diff(string(want), string(got)))
	}
}

// Cases runs one subtest per directory under dir, in name order: produce
// loads the case (its directory, as dir/name) and returns the output,
// which Compare checks against the case's file named file.
func Cases(t *testing.T, dir, file string, produce func(t *testing.T, caseDir string) []byte) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		caseDir := filepath.Join(dir, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			Compare(t, filepath.Join(caseDir, file), produce(t, caseDir))
		})
	}
	if n == 0 {
		t.Fatalf("no golden cases under %s", dir)
	}
}

// Diff lists the lines that differ, quoted (so trailing blanks and a
// missing final newline show), with their numbers, "-" for want and "+"
// for got; it stops after about 4,000 characters.
func Diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(wl) || i < len(gl); i++ {
		inW, inG := i < len(wl), i < len(gl)
		if inW && inG && wl[i] == gl[i] {
			continue
		}
		if b.Len() > 4000 {
			b.WriteString("…\n")
			break
		}
		if inW {
			fmt.Fprintf(&b, "%d: - %q\n", i+1, wl[i])
		}
		if inG {
			fmt.Fprintf(&b, "%d: + %q\n", i+1, gl[i])
		}
	}
	return b.String()
}
