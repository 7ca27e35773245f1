// Package modproxy holds what several rule categories need to read Apache
// mod_proxy routes: the directive that passes a route, the workers a route
// sends to (its own URL or each member of the balancer it names) and
// whether the peer-name check is known. Which worker schemes talk TLS is
// lint.Apache.TLSScheme.
package modproxy

import "github.com/edgelint/edgelint/lint"

// Directive returns the name of the directive that passes the route's
// requests (ProxyPass, RewriteRule, SetHandler…) as written, for messages.
func Directive(cfg *lint.Config, r *lint.Route) string {
	if r.Target.Directive != "" {
		return r.Target.Directive
	}
	if d := cfg.DirectiveAt(r.Pos); d != nil {
		return d.Name
	}
	return "ProxyPass"
}

// Member is one place a route sends requests: its own target, or each
// member of the balancer it names.
type Member struct {
	Pos    lint.Position
	Raw    string
	Scheme string
	Host   string
}

// Members lists where a route sends requests.
func Members(r *lint.Route) []Member {
	if r.Target.Scheme != "balancer" {
		return []Member{{Pos: r.Target.Pos, Raw: r.Target.Raw, Scheme: r.Target.Scheme, Host: r.Target.Host}}
	}
	if r.Target.Upstream == nil {
		return nil
	}
	var out []Member
	for _, e := range r.Target.Upstream.Endpoints {
		out = append(out, Member{Pos: e.Pos, Raw: e.Raw, Scheme: e.Scheme, Host: e.Host})
	}
	return out
}

// Seen dedupes findings on a position shared by several routes (a balancer
// member used by two ProxyPass lines).
type Seen map[lint.Position]bool

// First reports whether p is seen for the first time, and marks it.
func (s Seen) First(p lint.Position) bool {
	if s[p] {
		return false
	}
	s[p] = true
	return true
}

// PeerNameCheckUnknown reports a fragment that does not set
// SSLProxyCheckPeerName itself: the main server it belongs to may turn the
// check off, as many configurations do precisely to silence AH00898.
func PeerNameCheckUnknown(cfg *lint.Config, r *lint.Route) bool {
	return cfg.Fragment && !r.TLS.CheckPeerName.Set
}
