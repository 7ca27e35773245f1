package health

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/cfzone"
)

//go:embed docs/lb-pool-without-monitor.md
var noMonitorDoc string

// LBPoolWithoutMonitor reports pools that have something to fail over to but
// no monitor to notice a dead origin.
var LBPoolWithoutMonitor = &lint.Rule{
	ID:       "EL3201",
	Name:     "lb-pool-without-monitor",
	Category: lint.CategoryHealthCheck,
	Title:    "load-balancer pool has no health monitor, so traffic never fails over",
	Doc:      noMonitorDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkNoMonitor,
}

func enabledOrigins(p *lint.Pool) int {
	n := 0
	for _, o := range p.Origins {
		if o.Enabled {
			n++
		}
	}
	return n
}

// alternatives counts the other pools a load balancer using pool could
// send traffic to.
func alternatives(e *lint.Edge, pool *lint.Pool) (int, *lint.LoadBalancer) {
	best, at := 0, (*lint.LoadBalancer)(nil)
	for _, lb := range e.LoadBalancers {
		others := map[string]bool{}
		uses := false
		for _, id := range append(append([]string{}, lb.DefaultPools...), lb.FallbackPool) {
			if id == pool.ID {
				uses = true
			} else if id != "" {
				others[id] = true
			}
		}
		if uses && len(others) >= best {
			best, at = len(others), lb
		}
	}
	return best, at
}

func checkNoMonitor(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil {
		return nil
	}
	for _, pool := range e.Pools {
		if !pool.Enabled || pool.Monitor != "" {
			continue
		}
		// Without anything to fail over to, a monitor changes nothing.
		others, lb := alternatives(e, pool)
		if enabledOrigins(pool) < 2 && others == 0 {
			continue
		}
		var rel []lint.Related
		var to []string
		if n := enabledOrigins(pool); n > 1 {
			to = append(to, "the pool's other origins")
		}
		if lb != nil {
			rel = append(rel, lint.Related{Pos: lb.Pos, Message: "load balancer " + lb.Name + " uses the pool"})
			if others > 0 {
				to = append(to, fmt.Sprintf("load balancer %s's other pools", lb.Name))
			}
		}
		what := strings.Join(to, " or ")
		p.Report(pool.Pos, fmt.Sprintf("pool %s has no monitor: every origin counts as healthy, so a dead origin keeps its share of traffic instead of failing over to %s → 521/522/502 for those requests",
			pool.Name, what), rel...)
	}
	return nil
}

//go:embed docs/lb-pool-cannot-be-healthy.md
var unhealthyDoc string

// LBPoolCannotBeHealthy reports enabled pools that can never count as
// healthy: no enabled origins, or fewer than minimum_origins.
var LBPoolCannotBeHealthy = &lint.Rule{
	ID:       "EL3202",
	Name:     "lb-pool-cannot-be-healthy",
	Category: lint.CategoryHealthCheck,
	Title:    "load-balancer pool has fewer enabled origins than it needs to be healthy",
	Doc:      unhealthyDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkUnhealthy,
}

func checkUnhealthy(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil {
		return nil
	}
	for _, pool := range e.Pools {
		if !pool.Enabled {
			continue
		}
		n := enabledOrigins(pool)
		min := max(pool.MinimumOrigins, 1)
		switch {
		case len(pool.Origins) == 1 && n == 0:
			p.Reportf(pool.Pos, "pool %s is enabled but its only origin is disabled: the pool is always unhealthy → traffic goes to the fallback pool, or 530/502 when there is none", pool.Name)
		case len(pool.Origins) > 0 && n == 0:
			p.Reportf(pool.Pos, "pool %s is enabled but all %d of its origins are disabled: the pool is always unhealthy → traffic goes to the fallback pool, or 530/502 when there is none",
				pool.Name, len(pool.Origins))
		case len(pool.Origins) == 0:
			p.Reportf(pool.Pos, "pool %s is enabled but has no origins: it is always unhealthy → traffic goes to the fallback pool, or 530/502 when there is none", pool.Name)
		case n < min:
			p.Reportf(pool.Pos, "pool %s needs minimum_origins %d healthy origins but only %d are enabled: the pool is always unhealthy → traffic goes to the fallback pool, or 530/502 when there is none",
				pool.Name, pool.MinimumOrigins, n)
		}
	}
	return nil
}

//go:embed docs/lb-monitor-cannot-pass.md
var monitorDoc string

// LBMonitorCannotPass reports monitors whose own settings contradict each
// other, so every origin they watch is marked unhealthy.
var LBMonitorCannotPass = &lint.Rule{
	ID:       "EL3203",
	Name:     "lb-monitor-cannot-pass",
	Category: lint.CategoryHealthCheck,
	Title:    "load-balancer monitor can never succeed",
	Doc:      monitorDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare},
	Check:    checkMonitor,
}

func checkMonitor(p *lint.Pass) error {
	e := cfzone.Live(p)
	if e == nil {
		return nil
	}
	for _, m := range e.Monitors {
		kind := strings.ToLower(m.Type)
		if kind != "http" && kind != "https" {
			continue
		}
		users := monitorUsers(e, m)
		if strings.EqualFold(m.Method, "HEAD") && m.ExpectedBody != "" {
			p.Report(m.Pos, fmt.Sprintf("monitor %s sends HEAD but expects the body to contain %q: a HEAD response has no body, so the check always fails and %s always unhealthy",
				m.ID, m.ExpectedBody, users))
		}
		switch {
		case kind == "https" && m.Port == 80:
			p.Report(m.Pos, fmt.Sprintf("monitor %s is type https on port 80: a TLS handshake with a plain-HTTP port fails, so the check always fails and %s always unhealthy", m.ID, users))
		case kind == "http" && m.Port == 443:
			p.Report(m.Pos, fmt.Sprintf("monitor %s is type http on port 443: plain HTTP to a TLS port gets no valid response, so the check always fails and %s always unhealthy", m.ID, users))
		}
	}
	return nil
}

func monitorUsers(e *lint.Edge, m *lint.Monitor) string {
	var names []string
	for _, p := range e.Pools {
		if p.Monitor == m.ID {
			names = append(names, p.Name)
		}
	}
	switch len(names) {
	case 0:
		return "the pools using it are"
	case 1:
		return "pool " + names[0] + " is"
	}
	return "pools " + strings.Join(names, ", ") + " are"
}
