package crosslayer

import (
	_ "embed"
	"fmt"
	"net"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/cdn-host-override-unserved.md
var overrideDoc string

// HostOverrideUnserved reports Host header (and SNI) overrides in Origin
// Rules and pool origins that name a host no origin site serves.
var HostOverrideUnserved = &lint.Rule{
	ID:       "EL2301",
	Name:     "cdn-host-override-unserved",
	Category: lint.CategoryHostHeader,
	Title:    "CDN Host header or SNI override names a host the origin does not serve",
	Doc:      overrideDoc,
	Severity: lint.Warning,
	Sources:  crossSources,
	Cross:    true,
	Check:    checkOverrides,
}

//go:embed docs/cdn-hostname-not-served.md
var notServedDoc string

// HostnameNotServed reports proxied hostnames that point at the origin but
// match none of its server names, so they land in another site.
var HostnameNotServed = &lint.Rule{
	ID:       "EL2302",
	Name:     "cdn-hostname-not-served",
	Category: lint.CategoryHostHeader,
	Title:    "proxied hostname has no matching server name at the origin and falls into the default server",
	Doc:      notServedDoc,
	Severity: lint.Warning,
	Sources:  crossSources,
	Cross:    true,
	Check:    checkNotServed,
}

// port is the origin port the zone's SSL mode connects to (0 when the
// mode is unknown: then no default server can be named).
func (p *pairing) port() int {
	switch p.edge.SSLMode.Value {
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
// itself, so nothing is reported.
func (o *origin) landing(port int) (site, string, bool) {
	d, found := o.defaultSite(port)
	if !found || catchAll(d) || o.sitesOn(port) < 2 {
		return site{}, "", false
	}
	return d, fmt.Sprintf("the default server for port %d (%s)", port, d.site.Names[0].Value), true
}

func checkOverrides(p *lint.Pass) error {
	o, pairs := pairings(p)
	if o == nil {
		return nil
	}
	for _, pr := range pairs {
		port := pr.port()
		unserved := func(host string) (site, string, bool) {
			host = canon(stripPort(host))
			if host == "" {
				return site{}, "", false
			}
			if sites, maybe := o.serving(host); len(sites) > 0 || maybe {
				return site{}, "", false
			}
			return o.landing(port)
		}
		for _, r := range pr.edge.OriginRules {
			if !r.Enabled || (r.OriginHost != "" && !pr.targets[canon(r.OriginHost)]) {
				continue // the request goes to another origin
			}
			if !pr.ruleReachesOrigin(r) {
				continue
			}
			if r.HostHeader != "" {
				if d, where, bad := unserved(r.HostHeader); bad {
					p.Report(r.Pos, fmt.Sprintf("Origin Rule %s sets the Host header to %s, which no server name at the origin matches → requests land in %s: wrong site, 404 or 421 instead of the application",
						r.ID, r.HostHeader, where), lint.Related{Pos: d.site.Pos, Message: "default server"})
				}
			}
			if r.SNI != "" && pr.edge.SSLMode.Value == "strict" && !strings.EqualFold(r.SNI, r.HostHeader) {
				if d, where, bad := unserved(r.SNI); bad {
					p.Report(r.Pos, fmt.Sprintf("Origin Rule %s sets SNI to %s, which no server name at the origin matches → the TLS handshake gets the certificate of %s: 526 under Full (strict) unless it also covers %s",
						r.ID, r.SNI, where, r.SNI), lint.Related{Pos: d.site.Pos, Message: "default server"})
				}
			}
		}
		for _, pool := range pr.edge.Pools {
			if !pr.poolServed(pool) {
				continue
			}
			for _, po := range pool.Origins {
				if !po.Enabled || po.HostHeader == "" {
					continue
				}
				if d, where, bad := unserved(po.HostHeader); bad {
					p.Report(po.Pos, fmt.Sprintf("pool %s origin %s sends Host %s, which no server name at the origin matches → requests land in %s: wrong site, 404 or 421 instead of the application",
						pool.Name, po.Name, po.HostHeader, where), lint.Related{Pos: d.site.Pos, Message: "default server"})
				}
			}
		}
	}
	return nil
}

// ruleReachesOrigin reports whether an Origin Rule can apply to a hostname
// the origin serves (or to every host).
func (p *pairing) ruleReachesOrigin(r *lint.OriginRule) bool {
	sc := parseScope(r.Expression)
	if sc.Hosts == nil {
		return true
	}
	for _, h := range sc.Hosts {
		if _, ok := p.served[h]; ok {
			return true
		}
		for _, hn := range p.hosts {
			if hn.name == h && p.pointsAtOrigin(hn) {
				return true
			}
		}
	}
	return false
}

// poolServed reports whether a pool's traffic reaches this origin: one of
// its origins has an address the served hostnames point at, or a load
// balancer whose hostname the origin serves uses it.
func (p *pairing) poolServed(pool *lint.Pool) bool {
	for _, o := range pool.Origins {
		if p.targets[canon(o.Address)] {
			return true
		}
	}
	for _, lb := range p.edge.LoadBalancers {
		if _, ok := p.served[canon(lb.Name)]; !ok {
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
	o, pairs := pairings(p)
	if o == nil {
		return nil
	}
	for _, pr := range pairs {
		d, where, bad := o.landing(pr.port())
		if !bad {
			continue
		}
		for _, h := range pr.hosts {
			if _, ok := pr.served[h.name]; ok || pr.maybe[h.name] || h.lb != nil || !pr.pointsAtOrigin(h) {
				continue
			}
			if pr.overridden(h.name) {
				continue // an Origin Rule sends it elsewhere or with another Host
			}
			p.Report(h.pos, fmt.Sprintf("proxied hostname %s points at the origin (%s) but no server name there matches it → requests land in %s: wrong site, 404 or 421 instead of the application",
				h.name, strings.Join(h.targets, ", "), where), lint.Related{Pos: d.site.Pos, Message: "default server"})
		}
	}
	return nil
}

// overridden reports whether an enabled Origin Rule that changes the Host
// or the origin may apply to host.
func (p *pairing) overridden(host string) bool {
	for _, r := range p.edge.OriginRules {
		if r.Enabled && (r.HostHeader != "" || r.OriginHost != "") && parseScope(r.Expression).coversHost(host) != noMatch {
			return true
		}
	}
	return false
}

// sitesOn counts the sites listening on port.
func (o *origin) sitesOn(port int) int {
	return o.ports[port].n
}
