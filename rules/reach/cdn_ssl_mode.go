package reach

import (
	_ "embed"
	"fmt"
	"net/netip"

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
		if !modeOverridden(pr) {
			check(pr.Edge.SSLMode.Value, pr.Edge.SSLMode.Pos, "SSL mode")
		}
		for _, r := range pr.Edge.ConfigRules {
			if !r.Enabled || r.SSLMode == "" || r.SSLMode == pr.Edge.SSLMode.Value {
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

// modeOverridden reports whether configuration rules replace the zone's
// SSL mode for every request to every served hostname, so the zone's own
// mode never reaches this origin.
func modeOverridden(p *pairing.Pairing) bool {
	for h := range p.Served {
		covered := false
		for _, r := range p.Edge.ConfigRules {
			sc := pairing.ParseScope(r.Expression)
			if r.Enabled && r.SSLMode != "" && sc.Known && sc.Paths == nil && sc.CoversHost(h) == pairing.YesMatch {
				covered = true
			}
		}
		if !covered {
			return false
		}
	}
	return true
}
