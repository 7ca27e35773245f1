package apache

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/sources/input"
)

// commentCases are directives followed by a "# comment", in a context, with
// what apache2 -t (Debian 2.4.67) says about them: its message, or "" when
// it starts with the words as arguments.
var commentCases = []struct {
	ctx, line, err string
}{
	{"server", "Timeout 60 # seconds", "Timeout takes one argument, Timeout duration (sec)"},
	{"server", "Listen 127.0.0.1:8081 https # TLS", "Listen requires 1 or 2 arguments."},
	{"server", "Listen 127.0.0.1:8082 #TLS", ""},
	{"server", "Define TLS # comment", "Define takes 1-2 arguments, Define a variable, optionally to a value.  Same as passing -D to the command line."},
	{"server", "IncludeOptional /nonexistent/*.conf # sites", "IncludeOptional takes one argument, Name or pattern of the config file(s) to be included; ignored if the file does not exist or the pattern does not match any files"},
	{"vhost", "ProxyPass /app http://127.0.0.1:8080/ # comment", "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."},
	{"vhost", "ProxyPass /app http://127.0.0.1:8080/ timeout=5 #comment", "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."},
	{"vhost", "ProxyPass /app http://127.0.0.1:8080/ # timeout=5", "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."},
	{"vhost", "ProxyPassMatch ^/api/(.*)$ http://127.0.0.1:8080/$1 # api", "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."},
	{"location", "ProxyPass http://127.0.0.1:8080/ # comment", "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."},
	{"vhost", "ProxyPassReverse /app http://127.0.0.1:8080/ # comment", "ProxyPassReverse takes one, two or three arguments, a virtual path and a URL for reverse proxy behaviour"},
	{"vhost", "ProxyPassReverse /app http://127.0.0.1:8080/ #comment", ""},
	{"location", "ProxyPassReverse http://127.0.0.1:8080/ #comment", "ProxyPassReverse can not have a path when defined in a location"},
	{"proxy", "BalancerMember http://127.0.0.1:8081 # first", "BalancerMember can not have a balancer name when defined in a location"},
	{"proxy", "BalancerMember http://127.0.0.1:8081 retry=5 #first", "BalancerMember can not have a balancer name when defined in a location"},
	{"proxy", "ProxySet lbmethod=byrequests # default", "Invalid ProxySet parameter. Parameter must be in the form 'key=value'"},
	{"vhost", "ProxyTimeout 300 # slow reports", "ProxyTimeout takes one argument, Set the timeout (in seconds) for a proxied connection. This overrides the server timeout"},
	{"vhost", "ProxyErrorOverride On # comment", "ProxyErrorOverride: status codes to intercept must be numeric"},
	{"vhost", "KeepAliveTimeout 5 # comment", "KeepAliveTimeout takes one argument, Keep-Alive timeout duration (sec)"},
	{"vhost", "KeepAlive On # comment", ""},
	{"vhost", "ProxyPreserveHost On # comment", ""},
	{"vhost", "SSLProxyEngine on # comment", ""},
	{"vhost", "SSLProxyVerify none # comment", "SSLProxyVerify takes one argument, SSL Proxy: whether to verify the remote certificate ('on' or 'off')"},
	{"vhost", "SSLProtocol all -SSLv3 # comment", "SSLProtocol: Illegal protocol '#'"},
	{"vhost", "ServerName www.example.com # comment", "ServerName takes one argument, The hostname and port of the server"},
	{"vhost", "ServerAlias example.com # comment", ""},
	{"vhost", "ServerAdmin webmaster@example.com #", "ServerAdmin takes one argument, The email address of the server administrator"},
	{"vhost", "DocumentRoot /var/www # comment", "DocumentRoot takes one argument, Root directory of the document tree"},
	{"vhost", "Alias /static /var/www/static # comment", "Alias takes 1-2 arguments, a fakename and a realname, or a realname in a Location"},
	{"vhost", "Redirect permanent /old https://www.example.com/ # moved", "Redirect takes one, two or three arguments, an optional status, then document to be redirected and destination URL"},
	{"vhost", "RequestHeader set X-Forwarded-Proto https # comment", "Too many arguments to directive"},
	{"vhost", "Header always set X-Frame-Options DENY #comment", "Unknown parameter: #comment"},
	{"vhost", "Header set X-Frame-Options DENY early # comment", "Header has too many arguments"},
	{"vhost", "Header unset Server # comment", "header unset takes two arguments"},
	{"vhost", `Header set X-Note "a # b"`, ""},
	{"vhost", "RewriteRule ^/(.*)$ http://127.0.0.1:8080/$1 [P] # comment", ""},
	{"vhost", "RewriteRule ^/old$ /new # comment", "RewriteRule: bad flag delimiters"},
	{"vhost", "RewriteCond %{HTTPS} off # comment", "RewriteCond: bad flag delimiters"},
	{"vhost", "CustomLog /tmp/access.log combined # comment", `CustomLog takes two or three arguments, a file name, a custom log format string or format name, and an optional "env=" or "expr=" clause (see docs)`},
	{"vhost", "CustomLog /tmp/access.log combined #comment", "error in condition clause"},
	{"vhost", "LogLevel warn # comment", "Log level keyword must be one of emerg/alert/crit/error/warn/notice/info/debug/trace1/.../trace8"},
	{"vhost", "ErrorDocument 404 /404.html # comment", "ErrorDocument takes two arguments, Change responses for HTTP errors"},
	{"location", `SetHandler "proxy:fcgi://127.0.0.1:9000" # php`, "SetHandler takes one argument, a handler name that overrides any other configured handler"},
	{"location", "Require all granted # comment", "Argument for 'Require all' must be 'granted' or 'denied'"},
	{"location", "Require ip 10.0.0.0/8 # office", "ip address '#' appears to be invalid"},
	{"location", "Require host example.com # comment", ""},
	{"directory", "Allow from 10.0.0.1 # office", "No comments are allowed here"},
	{"directory", "order allow,deny # comment", "order takes one argument, 'allow,deny', 'deny,allow', or 'mutual-failure'"},
	{"directory", "Options -Indexes # comment", "Either all Options must start with + or -, or no Option may."},
	{"directory", "Options Indexes FollowSymLinks #comment", "Illegal option #comment"},
	{"directory", "AllowOverride None # comment", "Illegal override option #"},
}

