package probe

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/probe-upstream-tls-handshake.md
var handshakeDoc string

//go:embed docs/probe-upstream-certificate-name.md
var certNameDoc string

// TLSHandshake reports TLS upstreams that refuse the handshake the proxy
// would start (with its SNI, or without SNI when nginx sends none).
var TLSHandshake = &lint.Rule{
	ID:        "EL7501",
	Name:      "probe-upstream-tls-handshake",
	Category:  lint.CategoryTLS,
	Title:     "TLS upstream refuses the handshake the proxy would send (--probe)",
	Doc:       handshakeDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Nginx, lint.Apache},
	WholeTree: true,
	Probe:     true,
	Options:   func() any { return DefaultOptions() },
	Check:     checkHandshake,
}

// CertificateName reports TLS upstreams whose certificate does not cover
// the name the proxy checks it against.
var CertificateName = &lint.Rule{
	ID:        "EL2501",
	Name:      "probe-upstream-certificate-name",
	Category:  lint.CategoryHostHeader,
	Title:     "upstream certificate does not match the name the proxy verifies (--probe)",
	Doc:       certNameDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Nginx, lint.Apache},
	WholeTree: true,
	Probe:     true,
	Options:   func() any { return DefaultOptions() },
	Check:     checkCertName,
}

func checkHandshake(p *lint.Pass) error {
	out := probeConfig(p)
	rep := newReporter(p)
	for _, u := range out.uses {
		if !u.ep.tls {
			continue
		}
		for _, a := range out.results[u.ep].addrs {
			if a.dialErr != nil || a.tlsErr == nil {
				continue
			}
			sni := "without SNI"
			if u.ep.sni != "" {
				sni = fmt.Sprintf("with SNI %q", u.ep.sni)
			}
			msg := fmt.Sprintf("%s: TLS handshake with %s %s fails: %s → %s", u.label, a.addr, sni, tlsProblem(a.tlsErr), tlsConsequence(u, a.tlsErr))
			if u.sniOff && isUnrecognizedName(a.tlsErr) {
				msg += fmt.Sprintf("; set %s on", u.sniDirective)
			}
			rep.report(u, msg)
			break
		}
	}
	return nil
}

func checkCertName(p *lint.Pass) error {
	out := probeConfig(p)
	rep := newReporter(p)
	for _, u := range out.uses {
		if !u.ep.tls || u.ep.name == "" {
			continue
		}
		for _, a := range out.results[u.ep].addrs {
			if a.dialErr != nil || a.tlsErr != nil || a.cert == nil {
				continue
			}
			if a.cert.VerifyHostname(u.ep.name) == nil {
				continue
			}
			status := fmt.Sprintf(`502 "upstream SSL certificate does not match \"%s\""`, u.ep.name)
			if u.source == lint.Apache {
				status = `500 "AH00898: Error during SSL Handshake with remote server"`
			}
			rep.report(u, fmt.Sprintf("%s: the certificate of %s is for %s, not %q (%s) which the proxy verifies → %s",
				u.label, a.addr, certNames(a), u.ep.name, u.nameDirective, status))
			break
		}
	}
	return nil
}

func certNames(a addrResult) string {
	var names []string
	names = append(names, a.cert.DNSNames...)
	for _, ip := range a.cert.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && a.cert.Subject.CommonName != "" {
		names = append(names, a.cert.Subject.CommonName)
	}
	if len(names) == 0 {
		return "no name"
	}
	if len(names) > 4 {
		names = append(names[:4], fmt.Sprintf("%d more", len(names)-4))
	}
	return strings.Join(names, ", ")
}

func isUnrecognizedName(err error) bool {
	return strings.Contains(err.Error(), "unrecognized name")
}

func tlsProblem(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "first record does not look like a TLS handshake"):
		return "the port answers plain HTTP, not TLS"
	case isTimeout(err):
		return "no answer to the ClientHello (timeout)"
	}
	return msg
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func tlsConsequence(u use, err error) string {
	if u.source == lint.Apache {
		return `500 "AH00898: Error during SSL Handshake with remote server"`
	}
	switch {
	case isUnrecognizedName(err):
		return `502 "SSL_do_handshake() failed (… tlsv1 unrecognized name … alert number 112)"`
	case strings.Contains(err.Error(), "first record does not look like a TLS handshake"):
		return `502 "SSL_do_handshake() failed (… wrong version number)"`
	case isTimeout(err):
		return `504 "upstream timed out (110: Connection timed out) while SSL handshaking to upstream"`
	}
	return `502 "SSL_do_handshake() failed"`
}
