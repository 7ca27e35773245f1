package postgres

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/sources/input"
)

// TestGolden loads each testdata/golden/<case> from the file its ENTRY
// names (with the loader its name says: pgbouncer.ini or
// postgresql.conf) and compares the model with model.json (go test
// -update rewrites it).
func TestGolden(t *testing.T) {
	golden.Cases(t, filepath.Join("testdata", "golden"), "model.json", func(t *testing.T, dir string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, "ENTRY"))
		if err != nil {
			t.Fatal(err)
		}
		entry := filepath.Join(dir, strings.TrimSpace(string(b)))
		if strings.HasSuffix(entry, ".ini") {
			return golden.Model(LoadBouncer(entry, input.Options{}))
		}
		return golden.Model(LoadConf(entry, input.Options{}))
	})
}
