package cloudflared

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// TestGolden loads each testdata/golden/<case> from the file its ENTRY
// names and compares the model with model.json (go test -update rewrites
// it): the documented shape with top-level and per-rule originRequest,
// anchors, and a bad duration.
func TestGolden(t *testing.T) {
	golden.Entries(t, func(entry string) ([]*lint.Config, []lint.LoadError) { return Load(entry, input.Options{}) })
}
