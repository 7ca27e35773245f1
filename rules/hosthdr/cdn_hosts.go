package hosthdr

import (
	_ "embed"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/pairing"
)

//go:embed docs/cdn-host-override-unserved.md
var overrideDoc string

// CDNHostOverrideUnserved reports Host header (and SNI) overrides in Origin
// Rules and pool origins that name a host no origin site serves.
var CDNHostOverrideUnserved = &lint.Rule{
	ID:       "EL2301",
	Name:     "cdn-host-override-unserved",
	Category: lint.CategoryHostHeader,
	Title:    "CDN Host header or SNI override names a host the origin does not serve",
	Doc:      overrideDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkOverrides,
}

//go:embed docs/cdn-hostname-not-served.md
var notServedDoc string

// CDNHostnameNotServed reports proxied hostnames that point at the origin but
// match none of its server names, so they land in another site.
var CDNHostnameNotServed = &lint.Rule{
	ID:       "EL2302",
	Name:     "cdn-hostname-not-served",
	Category: lint.CategoryHostHeader,
	Title:    "proxied hostname has no matching server name at the origin and falls into the default server",
	Doc:      notServedDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkNotServed,
}

// originPort is the origin port the zone's SSL mode connects to (0 when the
// mode is unknown: then no default server can be named).
func originPort(p *pairing.Pairing) int {
	switch p.Edge.SSLMode.Value {
	case "off", "flexible":
		return 80
	case "full", "strict", "origin_pull":
		return 443
	}
	return 0
}

func stripPort(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		return host
	}
	return h
}

// landing describes where a request for an unserved host goes, or ok=false
// when that is a deliberate catch-all (or nothing listens at all).
//
// With a single site on the port there is no name-based choice to get
// wrong: every host reaches that site, which is then the application
// itself, so nothing is reported. A default server that turns every
// request away (return 444, return 4xx, deny all, ssl_reject_handshake) is
// where an unserved host dies, catch-all or not; a catch-all that answers
// (passes to the application, serves files, redirects) is taken as
// deliberate.
func landing(o *pairing.Origin, port int) (d pairing.Site, where, outcome string, ok bool) {
	d, found := o.DefaultSite(port)
	if !found || o.SitesOn(port) < 2 {
		return pairing.Site{}, "", "", false
	}
	where = fmt.Sprintf("the default server for port %d (%s)", port, defaultServerName(d))
	if how, result := refusal(d, port); how != "" {
		return d, where, fmt.Sprintf(", which %s: %s", how, result), true
	}
	if pairing.CatchAll(d) {
		return pairing.Site{}, "", "", false
	}
	return d, where, ": wrong site, 404 or 421", true
}

// defaultServerName names a default server for a message: its first real
// server name, else where it is.
func defaultServerName(s pairing.Site) string {
	for _, n := range s.Site.Names {
		if v := strings.TrimSpace(n.Value); v != "" && v != "_" {
			return v
		}
	}
	return "catch-all at " + s.Site.Pos.String()
}

// refusal says how a site turns away every request, and what Cloudflare's
// visitor then sees; "" when it answers. Only what the site's own block
// says is read: a refusal in an included snippet is not seen, which
// leaves a named default server reported as a wrong site and a catch-all
// unreported.
func refusal(s pairing.Site, port int) (how, result string) {
	if deniesAll(s.Site.Access) {
		// Routes may open themselves up again (an nginx location with its
		// own allow, an Apache ProxyPass outside the denied directory).
		open := false
		for _, r := range s.Site.Routes {
			open = open || !deniesAll(r.Access)
		}
		if !open {
			if s.Cfg.Source == lint.Apache {
				return "denies every client (Require all denied)", "403"
			}
			return "denies every client (deny all)", "403"
		}
	}
	if s.Cfg.Source != lint.Nginx {
		return "", ""
	}
	block := s.Cfg.DirectiveAt(s.Site.Pos)
	if block == nil || !block.Block || !strings.EqualFold(block.Name, "server") {
		return "", ""
	}
	depth := len(block.Blocks) + 1 // directives written directly in the server block
	inside := s.Cfg.Inside(block)
	// "location /" catches every path no other location claims: it
	// refuses the whole site when nothing is passed to an application and
	// the only other locations are exact matches or ACME challenges.
	var rootEnd int32 // last line of a refusing-candidate "location /" block
	for _, d := range inside {
		if d.Name != "location" || !d.Block || len(d.Blocks) != depth {
			continue
		}
		switch {
		case len(d.Args) == 1 && d.Args[0] == "/":
			rootEnd = d.Pos.EndLine
		case len(d.Args) == 2 && d.Args[0] == "=", len(d.Args) == 1 && strings.HasPrefix(d.Args[0], "/.well-known/"):
		default:
			rootEnd = -1
		}
		if rootEnd < 0 {
			break
		}
	}
	if len(s.Site.Routes) > 0 {
		rootEnd = -1
	}
	for _, d := range inside {
		switch {
		case d.Name == "ssl_reject_handshake" && len(d.Blocks) == depth && len(d.Args) == 1 && d.Args[0] == "on" && tlsOn(s.Site, port):
			return "rejects the TLS handshake (ssl_reject_handshake on)", "525"
		case d.Name == "return" && len(d.Args) > 0:
			code, ok := refusingCode(d.Args[0])
			if !ok {
				continue
			}
			// A return in the server block runs before any location is
			// chosen.
			inRoot := len(d.Blocks) == depth+1 && d.Pos.Line < rootEnd
			if len(d.Blocks) != depth && !inRoot {
				continue
			}
			if code == 444 {
				return "closes the connection (return 444)", "520 (empty response)"
			}
			return fmt.Sprintf("answers %d (return %d)", code, code), fmt.Sprint(code)
		}
	}
	return "", ""
}

