package tlsproxy

import (
	_ "embed"
	"fmt"
	"net/netip"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/pairing"
)

//go:embed docs/cdn-origin-requires-client-cert.md
var clientCertDoc string

// CDNOriginRequiresClientCert reports an origin that demands a client
// certificate on the listener a proxied hostname reaches, behind a zone
// whose Cloudflare presents none (Authenticated Origin Pulls off).
var CDNOriginRequiresClientCert = &lint.Rule{
	ID:       "EL7302",
	Name:     "cdn-origin-requires-client-cert",
	Category: lint.CategoryTLS,
	Title:    "origin requires a client certificate, but Authenticated Origin Pulls is off",
	Doc:      clientCertDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkClientCert,
}

// requiresClientCert reports whether a site's verification refuses a
// client without a certificate: nginx "on" (not optional, optional_no_ca),
// Apache "require".
func requiresClientCert(src lint.SourceKind, v lint.Setting[string]) bool {
	if !v.Set {
		return false
	}
	switch src {
	case lint.Nginx:
		return v.Value == "on"
	case lint.Apache:
		return strings.EqualFold(v.Value, "require")
	}
	return false
}

// failure says what a client without a certificate gets from the server.
func failure(src lint.SourceKind) string {
	if src == lint.Nginx {
		return "nginx answers every request with 400 \"No required SSL certificate was sent\", which Cloudflare passes to every visitor"
	}
	return "Apache aborts every TLS handshake (\"peer did not return a certificate\") → 525 (SSL handshake failed) for every request"
}

func checkClientCert(p *lint.Pass) error {
	o, pairs := pairing.Of(p)
	if o == nil {
		return nil
	}
	reported := map[lint.Position]bool{}
	for _, pr := range pairs {
		e := pr.Edge
		// AOP state must be known in full and off; the origin must be
		// reached with TLS on the SSL mode's port, directly.
		if e.Paused || e.SettingsUnread || e.OriginPullsPartial || e.OriginPulls.Value {
			continue
		}
		// Origin, configuration and page rules may send the host
		// elsewhere or over plain HTTP: unread ones could do either.
		if e.OriginRulesUnread || e.ConfigRulesUnread || e.PageRulesUnread {
			continue
		}
		switch e.SSLMode.Value {
		case "full", "strict", "origin_pull":
		default:
			continue // off, flexible or unknown: plain HTTP to the origin, another failure
		}
		if !pr.Direct() || pageRulesReroute(e) {
			continue
		}
		for _, h := range pr.Hosts {
			sites := pr.Served[h.Name]
			if len(sites) == 0 || h.LB != nil || pr.Maybe[h.Name] || aopFor(e, h.Name) || rerouted(e, h.Name) {
				continue
			}
			on443 := tlsSitesOn443(sites)
			if len(on443) == 0 {
				continue
			}
			all := true
			for _, s := range on443 {
				all = all && requiresClientCert(s.Cfg.Source, s.Site.TLS.VerifyClient)
			}
			if !all {
				continue
			}
			s := on443[0]
			v := s.Site.TLS.VerifyClient
			if reported[v.Pos] {
				continue
			}
			reported[v.Pos] = true
			p.Report(v.Pos, fmt.Sprintf("%s %s requires a client certificate from every client of %s, but zone %s has Authenticated Origin Pulls off, so Cloudflare connects without one → %s",
				v.Directive, v.Value, h.Name, e.Zone, failure(s.Cfg.Source)),
				lint.Related{Pos: e.OriginPulls.Pos, Message: "Authenticated Origin Pulls (tls_client_auth) off"},
				lint.Related{Pos: h.Pos, Message: "the proxied hostname"})
		}
	}
	return nil
}

// aopFor reports per-hostname Authenticated Origin Pulls for host.
func aopFor(e *lint.Edge, host string) bool {
	for _, h := range e.OriginPullHosts {
		if pairing.Canon(h) == pairing.Canon(host) {
			return true
		}
	}
	return false
}

// rerouted reports whether an enabled Origin Rule or configuration rule
// may change where or how host's requests reach the origin: another
// origin, port, Host or SNI, or an SSL mode that speaks plain HTTP to it
// for every path.
func rerouted(e *lint.Edge, host string) bool {
	for _, r := range e.OriginRules {
		if r.Enabled && (r.OriginHost != "" || r.OriginPort != 0 || r.HostHeader != "" || r.SNI != "") &&
			pairing.ParseScope(r.Expression).CoversHost(host) != pairing.NoMatch {
			return true
		}
	}
	for _, r := range e.ConfigRules {
		if !r.Enabled || (r.SSLMode != "off" && r.SSLMode != "flexible") {
			continue
		}
		sc := pairing.ParseScope(r.Expression)
		if sc.CoversHost(host) != pairing.NoMatch && (!sc.Known || sc.Paths == nil) {
			return true
		}
	}
	return false
}

// pageRulesReroute reports an enabled Page Rule that may send a proxied
// name elsewhere or over plain HTTP; their URL patterns are not matched
// against hostnames here, so any such rule holds the zone back.
func pageRulesReroute(e *lint.Edge) bool {
	for _, r := range e.PageRules {
		if r.Enabled && (r.SSLMode == "off" || r.SSLMode == "flexible" || r.ResolveOverride != "" || r.HostHeader != "") {
			return true
		}
	}
	return false
}

// tlsSitesOn443 are the sites of sites with a TLS listener on port 443
// that Cloudflare can connect to (not a socket, not loopback).
func tlsSitesOn443(sites []pairing.Site) []pairing.Site {
	var out []pairing.Site
	for _, s := range sites {
		for _, l := range s.Site.Listeners {
			if l.Port != 443 || !l.TLS || l.Unix != "" {
				continue
			}
			if a, err := netip.ParseAddr(strings.Trim(l.Addr, "[]")); err == nil && a.IsLoopback() {
				continue
			}
			out = append(out, s)
			break
		}
	}
	return out
}