// commentModules are loaded besides realserver.ApacheConfig's.
var commentModules = []string{"rewrite", "alias", "access_compat", "authz_host", "mime", "dir", "proxy_fcgi"}

// commentConfig is a complete httpd.conf with line placed in its context.
func commentConfig(dir, ctx, line string) string {
	var main strings.Builder
	for _, m := range commentModules {
		fmt.Fprintf(&main, "LoadModule %s_module %s/mod_%s.so\n", m, realserver.ApacheModules, m)
	}
	vhost := ""
	switch ctx {
	case "server":
		main.WriteString(line + "\n")
	case "vhost":
		vhost = line
	case "location":
		vhost = "<Location /app>\n    " + line + "\n</Location>"
	case "directory":
		vhost = "<Directory /var/www>\n    " + line + "\n</Directory>"
	case "proxy":
		vhost = "<Proxy balancer://pool>\n    " + line + "\n</Proxy>"
	default:
		panic("context " + ctx)
	}
	return realserver.ApacheConfig(dir, 18080, main.String(), vhost)
}

// The loader reports a trailing comment where httpd rejects the line, with
// httpd's message, at the '#'; where httpd accepts the words it says
// nothing.
func TestTrailingComments(t *testing.T) {
	for _, c := range commentCases {
		t.Run(c.line, func(t *testing.T) {
			dir := t.TempDir()
			conf := filepath.Join(dir, "httpd.conf")
			text := commentConfig(dir, c.ctx, c.line)
			if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, errs := Load(conf, input.Options{})
			if c.err == "" {
				for _, e := range errs {
					t.Errorf("httpd accepts this, but: %v", e)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one: %s", errs, c.err)
			}
			line, col := 0, 0
			for i, l := range strings.Split(text, "\n") {
				if strings.Contains(l, c.line) {
					line, col = i+1, strings.Index(l, c.line)+commentColumn(c.line)
				}
			}
			e := errs[0]
			if !strings.HasPrefix(e.Message, c.err+" (httpd has no comments after a directive") || int(e.Pos.Line) != line || int(e.Pos.Col) != col {
				t.Errorf("got %v\nwant httpd.conf:%d:%d: %s (httpd has no comments after a directive…", e, line, col, c.err)
			}
		})
	}
}

// commentColumn is the 1-based column of the comment's '#' in line.
func commentColumn(line string) int {
	k := commentStart(line)
	i := 0
	for ; k >= 0; k-- {
		w, next, _ := getWord(line, i)
		if k == 0 {
			return w.off + 1
		}
		i = next
	}
	return 0
}

// apache2 -t agrees with every case: it rejects the line with the same
// message, or accepts it.
func TestTrailingCommentsAgainstHttpd(t *testing.T) {
	realserver.ApacheModule(t, commentModules...)
	for _, c := range commentCases {
		t.Run(c.line, func(t *testing.T) {
			dir := realserver.Dir(t)
			conf := filepath.Join(dir, "httpd.conf")
			realserver.WriteFile(t, conf, commentConfig(dir, c.ctx, c.line))
			out, ok := realserver.ApacheTest(t, dir, conf)
			if ok != (c.err == "") {
				t.Fatalf("apache2 -t ok=%v, case expects %q:\n%s", ok, c.err, out)
			}
			if c.err != "" && !strings.Contains(out, c.err) {
				t.Errorf("apache2 -t says:\n%s\nwant %q", out, c.err)
			}
		})
	}
}

// A directive in a conditional section httpd skips is not read, comment
// or not; nor is one whose '#' is inside quotes or that has nothing but
// the comment.
func TestTrailingCommentsNotRead(t *testing.T) {
	dir := tree(t, map[string]string{"httpd.conf": "LoadModule proxy_module modules/mod_proxy.so\n" +
		"<IfDefine NOPE>\nProxyTimeout 60 # never read\n</IfDefine>\n" +
		"<IfModule !mod_proxy.c>\nProxyTimeout 60 # never read\n</IfModule>\n" +
		"ServerName \"www.example.com # quoted\"\n" +
		"<VirtualHost *:80>\nServerAlias a.example.com # b.example.com\n</VirtualHost>\n"})
	cfg, errs := load(t, filepath.Join(dir, "httpd.conf"))
	for _, e := range errs {
		t.Errorf("unexpected: %v", e)
	}
	var names []string
	for _, s := range cfg.Sites {
		for _, n := range s.Names {
			names = append(names, n.Value)
		}
	}
	if strings.Join(names, " ") != "www.example.com # quoted a.example.com" {
		t.Errorf("site names %q: a trailing comment's words are no aliases", names)
	}
}
