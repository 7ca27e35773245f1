package apache

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/sources/input"
)

// arityCases are TAKEn directives with a wrong number of arguments and no
// comment: httpd's "takes one argument" at the directive.
var arityCases = []struct {
	ctx, line, err string
}{
	{"vhost", "ProxyTimeout 5 6", "ProxyTimeout takes one argument, Set the timeout (in seconds) for a proxied connection. This overrides the server timeout"},
	{"vhost", "ProxyTimeout", "ProxyTimeout takes one argument, Set the timeout (in seconds) for a proxied connection. This overrides the server timeout"},
	{"vhost", `ProxyTimeout ""`, "ProxyTimeout takes one argument, Set the timeout (in seconds) for a proxied connection. This overrides the server timeout"},
	{"server", "KeepAliveTimeout 5 s", "KeepAliveTimeout takes one argument, Keep-Alive timeout duration (sec)"},
	{"vhost", "ErrorDocument 502", "ErrorDocument takes two arguments, Change responses for HTTP errors"},
	{"vhost", "CustomLog /tmp/access.log", `CustomLog takes two or three arguments, a file name, a custom log format string or format name, and an optional "env=" or "expr=" clause (see docs)`},
	{"vhost", "ProxyPassReverse / http://127.0.0.1:8080/ interpolate x", "ProxyPassReverse takes one, two or three arguments, a virtual path and a URL for reverse proxy behaviour"},
	{"vhost", "ServerName a.example b.example", "ServerName takes one argument, The hostname and port of the server"},
	{"server", "KeepAlive yes", "KeepAlive must be On or Off"},
	{"server", "KeepAlive", "KeepAlive must be On or Off"},
	{"server", "KeepAlive On Off", ""},
	{"vhost", "ProxyPreserveHost 1", "ProxyPreserveHost must be On or Off"},
	{"vhost", "ProxyRequests maybe", "ProxyRequests must be On or Off"},
	{"vhost", "SSLProxyEngine yes", "SSLProxyEngine must be On or Off"},
	{"vhost", "ProxyAddHeaders x", "ProxyAddHeaders must be On or Off"},
	{"vhost", "RewriteEngine true", "RewriteEngine must be On or Off"},
	{"vhost", "ProxyPreserveHost on", ""},
	{"vhost", "ProxyTimeout 5", ""},
	{"vhost", "ProxyPassReverse / http://127.0.0.1:8080/ interpolate", ""},
	{"vhost", `ErrorDocument 502 ""`, "ErrorDocument takes two arguments, Change responses for HTTP errors"},
}

// The loader reports each case with httpd's message at the directive, and
// apache2 -t agrees.
func TestArity(t *testing.T) {
	for _, c := range arityCases {
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
			line, col := 0, 0
			for i, l := range strings.Split(text, "\n") {
				if strings.Contains(l, c.line) {
					line, col = i+1, strings.Index(l, c.line)+1
				}
			}
			if len(errs) != 1 || errs[0].Message != c.err || int(errs[0].Pos.Line) != line || int(errs[0].Pos.Col) != col {
				t.Errorf("errors %v\nwant httpd.conf:%d:%d: %s", errs, line, col, c.err)
			}
		})
	}
}

func TestArityAgainstHttpd(t *testing.T) {
	realserver.ApacheModule(t, commentModules...)
	for _, c := range arityCases {
		t.Run(c.line, func(t *testing.T) {
			dir := realserver.Dir(t)
			conf := filepath.Join(dir, "httpd.conf")
			realserver.WriteFile(t, conf, commentConfig(dir, c.ctx, c.line))
			out, ok := realserver.ApacheTest(t, dir, conf)
			if ok != (c.err == "") || c.err != "" && !strings.Contains(out, c.err) {
				t.Errorf("apache2 -t ok=%v, case expects %q:\n%s", ok, c.err, out)
			}
		})
	}
}

// Every TAKEn directive of argChecks, with one argument too many, is
// rejected by apache2 -t with the table's message in some context (the
// modules loaded here permitting).
func TestArityTableAgainstHttpd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs apache2 -t for each directive")
	}
	realserver.ApacheModule(t, append(commentModules, arityExtraModules...)...)
	var names []string
	for n, s := range argChecks {
		if s.max > 0 {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var skipped []string
	for _, n := range names {
		s := argChecks[n]
		name := strings.Fields(s.msg)[0]
		line := name + strings.Repeat(" x", s.max+1)
		found, said := false, ""
		for _, ctx := range []string{"vhost", "server", "directory", "location"} {
			dir := realserver.Dir(t)
			conf := filepath.Join(dir, "httpd.conf")
			realserver.WriteFile(t, conf, arityModules()+commentConfig(dir, ctx, line))
			out, _ := realserver.ApacheTest(t, dir, conf)
			if strings.Contains(out, s.msg) {
				found = true
				break
			}
			said = out
		}
		if !found && strings.Contains(said, "Invalid command '"+name+"'") {
			skipped = append(skipped, name)
			continue
		}
		if !found {
			t.Errorf("%s: apache2 -t never says %q; last:\n%s", line, s.msg, said)
		}
	}
	t.Logf("%d directives checked; modules not loaded here for %v", len(names)-len(skipped), skipped)
}

// arityExtraModules hold the table's directives that the comment cases'
// modules lack.
var arityExtraModules = []string{"authn_core", "authn_file", "auth_basic", "expires", "remoteip", "env"}

func arityModules() string {
	var b strings.Builder
	for _, m := range arityExtraModules {
		b.WriteString("LoadModule " + m + "_module " + realserver.ApacheModules + "/mod_" + m + ".so\n")
	}
	return b.String()
}
