package nginx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// TestGolden loads each testdata/golden/<case>/nginx.conf (or the file its
// ENTRY names) and compares the model, as golden.Model renders it, with
// model.json (go test -update rewrites it). A case's optional file
// "options" holds lines "version X.Y.Z", "edition plus" or "map FROM=TO"
// (TO relative to the case).
func TestGolden(t *testing.T) {
	golden.Cases(t, filepath.Join("testdata", "golden"), "model.json", func(t *testing.T, dir string) []byte {
		opts := caseOptions(t, dir)
		entry := filepath.Join(dir, "nginx.conf")
		if b, err := os.ReadFile(filepath.Join(dir, "ENTRY")); err == nil {
			entry = filepath.Join(dir, strings.TrimSpace(string(b)))
		}
		return golden.Model(Load(entry, opts))
	})
}

func caseOptions(t *testing.T, dir string) input.Options {
	var opts input.Options
	b, err := os.ReadFile(filepath.Join(dir, "options"))
	if err != nil {
		return opts
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch k {
		case "version":
			opts.NginxVersion = lint.MustVersion(v)
		case "edition":
			opts.NginxEdition = v
		case "map":
			from, to, _ := strings.Cut(v, "=")
			opts.Mappings = append(opts.Mappings, input.Mapping{From: from, To: filepath.Join(dir, to)})
		case "":
		default:
			t.Fatalf("%s/options: unknown key %q", dir, k)
		}
	}
	return opts
}
