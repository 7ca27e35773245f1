package reach

import (
	_ "embed"
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/probeplan"
)

//go:embed docs/probe-upstream-unreachable.md
var unreachableDoc string

// ProbeUnreachable reports endpoints whose name does not resolve or that do not
// accept a connection from this host.
var ProbeUnreachable = &lint.Rule{
	ID:        "EL1501",
	Name:      "probe-upstream-unreachable",
	Category:  lint.CategoryReachability,
	Title:     "upstream does not resolve or does not accept connections (--probe)",
	Doc:       unreachableDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Nginx, lint.Apache},
	WholeTree: true, // a name may be an upstream block defined in another file
	Probe:     true,
	Options:   probeplan.RuleOptions,
	Check:     checkUnreachable,
}

func checkUnreachable(p *lint.Pass) error {
	out := probeplan.Probe(p)
	rep := probeplan.NewReporter(p)
	for _, u := range out.Uses {
		res := out.Results[u.EP]
		if res.DNSErr != nil {
			rep.Report(u, fmt.Sprintf("%s: %s → %s", u.Label, dnsProblem(u.EP.Host, res.DNSErr), dnsConsequence(u)))
			continue
		}
		var failed []probeplan.AddrResult
		for _, a := range res.Addrs {
			if a.DialErr != nil {
				failed = append(failed, a)
			}
		}
		// Apache tries a name's addresses in turn until one connects, so
		// only a name with no working address fails there; nginx makes
		// each address a peer of its own and logs every failed attempt.
		if len(failed) == 0 || (u.Source == lint.Apache && len(failed) < len(res.Addrs)) {
			continue
		}
		what, status := dialProblem(u, failed[0].DialErr, probeplan.OptionsOf(p))
		var msg string
		switch {
		case u.EP.Network == "unix":
			msg = fmt.Sprintf("%s: the socket %s on this host → %s", u.Label, what, status)
		case len(failed) < len(res.Addrs):
			msg = fmt.Sprintf("%s: %d of %d addresses of %s fail from this host (%s %s) → nginx logs each attempt there and answers %s when no other address answers",
				u.Label, len(failed), len(res.Addrs), u.EP.Host, failed[0].Addr, what, status)
		case len(res.Addrs) > 1:
			msg = fmt.Sprintf("%s: none of the %d addresses of %s answers from this host (%s %s) → %s",
				u.Label, len(res.Addrs), u.EP.Host, failed[0].Addr, what, status)
		case net.ParseIP(u.EP.Host) != nil:
			msg = fmt.Sprintf("%s %s from this host → %s", u.Label, what, status)
		default:
			msg = fmt.Sprintf("%s: %s resolves to %s, which %s from this host → %s", u.Label, u.EP.Host, addrHost(failed[0].Addr), what, status)
		}
		rep.Report(u, msg)
	}
	return nil
}

func addrHost(addr string) string {
	h, _, _ := net.SplitHostPort(addr)
	return h
}

func dnsProblem(host string, err error) string {
	var de *net.DNSError
	if errors.As(err, &de) {
		switch {
		case de.IsNotFound:
			return fmt.Sprintf("%s does not resolve (no such host)", host)
		case de.IsTimeout:
			return fmt.Sprintf("no DNS answer for %s (timeout)", host)
		default:
			return fmt.Sprintf("%s does not resolve (DNS server failure: %s)", host, de.Err)
		}
	}
	return fmt.Sprintf("%s does not resolve (%v)", host, err)
}

func dnsConsequence(u probeplan.Use) string {
	switch {
	case u.Source == lint.Apache:
		return fmt.Sprintf(`502 "AH00898: DNS lookup failure for: %s"`, u.EP.Host)
	case u.RuntimeDNS:
		return fmt.Sprintf(`502 "%s could not be resolved (3: Host not found)"`, u.EP.Host)
	}
	return fmt.Sprintf(`nginx refuses to start or reload: "host not found in upstream \"%s\""`, u.EP)
}

// dialProblem names the failure and the status the proxy answers with.
func dialProblem(u probeplan.Use, err error, o probeplan.Options) (string, string) {
	apache := u.Source == lint.Apache
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		if apache {
			return "refuses connections", `503 "AH00957 … AH01114: HTTP: failed to make connection to backend"`
		}
		if u.EP.Network == "unix" {
			return "refuses connections (stale socket)", fmt.Sprintf(`502 "connect() to unix:%s failed (111: Connection refused)"`, u.EP.Path)
		}
		return "refuses connections", `502 "connect() failed (111: Connection refused) while connecting to upstream"`
	case errors.Is(err, syscall.ENOENT):
		if apache {
			return "does not exist", fmt.Sprintf(`503 "AH02454: … attempt to connect to Unix domain socket %s … failed"`, u.EP.Path)
		}
		return "does not exist", fmt.Sprintf(`502 "connect() to unix:%s failed (2: No such file or directory)"`, u.EP.Path)
	case errors.Is(err, syscall.EACCES):
		if apache {
			return "is not accessible (permission denied)", `503 "AH02454"`
		}
		return "is not accessible (permission denied)", fmt.Sprintf(`502 "connect() to unix:%s failed (13: Permission denied)"`, u.EP.Path)
	case errors.Is(err, syscall.EAGAIN):
		return "has a full backlog (resource temporarily unavailable)", `502 "(11: Resource temporarily unavailable)"`
	case errors.As(err, &ne) && ne.Timeout():
		what := fmt.Sprintf("does not answer within %s (connect timed out)", lint.FormatDuration(o.ConnectTimeout))
		if apache {
			return what, `503 "AH00957 … AH01114: HTTP: failed to make connection to backend"`
		}
		return what, `504 "upstream timed out (110: Connection timed out) while connecting to upstream"`
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		if apache {
			return "is unreachable (no route)", "503"
		}
		return "is unreachable (no route)", "502"
	}
	if apache {
		return fmt.Sprintf("cannot be connected to (%v)", err), "503"
	}
	return fmt.Sprintf("cannot be connected to (%v)", err), "502"
}
