package tlsproxy

import (
	_ "embed"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/cfzone"
)

//go:embed docs/ssl-off-with-https-redirect.md
var sslOffDoc string

// SSLOffWithHTTPSRedirect reports SSL mode off combined with a setting that
// sends visitors to HTTPS: Off redirects HTTPS back to HTTP, so the two
// redirect into each other.
var SSLOffWithHTTPSRedirect = &lint.Rule{
	ID:       "EL7201",
	Name:     "ssl-off-with-https-redirect",
	Category: lint.CategoryTLS,
	Title:    "SSL mode off together with Always Use HTTPS or HSTS: redirect loop",
	Doc:      sslOffDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkSSLOff,
}

func checkSSLOff(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil || e.SSLMode.Value != "off" {
		return nil
	}
	if s := e.AlwaysUseHTTPS; s.Value {
		p.Report(e.SSLMode.Pos, "SSL mode off redirects HTTPS requests to HTTP while always_use_https on redirects HTTP to HTTPS → ERR_TOO_MANY_REDIRECTS for every visitor",
			lint.Related{Pos: s.Pos, Message: "always_use_https enabled here"})
	}
	if s := e.HSTS; s.Value.Enabled {
		p.Report(e.SSLMode.Pos, "SSL mode off redirects HTTPS requests to HTTP while HSTS (security_header) makes browsers use HTTPS → ERR_TOO_MANY_REDIRECTS for every visitor",
			lint.Related{Pos: s.Pos, Message: "HSTS enabled here"})
	}
	return nil
}
