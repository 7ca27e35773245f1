package nginx

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
	"github.com/tufanbarisyildirim/gonginx/config"
)

// TestGonginxZip: every statement of a file gets gonginx's node of the same
// name, with its line moved to where the directive starts (gonginx records
// a block's closing brace line).
func TestGonginxZip(t *testing.T) {
	cfgs, errs := Load("testdata/golden/inheritance/nginx.conf", input.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	tree := cfgs[0].Raw.(*Tree)
	if _, err := tree.Entry.Gonginx(); err != nil {
		t.Fatal(err)
	}
	var walk func([]*Stmt)
	n, upstreams := 0, 0
	walk = func(ss []*Stmt) {
		for _, s := range ss {
			d := s.Gonginx()
			if d == nil {
				t.Fatalf("%s: no gonginx node", s)
			}
			if strings.Trim(d.GetName(), `"'`) != s.Name || d.GetLine() != s.Line {
				t.Errorf("%s: gonginx node %s at line %d", s, d.GetName(), d.GetLine())
			}
			if _, ok := d.(*config.Upstream); ok {
				upstreams++
			}
			n++
			walk(s.Children)
		}
	}
	walk(tree.Entry.Stmts)
	if n < 30 || upstreams != 1 {
		t.Errorf("zipped %d statements, %d upstream nodes", n, upstreams)
	}
}

// TestGonginxRejects: where gonginx cannot read what nginx accepts, the
// model is still built and the gonginx view says why it is missing.
func TestGonginxRejects(t *testing.T) {
	dir := t.TempDir()
	// From crossplane's "returns" fixture, which nginx -t accepts.
	cfgs, errs := loadString(t, dir, "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:9;\n        }\n        if ($request_method = P\\{O\\)\\###\\;ST  ){}\n    }\n}\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if n := len(cfgs[0].Sites[0].Routes); n != 1 {
		t.Fatalf("%d routes", n)
	}
	f := cfgs[0].Raw.(*Tree).Entry
	if _, err := f.Gonginx(); err == nil {
		t.Fatal("gonginx read it: pick another input it rejects")
	}
	if f.Stmts[0].Gonginx() != nil {
		t.Error("a statement has a node although gonginx failed")
	}
}
