package reach

import (
	_ "embed"
	"fmt"
	"net/netip"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/cfzone"
)

//go:embed docs/proxied-record-private-address.md
var privateDoc string

// ProxiedRecordPrivate reports proxied A/AAAA records whose address
// Cloudflare's edge can never connect to.
var ProxiedRecordPrivate = &lint.Rule{
	ID:       "EL1201",
	Name:     "proxied-record-private-address",
	Category: lint.CategoryReachability,
	Title:    "proxied DNS record points at a private or reserved address",
	Doc:      privateDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkPrivate,
}

// unreachable lists the ranges the public internet cannot route to, with
// what they are. Documentation ranges (TEST-NET-1/2/3, 2001:db8::/32) are
// deliberately absent: they fill examples and templates, and a finding
// there would say nothing about a real zone.
var unreachable = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\" (0.0.0.0/8)"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private (10.0.0.0/8)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT (100.64.0.0/10)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback (127.0.0.0/8)"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local (169.254.0.0/16)"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private (172.16.0.0/12)"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private (192.168.0.0/16)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast (224.0.0.0/4)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (240.0.0.0/4)"},
	{netip.MustParsePrefix("::/128"), "unspecified (::)"},
	{netip.MustParsePrefix("::1/128"), "loopback (::1)"},
	{netip.MustParsePrefix("fc00::/7"), "unique local (fc00::/7)"},
	{netip.MustParsePrefix("fe80::/10"), "link-local (fe80::/10)"},
	{netip.MustParsePrefix("ff00::/8"), "multicast (ff00::/8)"},
}

// unroutable says why addr cannot be reached from the internet, or "".
func unroutable(addr string) string {
	ip, err := netip.ParseAddr(strings.TrimSpace(addr))
	if err != nil {
		return ""
	}
	ip = ip.Unmap()
	for _, u := range unreachable {
		if u.prefix.Contains(ip) {
			return u.what
		}
	}
	return ""
}

func checkPrivate(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil {
		return nil
	}
	for _, r := range e.Records {
		if !r.Proxied || r.PrivateRouting || (r.Type != "A" && r.Type != "AAAA") {
			continue
		}
		if why := unroutable(r.Content); why != "" {
			p.Reportf(r.Pos, "proxied %s record %s points at %s, a %s address Cloudflare cannot reach → 522/523 on every request",
				r.Type, r.Name, r.Content, why)
		}
	}
	return nil
}

//go:embed docs/proxied-cname-unresolvable.md
var cnameDoc string

// ProxiedCNAMEUnresolvable reports proxied CNAMEs whose target cannot
// resolve: a special-use name, or a name inside the zone with no record.
var ProxiedCNAMEUnresolvable = &lint.Rule{
	ID:       "EL1202",
	Name:     "proxied-cname-unresolvable",
	Category: lint.CategoryReachability,
	Title:    "proxied CNAME points at a name that cannot resolve",
	Doc:      cnameDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkCNAME,
}

// specialUse are names that never resolve in the public DNS (RFC 6761,
// RFC 6762 for .local, RFC 8375 for home.arpa, ICANN's .internal).
var specialUse = []string{"invalid", "localhost", "local", "test", "example", "internal", "home.arpa", "onion"}

func canon(name string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
}

func inDomain(name, domain string) bool {
	return name == domain || strings.HasSuffix(name, "."+domain)
}

func checkCNAME(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil {
		return nil
	}
	zone := canon(e.Zone)
	names := map[string]bool{}
	var wildcards, delegated []string
	for _, r := range e.Records {
		n := canon(r.Name)
		names[n] = true
		if strings.HasPrefix(n, "*.") {
			wildcards = append(wildcards, n[2:])
		}
		if r.Type == "NS" && n != zone {
			delegated = append(delegated, n)
		}
	}
	for _, lb := range e.LoadBalancers {
		names[canon(lb.Name)] = true
	}
	for _, r := range e.Records {
		if !r.Proxied || r.Type != "CNAME" {
			continue
		}
		target := canon(r.Content)
		// A target inside the zone (www → the apex) is resolved from the
		// zone's own records, whatever its suffix: judge it by them and
		// by nothing else.
		if inDomain(target, zone) {
			if names[target] || below(target, wildcards) || under(target, delegated) {
				continue
			}
			// In a partial (CNAME setup) zone the authoritative DNS is
			// elsewhere: a name missing here may well exist there. A zone
			// whose load balancers could not be read may have one by
			// that name.
			if e.ZoneType == "partial" || e.LoadBalancersUnread {
				continue
			}
			p.Report(r.Pos, fmt.Sprintf("proxied CNAME %s points at %s, which has no DNS record or load balancer in zone %s → error 1016 (origin DNS error, 530) on every request",
				r.Name, r.Content, e.Zone))
			continue
		}
		for _, s := range specialUse {
			if inDomain(target, s) {
				p.Reportf(r.Pos, "proxied CNAME %s points at %s, a special-use name (.%s) that never resolves in public DNS → error 1016 (origin DNS error, 530) on every request",
					r.Name, r.Content, s)
				break
			}
		}
	}
	return nil
}

// below reports whether name is strictly below one of the domains (what a
// wildcard record *.domain answers).
func below(name string, domains []string) bool {
	for _, d := range domains {
		if strings.HasSuffix(name, "."+d) {
			return true
		}
	}
	return false
}

// under reports whether name is one of the domains or below it (a
// delegated subzone answers for its apex and everything under it).
func under(name string, domains []string) bool {
	for _, d := range domains {
		if inDomain(name, d) {
			return true
		}
	}
	return false
}
