package gentree

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// snapshot reads every file and symlink of a tree.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			out[rel] = "-> " + target
			return err
		}
		data, err := os.ReadFile(p)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	for _, kind := range []string{Nginx, Apache} {
		t.Run(kind, func(t *testing.T) {
			gen := func(seed uint64) map[string]string {
				dir := t.TempDir()
				if _, err := Generate(dir, Options{Kind: kind, Lines: 3000, Seed: seed}); err != nil {
					t.Fatal(err)
				}
				return snapshot(t, dir)
			}
			a, b, c := gen(7), gen(7), gen(8)
			if len(a) != len(b) {
				t.Fatalf("same seed gave %d and %d files", len(a), len(b))
			}
			for name, data := range a {
				if b[name] != data {
					t.Fatalf("same seed gave different %s", name)
				}
			}
			same := len(a) == len(c)
			for name, data := range a {
				same = same && c[name] == data
			}
			if same {
				t.Fatal("seeds 7 and 8 gave identical trees")
			}
		})
	}
}

func TestShape(t *testing.T) {
	for _, kind := range []string{Nginx, Apache} {
		for _, lines := range []int{2000, 30000} {
			tree, err := Generate(t.TempDir(), Options{Kind: kind, Lines: lines, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			// the last sites file may overshoot by one file's worth of lines
			if tree.Lines < lines || tree.Lines > lines+lines/10+600 {
				t.Errorf("%s: asked for %d lines, got %d", kind, lines, tree.Lines)
			}
			if tree.Sites == 0 || tree.Upstreams == 0 || tree.Routes < tree.Sites {
				t.Errorf("%s: implausible tree: %v", kind, tree)
			}
			if want := lines / 1000; tree.Files < want {
				t.Errorf("%s %d lines: %d files, want at least %d", kind, lines, tree.Files, want)
			}
			if _, err := os.Stat(tree.Entry); err != nil {
				t.Errorf("%s: entry: %v", kind, err)
			}
		}
	}
	if _, err := Generate(t.TempDir(), Options{Kind: "caddy"}); err == nil {
		t.Error("unknown kind accepted")
	}
}

// TestFindingsShape checks the tree of gen-nginx.py: its size, one file per
// server block or one file in all.
func TestFindingsShape(t *testing.T) {
	for _, single := range []bool{false, true} {
		tree, err := Generate(t.TempDir(), Options{Kind: NginxFindings, Lines: 137000, SingleFile: single})
		if err != nil {
			t.Fatal(err)
		}
		files := 2001
		if single {
			files = 1
		}
		if tree.Sites != 2000 || tree.Upstreams != 200 || tree.Routes != 18000 || tree.Files != files ||
			tree.Lines < 136000 || tree.Lines > 138000 {
			t.Errorf("single file %v: %v, want gen-nginx.py's 2,000 sites, 200 upstreams, 18,000 locations in %d files, about 137,000 lines", single, tree, files)
		}
	}
}

// TestRealServerAccepts checks that the trees are valid for the real
// servers, at the benchmark size (100,000 lines) and at a small size with
// few sites per file (the typical-repository shape).
func TestRealServerAccepts(t *testing.T) {
	cases := []Options{
		{Kind: Nginx, Lines: 100000, Seed: 1},
		{Kind: Nginx, Lines: 1500, Seed: 3, SitesPerFile: 2},
		{Kind: Apache, Lines: 100000, Seed: 1},
		{Kind: Apache, Lines: 1500, Seed: 3, SitesPerFile: 2},
		{Kind: NginxFindings, Lines: 5000},
		{Kind: NginxFindings, Lines: 150000, SingleFile: true}, // past the default server_names hash
	}
	if testing.Short() {
		cases = []Options{cases[1], cases[3], cases[4]}
	}
	for _, opt := range cases {
		name, _, _ := (&Tree{Kind: opt.Kind}).TestCommand()
		bin := realserver.Binary(t, name)
		tree, err := Generate(t.TempDir(), opt)
		if err != nil {
			t.Fatal(err)
		}
		_, args, env := tree.TestCommand()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Errorf("%s rejects %v: %v\n%s", name, tree, err, tail(out.String(), 20))
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// TestCloudflareSnapshot checks that the CDN layer loads as edgelint's own
// snapshot format, with one zone per domain and a record per site name.
func TestCloudflareSnapshot(t *testing.T) {
	tree, err := Generate(t.TempDir(), Options{Kind: Nginx, Lines: 2000, Seed: 4, Cloudflare: true})
	if err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(tree.Dir, "cloudflare", "snapshot.json")
	res := sources.Load([]string{snap}, "", input.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("snapshot does not load: %v", res.Errors)
	}
	records := 0
	for _, c := range res.Configs {
		if c.Source != lint.Cloudflare || c.Edge == nil {
			t.Fatalf("snapshot loaded as %s", c.Source)
		}
		records += len(c.Edge.Records)
	}
	if records != tree.Records || records != 2*tree.Sites {
		t.Errorf("snapshot has %d records; the tree says %d for %d sites", records, tree.Records, tree.Sites)
	}
}

// A fragments tree has the files asked for, no entry point, and the same
// bytes for the same seed.
func TestFragments(t *testing.T) {
	gen := func(seed uint64) (map[string]string, *Tree) {
		dir := t.TempDir()
		tree, err := Generate(dir, Options{Kind: Fragments, Files: 2500, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return snapshot(t, dir), tree
	}
	a, tree := gen(7)
	b, _ := gen(7)
	c, _ := gen(8)
	if len(a) != 2500 || tree.Files != 2500 || tree.Entry != "" {
		t.Fatalf("%d files (tree says %d), entry %q; want 2500 files and no entry", len(a), tree.Files, tree.Entry)
	}
	differs := false
	for name, data := range a {
		if b[name] != data {
			t.Fatalf("same seed gave different %s", name)
		}
		differs = differs || c[name] != data
	}
	if !differs {
		t.Fatal("seeds 7 and 8 gave identical trees")
	}
	for _, entry := range []string{"nginx.conf", "apache2.conf", "httpd.conf"} {
		for name := range a {
			if filepath.Base(name) == entry {
				t.Errorf("fragments tree has an entry point %s", name)
			}
		}
	}
	kinds := map[lint.SourceKind]int{}
	res := sources.Load([]string{filepath.Join(tree.Dir, "hosts", "web-000")}, "", input.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("load errors: %v", res.Errors[0])
	}
	for _, cfg := range res.Configs {
		kinds[cfg.Source]++
		if !cfg.Fragment && cfg.Source != lint.PHPFPM {
			t.Errorf("%s: a whole %s tree, want a fragment", cfg.Root, cfg.Source)
		}
	}
	if kinds[lint.Nginx] < 400 || kinds[lint.Apache] < 300 || kinds[lint.PHPFPM] < 50 {
		t.Errorf("configs by kind: %v; want the mix of nginx, Apache and PHP-FPM fragments", kinds)
	}
}
