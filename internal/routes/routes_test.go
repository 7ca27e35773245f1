package routes_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/routes"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

const conf = `events {}
http {
    proxy_read_timeout 90s;
    upstream app {
        server 10.0.0.1:8080;
        server 10.0.0.2:8080 backup;
        keepalive 16;
    }
    server {
        listen 80;
        server_name api.example.com api2.example.com;
        location /v1/ {
            proxy_pass http://app;
        }
        location /slow/ {
            proxy_pass http://app;
            proxy_read_timeout 600s;
        }
    }
    server {
        listen 80;
        server_name www.example.com;
        location / {
            proxy_pass http://127.0.0.1:3000;
        }
    }
}
`

func load(t *testing.T) []*routes.Route {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	res := sources.Load([]string{"nginx.conf"}, "", input.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return routes.Build(res.Configs)
}

func value(h *routes.Hop, key string) routes.Value {
	for _, v := range h.Values {
		if v.Key == key {
			return v
		}
	}
	return routes.Value{}
}

func TestBuild(t *testing.T) {
	rs := load(t)
	var got []string
	for _, r := range rs {
		got = append(got, r.Host+" "+r.Path)
	}
	if strings.Join(got, ", ") != "api.example.com /slow/, api.example.com /v1/, www.example.com /" {
		t.Fatalf("routes %v", got)
	}
	if a := rs[0].Aliases; len(a) != 1 || a[0] != "api2.example.com" {
		t.Errorf("aliases %v", a)
	}
	v1 := rs[1]
	if len(v1.Hops) != 2 || v1.Hops[0].Kind != routes.Proxy || v1.Hops[1].Kind != routes.Upstream {
		t.Fatalf("hops of %s", v1)
	}
	// Every value says where it came from.
	if v := value(v1.Hops[0], "read timeout"); v.Value != "90s" || v.From != "inherited from nginx.conf:3:5" {
		t.Errorf("inherited read timeout: %+v", v)
	}
	if v := value(rs[0].Hops[0], "read timeout"); v.Value != "10m" || v.From != "nginx.conf:17:13" {
		t.Errorf("own read timeout: %+v", v)
	}
	if v := value(v1.Hops[0], "connect timeout"); v.From != "default" {
		t.Errorf("default connect timeout: %+v", v)
	}
	if v := value(v1.Hops[1], "servers"); v.Value != "10.0.0.1:8080, 10.0.0.2:8080 backup" {
		t.Errorf("servers: %+v", v)
	}
	if v := value(v1.Hops[1], "keep-alive"); v.Value != "16 idle connections" || v.From != "nginx.conf:7:9" {
		t.Errorf("keep-alive: %+v", v)
	}
	if c := v1.Chain(); c != "proxy 90s" {
		t.Errorf("chain %q", c)
	}
}

func TestFilter(t *testing.T) {
	rs := load(t)
	for _, c := range []struct {
		host, path, upstream string
		want                 int
	}{
		{"api.example.com", "", "", 2},
		{"*.example.com", "", "", 3},
		{"api2.example.com", "/slow", "", 1},
		{"", "", "app", 2},
		{"", "", "127.0.0.1:3000", 1},
		{"nothing.example", "", "", 0},
	} {
		if n := len(routes.Filter(rs, c.host, c.path, c.upstream)); n != c.want {
			t.Errorf("Filter(%q, %q, %q): %d routes, want %d", c.host, c.path, c.upstream, n, c.want)
		}
	}
}

// A finding goes to the hops it names: on a value's line to that hop, on
// a line inside a location to that location's route only, and a pool's
// finding to every route through the pool.
func TestAttach(t *testing.T) {
	rs := load(t)
	at := func(line int) lint.Position { return lint.At("nginx.conf", line, 13) }
	routes.Attach(rs, []lint.Finding{
		{RuleID: "EL1", Severity: lint.Warning, Pos: at(17)},
		{RuleID: "EL2", Severity: lint.Error, Pos: lint.At("nginx.conf", 7, 9)},
		{RuleID: "EL3", Severity: lint.Info, Pos: at(13)},
	}, nil)
	on := func(r *routes.Route) string {
		var s []string
		for _, h := range r.Hops {
			for _, f := range h.Findings {
				s = append(s, h.Kind+":"+f.Rule)
			}
		}
		return strings.Join(s, " ")
	}
	if got := on(rs[0]); got != "proxy:EL1 upstream:EL2" {
		t.Errorf("/slow/: %s", got)
	}
	if got := on(rs[1]); got != "proxy:EL3 upstream:EL2" {
		t.Errorf("/v1/: %s", got)
	}
	if got := on(rs[2]); got != "" {
		t.Errorf("www: %s", got)
	}
	if w := rs[1].Worst(); w != "error" {
		t.Errorf("worst %q", w)
	}
}

// A container the proxy passes to by name is the route's backend hop.
func TestComposeService(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"nginx/nginx.conf":   "events {}\nhttp {\n    server {\n        listen 80;\n        server_name shop.example;\n        location / {\n            proxy_pass http://api:8000;\n        }\n    }\n}\n",
		"docker-compose.yml": "services:\n  api:\n    image: shop/api:1.4\n    expose:\n      - \"8000\"\n  nginx:\n    image: nginx:1.27\n    volumes:\n      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	res := sources.Load([]string{"."}, "", input.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	rs := routes.Build(res.Configs)
	if len(rs) != 1 || len(rs[0].Hops) != 2 {
		t.Fatalf("routes %v", rs)
	}
	h := rs[0].Hops[1]
	if h.Kind != routes.Backend || h.Name != "compose api" || value(h, "image").Value != "shop/api:1.4" || routes.Label(h) != "compose" {
		t.Errorf("service hop %+v", h)
	}
}
