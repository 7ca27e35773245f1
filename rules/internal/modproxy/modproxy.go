// Package modproxy holds what several rule categories need to read Apache
// mod_proxy routes: the directive that passes a route, the workers a route
// sends to (its own URL or each member of the balancer it names) and
// whether the peer-name check is known. Which worker schemes talk TLS is
// lint.Apache.TLSScheme.
package modproxy

import (
	"iter"

	"github.com/edgelint/edgelint/lint"
)

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

// Member is one worker a route sends requests to: its own target, or
// each member of the balancer it names.
type Member struct {
	Pos      lint.Position
	Raw      string
	Scheme   string
	Host     string
	Port     int
	UnixPath string
	// Idle is how long a pooled connection to the worker may stay idle
	// (ttl=).
	Idle lint.Duration
	// Params are the worker's parameters as written (ttl=, enablereuse=…).
	Params map[string]lint.Setting[string]
}

// Workers yields every route of cfg with each worker it sends to, route by
// route: a route to balancer://name once per member, a balancer nobody
// defines not at all.
func Workers(cfg *lint.Config) iter.Seq2[*lint.Route, Member] {
	return func(yield func(*lint.Route, Member) bool) {
		for r := range cfg.Routes() {
			for _, m := range members(r) {
				if !yield(r, m) {
					return
				}
			}
		}
	}
}

func members(r *lint.Route) []Member {
	t := r.Target
	if t.Scheme != "balancer" {
		return []Member{{Pos: t.Pos, Raw: t.Raw, Scheme: t.Scheme, Host: t.Host, Port: t.Port, UnixPath: t.UnixPath, Idle: r.Timeouts.Idle, Params: t.Params}}
	}
	if t.Upstream == nil {
		return nil
	}
	out := make([]Member, 0, len(t.Upstream.Endpoints))
	for _, e := range t.Upstream.Endpoints {
		out = append(out, Member{Pos: e.Pos, Raw: e.Raw, Scheme: e.Scheme, Host: e.Host, Port: e.Port, UnixPath: e.UnixPath, Idle: e.Timeouts.Idle, Params: e.Params})
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
