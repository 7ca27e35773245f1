package reach

import (
	_ "embed"
	"fmt"
	"net/netip"
	"sort"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/pairing"
)

//go:embed docs/cdn-ssl-mode-origin-listener.md
var sslDoc string

// CDNSSLModeListener reports an SSL mode (zone setting or configuration rule)
// that needs a port the origin does not serve the way the mode speaks.
var CDNSSLModeListener = &lint.Rule{
	ID:       "EL1301",
	Name:     "cdn-ssl-mode-origin-listener",
	Category: lint.CategoryReachability,
	Title:    "CDN SSL mode needs an origin port that nothing listens on with the right protocol",
	Doc:      sslDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkSSLMode,
}

type listeners struct {
	plain80, tls80, tls443, plain443 *lint.Listener
}

func originListeners(o *pairing.Origin) listeners {
	var l listeners
	for _, s := range o.Sites {
		for i := range s.Site.Listeners {
			ln := &s.Site.Listeners[i]
			if ln.Unix != "" || loopback(ln.Addr) {
				continue // Cloudflare cannot reach a socket or a loopback address
			}
			switch {
			case ln.Port == 80 && !ln.TLS && l.plain80 == nil:
				l.plain80 = ln
			case ln.Port == 80 && ln.TLS && l.tls80 == nil:
				l.tls80 = ln
			case ln.Port == 443 && ln.TLS && l.tls443 == nil:
				l.tls443 = ln
			case ln.Port == 443 && !ln.TLS && l.plain443 == nil:
				l.plain443 = ln
			}
		}
	}
	return l
}

func loopback(addr string) bool {
	a, err := netip.ParseAddr(trimBrackets(addr))
	return err == nil && a.IsLoopback()
}

func trimBrackets(s string) string {
	if len(s) > 1 && s[0] == '[' && s[len(s)-1] == ']' {
		return s[1 : len(s)-1]
	}
	return s
}

// standardPort reports whether some served hostname reaches the origin on
// the SSL mode's standard port: not through an Origin Rule port override
// and not through a pool origin with its own port.
func standardPort(p *pairing.Pairing) bool {
	for _, r := range p.Edge.OriginRules {
		if r.Enabled && r.OriginPort != 0 {
			return false
		}
	}
	for _, h := range p.Hosts {
		if _, ok := p.Served[h.Name]; !ok {
			continue
		}
		if h.LB == nil {
			return true
		}
		for _, pool := range p.Edge.Pools {
			for _, o := range pool.Origins {
				if o.Enabled && o.Port == 0 {
					return true
				}
			}
		}
	}
	return false
}

func checkSSLMode(p *lint.Pass) error {
	o, pairs := pairing.Of(p)
	if o == nil {
		return nil
	}
	ls := originListeners(o)
	for _, pr := range pairs {
		if !standardPort(pr) || !pr.Direct() {
			continue
		}
		sites, _ := pr.ServedSites()
		rel := []lint.Related{{Pos: sites[0].Site.Pos, Message: "the origin site serving the zone's hostnames"}}
		check := func(mode string, pos lint.Position, what string) {
			switch mode {
			case "off", "flexible":
				switch {
				case ls.plain80 != nil:
				case ls.tls80 != nil:
					p.Report(pos, fmt.Sprintf("%s %s makes Cloudflare send plain HTTP to port 80, but the origin's port 80 expects TLS → 400 \"plain HTTP request was sent to HTTPS port\" for every request",
						what, mode), append(rel, lint.Related{Pos: ls.tls80.Pos, Message: "port 80 with TLS"})...)
				default:
					p.Report(pos, fmt.Sprintf("%s %s makes Cloudflare connect to the origin on port 80, but no origin site listens on port 80 → 521 (web server is down) for every request",
						what, mode), rel...)
				}
			case "full", "strict", "origin_pull":
				switch {
				case ls.tls443 != nil:
				case ls.plain443 != nil:
					p.Report(pos, fmt.Sprintf("%s %s makes Cloudflare connect with TLS to port 443, but the origin listens on 443 without ssl → 525 (SSL handshake failed) for every request",
						what, mode), append(rel, lint.Related{Pos: ls.plain443.Pos, Message: "port 443 without TLS"})...)
				default:
					p.Report(pos, fmt.Sprintf("%s %s makes Cloudflare connect with TLS to port 443, but no origin site listens on port 443 → 521 (web server is down) for every request",
						what, mode), rel...)
				}
			}
		}
		e := pr.Edge
		if e.ConfigRulesUnread || e.OriginRulesUnread || e.PageRulesUnread {
			continue // a rule that could not be read may set another mode or origin
		}
		zoneMode, pageRules := modeReach(pr)
		if zoneMode {
			check(e.SSLMode.Value, e.SSLMode.Pos, "SSL mode")
		}
		for _, r := range pageRules {
			check(r.SSLMode, r.Pos, "page rule "+r.ID+" ("+r.Target+")'s SSL mode")
		}
		for _, r := range e.ConfigRules {
			if !r.Enabled || r.SSLMode == "" || r.SSLMode == e.SSLMode.Value {
				continue
			}
			applies := false
			sc := pairing.ParseScope(r.Expression)
			for h := range pr.Served {
				applies = applies || sc.CoversHost(h) == pairing.YesMatch
			}
			if applies {
				check(r.SSLMode, r.Pos, "configuration rule "+r.ID+"'s SSL mode")
			}
		}
	}
	return nil
}

// sslPageRule says whether a page rule decides the SSL mode of the
// requests it takes, or sends them elsewhere (another origin, a redirect):
// either way the zone's mode does not reach this origin for them.
func sslPageRule(r *lint.PageRule) bool {
	return r.SSLMode != "" || r.ResolveOverride != "" || r.Forward
}

// modeReach says whether the zone's SSL mode certainly reaches this origin
// for some requests of a served hostname, and which page rules certainly
// set the mode of some requests that reach it. Configuration rules come
// first (they take precedence over page rules), then the page rule of
// highest priority that matches, then the zone's setting.
func modeReach(p *pairing.Pairing) (zone bool, pageRules []*lint.PageRule) {
	seen := map[*lint.PageRule]bool{}
	for h := range p.Served {
		if modeOverridden(p, h) {
			continue
		}
		eff := p.Edge.PageRulesFor(h, sslPageRule)
		zone = zone || eff.Rest == lint.YesMatch
		for _, r := range eff.Sure {
			if r.SSLMode != "" && r.ResolveOverride == "" && !r.Forward && r.SSLMode != p.Edge.SSLMode.Value && !seen[r] {
				seen[r] = true
				pageRules = append(pageRules, r)
			}
		}
	}
	sort.Slice(pageRules, func(i, j int) bool { return pageRules[i].Pos.Resource() < pageRules[j].Pos.Resource() })
	return zone, pageRules
}

// modeOverridden reports whether configuration rules replace the zone's
// SSL mode for every request to host, so neither the zone's mode nor a
// page rule's reaches it.
func modeOverridden(p *pairing.Pairing, h string) bool {
	for _, r := range p.Edge.ConfigRules {
		sc := pairing.ParseScope(r.Expression)
		if r.Enabled && r.SSLMode != "" && sc.Known && sc.Paths == nil && sc.CoversHost(h) == pairing.YesMatch {
			return true
		}
	}
	return false
}
