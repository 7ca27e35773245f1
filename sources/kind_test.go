package sources

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// Files no web server reads sit beside configuration in real repositories:
// a walk passes them over without an error or a notice, whatever they
// contain.
var notConfigFiles = map[string]string{
	"nginx/html/50x.html":          "<!DOCTYPE html>\n<html>\n<head><title>Error</title></head>\n<body><p>Sorry.</p></body>\n</html>\n",
	"nginx/html/maintenance":       "<html>\n<body>\n<div>down</div>\n</body>\n</html>\n",
	"nginx/README.md":              "# nginx\n\nserver { listen 80; }\n",
	"nginx/lua/auth.lua":           "local x = {}\nif ngx.var.uri == \"/\" then\n  return ngx.exit(403)\nend\n",
	"nginx/app/index.php":          "<?php\necho 'hi';\n",
	"nginx/app/app.js":             "server { listen(80); }\n",
	"k8s/deployment.yaml":          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n",
	"php/php.ini":                  "[PHP]\nengine = On\nmemory_limit = 128M\nerror_log = /var/log/php.log\n",
	"cockpit/cockpit.conf":         "[WebService]\nOrigins = https://example.com\nProtocolHeader = X-Forwarded-Proto\n",
	"scripts/entrypoint.sh":        "#!/bin/sh\nexec nginx -g 'daemon off;'\n",
	"scripts/reload":               "#!/usr/bin/env bash\nnginx -s reload;\n",
	"ansible/templates/sshd.j2":    "Port {{ ssh_port }}\nPermitRootLogin no\n",
	"ansible/templates/app.yml.j2": "services:\n  app:\n    image: {{ image }}\n",
}

func TestWalkIgnoresFilesThatAreNotConfiguration(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"nginx/nginx.conf": "events {}\nhttp {\n    server { listen 80; }\n}\n"}
	for k, v := range notConfigFiles {
		files[k] = v
	}
	write(t, dir, files)
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if len(res.Errors) != 0 || len(res.Notices) != 0 {
		t.Errorf("errors %v\nnotices %v", res.Errors, res.Notices)
	}
	if got := roots(res); len(got) != 1 || got[0] != "nginx:nginx/nginx.conf" {
		t.Errorf("configs %v", got)
	}
}

const (
	terraformZone = "resource \"cloudflare_zone\" \"main\" {\n  zone = \"example.com\"\n}\n"
	terraformDNS  = "resource \"cloudflare_record\" \"www\" {\n  zone_id = var.zone\n  name    = \"www\"\n}\n"
	terraformAWS  = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n"
	terraformFmt  = "resource \"cloudflare_record\" \"%[1]s\" {\n  zone_id = \"%[2]s\"\n}\n"
)

// Terraform is where teams keep their CDN: each directory of .tf files is
// one module, read once, whose Cloudflare zones join the lint; a module
// of other providers is silent, unless nothing at all was linted under
// the path, where a notice keeps the run from "found no configuration";
// provider test fixtures (Go fmt templates) are noticed; variable files
// are read with their module and, named alone, noticed.
func TestTerraformModules(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"infra/main.tf":               terraformZone,
		"infra/dns.tf":                terraformDNS,
		"infra/terraform.tfvars":      "zone = \"example.com\"\n",
		"infra/prod.auto.tfvars.json": "{\"zone\": \"example.com\"}\n",
		"infra/dns/records.tf":        terraformDNS,
		"infra/aws/s3.tf":             terraformAWS,
		"infra/aws/iam.tf":            "resource \"aws_iam_role\" \"ci\" {\n  name = \"ci\"\n}\n",
		"infra/testdata/v4_basic.tf":  terraformFmt,
		"infra/.terraform/modules.tf": terraformDNS,
		"aws/main.tf":                 terraformAWS,
		"aws/vars.tf":                 "variable \"region\" {}\n",
	})
	chdir(t, dir)
	res := Load([]string{"infra"}, "", input.Options{})
	if len(res.Errors) != 0 {
		t.Errorf("errors %v", res.Errors)
	}
	// infra/'s record names its zone through a variable without a
	// value: a zone of its own, unknown; so does infra/dns/'s, in its own
	// module.
	if got := strings.Join(roots(res), " "); got != "cloudflare:cloudflare:zone/example.com cloudflare:cloudflare:zone/var.zone cloudflare:cloudflare:zone/var.zone" {
		t.Errorf("configs %s", got)
	}
	if len(res.Notices) != 1 || res.Notices[0].String() != "infra/testdata/v4_basic.tf:1:31: not linted: a Go fmt template (%[1]s at 1:31); lint the rendered file" {
		t.Errorf("notices %v", res.Notices)
	}
	for _, c := range []struct{ path, want string }{
		{"aws", "aws: nothing linted in 1 Terraform module: no Cloudflare zone, DNS record, zone setting, ruleset or load balancer known before a plan (--terraform-plan reads one; docs/TERRAFORM.md)"},
		{"infra/terraform.tfvars", "infra/terraform.tfvars: not linted on its own: a module's terraform.tfvars and *.auto.tfvars are read with its .tf files; name the module's directory"},
		{"infra/prod.auto.tfvars.json", "infra/prod.auto.tfvars.json: not linted on its own: a module's terraform.tfvars and *.auto.tfvars are read with its .tf files; name the module's directory"},
	} {
		res := Load([]string{c.path}, "", input.Options{})
		if len(res.Errors) != 0 || len(res.Configs) != 0 || len(res.Notices) != 1 || res.Notices[0].String() != c.want {
			t.Errorf("%s: errors %v, configs %v, notices %v; want the notice %q", c.path, res.Errors, roots(res), res.Notices, c.want)
		}
	}
	// A named .tf file is its module.
	res = Load([]string{"infra/dns.tf"}, "", input.Options{})
	if got := strings.Join(roots(res), " "); len(res.Errors) != 0 || got != "cloudflare:cloudflare:zone/example.com cloudflare:cloudflare:zone/var.zone" {
		t.Errorf("infra/dns.tf: errors %v, configs %s", res.Errors, got)
	}
	// With a plan read instead, the modules' zones go.
	if got := WithoutTerraform(Load([]string{"infra"}, "", input.Options{})); len(got.Configs) != 0 {
		t.Errorf("WithoutTerraform kept %v", roots(got))
	}
}

