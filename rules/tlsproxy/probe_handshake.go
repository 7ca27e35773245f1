package tlsproxy

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/probeplan"
)

//go:embed docs/probe-upstream-tls-handshake.md
var handshakeDoc string

// ProbeTLSHandshake reports TLS upstreams that refuse the handshake the proxy
// would start (with its SNI, or without SNI when nginx sends none).
var ProbeTLSHandshake = &lint.Rule{
	ID:        "EL7501",
	Name:      "probe-upstream-tls-handshake",
	Category:  lint.CategoryTLS,
	Title:     "TLS upstream refuses the handshake the proxy would send (--probe)",
	Doc:       handshakeDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Nginx, lint.Apache},
	WholeTree: true,
	Probe:     true,
	Options:   probeplan.RuleOptions,
	Check:     checkHandshake,
}

func checkHandshake(p *lint.Pass) error {
	out := probeplan.Probe(p)
	rep := probeplan.NewReporter(p)
	for _, u := range out.Uses {
		if !u.EP.TLS {
			continue
		}
		for _, a := range out.Results[u.EP].Addrs {
			if a.DialErr != nil || a.TLSErr == nil {
				continue
			}
			sni := "without SNI"
			if u.EP.SNI != "" {
				sni = fmt.Sprintf("with SNI %q", u.EP.SNI)
			}
			msg := fmt.Sprintf("%s: TLS handshake with %s %s fails: %s → %s", u.Label, a.Addr, sni, tlsProblem(a.TLSErr), tlsConsequence(u, a.TLSErr))
			if u.SNIOff && isUnrecognizedName(a.TLSErr) {
				msg += fmt.Sprintf("; set %s on", u.SNIDirective)
			}
			rep.Report(u, msg)
			break
		}
	}
	return nil
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

func tlsConsequence(u probeplan.Use, err error) string {
	if u.Source == lint.Apache {
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
