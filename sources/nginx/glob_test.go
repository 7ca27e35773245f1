package nginx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// TestGlobOrder: includes read in glob(3) order (whole paths compared
// byte by byte, "a.b/" before "a/"), wildcards skip hidden names in every
// path component, and a glob matching nothing is no error (the order was
// checked against nginx 1.22.1 -t with a broken file in each directory).
func TestGlobOrder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"nginx.conf":        "events {}\nhttp {\n    include */x.conf;\n    include nothing/*.conf;\n    include .explicit/*.conf;\n}\n",
		"a/x.conf":          "proxy_read_timeout 1s;\n",
		"a.b/x.conf":        "proxy_read_timeout 2s;\n",
		"B/x.conf":          "proxy_read_timeout 3s;\n",
		".hidden/x.conf":    "this is never read {\n",
		".explicit/y.conf":  "proxy_send_timeout 1s;\n",
		".explicit/.z.conf": "this is never read either {\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfgs, errs := Load(filepath.Join(dir, "nginx.conf"), input.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range cfgs[0].Files[1:] {
		got = append(got, strings.TrimPrefix(f, dir+"/"))
	}
	want := "B/x.conf a.b/x.conf a/x.conf .explicit/y.conf"
	if strings.Join(got, " ") != want {
		t.Errorf("files read: %q, want %q", strings.Join(got, " "), want)
	}
}
