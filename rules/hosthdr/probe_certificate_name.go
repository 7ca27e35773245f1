package hosthdr

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/probeplan"
)

//go:embed docs/probe-upstream-certificate-name.md
var certNameDoc string

// ProbeCertificateName reports TLS upstreams whose certificate does not cover
// the name the proxy checks it against.
var ProbeCertificateName = &lint.Rule{
	ID:        "EL2501",
	Name:      "probe-upstream-certificate-name",
	Category:  lint.CategoryHostHeader,
	Title:     "upstream certificate does not match the name the proxy verifies (--probe)",
	Doc:       certNameDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Nginx, lint.Apache},
	WholeTree: true,
	Probe:     true,
	Options:   probeplan.RuleOptions,
	Check:     checkCertName,
}

func checkCertName(p *lint.Pass) error {
	out := probeplan.Probe(p)
	rep := probeplan.NewReporter(p)
	for _, u := range out.Uses {
		if !u.EP.TLS || u.EP.Name == "" {
			continue
		}
		for _, a := range out.Results[u.EP].Addrs {
			if a.DialErr != nil || a.TLSErr != nil || a.Cert == nil {
				continue
			}
			if a.Cert.VerifyHostname(u.EP.Name) == nil {
				continue
			}
			status := fmt.Sprintf(`502 "upstream SSL certificate does not match \"%s\""`, u.EP.Name)
			if u.Source == lint.Apache {
				status = `500 "AH00898: Error during SSL Handshake with remote server"`
			}
			rep.Report(u, fmt.Sprintf("%s: the certificate of %s is for %s, not %q (%s) which the proxy verifies → %s",
				u.Label, a.Addr, certNames(a), u.EP.Name, u.NameDirective, status))
			break
		}
	}
	return nil
}

func certNames(a probeplan.AddrResult) string {
	var names []string
	names = append(names, a.Cert.DNSNames...)
	for _, ip := range a.Cert.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && a.Cert.Subject.CommonName != "" {
		names = append(names, a.Cert.Subject.CommonName)
	}
	if len(names) == 0 {
		return "no name"
	}
	if len(names) > 4 {
		names = append(names[:4], fmt.Sprintf("%d more", len(names)-4))
	}
	return strings.Join(names, ", ")
}
