package cloudflare_test

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/sources/cloudflare"
	"github.com/edgelint/edgelint/sources/input"
)

// Each directory under testdata/golden is a case: snapshot.json is loaded
// as `edgelint check` would, and model.json holds the zones' model and the
// load errors (go test -update rewrites it). "zones" is the broken example
// (examples/cloudflare/broken); "partial" has reads that failed when the
// snapshot was written and a record that does not decode; "settings" has
// the zone settings rules read as typed fields, written and defaulted, and
// values of another shape, which leave the product default.
func TestGolden(t *testing.T) {
	t.Chdir(filepath.Join("testdata", "golden"))
	golden.Cases(t, ".", "model.json", func(t *testing.T, dir string) []byte {
		return golden.Model(cloudflare.Load(filepath.Join(dir, "snapshot.json"), input.Options{}))
	})
}
