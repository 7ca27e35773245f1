package tlsproxy

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/cfzone"
)

//go:embed docs/cdn-edge-certificate-missing.md
var edgeCertDoc string

// CDNEdgeCertificateMissing reports proxied hostnames that no edge
// certificate covers once Universal SSL is off: Cloudflare then has nothing
// to present, and every HTTPS visitor fails in the handshake.
var CDNEdgeCertificateMissing = &lint.Rule{
	ID:       "EL7203",
	Name:     "cdn-edge-certificate-missing",
	Category: lint.CategoryTLS,
	Title:    "Universal SSL is off and no other edge certificate covers a proxied hostname",
	Doc:      edgeCertDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkEdgeCert,
}

func checkEdgeCert(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil || !e.UniversalSSL.Set || e.UniversalSSL.Value || e.EdgeCertsUnread {
		return nil
	}
	if e.SSLMode.Value == "off" && !e.AlwaysUseHTTPS.Value && !e.HSTS.Value.Enabled {
		return nil // an HTTP-only zone: no certificate is meant to be there
	}
	for _, h := range e.ProxiedHostnames() {
		covered := false
		for _, c := range e.EdgeCerts {
			covered = covered || c.Covers(h.Name)
		}
		if covered {
			continue
		}
		p.Report(h.Pos, fmt.Sprintf("proxied hostname %s has no edge certificate: Universal SSL is off and no certificate pack or custom certificate covers it → every HTTPS request fails in the TLS handshake (ERR_SSL_VERSION_OR_CIPHER_MISMATCH)", h.Name),
			lint.Related{Pos: e.UniversalSSL.Pos, Message: "Universal SSL disabled here"})
	}
	return nil
}
