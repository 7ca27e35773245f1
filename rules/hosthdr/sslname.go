package hosthdr

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/upstream-ssl-name-is-block-name.md
var sslNameDoc string

// SSLNameIsBlockName: with proxy_ssl_verify on, nginx checks the upstream
// certificate against proxy_ssl_name, which defaults to $proxy_host: for
// proxy_pass https://backend that is the block name "backend", which no
// certificate carries.
var SSLNameIsBlockName = &lint.Rule{
	ID:       "EL2002",
	Name:     "upstream-ssl-name-is-block-name",
	Category: lint.CategoryHostHeader,
	Title:    "upstream certificate verified against the upstream block name",
	Doc:      sslNameDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Nginx},
	// A setting missing here may be set in the http block of the tree
	// that includes a fragment: judge only whole trees.
	WholeTree: true,
	Check:     checkSSLName,
}

func checkSSLName(p *lint.Pass) error {
	for r, up := range p.Config.PooledRoutes() {
		if !lint.Nginx.TLSScheme(r.Target.Scheme) || !r.TLS.Verify.Value || !defaultName(r.TLS.Name) || dnsName(up.Name) {
			continue
		}
		verifyDir := directive(r.TLS.Verify, r, "ssl_verify")
		nameDir := directive(r.TLS.Name, r, "ssl_name")
		fix := "the name in the servers' certificate"
		if want := endpointName(up); want != "" {
			fix = want
		}
		related := []lint.Related{upstreamRelated(up)}
		if !r.TLS.Verify.Pos.IsZero() {
			related = append(related, lint.Related{Pos: r.TLS.Verify.Pos, Message: verifyDir + " on set here"})
		}
		p.Report(at(r.TLS.Name, r), fmt.Sprintf(
			"%s on checks the certificate of upstream %s against the block name %q (no %s) → every request fails with 502 (upstream SSL certificate does not match \"%s\"); set %s to %s",
			verifyDir, up.Name, up.Name, nameDir, up.Name, nameDir, fix), related...)
	}
	return nil
}
