package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/sources/input"
)

// TestGolden loads each testdata/golden/<case> from the file its ENTRY
// names and compares the model, as golden.Model renders it, with
// model.json (go test -update rewrites it): the field's usual shapes
// (anchors, merge keys, both port syntaxes, ${VAR}, aliases), include:
// with and without project_directory, and a YAML error.
func TestGolden(t *testing.T) {
	golden.Cases(t, filepath.Join("testdata", "golden"), "model.json", func(t *testing.T, dir string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, "ENTRY"))
		if err != nil {
			t.Fatal(err)
		}
		return golden.Model(Load(filepath.Join(dir, strings.TrimSpace(string(b))), input.Options{}))
	})
}
