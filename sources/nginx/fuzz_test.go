package nginx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// FuzzLoad writes the input as nginx.conf (with a small include beside it)
// and loads it: whatever the bytes, Load must return without panicking or
// hanging, and every error must carry a file.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"events {}\nhttp { server { listen 80; location / { proxy_pass http://b; } } }\n",
		"http { upstream b { server 127.0.0.1:8080 weight=2 max_fails=0; keepalive 8; } include inc.conf; }",
		"location ~ \\.php$ { fastcgi_pass unix:/run/php.sock; include fastcgi_params; }",
		"server { if ($a) { proxy_pass http://$h; } }",
		"content_by_lua_block { local s = \"}\" -- }\n ngx.say([[ } ]]) }",
		"root \"a\\\"b\" 'c' ${x}y;",
		"map $a $b { default 1; include inc.conf; }",
		"# c\n\"quoted name\" arg;  # t\n",
		"location /a { location /b { } }",
		"http { server { location = /x { location /y {} } } }",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "inc.conf"), []byte("proxy_read_timeout 5s;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cfgs, errs := Load(filepath.Join(dir, "nginx.conf"), input.Options{})
		for _, e := range errs {
			if e.Pos.File() == "" {
				t.Errorf("error without a file: %v", e)
			}
		}
		for _, c := range cfgs {
			if c.Tree == nil {
				t.Error("a config without its block tree")
			}
		}
		Sniff("nginx.conf", data)
	})
}
