package hosthdr

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/upstream-tls-no-sni.md
var sniDoc string

// NoSNI: nginx sends no SNI to TLS upstreams unless proxy_ssl_server_name
// is on, and with an upstream block the SNI name defaults to the block's
// name. Backends that host several names on one address (CDNs, SaaS, cloud
// load balancers, ingress controllers) reject or misroute such handshakes.
var NoSNI = &lint.Rule{
	ID:       "EL2001",
	Name:     "upstream-tls-no-sni",
	Category: lint.CategoryHostHeader,
	Title:    "TLS upstream reached by host name without a usable SNI name",
	Doc:      sniDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx},
	// A setting missing here may be set in the http block of the tree
	// that includes a fragment: judge only whole trees.
	WholeTree: true,
	Check:     checkNoSNI,
}

const alert112 = `502 (SSL_do_handshake() failed ... tlsv1 unrecognized name ... SSL alert number 112)`

func checkNoSNI(p *lint.Pass) error {
	for r := range p.Config.Routes() {
		if !lint.Nginx.TLSScheme(r.Target.Scheme) || r.Target.Variables || r.Target.UnixPath != "" {
			continue
		}
		sniDir := directive(r.TLS.SNI, r, "ssl_server_name")
		nameDir := directive(r.TLS.Name, r, "ssl_name")
		up := r.Target.Upstream
		if !r.TLS.SNI.Value {
			var want, why string
			switch {
			case !defaultName(r.TLS.Name) && !lint.IsIP(r.TLS.Name.Value):
				want = r.TLS.Name.Value
				why = fmt.Sprintf("%s %s is used only for the certificate check", nameDir, want)
			case up != nil:
				want = endpointName(up)
				why = fmt.Sprintf("upstream %s has servers by name (%s)", up.Name, want)
			case dnsName(r.Target.Host):
				want = r.Target.Host
				why = fmt.Sprintf("%s %s names a host", passName(r), r.Target.Raw)
			}
			if want == "" {
				continue
			}
			msg := fmt.Sprintf("%s is off, so no SNI is sent although %s → backends that serve several names on one address fail the handshake: %s",
				sniDir, why, alert112)
			if up != nil && defaultName(r.TLS.Name) {
				msg += fmt.Sprintf("; set %s on and %s %s", sniDir, nameDir, want)
			}
			var related []lint.Related
			if up != nil {
				related = append(related, upstreamRelated(up))
			}
			p.Report(at(r.TLS.SNI, r), msg, related...)
			continue
		}
		// SNI on, but the name is still $proxy_host = the block name.
		// With verification on, EL2002 reports the same fix.
		if up == nil || !defaultName(r.TLS.Name) || dnsName(up.Name) || r.TLS.Verify.Value {
			continue
		}
		want := endpointName(up)
		if want == "" {
			continue
		}
		p.Report(at(r.TLS.Name, r), fmt.Sprintf(
			"%s on sends the upstream block name %q as SNI (no %s), not a host name such as %s → backends that route by SNI reject or misroute the handshake: %s; set %s %s",
			sniDir, up.Name, nameDir, want, alert112, nameDir, want), upstreamRelated(up))
	}
	return nil
}
