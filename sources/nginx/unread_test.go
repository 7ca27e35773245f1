package nginx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// loadTree writes files below a temporary directory (the repository) and
// loads entry, returning the configs, errors and notices with the
// directory left out of their text.
func loadTree(t *testing.T, files map[string]string, entry string, opts input.Options) ([]*lint.Config, []string, []string) {
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
	if opts.Root == "" {
		opts.Root = dir
	}
	cfgs, errs := Load(filepath.Join(dir, entry), opts)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, strings.ReplaceAll(e.Error(), dir+"/", ""))
	}
	return cfgs, msgs, notices
}

func expectOne(t *testing.T, what string, got []string, want string) {
	t.Helper()
	if len(got) != 1 || got[0] != want {
		t.Errorf("%s:\n got %q\nwant [%q]", what, got, want)
	}
}

// A template named as the entry is left out with a notice naming the
// syntax and where it was seen; its placeholders are never errors.
func TestTemplateEntry(t *testing.T) {
	cfgs, errs, notices := loadTree(t, map[string]string{
		"site.conf.j2": "server {\n    listen {{ port }};\n{% if ssl %}\n    listen 443 ssl;\n{% endif %}\n}\n",
	}, "site.conf.j2", input.Options{})
	if len(cfgs) != 0 || len(errs) != 0 {
		t.Errorf("configs %d, errors %q", len(cfgs), errs)
	}
	expectOne(t, "notices", notices, "site.conf.j2:2:12: not linted: a Jinja template ({{ … }} at 2:12); lint the rendered file")
}

// A placeholder in a comment is not read by nginx: the file is linted.
func TestTemplateInCommentIsLinted(t *testing.T) {
	cfgs, errs, notices := loadTree(t, map[string]string{
		"site.conf": "# {{ ansible_managed }}\n# {% if false %}\nserver { listen 80; } # {{ note }}\n",
	}, "site.conf", input.Options{})
	if len(cfgs) != 1 || len(errs) != 0 || len(notices) != 0 {
		t.Errorf("configs %d, errors %q, notices %q", len(cfgs), errs, notices)
	}
}

// A whole tree that includes a template is linted without it: a notice at
// the template, the include listed as unread, no parse error.
func TestTreeIncludingTemplate(t *testing.T) {
	cfgs, errs, notices := loadTree(t, map[string]string{
		"nginx.conf":       "events {}\nhttp {\n    include conf.d/*.conf;\n}\n",
		"conf.d/app.conf":  "server { listen 80; location / { proxy_pass http://127.0.0.1:8080; } }\n",
		"conf.d/tmpl.conf": "server {\n    listen <%= @port %>;\n}\n",
	}, "nginx.conf", input.Options{})
	if len(errs) != 0 || len(cfgs) != 1 {
		t.Fatalf("configs %d, errors %q", len(cfgs), errs)
	}
	expectOne(t, "notices", notices, "conf.d/tmpl.conf:2:12: not linted: an ERB template (<%= … %> at 2:12), included at nginx.conf:3:5; lint the rendered file")
	cfg := cfgs[0]
	if len(cfg.Files) != 2 || !cfg.Incomplete() || len(cfg.Unread) != 1 || cfg.Fragment {
		t.Errorf("files %v, unread %v, fragment %v", cfg.Files, cfg.Unread, cfg.Fragment)
	}
}

