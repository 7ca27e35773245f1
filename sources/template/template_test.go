package template

import (
	"strings"
	"testing"
)

// Each syntax is recognised where the server would read it (positive), and
// its native look-alikes are not (negative).
func TestDetect(t *testing.T) {
	cases := []struct {
		name, path string
		d          Dialect
		data       string
		want       string // Reason(), "" for not a template
	}{
		// Jinja
		{"jinja expression", "site.conf", Nginx, "server {\n    listen {{ port }};\n}\n", "a template with {{ … }} placeholders ({{ … }} at 2:12)"},
		{"jinja tag", "site.conf", Nginx, "server {\n{% if ssl %}\n    listen 443 ssl;\n{% endif %}\n}\n", "a Jinja template ({% … %} at 2:1)"},
		{"jinja comment", "site.conf", Nginx, "{# managed #}\nserver { listen 80; }\n", "a Jinja template ({# … #} at 1:1)"},
		{"jinja filter", "site.conf", Nginx, "server_name {{ names | join(' ') }};\n", "a Jinja template ({{ … }} at 1:13)"},
		{"jinja trim", "site.conf", Nginx, "{%- for u in upstreams %}\nserver {{ u }};\n{%- endfor %}\n", "a Jinja template ({%- … %} at 1:1)"},
		{"j2 extension", "site.conf.j2", Nginx, "server {\n    listen {{ port }};\n}\n", "a Jinja template ({{ … }} at 2:12)"},
		{"j2 comment only", "site.conf.j2", Nginx, "# {{ ansible_managed }}\nserver { listen 80; }\n", "a Jinja template ({{ … }} at 1:3)"},
		{"j2 plain", "site.conf.j2", Nginx, "server { listen 80; }\n", "a Jinja template (.j2 file)"},
		{"comment only", "site.conf", Nginx, "# {{ ansible_managed }}\nserver { listen 80; }\n", ""},
		{"comment after directive", "site.conf", Nginx, "listen 80; # {% if x %} {{ y }}\n", ""},
		{"apache comment", "site.conf", Apache, "# {{ ansible_managed }}\n<VirtualHost *:80>\n</VirtualHost>\n", ""},
		{"liquid", "nginx.conf.liquid", Nginx, "worker_processes {{ workers }};\n", "a Liquid template ({{ … }} at 1:18)"},
		// Go templates, sigil, mustache
		{"go template", "nginx.tmpl", Nginx, "{{ range $host, $c := . }}\nserver { server_name {{ $host }}; }\n{{ end }}\n", "a Go template ({{ … }} at 1:1)"},
		{"go dot", "vhost", Nginx, "server_name {{ .Host }};\n", "a Go template ({{ … }} at 1:13)"},
		{"sigil", "app.conf.sigil", Nginx, "server_name {{ $.VHOST }};\n", "a sigil (Go) template ({{ … }} at 1:13)"},
		{"mustache", "site", Nginx, "{{#ssl}}\nlisten 443 ssl;\n{{/ssl}}\n", "a mustache template ({{# … }} at 1:1)"},
		{"triple mustache", "site", Nginx, "root {{{ root }}};\n", "a mustache template ({{{ … }}} at 1:6)"},
		// ERB, EPP, EJS
		{"erb", "vhost.conf", Apache, "<VirtualHost *:<%= @port %>>\n</VirtualHost>\n", "an ERB template (<%= … %> at 1:16)"},
		{"erb control", "site.conf", Nginx, "<%- if @ssl -%>\nlisten 443 ssl;\n<%- end -%>\n", "an ERB template (<%- … -%> at 1:1)"},
		{"epp", "vhost.epp", Apache, "<%- | String $name | -%>\nServerName <%= $name %>\n", "an EPP template (<%- … -%> at 1:1)"},
		{"epp by content", "proxy.conf", Apache, "ProxyTimeout <%= $timeout %>\n", "an EPP template (<%= … %> at 1:14)"},
		{"ejs", "base.ejs", Nginx, "server_name <%-s.name%>;\n", "an EJS template (<%- … %> at 1:13)"},
		{"erb literal", "site.conf", Nginx, "return 200 '<%% not erb';\n", ""},
		// marked words
		{"autoconf", "httpd.conf.in", Apache, "ServerRoot \"@@ServerRoot@@\"\nAlias /icons/ \"@exp_iconsdir@/\"\n", "a template with @VAR@ placeholders (@@ServerRoot@@ at 1:13)"},
		{"at in email", "site.conf", Apache, "ServerAdmin webmaster@example.com\n", ""},
		{"named location", "site.conf", Nginx, "try_files $uri @backend;\nlocation @backend { }\n", ""},
		{"openssl seclevel", "ssl.conf", Nginx, "ssl_ciphers DEFAULT:@SECLEVEL=1;\n", ""},
		{"percent", "apache-keystone.template", Apache, "Listen %PUBLICPORT%\n", "a template with %VAR% placeholders (%PUBLICPORT% at 1:8)"},
		{"percent in nginx", "nginx_cfg", Nginx, "access_log /var/log/nginx/%NAME%-access.log;\n", "a template with %VAR% placeholders (%NAME% at 1:27)"},
		{"log format", "httpd.conf", Apache, "LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b %U%q\" combined\n", ""},
		{"url escape", "site.conf", Nginx, "rewrite ^/a%20b%2F$ /c;\n", ""},
		{"bang", "vhost.conf", Nginx, "upstream fpm { server !FPM_HOST!:!FPM_PORT!; }\n", "a template with !VAR! placeholders (!FPM_HOST! at 1:23)"},
		{"cipher bang", "ssl.conf", Nginx, "ssl_ciphers \"EECDH+AESGCM:!RSA!aNULL:!MD5!\";\n", ""},
		{"sed PH_", "log.conf", Nginx, "access_log PH_NGINX_LOG_ACCESSLOG;\n", "a template with PH_* (sed) placeholders (PH_NGINX_LOG_ACCESSLOG at 1:12)"},
		{"angle", "10-php.conf", Apache, "<Proxy fcgi://<PHP_SOCKET>>\n</Proxy>\n", "a template with <VAR> placeholders (<PHP_SOCKET> at 1:15)"},
		{"angle nginx", "vhost.conf", Nginx, "server_name <SERVERNAME>;\n", "a template with <VAR> placeholders (<SERVERNAME> at 1:13)"},
		{"apache section", "site.conf", Apache, "<IFMODULE mod_ssl.c>\n</IFMODULE>\n", ""},
		{"html in return", "site.conf", Nginx, "return 200 \"<HTML><BODY>down</BODY></HTML>\";\n", ""},
		{"named capture", "site.conf", Nginx, "location ~ ^/(?<SLUG>[a-z]+)$ { return 200; }\nserver_name ~^(?P<SUB>.+)\\.example$;\n", ""},
		{"percent name", "modoboa.conf.tpl", Nginx, "server_name %hostname;\n", "a template with %name placeholders (%hostname at 1:13)"},
		{"percent name plain file", "modoboa.conf", Nginx, "server_name %hostname;\n", ""},
		{"hash brace", "develop.conf", Nginx, "server_name build.#{MAIN_DOMAIN};\n", "a template with #{VAR} placeholders (#{MAIN_DOMAIN} at 1:19)"},
		{"hash brace comment", "server.conf", Nginx, "    #{TRY_PROXY}\n", ""},
		{"format brace", "site.conf", Nginx, "server_name {vvv_hosts};\n", "a template with {VAR} placeholders ({vvv_hosts} at 1:13)"},
		{"nginx variable brace", "site.conf", Nginx, "return 301 https://${host}$request_uri;\n", ""},
		{"lua table", "site.conf", Nginx, "content_by_lua_block {\n  local t = {{1, 2}, {host}}\n  observe({host})\n}\n", ""},
		{"lua empty tables", "site.conf", Nginx, "init_by_lua_block { local t = {{}} }\n", ""},
		{"regex quantifier", "site.conf", Nginx, "location ~ \"^/[a-z]{2,3}/\" { }\n", ""},
		{"apache env", "apache2.conf", Apache, "User ${APACHE_RUN_USER}\nRewriteCond %{HTTP_HOST} ^www\\.\n", ""},
		{"block banner", "site.conf", Nginx, "server {#####\n  listen 80; ####}\n}\n", ""},
		{"bracket words", "nginx-ssl.conf", Nginx, "ssl_certificate /certs/[FULLCHAIN FILE NAME];\n", "a template with [WORDS TO REPLACE] placeholders ([FULLCHAIN FILE NAME] at 1:24)"},
		{"bracket one word", "site.conf", Nginx, "location ~ ^/[A-Z]+/ { }\nlocation ~ [ABC] { }\n", ""},
		{"rewrite flags", ".htaccess", Apache, "RewriteCond %{HTTP_HOST} ^www [NC OR]\nRewriteRule ^ - [L]\n", ""},
		{"ipv6 listen", "site.conf", Nginx, "listen [::1]:80;\n", ""},
	}
	for _, c := range cases {
		m := Detect(c.path, []byte(c.data), c.d)
		got := ""
		if m != nil {
			got = m.Reason()
		}
		if got != c.want {
			t.Errorf("%s: Detect = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEnvsubst(t *testing.T) {
	defined := func(names ...string) func(string) bool {
		return func(n string) bool {
			for _, d := range names {
				if d == n {
					return true
				}
			}
			return false
		}
	}
	cases := []struct {
		name, path, data string
		defined          []string
		want             string
	}{
		{"template file", "default.conf.template", "server { listen ${NGINX_PORT}; }\n", nil, "an envsubst template (${NGINX_PORT} at 1:17)"},
		{"unbraced", "nginx.conf.template", "error_log $NGINX_ERROR_LOG warn;\n", nil, "an envsubst template ($NGINX_ERROR_LOG at 1:11)"},
		{"builtin name in a template file", "default.conf.template", "server_name ${HOSTNAME};\n", nil, "an envsubst template (${HOSTNAME} at 1:13)"},
		{"undefined in plain file", "site.conf", "proxy_pass http://${BACKEND_HOST}:8080;\n", nil, "an envsubst template (${BACKEND_HOST} at 1:19)"},
		{"builtin upper case", "site.conf", "proxy_set_header Host ${HOST};\nadd_header X $HTTP_X_REAL_IP;\n", nil, ""},
		{"defined by set", "site.conf", "set $MAGE_ROOT /var/www;\nroot $MAGE_ROOT;\n", nil, ""},
		{"defined elsewhere", "site.conf", "root $MAGE_ROOT;\n", []string{"mage_root"}, ""},
		{"lower case", "site.conf", "proxy_pass http://$backend;\n", nil, ""},
		{"comment", "site.conf", "# listen ${PORT};\nlisten 80;\n", nil, ""},
		{"naxsi", "naxsi.rules", "CheckRule \"$SQL >= 8\" BLOCK;\n", nil, ""},
		{"capture group", "site.conf", "location ~ ^/(\\d+)$ { return 200 $1; }\n", nil, ""},
	}
	for _, c := range cases {
		names := append(c.defined, DefinedVars([]byte(c.data))...)
		m := Envsubst(c.path, []byte(c.data), defined(names...))
		got := ""
		if m != nil {
			got = m.Reason()
		}
		if got != c.want {
			t.Errorf("%s: Envsubst = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestDefinedVars(t *testing.T) {
	data := `set $A 1;
map $http_host $BACKEND { default x; }
geo $remote_addr $Trusted { default 0; }
geo $Office { default 0; }
split_clients "${remote_addr}" $VARIANT { * a; }
perl_set $PERL 'sub { 1 }';
js_set $JS main.f;
auth_request_set $USER $upstream_http_x_user;
location ~ ^/(?<SLUG>[a-z]+)/(?P<ID>\d+)$ { }
# set $COMMENTED 1;
`
	got := strings.Join(DefinedVars([]byte(data)), " ")
	for _, want := range []string{"a", "backend", "trusted", "office", "variant", "perl", "js", "user", "slug", "id"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("DefinedVars lacks %q: %s", want, got)
		}
	}
	if strings.Contains(got, "commented") {
		t.Errorf("a commented set counts: %s", got)
	}
}

// Neutralize keeps positions and lets a sniffer see the configuration a
// template renders to.
func TestNeutralize(t *testing.T) {
	in := "{% if ssl %}\nlisten {{ port }} ssl;\n{{ range .X }}\n<%= @name %>\n{{/*c*/}}"
	got := string(Neutralize([]byte(in)))
	want := "            \nlisten xxxxxxxxxx ssl;\n              \nxxxxxxxxxxxx\n         "
	if got != want {
		t.Errorf("Neutralize =\n%q\nwant\n%q", got, want)
	}
}

func TestRenderedAndGeneric(t *testing.T) {
	for in, want := range map[string]string{
		"site.conf.j2": "site.conf", "nginx.conf.liquid": "nginx.conf", "default.conf.template": "default.conf",
		"site.conf": "site.conf", "compose.yml.j2": "compose.yml",
	} {
		if got := Rendered(in); got != want {
			t.Errorf("Rendered(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{
		"a.conf.template": true, "nginx.template.conf": true, "x.tmpl": true, "httpd.conf.in": true,
		"site.conf": false, "site.conf.j2": false,
	} {
		if got := Generic(in); got != want {
			t.Errorf("Generic(%q) = %v", in, got)
		}
	}
}
