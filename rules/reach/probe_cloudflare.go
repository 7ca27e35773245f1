package reach

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"regexp"
	"sync"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/cfzone"
	"github.com/edgelint/edgelint/rules/internal/probeplan"
)

//go:embed docs/probe-lb-origin-unresolvable.md
var lbOriginDNSDoc string

// ProbeLBOriginUnresolvable reports pool origins given as host names that
// do not exist in the DNS, as a lookup from this host sees it.
var ProbeLBOriginUnresolvable = &lint.Rule{
	ID:       "EL1502",
	Name:     "probe-lb-origin-unresolvable",
	Category: lint.CategoryReachability,
	Title:    "load-balancer pool origin name does not resolve (--probe)",
	Doc:      lbOriginDNSDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Probe:    true,
	Options:  probeplan.RuleOptions,
	Check:    checkLBOriginDNS,
}

//go:embed docs/probe-cname-target-unresolvable.md
var cnameDNSDoc string

// ProbeCNAMETargetUnresolvable reports proxied CNAMEs whose target outside
// the zone does not exist in the DNS, as a lookup from this host sees it.
var ProbeCNAMETargetUnresolvable = &lint.Rule{
	ID:       "EL1503",
	Name:     "probe-cname-target-unresolvable",
	Category: lint.CategoryReachability,
	Title:    "proxied CNAME target outside the zone does not resolve (--probe)",
	Doc:      cnameDNSDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Probe:    true,
	Options:  probeplan.RuleOptions,
	Check:    checkCNAMETargetDNS,
}

// dnsName matches what a lookup can be asked for: letters, digits,
// hyphens and underscores in at least two labels. Wildcards, addresses
// and the text Terraform gives unknown values are not names.
var dnsName = regexp.MustCompile(`^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)+$`)

// probeable reports whether name is an ordinary public host name worth a
// lookup: not an address, not a special-use name (EL1202, EL1206 and
// EL1207 report those without the network), not a tunnel endpoint (a
// name only Cloudflare resolves).
func probeable(name string) bool {
	n := canon(name)
	return dnsName.MatchString(n) && !lint.IsIP(n) && specialUseName(n) == "" && !inDomain(n, "cfargotunnel.com")
}

// nonexistent resolves names from this host, at most o.Concurrency at
// once, and returns those the DNS says do not exist (NXDOMAIN, or no
// address records: the resolver's "no such host"). A server failure or a
// timeout proves nothing and is left out. Names are looked up fully
// qualified, so no search domain of this host can answer for them.
func nonexistent(p *lint.Pass, names []string) map[string]error {
	o := probeplan.OptionsOf(p)
	out := map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(o.Concurrency, 1))
	seen := map[string]bool{}
	for _, n := range names {
		n = canon(n)
		if seen[n] {
			continue
		}
		seen[n] = true
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			ctx, cancel := context.WithTimeout(context.Background(), o.ConnectTimeout)
			defer cancel()
			_, err := p.Probe.LookupHost(ctx, n+".")
			var de *net.DNSError
			if errors.As(err, &de) && de.IsNotFound && !de.IsTimeout && !de.IsTemporary {
				mu.Lock()
				out[n] = err
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

func checkLBOriginDNS(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil || p.Probe == nil {
		return nil
	}
	type use struct {
		pool *lint.Pool
		o    lint.PoolOrigin
	}
	var uses []use
	var names []string
	for _, pool := range e.Pools {
		if !pool.Enabled {
			continue
		}
		for _, o := range pool.Origins {
			if o.Enabled && o.VirtualNetwork == "" && probeable(o.Address) {
				uses = append(uses, use{pool, o})
				names = append(names, o.Address)
			}
		}
	}
	gone := nonexistent(p, names)
	for _, u := range uses {
		if _, bad := gone[canon(u.o.Address)]; bad {
			p.Reportf(u.o.Pos, "origin %s of pool %s is %s, which does not resolve (no such host, asked from this host) → error 1016 (origin DNS error, 530) for every request the load balancer sends to it",
				u.o.Name, u.pool.Name, u.o.Address)
		}
	}
	return nil
}

func checkCNAMETargetDNS(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil || p.Probe == nil {
		return nil
	}
	zone := canon(e.Zone)
	var recs []*lint.Record
	var names []string
	for _, r := range e.Records {
		if !r.Proxied || r.Type != "CNAME" {
			continue
		}
		t := canon(r.Content)
		// Targets inside the zone are answered from its records: EL1202.
		if zone == "" || inDomain(t, zone) || !probeable(t) {
			continue
		}
		recs = append(recs, r)
		names = append(names, t)
	}
	gone := nonexistent(p, names)
	for _, r := range recs {
		if _, bad := gone[canon(r.Content)]; bad {
			p.Report(r.Pos, fmt.Sprintf("proxied CNAME %s points at %s, which does not resolve (no such host, asked from this host) → error 1016 (origin DNS error, 530) on every request",
				r.Name, r.Content))
		}
	}
	return nil
}
