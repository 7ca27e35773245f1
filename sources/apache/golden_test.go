package apache

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden is what a golden file records: the model without the syntax tree.
type golden struct {
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
	g := golden{Root: c.Root, Files: c.Files, Fragment: c.Fragment, Sites: c.Sites, Upstreams: c.Upstreams, Errors: []string{}}
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
// model.json holds the expected model.
func TestGolden(t *testing.T) {
	chdir(t, "testdata/golden")
	dirs, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			entry := findEntry(t, d.Name())
			got := modelJSON(t, entry, input.Options{})
			want := filepath.Join(d.Name(), "model.json")
			if *update {
				if err := os.WriteFile(want, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if string(exp) != string(got) {
				t.Errorf("model differs from %s (go test -run TestGolden -update, then review the diff):\n%s", want, diffLines(string(exp), string(got)))
			}
		})
	}
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

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out.WriteString("- " + x + "\n+ " + y + "\n")
			if out.Len() > 4000 {
				break
			}
		}
	}
	return out.String()
}
