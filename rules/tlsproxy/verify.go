package tlsproxy

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/ssl-verify-without-ca.md
var verifyDoc string

// VerifyWithoutCA: nginx needs a CA file for proxy_ssl_verify (it never uses
// the system trust store for upstreams) and refuses to load a location that
// may talk TLS with verification on and no proxy_ssl_trusted_certificate.
var VerifyWithoutCA = &lint.Rule{
	ID:       "EL7001",
	Name:     "ssl-verify-without-ca",
	Category: lint.CategoryTLS,
	Title:    "upstream certificate verification on without trusted CA certificates",
	Doc:      verifyDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Nginx},
	// A setting missing here may be set in the http block of the tree
	// that includes a fragment: judge only whole trees.
	WholeTree: true,
	Check:     checkVerifyWithoutCA,
}

// mayUseTLS reports whether nginx sets up an SSL context for the route: a
// TLS scheme, or any address with variables (the scheme is only known per
// request, so nginx prepares TLS for it; checked with nginx 1.22.1).
func mayUseTLS(r *lint.Route) bool {
	return lint.Nginx.TLSScheme(r.Target.Scheme) || r.Target.Variables
}

func checkVerifyWithoutCA(p *lint.Pass) error {
	type group struct {
		verify lint.Setting[bool]
		routes []*lint.Route
	}
	var order []lint.Position
	groups := map[lint.Position]*group{}
	for r := range p.Config.Routes() {
		// Only the modules with TLS have *_ssl_verify.
		prefix := r.Protocol.NginxTLSPrefix()
		if prefix == "" || !r.TLS.Verify.Value || strings.TrimSpace(r.TLS.TrustedCertificate.Value) != "" || !mayUseTLS(r) {
			continue
		}
		v := r.TLS.Verify
		if v.Directive == "" {
			v.Directive = prefix + "_ssl_verify"
		}
		// One finding per verify directive: nginx stops at the first
		// location anyway, and an http-level "on" would otherwise be
		// reported once per location.
		g := groups[v.Pos]
		if g == nil {
			g = &group{verify: v}
			groups[v.Pos] = g
			order = append(order, v.Pos)
		}
		g.routes = append(g.routes, r)
	}
	for _, pos := range order {
		g := groups[pos]
		verify := g.verify.Directive
		trusted := strings.TrimSuffix(verify, "_verify") + "_trusted_certificate"
		var related []lint.Related
		for _, r := range g.routes {
			related = append(related, lint.Related{Pos: r.Target.Pos, Message: fmt.Sprintf("TLS to %s here", r.Target.Raw)})
		}
		where := "in scope"
		if len(g.routes) > 1 {
			where = fmt.Sprintf("for %d locations", len(g.routes))
		}
		p.Report(pos, fmt.Sprintf("%s on without %s %s → nginx refuses to load the configuration: [emerg] no %s for %s",
			verify, trusted, where, trusted, verify), related...)
	}
	return nil
}
