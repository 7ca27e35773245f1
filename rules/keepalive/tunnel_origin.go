package keepalive

import (
	_ "embed"
	"fmt"
	"time"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/tunnel-keepalive-outlives-origin.md
var tunnelKeepaliveDoc string

// TunnelKeepaliveOutlivesOrigin reports cloudflared ingress services on
// this host whose pooled connections cloudflared keeps idle longer than
// the nginx or Apache behind them does: the origin closes them first, and
// a request sent on one as it closes fails with 502.
var TunnelKeepaliveOutlivesOrigin = &lint.Rule{
	ID:       "EL5302",
	Name:     "tunnel-keepalive-outlives-origin",
	Category: lint.CategoryKeepalive,
	Title:    "cloudflared keeps idle origin connections longer than the origin's keep-alive timeout",
	Doc:      tunnelKeepaliveDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Cloudflared, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkTunnelKeepalive,
}

// tunnelOrigin is the server behind a tunnel's local port: the sites of
// one configuration that answer there.
type tunnelOrigin struct {
	cfg   *lint.Config
	sites []*lint.Site
}

func checkTunnelKeepalive(p *lint.Pass) error {
	var origins []*lint.Config
	var tunnels []*lint.Config
	for _, c := range p.All {
		switch {
		case c.Source == lint.Cloudflared && c.Tunnel != nil:
			tunnels = append(tunnels, c)
		case c.Source == lint.Nginx || c.Source == lint.Apache:
			if c.Fragment || c.Incomplete() {
				return nil // a listener in a file the lint did not read may be the one
			}
			origins = append(origins, c)
		}
	}
	if len(tunnels) == 0 || len(origins) == 0 {
		return nil
	}
	index := make([]*localSites, len(origins))
	for i, c := range origins {
		index[i] = indexLocal(c)
	}
	for _, c := range tunnels {
		// Rules with the same service and keep-alive setting are one
		// finding: the same two values are wrong for all of them.
		type key struct {
			service string
			ka      lint.Duration
		}
		var order []key
		groups := map[key][]*lint.IngressRule{}
		for _, r := range c.Tunnel.Ingress {
			_, port, _, ok := r.Local()
			if !ok || port == 0 || r.OriginRequest.HTTP2Origin.Value {
				// unix sockets are not indexed; over HTTP/2 the origin
				// closes an idle connection with GOAWAY, which Go's
				// transport honours before sending on it
				continue
			}
			k := key{r.Service, r.OriginRequest.KeepAliveTimeout}
			if groups[k] == nil {
				order = append(order, k)
			}
			groups[k] = append(groups[k], r)
		}
		for _, k := range order {
			rs := groups[k]
			scheme, port, _, _ := rs[0].Local()
			if o, ok := originAt(origins, index, port, scheme == "https"); ok {
				reportTunnelKeepalive(p, rs, o)
			}
		}
	}
	return nil
}

// originAt finds the sites that answer a loopback connection to port: in
// nginx every site listening there (the request's Host picks the one whose
// keepalive_timeout applies), in Apache the first virtual host of the
// address and port (httpd takes KeepAliveTimeout from it for a
// name-based set). Sites of two configurations on one port leave the
// origin unknown.
func originAt(cfgs []*lint.Config, index []*localSites, port int, tls bool) (tunnelOrigin, bool) {
	var found tunnelOrigin
	for i, c := range cfgs {
		ll := index[i].on[localKey{port, tls}]
		if ll == nil || len(ll.any) == 0 {
			continue
		}
		if found.cfg != nil {
			return tunnelOrigin{}, false
		}
		found.cfg = c
		if c.Source == lint.Apache {
			scheme := "http"
			if tls {
				scheme = "https"
			}
			found.sites = []*lint.Site{index[i].backend(nil, "127.0.0.1", port, scheme)}
		} else {
			found.sites = ll.any
		}
	}
	return found, found.cfg != nil
}

// rareRace is the origin idle timeout from which the rule holds back. The
// race needs a request to leave cloudflared in the instant the origin
// closes a connection that has sat idle for the whole timeout; Go's
// transport drops a connection as soon as it reads the close and replays
// idempotent requests. With a minute or more of idleness before each
// close (nginx's default 75s against cloudflared's 90s) the window comes
// round rarely enough that a warning on every default setup would be
// noise; an origin closing after a few seconds (Apache's 5s) meets traffic
// all the time.
const rareRace = 60 * time.Second

func reportTunnelKeepalive(p *lint.Pass, rs []*lint.IngressRule, o tunnelOrigin) {
	r := rs[0]
	ka := r.OriginRequest.KeepAliveTimeout
	idle := ka.Value
	if !ka.Set {
		idle = lint.TunnelKeepAliveTimeout
	}
	// The origin's longest idle timeout among the sites a request may
	// reach: every one must close before cloudflared lets go.
	var longest *lint.Site
	for _, s := range o.sites {
		v := s.ClientKeepalive.Value
		if v <= 0 {
			return // keep-alive off: a response closes the connection, nothing is reused
		}
		if idle > 0 && v >= idle {
			return
		}
		if longest == nil || v > longest.ClientKeepalive.Value {
			longest = s
		}
	}
	if longest == nil || longest.ClientKeepalive.Value >= rareRace {
		return
	}
	origin := longest.ClientKeepalive
	directive := "keepalive_timeout"
	if o.cfg.Source == lint.Apache {
		directive = "KeepAliveTimeout"
	}
	originText := directive + " " + secs(origin.Value)
	if !origin.Set {
		originText += ", the default"
	}
	tunnelText := "keepAliveTimeout " + lint.FormatDuration(idle)
	switch {
	case !ka.Set:
		tunnelText += ", cloudflared's default"
	case idle <= 0:
		// Go's IdleConnTimeout: zero or less is no limit at all
		tunnelText = fmt.Sprintf("keepAliveTimeout %v, no limit", idle)
	}
	what := "the nginx server behind it closes"
	if o.cfg.Source == lint.Apache {
		what = "the Apache virtual host behind it closes"
	}
	if len(o.sites) > 1 {
		what = fmt.Sprintf("the %d nginx servers behind it close", len(o.sites))
	}
	keeps := "for " + lint.FormatDuration(idle)
	if idle <= 0 {
		keeps = "with no idle limit"
	}
	rel := []lint.Related{{Pos: longest.Pos, Message: "the origin"}}
	if origin.Set {
		rel = append(rel, lint.Related{Pos: origin.Pos, Message: "its keep-alive timeout"})
	}
	if ka.Set {
		rel = append(rel, lint.Related{Pos: ka.Pos, Message: "cloudflared's keep-alive timeout"})
	}
	p.Report(r.ServicePos, fmt.Sprintf("cloudflared keeps idle connections to %s %s (%s), but %s them after %s idle (%s) → intermittent 502 for %s (\"connection reset by peer\" or EOF) when a request goes out on a connection the origin is closing; set keepAliveTimeout below %s",
		r.Service, keeps, tunnelText, what, secs(origin.Value), originText, describe(rs), secs(origin.Value)), rel...)
}

// describe names what a group of ingress rules matches: the first rule,
// and how many more share its service.
func describe(rs []*lint.IngressRule) string {
	switch len(rs) {
	case 1:
		return rs[0].Describe()
	case 2:
		return rs[0].Describe() + " and 1 more ingress rule"
	}
	return fmt.Sprintf("%s and %d more ingress rules", rs[0].Describe(), len(rs)-1)
}