// Named on the command line, such a file is an error that says what it is.
func TestNamedFileThatIsNotConfiguration(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, notConfigFiles)
	chdir(t, dir)
	for name, what := range map[string]string{
		"nginx/html/50x.html":    "an HTML page, not nginx or Apache configuration",
		"nginx/html/maintenance": "an HTML page",
		"nginx/lua/auth.lua":     "Lua code",
		"php/php.ini":            "an INI file",
		"k8s/deployment.yaml":    "YAML",
		"scripts/reload":         "a script",
	} {
		res := Load([]string{name}, "", input.Options{})
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), name+": "+what) {
			t.Errorf("%s: errors %v, want %q", name, res.Errors, what)
		}
	}
}

// Compose files are a source of their own: a walk loads each with its
// services, next to the nginx tree; so are Kubernetes Service manifests,
// as context for the tree; other YAML stays passed over.
func TestComposeFilesAreLoaded(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"nginx/nginx.conf":         "events {}\nhttp {\n    server { listen 80; }\n}\n",
		"docker-compose.yml":       "services:\n  nginx:\n    image: nginx\n    ports:\n      - \"80:80\"\n",
		"docker-compose.prod.yml":  "services:\n  api:\n    image: ${REGISTRY}/api\n    expose: [\"8000\"]\n",
		"k8s/service.yaml":         "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    services:\n      db:\n        image: postgres\n",
	})
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if len(res.Errors) != 0 || len(res.Notices) != 0 {
		t.Errorf("errors %v\nnotices %v", res.Errors, res.Notices)
	}
	want := []string{"compose:docker-compose.prod.yml", "compose:docker-compose.yml", "compose:k8s/service.yaml", "nginx:nginx/nginx.conf"}
	if got := roots(res); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("configs %v, want %v", got, want)
	}
}

// PHP-FPM's files are a source of their own: a walk loads php-fpm.conf
// with the pools it includes and a pool file that nothing includes on
// its own, and a template of one gets the template notice.
func TestPHPFPMFilesAreLoaded(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"nginx/nginx.conf":               "events {}\nhttp {\n    server { listen 80; }\n}\n",
		"php/php-fpm.conf":               "[global]\npid = /run/php-fpm.pid\ninclude=/etc/php/fpm/pool.d/*.conf\n",
		"php/pool.d/www.conf":            "; pool\n[www]\nuser = www-data\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 4\n",
		"docker/app.pool.conf":           "user = www-data\ngroup = www-data\nlisten = 0.0.0.0:9000\npm = dynamic\n",
		"ansible/templates/pool.conf.j2": "[{{ pool }}]\nuser = {{ user }}\nlisten = {{ listen }}\n",
		"php/php.ini":                    "[PHP]\nmemory_limit = 128M\n",
		"uwsgi/app.ini":                  "[uwsgi]\nmodule = app\nprocesses = 4\nsocket = /run/app.sock\nlisten = 128\n",
	})
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if len(res.Errors) != 0 {
		t.Errorf("errors %v", res.Errors)
	}
	if got := strings.Join(roots(res), " "); got != "nginx:nginx/nginx.conf php-fpm:docker/app.pool.conf php-fpm:php/php-fpm.conf uwsgi:uwsgi/app.ini" {
		t.Errorf("configs %s", got)
	}
	if len(res.Notices) != 1 || res.Notices[0].String() != "ansible/templates/pool.conf.j2:1:2: not linted: a Jinja template ({{ … }} at 1:2); lint the rendered file" {
		t.Errorf("notices %v", res.Notices)
	}
}