// deniesAll reports whether access rules refuse every client: rules apply
// in order, so a leading "deny all" leaves nobody allowed.
func deniesAll(rules []lint.AccessRule) bool {
	return len(rules) > 0 && !rules[0].Allow && strings.EqualFold(rules[0].CIDR, "all")
}

// tlsOn reports whether the site listens with TLS on port.
func tlsOn(s *lint.Site, port int) bool {
	for _, l := range s.Listeners {
		if l.Port == port && l.TLS {
			return true
		}
	}
	return false
}

// refusingCode reads a return code that turns the request away: 444 or
// 4xx/5xx. Redirects and 2xx answer the request.
func refusingCode(arg string) (int, bool) {
	n, err := strconv.Atoi(arg)
	if err != nil || n < 400 || n > 599 {
		return 0, false
	}
	return n, true
}

func checkOverrides(p *lint.Pass) error {
	o, pairs := pairing.Of(p)
	if o == nil {
		return nil
	}
	for _, pr := range pairs {
		if pr.Edge.OriginRulesUnread || pr.Edge.PageRulesUnread {
			continue // an unread rule may set another Host or origin
		}
		port := originPort(pr)
		unserved := func(host string) (pairing.Site, string, string, bool) {
			host = pairing.Canon(stripPort(host))
			if host == "" {
				return pairing.Site{}, "", "", false
			}
			if sites, maybe := o.Serving(host); len(sites) > 0 || maybe {
				return pairing.Site{}, "", "", false
			}
			return landing(o, port)
		}
		for _, r := range pr.Edge.OriginRules {
			if !r.Enabled || (r.OriginHost != "" && !pr.Targets[pairing.Canon(r.OriginHost)]) {
				continue // the request goes to another origin
			}
			if !ruleReachesOrigin(pr, r) {
				continue
			}
			if r.HostHeader != "" {
				if d, where, outcome, bad := unserved(r.HostHeader); bad {
					p.Report(r.Pos, fmt.Sprintf("Origin Rule %s sets the Host header to %s, which no server name at the origin matches → requests land in %s%s instead of the application",
						r.ID, r.HostHeader, where, outcome), lint.Related{Pos: d.Site.Pos, Message: "default server"})
				}
			}
			if r.SNI != "" && pr.Edge.SSLMode.Value == "strict" && !strings.EqualFold(r.SNI, r.HostHeader) {
				if d, where, _, bad := unserved(r.SNI); bad {
					p.Report(r.Pos, fmt.Sprintf("Origin Rule %s sets SNI to %s, which no server name at the origin matches → the TLS handshake gets the certificate of %s: 526 under Full (strict) unless it also covers %s",
						r.ID, r.SNI, where, r.SNI), lint.Related{Pos: d.Site.Pos, Message: "default server"})
				}
			}
		}
		// A page rule's Host header override, where no Origin Rule
		// replaces it (Origin Rules take precedence over page rules).
		reported := map[*lint.PageRule]bool{}
		for _, h := range pr.Hosts {
			if !pr.PointsAtOrigin(h) || h.LB != nil {
				continue
			}
			for _, r := range pr.Edge.PageRulesFor(h.Name, hostPageRule).Sure {
				if r.HostHeader == "" || r.ResolveOverride != "" || r.Forward || reported[r] || overridden(pr, h.Name) {
					continue
				}
				if d, where, outcome, bad := unserved(r.HostHeader); bad {
					reported[r] = true
					p.Report(r.Pos, fmt.Sprintf("page rule %s (%s) sets the Host header to %s, which no server name at the origin matches → requests land in %s%s instead of the application",
						r.ID, r.Target, r.HostHeader, where, outcome), lint.Related{Pos: d.Site.Pos, Message: "default server"})
				}
			}
		}
		for _, pool := range pr.Edge.Pools {
			if !poolServed(pr, pool) {
				continue
			}
			for _, po := range pool.Origins {
				if !po.Enabled || po.HostHeader == "" {
					continue
				}
				if d, where, outcome, bad := unserved(po.HostHeader); bad {
					p.Report(po.Pos, fmt.Sprintf("pool %s origin %s sends Host %s, which no server name at the origin matches → requests land in %s%s instead of the application",
						pool.Name, po.Name, po.HostHeader, where, outcome), lint.Related{Pos: d.Site.Pos, Message: "default server"})
				}
			}
		}
	}
	return nil
}

