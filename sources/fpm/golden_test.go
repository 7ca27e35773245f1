package fpm

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// TestGolden loads each testdata/golden/<case> from the file its ENTRY
// names and compares the model, as golden.Model renders it, with
// model.json (go test -update rewrites it). The cases are the layouts of
// the distributions and of the official Docker image, values php-fpm
// computes or expands, and php-fpm's errors.
func TestGolden(t *testing.T) {
	golden.Entries(t, func(entry string) ([]*lint.Config, []lint.LoadError) { return Load(entry, input.Options{}) })
}
