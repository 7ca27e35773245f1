// Package apache holds the rules that only apply to Apache httpd: mod_proxy
// worker URLs and parameters, mod_ssl's SSLProxy* directives, balancers and
// mod_proxy_hcheck. Model-level rules that also read Apache configurations
// live in the family packages (timeouts, reach, …).
package apache

import (
	"net"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	UndefinedBalancer, InvalidPort, PreserveHostHTTPS, BalancerWithoutHealthCheck,
	HCheckNotLoaded, ReuseOutlivesBackendKeepalive, HTTPSWithoutSSLProxyEngine, HTTPSToIP,
}

// directive returns the name of the directive that passes the route's
// requests (ProxyPass, RewriteRule, SetHandler…) as written, for messages.
func directive(cfg *lint.Config, r *lint.Route) string {
	if r.Target.Directive != "" {
		return r.Target.Directive
	}
	if d := cfg.DirectiveAt(r.Pos); d != nil {
		return d.Name
	}
	return "ProxyPass"
}

// tlsScheme reports whether mod_proxy talks TLS for a worker scheme.
func tlsScheme(s string) bool {
	switch s {
	case "https", "wss", "h2":
		return true
	}
	return false
}

// member is one place a route sends requests: its own target, or each
// member of the balancer it names.
type member struct {
	pos    lint.Position
	raw    string
	scheme string
	host   string
}

func members(r *lint.Route) []member {
	if r.Target.Scheme != "balancer" {
		return []member{{pos: r.Target.Pos, raw: r.Target.Raw, scheme: r.Target.Scheme, host: r.Target.Host}}
	}
	if r.Target.Upstream == nil {
		return nil
	}
	var out []member
	for _, e := range r.Target.Upstream.Endpoints {
		out = append(out, member{pos: e.Pos, raw: e.Raw, scheme: e.Scheme, host: e.Host})
	}
	return out
}

func isIP(host string) bool { return net.ParseIP(strings.Trim(host, "[]")) != nil }

// seen dedupes findings on a position shared by several routes (a balancer
// member used by two ProxyPass lines).
type seen map[lint.Position]bool

func (s seen) first(p lint.Position) bool {
	if s[p] {
		return false
	}
	s[p] = true
	return true
}