// ruleReachesOrigin reports whether an Origin Rule can apply to a hostname
// the origin serves (or to every host).
func ruleReachesOrigin(p *pairing.Pairing, r *lint.OriginRule) bool {
	sc := pairing.ParseScope(r.Expression)
	if sc.Hosts == nil {
		return true
	}
	for _, h := range sc.Hosts {
		if _, ok := p.Served[h]; ok {
			return true
		}
		for _, hn := range p.Hosts {
			if hn.Name == h && p.PointsAtOrigin(hn) {
				return true
			}
		}
	}
	return false
}

// poolServed reports whether a pool's traffic reaches this origin: one of
// its origins has an address the served hostnames point at, or a load
// balancer whose hostname the origin serves uses it.
func poolServed(p *pairing.Pairing, pool *lint.Pool) bool {
	for _, o := range pool.Origins {
		if p.Targets[pairing.Canon(o.Address)] {
			return true
		}
	}
	for _, lb := range p.Edge.LoadBalancers {
		if _, ok := p.Served[pairing.Canon(lb.Name)]; !ok {
			continue
		}
		for _, id := range append(append([]string{}, lb.DefaultPools...), lb.FallbackPool) {
			if id == pool.ID {
				return true
			}
		}
	}
	return false
}

func checkNotServed(p *lint.Pass) error {
	o, pairs := pairing.Of(p)
	if o == nil {
		return nil
	}
	for _, pr := range pairs {
		// A load balancer takes precedence over records of its name: with
		// the zone's load balancers unread, any hostname may be one; an
		// unread Origin Rule or page rule may send any with another Host.
		if pr.Edge.LoadBalancersUnread || pr.Edge.OriginRulesUnread || pr.Edge.PageRulesUnread {
			continue
		}
		d, where, outcome, bad := landing(o, originPort(pr))
		if !bad {
			continue
		}
		for _, h := range pr.Hosts {
			if _, ok := pr.Served[h.Name]; ok || pr.Maybe[h.Name] || h.LB != nil || !pr.PointsAtOrigin(h) {
				continue
			}
			if overridden(pr, h.Name) || pr.Edge.PageRulesFor(h.Name, hostPageRule).Rest != lint.YesMatch {
				continue // an Origin Rule or page rule sends it elsewhere or with another Host
			}
			p.Report(h.Pos, fmt.Sprintf("proxied hostname %s points at the origin (%s) but no server name there matches it → requests land in %s%s instead of the application",
				h.Name, strings.Join(h.Targets, ", "), where, outcome), lint.Related{Pos: d.Site.Pos, Message: "default server"})
		}
	}
	return nil
}

// hostPageRule says whether a page rule changes the Host header or the
// origin of the requests it takes, or answers them itself (a redirect).
func hostPageRule(r *lint.PageRule) bool {
	return r.HostHeader != "" || r.ResolveOverride != "" || r.Forward
}

// overridden reports whether an enabled Origin Rule that changes the Host
// or the origin may apply to host.
func overridden(p *pairing.Pairing, host string) bool {
	for _, r := range p.Edge.OriginRules {
		if r.Enabled && (r.HostHeader != "" || r.OriginHost != "") && pairing.ParseScope(r.Expression).CoversHost(host) != pairing.NoMatch {
			return true
		}
	}
	return false
}
