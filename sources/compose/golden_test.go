package compose

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// TestGolden loads each testdata/golden/<case> from the file its ENTRY
// names and compares the model, as golden.Model renders it, with
// model.json (go test -update rewrites it): the field's usual shapes
// (anchors, merge keys, both port syntaxes, ${VAR}, aliases), include:
// with and without project_directory, and a YAML error.
func TestGolden(t *testing.T) {
	golden.Entries(t, func(entry string) ([]*lint.Config, []lint.LoadError) { return Load(entry, input.Options{}) })
}
