package apache

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/sources/input"
)

// definesConf reads one of two ProxyTimeout lines depending on whether TLS
// is a -D name; the other has a trailing comment, which httpd rejects, so
// which branch was read shows in the errors of both the loader and httpd.
const definesConf = "<IfDefine TLS>\nProxyTimeout 30 # read with -D TLS\n</IfDefine>\n" +
	"<IfDefine !TLS>\nProxyTimeout 60\n</IfDefine>\n" +
	"<IfDefine !STAGING>\nProxyTimeout 90\n</IfDefine>\n"

func TestApacheDefines(t *testing.T) {
	dir := tree(t, map[string]string{"httpd.conf": "LoadModule proxy_module modules/mod_proxy.so\n" + definesConf})
	entry := filepath.Join(dir, "httpd.conf")
	for _, c := range []struct {
		defines []string
		errLine int
		timeout []string
	}{
		{nil, 0, []string{"60", "90"}},
		{[]string{"TLS"}, 3, []string{"30 # read with -D TLS", "90"}},
		{[]string{"TLS", "STAGING"}, 3, []string{"30 # read with -D TLS"}},
		{[]string{"tls"}, 0, []string{"60", "90"}}, // names are case-sensitive, as httpd's
	} {
		cfg, errs := load(t, entry, input.Options{ApacheDefines: c.defines})
		if got := names(cfg, "ProxyTimeout"); strings.Join(got, "|") != strings.Join(c.timeout, "|") {
			t.Errorf("-D %v: ProxyTimeout %q, want %q", c.defines, got, c.timeout)
		}
		if c.errLine == 0 && len(errs) > 0 || c.errLine > 0 && (len(errs) != 1 || int(errs[0].Pos.Line) != c.errLine) {
			t.Errorf("-D %v: errors %v, want one on line %d", c.defines, errs, c.errLine)
		}
	}
}

// httpd -D reads the same branches.
func TestApacheDefinesAgainstHttpd(t *testing.T) {
	realserver.Apache2(t)
	dir := realserver.Dir(t)
	conf := filepath.Join(dir, "httpd.conf")
	text := realserver.ApacheConfig(dir, 18080, definesConf, "")
	realserver.WriteFile(t, conf, text)
	line := 1 + strings.Count(text[:strings.Index(text, "ProxyTimeout 30")], "\n")
	for _, c := range []struct {
		defines []string
		ok      bool
	}{{nil, true}, {[]string{"TLS"}, false}, {[]string{"tls"}, true}} {
		var args []string
		for _, d := range c.defines {
			args = append(args, "-D", d)
		}
		out, ok := realserver.ApacheTest(t, dir, conf, args...)
		if ok != c.ok {
			t.Errorf("apache2 -t %v: ok=%v, want %v:\n%s", args, ok, c.ok, out)
		}
		_, errs := Load(conf, input.Options{ApacheDefines: c.defines})
		if (len(errs) == 0) != c.ok {
			t.Errorf("loader with %v: %v, want ok=%v", c.defines, errs, c.ok)
		}
		if !c.ok && len(errs) > 0 && int(errs[0].Pos.Line) != line {
			t.Errorf("loader error at line %d, apache2 -t has it on line %d:\n%s", errs[0].Pos.Line, line, out)
		}
	}
}
