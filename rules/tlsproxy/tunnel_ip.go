package tlsproxy

import (
	_ "embed"
	"fmt"
	"net/url"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/tunnel-tls-verify-ip-origin.md
var tunnelIPDoc string

// TunnelTLSVerifyIPOrigin reports a cloudflared ingress service
// https://<IP> that cloudflared verifies against the IP address: the
// origin's certificate names hosts, not addresses.
var TunnelTLSVerifyIPOrigin = &lint.Rule{
	ID:       "EL7202",
	Name:     "tunnel-tls-verify-ip-origin",
	Category: lint.CategoryTLS,
	Title:    "cloudflared verifies an https:// origin addressed by IP against the IP",
	Doc:      tunnelIPDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Cloudflared},
	Check:    checkTunnelIP,
}

func checkTunnelIP(p *lint.Pass) error {
	t := p.Config.Tunnel
	if t == nil {
		return nil
	}
	for _, r := range t.Ingress {
		u, err := url.Parse(r.Service)
		if err != nil || (u.Scheme != "https" && u.Scheme != "wss") || !lint.IsIP(u.Hostname()) {
			continue
		}
		o := r.OriginRequest
		switch {
		case o.NoTLSVerify.Value:
			continue // any certificate is accepted
		case strings.TrimSpace(o.OriginServerName.Value) != "":
			continue // the certificate is checked against that name
		case o.MatchSNIToHost.Value:
			continue // against the request's Host: EL2303's business
		case o.CAPool.Value != "":
			// A private CA is where certificates with IP SANs are issued:
			// without reading the certificate, no evidence either way.
			continue
		}
		var rel []lint.Related
		if o.NoTLSVerify.Set {
			rel = append(rel, lint.Related{Pos: o.NoTLSVerify.Pos, Message: "noTLSVerify: false"})
		}
		ip := u.Hostname()
		p.Report(r.ServicePos, fmt.Sprintf("ingress service %s is addressed by IP with noTLSVerify false (the default) and no originServerName: cloudflared checks the origin's certificate against %s → 502 for %s (\"x509: cannot validate certificate for %s because it doesn't contain any IP SANs\") unless the certificate carries that address",
			r.Service, ip, r.Describe(), ip), rel...)
	}
	return nil
}