// envsubst: an upper-case variable nothing defines is a placeholder; one
// the tree defines (in another file) is nginx's own.
func TestEnvsubst(t *testing.T) {
	_, errs, notices := loadTree(t, map[string]string{
		"default.conf.template": "server {\n    listen ${NGINX_PORT};\n    server_name ${NGINX_HOST};\n}\n",
	}, "default.conf.template", input.Options{})
	if len(errs) != 0 {
		t.Errorf("errors %q", errs)
	}
	expectOne(t, "template file", notices, "default.conf.template:2:12: not linted: an envsubst template (${NGINX_PORT} at 2:12); lint the rendered file")

	cfgs, errs, notices := loadTree(t, map[string]string{
		"nginx.conf":      "events {}\nhttp {\n    map $http_host $BACKEND { default 127.0.0.1:8080; }\n    include conf.d/*.conf;\n}\n",
		"conf.d/app.conf": "server { listen 80; location / { proxy_pass http://$BACKEND; } }\n",
		"conf.d/env.conf": "server { listen 81; location / { proxy_pass http://${API_HOST}; } }\n",
	}, "nginx.conf", input.Options{})
	if len(errs) != 0 || len(cfgs) != 1 {
		t.Fatalf("configs %d, errors %q", len(cfgs), errs)
	}
	expectOne(t, "tree", notices, "conf.d/env.conf:1:52: not linted: an envsubst template (${API_HOST} at 1:52), included at nginx.conf:4:5; lint the rendered file")
	if got := strings.Join(cfgs[0].Files, " "); strings.Contains(got, "env.conf") || !strings.Contains(got, "app.conf") {
		t.Errorf("files %s", got)
	}
}

// The include policy: in a fragment a missing include of the server's
// own files is a notice and the fragment is linted; in a whole tree, with
// --strict-includes or inside the repository it stays nginx -t's error.
func TestMissingIncludes(t *testing.T) {
	snippet := "server {\n    listen 443 ssl;\n    include /etc/letsencrypt/options-ssl-nginx.conf;\n    location / { proxy_pass http://127.0.0.1:8080; }\n}\n"
	const absNotice = `site.conf:3:5: not linted: include "/etc/letsencrypt/options-ssl-nginx.conf" is outside the repository; its settings are unknown (--strict-includes makes this an error)`
	cfgs, errs, notices := loadTree(t, map[string]string{"site.conf": snippet}, "site.conf", input.Options{})
	if len(errs) != 0 || len(cfgs) != 1 {
		t.Fatalf("fragment: configs %d, errors %q", len(cfgs), errs)
	}
	expectOne(t, "fragment", notices, absNotice)
	if u := cfgs[0].Unread; len(u) != 1 || u[0].Path != "/etc/letsencrypt/options-ssl-nginx.conf" || u[0].Pos.Line != 3 {
		t.Errorf("unread %+v", u)
	}

	_, errs, notices = loadTree(t, map[string]string{"site.conf": snippet}, "site.conf", input.Options{StrictIncludes: true})
	expectOne(t, "strict", errs, `site.conf:3:5: open() "/etc/letsencrypt/options-ssl-nginx.conf" failed (2: No such file or directory)`)
	if len(notices) != 0 {
		t.Errorf("strict: notices %q", notices)
	}

	_, errs, _ = loadTree(t, map[string]string{
		"nginx.conf": "events {}\nhttp {\n    include /etc/letsencrypt/options-ssl-nginx.conf;\n}\n",
	}, "nginx.conf", input.Options{})
	expectOne(t, "whole tree", errs, `nginx.conf:3:5: open() "/etc/letsencrypt/options-ssl-nginx.conf" failed (2: No such file or directory)`)

	_, errs, notices = loadTree(t, map[string]string{
		"sites/site.conf": "server {\n    include snippets/ssl-params.conf;\n}\n",
	}, "sites/site.conf", input.Options{})
	if len(errs) != 0 {
		t.Errorf("relative: errors %q", errs)
	}
	expectOne(t, "relative", notices, `sites/site.conf:2:5: not linted: include "snippets/ssl-params.conf" is not in the repository (the server reads it relative to its own prefix); its settings are unknown (--strict-includes makes this an error)`)

	// A path the user mapped into the checkout must be there.
	dir := t.TempDir()
	_, errs, _ = loadTree(t, map[string]string{"site.conf": "server {\n    include /etc/nginx/snippets/x.conf;\n}\n"}, "site.conf",
		input.Options{Mappings: []input.Mapping{{From: "/etc/nginx", To: dir}}})
	if len(errs) != 1 || !strings.Contains(errs[0], "failed (2: No such file or directory)") {
		t.Errorf("mapped: errors %q", errs)
	}
}

