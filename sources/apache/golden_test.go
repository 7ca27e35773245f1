package apache

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// model is what a golden file records: the model without the syntax tree.
type model struct {
	Root      string
	Files     []string
	Fragment  bool
	Modules   []string `json:",omitempty"`
	Sites     []*lint.Site
	Upstreams []*lint.Upstream
	Errors    []string
}

func modelJSON(t *testing.T, entry string, opts input.Options) []byte {
	t.Helper()
	cfgs, errs := Load(entry, opts)
	if len(cfgs) != 1 {
		t.Fatalf("Load returned %d configs", len(cfgs))
	}
	c := cfgs[0]
	g := model{Root: c.Root, Files: c.Files, Fragment: c.Fragment, Sites: c.Sites, Upstreams: c.Upstreams, Errors: []string{}}
	for m := range c.Product.Modules {
		if strings.HasSuffix(m, "_module") {
			g.Modules = append(g.Modules, m)
		}
	}
	sort.Strings(g.Modules)
	for _, e := range errs {
		g.Errors = append(g.Errors, e.Error())
	}
	out, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// Each directory under testdata/golden is a case: its entry is
// apache2.conf, httpd.conf or the only *.conf/.htaccess file, and
// model.json holds the expected model (go test -update rewrites it).
func TestGolden(t *testing.T) {
	chdir(t, "testdata/golden")
	golden.Cases(t, ".", "model.json", func(t *testing.T, dir string) []byte {
		return modelJSON(t, findEntry(t, dir), input.Options{})
	})
}

func findEntry(t *testing.T, dir string) string {
	for _, name := range []string{"apache2.conf", "httpd.conf", "conf/httpd.conf", "entry.conf", ".htaccess"} {
		if exists(filepath.Join(dir, name)) {
			return filepath.Join(dir, name)
		}
	}
	t.Fatalf("%s: no entry file", dir)
	return ""
}

// chdir makes display paths relative to dir for the test's duration.
func chdir(t *testing.T, dir string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
}
