package nginx

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSniff(t *testing.T) {
	cases := []struct {
		name, path, head string
		want             int
	}{
		{"main", "nginx.conf", "user www-data;\nevents {}\nhttp {\n  include conf.d/*.conf;\n}\n", 2},
		{"events-only", "x.conf", "# c\nevents {\n    worker_connections 512;\n}\n", 2},
		{"server-fragment", "site", "server {\n  listen 80;\n  location / { proxy_pass http://a; }\n}\n", 1},
		{"leaf-fragment", "proxy_params", "proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\n", 1},
		{"types", "mime.types", "types {\n    text/html  html htm;\n    image/png  png;\n}\n", 1},
		{"broken-nginx", "broken.conf", "http {\n  server {\n    listen 80\n  }\n}\n", 1},
		{"lua", "lua.conf", "http {\n  init_by_lua_block {\n    local s = \"}\" -- }\n  }\n}\n", 2},
		{"json", "zone", "{\"result\": {\"id\": \"x\"}}", 0},
		{"json-ext", "snapshot.json", "server { listen 80; }", 0},
		{"apache-vhost", "site.conf", "<VirtualHost *:80>\n  ServerName a\n  ProxyPass / http://b/\n</VirtualHost>\n", 0},
		{"apache-directives", "httpd.conf", "ServerRoot \"/etc/httpd\"\nLoadModule proxy_module modules/mod_proxy.so\nListen 80\n", 0},
		{"apache-include", "apache2.conf", "Include ports.conf\nIncludeOptional sites-enabled/*.conf\n", 0},
		{"yaml", "config", "rules:\n  enable: [a, b]\nformat: text\n", 0},
		{"ini", "naxsi-ui.conf.1.4.1", "[nx]\nusername = naxsi\npassword = x\n", 0},
		{"prose", "README", "This is a configuration directory.\nSee the docs.\n", 0},
		{"empty", "empty.conf", "", 0},
		{"binary", "blob", "\x00\x01events {}", 0},
	}
	for _, c := range cases {
		if got := Sniff(c.path, []byte(c.head)); got != c.want {
			t.Errorf("%s: Sniff = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestSniffCorpus: no Apache file is claimed, every accepted nginx entry
// point is recognised as a main configuration.
func TestSniffCorpus(t *testing.T) {
	dir := corpusDir(t)
	head := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b[:min(len(b), 64<<10)]
	}
	apache := filepath.Join(filepath.Dir(dir), "apache")
	n := 0
	err := filepath.WalkDir(apache, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return nil
		}
		n++
		if s := Sniff(p, head(p)); s != 0 {
			t.Errorf("%s: Apache file sniffed as nginx (%d)", p, s)
		}
		return nil
	})
	if err != nil || n < 100 {
		t.Fatalf("walked %d Apache files: %v", n, err)
	}
	for _, c := range corpusAccepted {
		p := filepath.Join(dir, c.path)
		if s := Sniff(p, head(p)); s != 2 {
			t.Errorf("%s: Sniff = %d, want 2", c.path, s)
		}
	}
}
