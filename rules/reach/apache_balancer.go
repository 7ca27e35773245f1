package reach

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/modproxy"
)

//go:embed docs/apache-undefined-balancer.md
var undefinedBalancerDoc string

// ApacheUndefinedBalancer: ProxyPass to balancer://name creates an empty balancer
// when no <Proxy balancer://name> or BalancerMember defines one; httpd
// starts, and every request gets 503 (AH01171, seen on 2.4.71).
var ApacheUndefinedBalancer = &lint.Rule{
	ID:        "EL1101",
	Name:      "apache-undefined-balancer",
	Category:  lint.CategoryReachability,
	Title:     "balancer:// with no members defined",
	Doc:       undefinedBalancerDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Apache},
	WholeTree: true,
	Check: func(p *lint.Pass) error {
		for r := range p.Config.Routes() {
			t := r.Target
			if t.Scheme != "balancer" || t.Variables {
				continue
			}
			if t.Upstream != nil && len(t.Upstream.Endpoints) > 0 {
				continue
			}
			var rel []lint.Related
			if t.Upstream != nil {
				rel = append(rel, lint.Related{Pos: t.Upstream.Pos, Message: "defined here without BalancerMember"})
			}
			p.Report(t.Pos, fmt.Sprintf("%s %s: no BalancerMember defines balancer://%s → 503 on every request (AH01171: No workers in balancer)",
				modproxy.Directive(p.Config, r), t.Raw, t.Host), rel...)
		}
		return nil
	},
}

//go:embed docs/apache-invalid-port.md
var invalidPortDoc string

// ApacheInvalidPort: httpd accepts a worker URL with port 0 or above 65535 at
// start-up (apache2 -t says Syntax OK) and answers each request with 400
// (AH01083: error parsing URL … Invalid host/port, seen on 2.4.71).
var ApacheInvalidPort = &lint.Rule{
	ID:       "EL1102",
	Name:     "apache-invalid-port",
	Category: lint.CategoryReachability,
	Title:    "worker URL with a port outside 1-65535",
	Doc:      invalidPortDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		done := modproxy.Seen{}
		check := func(pos lint.Position, what, raw, scheme string, port int, portSet bool) {
			if !portSet || scheme == "balancer" || strings.ContainsAny(authority(raw), "$%") || (port >= 1 && port <= 65535) || !done.First(pos) {
				return
			}
			shown := fmt.Sprint(port)
			if port < 0 {
				shown = "that is not a number"
			}
			p.Report(pos, fmt.Sprintf("%s %s has port %s, outside 1-65535 → 400 on every request (AH01083: error parsing URL … Invalid host/port)", what, raw, shown))
		}
		for r := range p.Config.Routes() {
			t := r.Target
			check(t.Pos, modproxy.Directive(p.Config, r), t.Raw, t.Scheme, t.Port, t.PortSet)
		}
		for _, e := range p.Config.Endpoints() {
			check(e.Pos, "BalancerMember", e.Raw, e.Scheme, e.Port, e.PortSet)
		}
		return nil
	},
}

// authority returns the host:port part of a worker URL (after a unix:…|
// prefix), where a variable would make the port unknown until a request.
func authority(raw string) string {
	if i := strings.IndexByte(raw, '|'); i >= 0 {
		raw = raw[i+1:]
	}
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		raw = rest
	}
	if i := strings.IndexByte(raw, '/'); i >= 0 {
		raw = raw[:i]
	}
	return raw
}
