package sources

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func chdir(t *testing.T, dir string) {
	t.Helper()
	t.Chdir(dir)
}

func roots(res Result) []string {
	var out []string
	for _, c := range res.Configs {
		out = append(out, string(c.Source)+":"+c.Root)
	}
	sort.Strings(out)
	return out
}

const mainNginx = `events {}
http {
    include conf.d/*.conf;
    include sites-enabled/*;
}
`

// A directory is linted once per include tree: snippets reached through the
// main config are not linted again on their own, and files that are not
// configuration are passed over.
func TestLoadDirectoryFindsEntryPointsOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"nginx/nginx.conf":              mainNginx,
		"nginx/conf.d/upstreams.conf":   "upstream app { server 127.0.0.1:8080; }\n",
		"nginx/sites-enabled/app":       "server { listen 80; server_name app.example.com; location / { proxy_pass http://app; } }\n",
		"nginx/snippets/unused.conf":    "location /x { proxy_pass http://127.0.0.1:9000; }\n",
		"nginx/README.md":               "# notes\nnot a config\n",
		"apache/apache2.conf":           "ServerRoot \"/etc/apache2\"\nListen 80\nIncludeOptional sites-enabled/*.conf\n",
		"apache/sites-enabled/app.conf": "<VirtualHost *:80>\n    ServerName app.example.com\n    ProxyPass / http://127.0.0.1:8080/\n</VirtualHost>\n",
	})
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if len(res.Errors) != 0 {
		t.Fatalf("unexpected errors: %v", res.Errors)
	}
	got := strings.Join(roots(res), " ")
	want := "apache:apache/apache2.conf nginx:nginx/nginx.conf nginx:nginx/snippets/unused.conf"
	if got != want {
		t.Errorf("entry points = %s\nwant            %s", got, want)
	}
	for _, c := range res.Configs {
		if c.Root == "nginx/snippets/unused.conf" && !c.Fragment {
			t.Error("a snippet nothing includes must be linted as a fragment")
		}
		if c.Root == "nginx/nginx.conf" && len(c.Files) != 3 {
			t.Errorf("nginx tree files = %v", c.Files)
		}
	}
}

// Naming the snippet and the tree that includes it lints the snippet in the
// context of that tree, not twice.
func TestLoadFragmentInContextOfItsTree(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"nginx.conf":            mainNginx,
		"sites-enabled/app":     "server { listen 80; location / { proxy_pass http://127.0.0.1:8080; } }\n",
		"conf.d/upstreams.conf": "upstream app { server 127.0.0.1:8080; }\n",
	})
	chdir(t, dir)
	res := Load([]string{"sites-enabled/app", "nginx.conf"}, "", input.Options{})
	if got := roots(res); len(got) != 1 || got[0] != "nginx:nginx.conf" || len(res.Errors) != 0 {
		t.Errorf("got %v, errors %v", got, res.Errors)
	}
}

func TestLoadReportsUnreadableAndUnknownInputs(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"notes.txt": "hello\n"})
	chdir(t, dir)
	res := Load([]string{"missing.conf", "notes.txt"}, "", input.Options{})
	if len(res.Errors) != 2 {
		t.Fatalf("want 2 errors, got %v", res.Errors)
	}
	msgs := res.Errors[0].Error() + "\n" + res.Errors[1].Error()
	for _, want := range []string{"missing.conf: cannot read: no such file or directory", "notes.txt: cannot tell whether this is nginx, Apache or a Cloudflare snapshot"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("errors %q lack %q", msgs, want)
		}
	}
}

func TestLoadForcedSource(t *testing.T) {
	dir := t.TempDir()
	// An extension and content nothing recognises, forced to nginx.
	write(t, dir, map[string]string{"proxy.tmpl": "server { listen 80; }\n"})
	chdir(t, dir)
	res := Load([]string{"proxy.tmpl"}, lint.Nginx, input.Options{})
	if len(res.Configs) != 1 || res.Configs[0].Source != lint.Nginx || len(res.Errors) != 0 {
		t.Errorf("forced nginx: configs %v errors %v", roots(res), res.Errors)
	}
}

func TestLoadSymlinkedSitesAreReadOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"nginx.conf":            mainNginx,
		"sites-available/app":   "server { listen 80; location / { proxy_pass http://127.0.0.1:8080; } }\n",
		"conf.d/upstreams.conf": "upstream app { server 127.0.0.1:8080; }\n",
	})
	if err := os.MkdirAll(filepath.Join(dir, "sites-enabled"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../sites-available/app", filepath.Join(dir, "sites-enabled", "app")); err != nil {
		t.Fatal(err)
	}
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if got := roots(res); len(got) != 1 || len(res.Errors) != 0 {
		t.Errorf("got %v, errors %v", got, res.Errors)
	}
}

// Devices and FIFOs are refused, whether named, found in a directory or
// included: reading them would never end or block.
func TestLoadRefusesNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"nginx.conf": "events {}\nhttp {\n    include /dev/zero;\n}\n",
	})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.conf"), 0o644); err != nil {
		t.Fatal(err)
	}
	chdir(t, dir)
	res := Load([]string{"nginx.conf", "pipe.conf"}, "", input.Options{})
	var msgs []string
	for _, e := range res.Errors {
		msgs = append(msgs, e.Error())
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, "pipe.conf: not a regular file") {
		t.Errorf("named FIFO not refused: %q", joined)
	}
	if !strings.Contains(joined, "nginx.conf:3") || !strings.Contains(joined, "not a regular file") {
		t.Errorf("include of a device not reported at the include: %q", joined)
	}
	// The directory walk passes the FIFO over instead of blocking on it.
	res = Load([]string{"."}, "", input.Options{})
	for _, e := range res.Errors {
		if strings.Contains(e.Error(), "pipe.conf") {
			t.Errorf("walk reported the FIFO: %v", e)
		}
	}
}