// A fragment finds the repository's copy of the conf prefix above it.
func TestFragmentFindsPrefixCopyAbove(t *testing.T) {
	cfgs, errs, notices := loadTree(t, map[string]string{
		"rootfs/etc/nginx/http.d/default.conf": "server {\n    location ~ \\.php$ { include /etc/nginx/shared/fpm.conf; }\n}\n",
		"rootfs/etc/nginx/shared/fpm.conf":     "fastcgi_pass 127.0.0.1:9000;\n",
	}, "rootfs/etc/nginx/http.d/default.conf", input.Options{})
	if len(errs) != 0 || len(notices) != 0 || len(cfgs) != 1 || len(cfgs[0].Files) != 2 {
		t.Errorf("errors %q, notices %q, files %v", errs, notices, cfgs[0].Files)
	}
}

// Main-context snippets (modules-enabled/*.conf, a main.d include) are
// read in the main context, as fragments.
func TestMainContextFragment(t *testing.T) {
	cfgs, errs, _ := loadTree(t, map[string]string{
		"main.d/tuning.conf": "worker_processes auto;\nworker_rlimit_nofile 8192;\npid /run/nginx.pid;\nload_module modules/ngx_http_geoip_module.so;\n",
	}, "main.d/tuning.conf", input.Options{})
	if len(errs) != 0 || len(cfgs) != 1 || !cfgs[0].Fragment {
		t.Errorf("errors %q, configs %d", errs, len(cfgs))
	}
	cfgs, errs, _ = loadTree(t, map[string]string{
		"nginx.conf": "worker_processes 2;\nevents {}\nstream { server { listen 53 udp; proxy_pass 10.0.0.1:53; } }\n",
	}, "nginx.conf", input.Options{})
	if len(errs) != 0 || len(cfgs) != 1 || cfgs[0].Fragment {
		t.Errorf("stream-only main configuration: errors %q, fragment %v", errs, len(cfgs) == 1 && cfgs[0].Fragment)
	}
}

// nginx's own syntax holding HTML or Lua is still nginx; Apache is not.
func TestSniffStringsAndLua(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       int
	}{
		{"html in return", "server {\n  listen 80;\n  location / {\n    return 200 \"<!DOCTYPE html>\n<html>\n<body>down</body>\n</html>\";\n  }\n}\n", 1},
		{"html in single quotes", "location / {\n  return 200 '<html>\n<head><title>x</title></head>\n</html>\n';\n}\n", 1},
		{"lua block", "http {\n server {\n  location / {\n   content_by_lua_block {\n    ngx.say(\"<p>hi</p>\")\n    Header = 1\n   }\n  }\n }\n}\n", 2},
		{"lua init", "init_by_lua_block {\n  require \"resty.core\"\n  Options = {}\n}\n", 1},
		{"apache", "<VirtualHost *:80>\n  ServerName a\n</VirtualHost>\n", 0},
		{"apache directive first", "ServerName a;\n", 0},
	} {
		if got := Sniff("x.conf", []byte(c.head)); got != c.want {
			t.Errorf("%s: Sniff = %d, want %d", c.name, got, c.want)
		}
	}
}

// An envsubst template says only that: its includes are not looked at.
func TestEnvsubstTemplateIncludesNotReported(t *testing.T) {
	_, errs, notices := loadTree(t, map[string]string{
		"site.conf": "server {\n    root \"${PROJECTBASE}/static\";\n    include /etc/nginx/missing.conf;\n}\n",
	}, "site.conf", input.Options{})
	if len(errs) != 0 {
		t.Errorf("errors %q", errs)
	}
	expectOne(t, "notices", notices, "site.conf:2:11: not linted: an envsubst template (${PROJECTBASE} at 2:11); lint the rendered file")
}
