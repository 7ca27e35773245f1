package hosthdr

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/pairing"
)

//go:embed docs/tunnel-host-header-unserved.md
var tunnelHostDoc string

// TunnelHostHeaderUnserved reports cloudflared ingress rules whose Host
// header (httpHostHeader, else the visitor's Host: the rule's hostname) or
// TLS name (originServerName) no server at the local origin serves, so
// the request or the handshake lands in the port's default server.
var TunnelHostHeaderUnserved = &lint.Rule{
	ID:       "EL2303",
	Name:     "tunnel-host-header-unserved",
	Category: lint.CategoryHostHeader,
	Title:    "cloudflared sends a Host header or TLS name the origin behind the tunnel does not serve",
	Doc:      tunnelHostDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Cloudflared, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkTunnelHost,
}

func checkTunnelHost(p *lint.Pass) error {
	var tunnels []*lint.Tunnel
	for _, c := range p.All {
		switch {
		case c.Source == lint.Cloudflared && c.Tunnel != nil:
			tunnels = append(tunnels, c.Tunnel)
		case (c.Source == lint.Nginx || c.Source == lint.Apache) && c.Incomplete():
			// a server in a file the lint did not read may serve the name
			return nil
		}
	}
	if len(tunnels) == 0 {
		return nil
	}
	o, _ := pairing.Of(p)
	if o == nil {
		return nil
	}
	for _, t := range tunnels {
		for _, r := range t.Ingress {
			scheme, port, _, ok := r.Local()
			if !ok || port == 0 || o.SitesOn(port) == 0 {
				continue // a socket, another host, or nothing listening (EL1205)
			}
			checkTunnelRule(p, o, r, scheme, port)
		}
	}
	return nil
}

func checkTunnelRule(p *lint.Pass, o *pairing.Origin, r *lint.IngressRule, scheme string, port int) {
	or := r.OriginRequest
	hh := strings.TrimSpace(or.HTTPHostHeader.Value)
	switch {
	case hh != "":
		if d, where, outcome, bad := tunnelLanding(o, hh, port); bad {
			p.Report(or.HTTPHostHeader.Pos, fmt.Sprintf("httpHostHeader %s (for %s, service %s) matches no server name at the origin → requests land in %s%s instead of the application",
				hh, r.Describe(), r.Service, where, outcome), lint.Related{Pos: d.Site.Pos, Message: "default server"})
		}
	case r.Hostname != "" && !strings.Contains(r.Hostname, "*"):
		// Without httpHostHeader cloudflared forwards the visitor's
		// Host, which for a rule with a literal hostname is that name.
		if d, where, outcome, bad := tunnelLanding(o, r.Hostname, port); bad {
			p.Report(r.Pos, fmt.Sprintf("cloudflared forwards the visitor's Host %s to %s, and no server name at the origin matches it → requests land in %s%s instead of the application",
				r.Hostname, r.Service, where, outcome), lint.Related{Pos: d.Site.Pos, Message: "default server"})
		}
	}
	sni := strings.TrimSpace(or.OriginServerName.Value)
	if scheme != "https" || sni == "" || or.NoTLSVerify.Value || or.MatchSNIToHost.Value {
		return
	}
	if d, where, _, bad := tunnelLanding(o, sni, port); bad {
		p.Report(or.OriginServerName.Pos, fmt.Sprintf("originServerName %s (for %s, service %s) matches no server name at the origin: cloudflared sends it as SNI and checks the certificate against it, and the handshake gets the certificate of %s → 502 (\"x509: certificate is valid for …, not %s\") unless that certificate also covers %s",
			sni, r.Describe(), r.Service, where, sni, sni), lint.Related{Pos: d.Site.Pos, Message: "default server"})
	}
}

// tunnelLanding is landing for a request cloudflared sends with Host (or
// SNI) host to the origin's port: where it goes when no server name
// matches, with what cloudflared's visitor then sees; ok=false when some
// site serves (or may serve) the name, or the default server is a
// deliberate catch-all or the only site on the port.
func tunnelLanding(o *pairing.Origin, host string, port int) (d pairing.Site, where, outcome string, ok bool) {
	host = pairing.Canon(stripPort(host))
	if host == "" {
		return pairing.Site{}, "", "", false
	}
	if sites, maybe := o.Serving(host); len(sites) > 0 || maybe {
		return pairing.Site{}, "", "", false
	}
	d, found := o.DefaultSite(port)
	if !found || o.SitesOn(port) < 2 {
		return pairing.Site{}, "", "", false
	}
	where = fmt.Sprintf("the default server for port %d (%s)", port, defaultServerName(d))
	if how, result := refusal(d, port); how != "" {
		// refusal says what Cloudflare's edge shows; behind a tunnel
		// cloudflared is the client, and answers 502 where the origin
		// sends nothing.
		switch {
		case strings.Contains(how, "ssl_reject_handshake"):
			result = "502 (the TLS handshake fails)"
		case strings.Contains(how, "444"):
			result = "502 (EOF)"
		}
		return d, where, fmt.Sprintf(", which %s: %s", how, result), true
	}
	if pairing.CatchAll(d) {
		return pairing.Site{}, "", "", false
	}
	return d, where, ": wrong site, 404 or 421", true
}
