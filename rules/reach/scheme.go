package reach

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/scheme-port-mismatch.md
var schemeDoc string

// SchemePortMismatch reports a protocol spoken to a port that serves
// another one: TLS to port 80, plain HTTP to 443, FastCGI/uwsgi/SCGI to
// the HTTP ports.
var SchemePortMismatch = &lint.Rule{
	ID:       "EL1006",
	Name:     "scheme-port-mismatch",
	Category: lint.CategoryReachability,
	Title:    "protocol does not match the port it is sent to",
	Doc:      schemeDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkScheme,
}

// mismatch explains why speaking proto to port fails, or returns "".
func mismatch(proto lint.Protocol, scheme string, port int) string {
	switch {
	case (scheme == "https" || scheme == "grpcs") && port == 80:
		return "port 80 serves plain HTTP → 502 (\"SSL_do_handshake() failed … wrong version number\")"
	case (scheme == "http" || scheme == "grpc") && port == 443 && (proto == lint.ProtoHTTP || proto == lint.ProtoGRPC):
		return "port 443 expects TLS → the backend rejects the plain request (nginx backends answer 400 \"The plain HTTP request was sent to HTTPS port\") or resets it → 502"
	case (proto == lint.ProtoFastCGI || proto == lint.ProtoUWSGI || proto == lint.ProtoSCGI) && (port == 80 || port == 443):
		return fmt.Sprintf("port %d serves HTTP, not %s → 502 (\"upstream sent unsupported FastCGI protocol version: 72\" for FastCGI)", port, protoName(proto))
	}
	return ""
}

func protoName(p lint.Protocol) string {
	switch p {
	case lint.ProtoFastCGI:
		return "FastCGI"
	case lint.ProtoUWSGI:
		return "uwsgi"
	case lint.ProtoSCGI:
		return "SCGI"
	}
	return string(p)
}

func checkScheme(p *lint.Pass) error {
	c := p.Config
	seen := map[string]bool{}
	for r := range c.Routes() {
		t := r.Target
		if t.Variables || t.UnixPath != "" {
			continue
		}
		scheme := strings.ToLower(t.Scheme)
		pass := passDirective(c, r)
		if u := t.Upstream; u != nil {
			for _, e := range u.Endpoints {
				if e.UnixPath != "" || strings.HasPrefix(strings.ToLower(e.Raw), "unix:") {
					continue
				}
				// A server without a port is port 80 whatever the scheme
				// of the *_pass that uses the pool.
				port, implied := e.Port, ""
				if !e.PortSet {
					port, implied = 80, " (no port: nginx uses 80)"
				}
				why := mismatch(r.Protocol, scheme, port)
				if why == "" {
					continue
				}
				key := fmt.Sprintf("%v|%s|%s", e.Pos, scheme, r.Protocol)
				if seen[key] {
					continue
				}
				seen[key] = true
				p.Report(e.Pos, fmt.Sprintf("server %s%s in upstream %s is used by %s %s: %s",
					e.Raw, implied, u.Name, pass, t.Raw, why), lint.Related{Pos: t.Pos, Message: pass + " " + t.Raw})
			}
			continue
		}
		if !t.PortSet {
			continue
		}
		why := mismatch(r.Protocol, scheme, t.Port)
		if why == "" {
			continue
		}
		key := fmt.Sprintf("%v", t.Pos)
		if seen[key] {
			continue
		}
		seen[key] = true
		p.Report(t.Pos, fmt.Sprintf("%s %s: %s", pass, t.Raw, why))
	}
	return nil
}
