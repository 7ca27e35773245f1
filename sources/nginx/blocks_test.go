package nginx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// TestBlockTree: Config.Tree has every inclusion of a snippet (where
// Directives lists a snippet included in two servers once), and tells a
// stock include from one that read nothing.
func TestBlockTree(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"nginx.conf": "events {}\nhttp {\n    include mime.types;\n    include conf.d/*.conf;\n" +
			"    server { listen 80; include snip.conf; }\n    server { listen 81; include snip.conf; }\n}\n",
		"snip.conf": "proxy_buffer_size 8k;\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfgs, errs := Load(filepath.Join(dir, "nginx.conf"), input.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	c := cfgs[0]
	listed := 0
	for _, d := range c.Directives {
		if d.Name == "proxy_buffer_size" {
			listed++
		}
	}
	tr := c.Tree
	if tr == nil || tr.Context != "main" || len(tr.Body) != 2 {
		t.Fatalf("tree %+v", tr)
	}
	http := tr.Body[1]
	var stock, blind, servers []*lint.Block
	for _, b := range lint.Spliced(http.Children) {
		switch {
		case b.Name == "include" && b.Include.Stock:
			stock = append(stock, b)
		case b.Blind():
			blind = append(blind, b)
		case b.Name == "server":
			servers = append(servers, b)
		}
	}
	if len(stock) != 1 || stock[0].Args[0] != "mime.types" || len(blind) != 1 || blind[0].Args[0] != "conf.d/*.conf" {
		t.Errorf("stock %v, blind %v", stock, blind)
	}
	if len(servers) != 2 {
		t.Fatalf("%d servers", len(servers))
	}
	for _, srv := range servers {
		body := lint.Spliced(srv.Children)
		if len(body) != 2 || body[1].Name != "proxy_buffer_size" || filepath.Base(body[1].Pos.File()) != "snip.conf" || body[1].Pos.Line != 1 {
			t.Errorf("server at %s reads %+v", srv.Pos, body)
		}
		inc := srv.Children[1].Include
		if inc == nil || len(inc.Files) != 1 || inc.Files[0] != servers[0].Children[1].Include.Files[0] {
			t.Errorf("server at %s: the snippet is not one shared file: %+v", srv.Pos, inc)
		}
	}
	// Directives, by contrast, lists the snippet once per chain of blocks.
	if listed != 1 {
		t.Errorf("Directives lists the snippet's directive %d times", listed)
	}
}
