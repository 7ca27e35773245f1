package reach

import (
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

func TestResolveNeedsVersion(t *testing.T) {
	v := lint.MustVersion("1.22.1")
	t.Run("oss-1.22", func(t *testing.T) {
		ruletest.RunCase(t, ResolveUnsupported, filepath.Join("testdata", "options", "resolve-old.conf"),
			ruletest.Options{Load: input.Options{NginxVersion: v, NginxEdition: "oss"}})
	})
	t.Run("plus", func(t *testing.T) {
		ruletest.RunCase(t, ResolveUnsupported, filepath.Join("testdata", "options", "resolve-plus.conf"),
			ruletest.Options{Load: input.Options{NginxVersion: v, NginxEdition: "plus"}})
	})
	t.Run("oss-1.27.3", func(t *testing.T) {
		ruletest.RunCase(t, ResolveUnsupported, filepath.Join("testdata", "options", "resolve-plus.conf"),
			ruletest.Options{Load: input.Options{NginxVersion: lint.MustVersion("1.27.3"), NginxEdition: "oss"}})
	})
}

// The name families are configurable: replacing the defaults with a
// Kubernetes pattern reports Service names and no longer load balancers.
func TestMovingNamesOption(t *testing.T) {
	ruletest.RunCase(t, NameResolvedOnce, filepath.Join("testdata", "options", "k8s.conf"),
		ruletest.Options{Rule: &MovingOptions{Names: []MovingName{
			{Match: `\.svc(\.cluster\.local)?$`, Kind: "a Kubernetes Service name"},
		}}})
}

func TestParseAddress(t *testing.T) {
	for in, want := range map[string]address{
		"http://app.internal:8080":   {host: "app.internal", port: 8080},
		"http://app.internal/x":      {host: "app.internal", noPort: true},
		"https://[::1]:8443/":        {host: "[::1]", port: 8443},
		"127.0.0.1:9000":             {host: "127.0.0.1", port: 9000},
		"unix:/run/php/php-fpm.sock": {unix: true},
		"http://unix:/tmp/app.sock:": {unix: true},
		"http://blue":                {host: "blue", noPort: true},
	} {
		if got := parseAddress(in); got != want {
			t.Errorf("parseAddress(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestNearestUpstream(t *testing.T) {
	c := &lint.Config{Upstreams: []*lint.Upstream{{Name: "app_servers"}, {Name: "web2"}, {Name: "backend_pool"}}}
	for name, want := range map[string]string{
		"app_server": "app_servers", "backendpool": "backend_pool", "web1": "", "web3": "",
		"database": "", "app": "",
	} {
		got := ""
		if u := nearestUpstream(c, name); u != nil {
			got = u.Name
		}
		if got != want {
			t.Errorf("nearestUpstream(%q) = %q, want %q", name, got, want)
		}
	}
}