// Templates are left out with a notice, never an error: those of nginx
// and Apache files found by a walk, and any template named explicitly.
func TestTemplatesAreNoticed(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"roles/web/templates/site.conf.j2":       "server {\n    listen {{ port }};\n    location / { proxy_pass http://{{ backend }}; }\n}\n",
		"roles/nginx/templates/macros.j2":        "{% macro listen(p) %}{{ p }}{% endmacro %}\n",
		"puppet/templates/vhost.conf.erb":        "<VirtualHost *:<%= @port %>>\n    ServerName <%= @name %>\n    ProxyPass / http://127.0.0.1:8080/\n</VirtualHost>\n",
		"apache/httpd.conf.in":                   "ServerRoot \"@@ServerRoot@@\"\nListen 80\n",
		"ansible/templates/sshd_config.j2":       "Port {{ ssh_port }}\n",
		"docker/templates/default.conf.template": "server {\n    listen ${NGINX_PORT};\n    location / { proxy_pass http://app; }\n}\n",
	})
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if len(res.Errors) != 0 || len(res.Configs) != 0 {
		t.Errorf("errors %v, configs %v", res.Errors, roots(res))
	}
	var got []string
	for _, n := range res.Notices {
		got = append(got, n.String())
	}
	want := []string{
		"apache/httpd.conf.in:1:13: not linted: a template with @VAR@ placeholders (@@ServerRoot@@ at 1:13); lint the rendered file",
		"docker/templates/default.conf.template:2:12: not linted: an envsubst template (${NGINX_PORT} at 2:12); lint the rendered file",
		"puppet/templates/vhost.conf.erb:1:16: not linted: an ERB template (<%= … %> at 1:16); lint the rendered file",
		"roles/nginx/templates/macros.j2:1:1: not linted: a Jinja template ({% … %} at 1:1); lint the rendered file",
		"roles/web/templates/site.conf.j2:2:12: not linted: a Jinja template ({{ … }} at 2:12); lint the rendered file",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("notices:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Named, even a template of something else is said to be skipped.
	res = Load([]string{"ansible/templates/sshd_config.j2"}, "", input.Options{})
	if len(res.Errors) != 0 || len(res.Notices) != 1 {
		t.Errorf("named template: errors %v, notices %v", res.Errors, res.Notices)
	}
}

// Repositories keep configuration in hidden directories (.docker/,
// .conf/); tool directories (.git) are still passed over.
func TestWalkReadsHiddenConfigDirectories(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		".docker/nginx.conf":  "events {}\nhttp {\n    server { listen 80; }\n}\n",
		".git/config.conf":    "server { listen 81; }\n",
		"node_modules/x.conf": "server { listen 82; }\n",
	})
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if got := roots(res); len(got) != 1 || got[0] != "nginx:.docker/nginx.conf" || len(res.Errors) != 0 {
		t.Errorf("configs %v, errors %v", got, res.Errors)
	}
}

// A snippet's include of the server's own file (outside the repository)
// is a notice unless strict; the root is the repository of the path named.
func TestIncludeOutsideRepository(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"repo/.git/HEAD":        "ref: refs/heads/main\n",
		"repo/sites/site.conf":  "server {\n    listen 80;\n    include /config/nginx/proxy.conf;\n}\n",
		"repo/sites/other.conf": "server {\n    listen 81;\n    include " + dir + "/repo/missing.conf;\n}\n",
	})
	chdir(t, dir)
	res := Load([]string{"repo/sites"}, "", input.Options{})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "other.conf:3:5: open()") {
		t.Errorf("an include inside the repository must be there: errors %v", res.Errors)
	}
	if len(res.Notices) != 1 || !strings.Contains(res.Notices[0].String(), `site.conf:3:5: not linted: include "/config/nginx/proxy.conf" is outside the repository`) {
		t.Errorf("notices %v", res.Notices)
	}
	res = Load([]string{"repo/sites/site.conf"}, "", input.Options{StrictIncludes: true})
	if len(res.Errors) != 1 || len(res.Notices) != 0 {
		t.Errorf("strict: errors %v, notices %v", res.Errors, res.Notices)
	}
}

// A template that a tree includes is noticed once, by the tree, which
// says where it was included.
func TestIncludedTemplateNoticedOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"nginx/nginx.conf":         "events {}\nhttp {\n    include sites/*;\n}\n",
		"nginx/sites/app":          "server { listen 80; }\n",
		"nginx/sites/templated.j2": "server {\n    listen {{ port }};\n}\n",
	})
	chdir(t, dir)
	res := Load([]string{"."}, "", input.Options{})
	if len(res.Errors) != 0 || len(res.Notices) != 1 ||
		res.Notices[0].String() != "nginx/sites/templated.j2:2:12: not linted: a Jinja template ({{ … }} at 2:12), included at nginx/nginx.conf:3:5; lint the rendered file" {
		t.Errorf("errors %v, notices %v", res.Errors, res.Notices)
	}
}
