package apache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// loadTree writes files below a temporary directory (the repository) and
// loads entry, returning the config, errors and notices with the
// directory left out of their text.
func loadTree(t *testing.T, files map[string]string, entry string, opts input.Options) (*lint.Config, []string, []string) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var notices []string
	opts.Notify = func(n lint.Notice) { notices = append(notices, strings.ReplaceAll(n.String(), dir+"/", "")) }
	opts.Root = dir
	cfgs, errs := Load(filepath.Join(dir, entry), opts)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, strings.ReplaceAll(e.Error(), dir+"/", ""))
	}
	return cfgs[0], msgs, notices
}

const outsideSnippet = `<VirtualHost *:443>
    ServerName app.example.com
    Include /etc/letsencrypt/options-ssl-apache.conf
    ProxyPass / http://127.0.0.1:8080/
</VirtualHost>
`

// A snippet's include of a file outside the repository is unknown, not
// missing: a notice, and the tree is incomplete so whole-tree rules hold
// back. --strict-includes keeps httpd's error.
func TestFragmentIncludeOutsideRepository(t *testing.T) {
	files := map[string]string{"sites-available/app.conf": outsideSnippet}
	cfg, errs, notices := loadTree(t, files, "sites-available/app.conf", input.Options{})
	if len(errs) != 0 {
		t.Errorf("errors: %q", errs)
	}
	want := `sites-available/app.conf:3:13: not linted: include "/etc/letsencrypt/options-ssl-apache.conf" is outside the repository; its settings are unknown (--strict-includes makes this an error)`
	if len(notices) != 1 || notices[0] != want {
		t.Errorf("notices:\n got %q\nwant [%q]", notices, want)
	}
	if !cfg.Incomplete() || len(cfg.Unread) != 1 || cfg.Unread[0].Path != "/etc/letsencrypt/options-ssl-apache.conf" {
		t.Errorf("Unread = %+v, want the include", cfg.Unread)
	}

	_, errs, notices = loadTree(t, files, "sites-available/app.conf", input.Options{StrictIncludes: true})
	if len(errs) != 1 || !strings.Contains(errs[0], "Could not open configuration file /etc/letsencrypt/options-ssl-apache.conf") || len(notices) != 0 {
		t.Errorf("--strict-includes: errors %q, notices %q; want httpd's error only", errs, notices)
	}
}

// A whole tree keeps httpd's behaviour: its missing include is an error.
func TestMainIncludeMissing(t *testing.T) {
	files := map[string]string{"httpd.conf": "ServerRoot /srv\nListen 80\nLoadModule proxy_module modules/mod_proxy.so\nInclude /etc/httpd/conf.d/missing.conf\n"}
	_, errs, notices := loadTree(t, files, "httpd.conf", input.Options{})
	if len(errs) != 1 || !strings.Contains(errs[0], "Could not open configuration file /etc/httpd/conf.d/missing.conf") || len(notices) != 0 {
		t.Errorf("errors %q, notices %q; want httpd's error", errs, notices)
	}
}

// A template included by a tree is cut out of it with a notice where it
// is included; its placeholders are never parse errors.
func TestIncludedTemplate(t *testing.T) {
	files := map[string]string{
		"site.conf":           "<VirtualHost *:80>\n    ServerName a.example.com\n    Include conf/proxy.conf.erb\n</VirtualHost>\n",
		"conf/proxy.conf.erb": "<% if @proxy %>\nProxyPass / http://<%= @backend %>/\n<% end %>\n",
	}
	cfg, errs, notices := loadTree(t, files, "site.conf", input.Options{})
	if len(errs) != 0 {
		t.Errorf("errors: %q", errs)
	}
	if len(notices) != 1 || !strings.HasPrefix(notices[0], "site.conf:3:13: not linted: conf/proxy.conf.erb is ") || !strings.Contains(notices[0], "lint the rendered file") {
		t.Errorf("notices: %q", notices)
	}
	if !cfg.Incomplete() {
		t.Error("a tree without its included template must be incomplete")
	}
}
