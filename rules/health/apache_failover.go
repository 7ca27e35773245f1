package health

import (
	_ "embed"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// shortConnect is the longest connect timeout that counts as short: on a
// working network a connect completes in milliseconds, and Linux resends
// an unanswered SYN after 1 s and 3 s, so 3 s still rides out a lost
// packet while a black hole costs each request at most that.
const shortConnect = 3 * time.Second

//go:embed docs/apache-balancer-failover-stall.md
var failoverStallDoc string

// ApacheBalancerFailoverStall: without active health checks, mod_proxy
// takes a member out only when a request to it fails. A member that drops
// packets (host down in a cloud network, firewall, full accept queue)
// fails a request only after the connect timeout, which defaults to the
// read timeout (Timeout, 60 s); each request sent to it waits that long
// before the balancer fails over, again every retry= seconds.
var ApacheBalancerFailoverStall = &lint.Rule{
	ID:       "EL3103",
	Name:     "apache-balancer-failover-stall",
	Category: lint.CategoryHealthCheck,
	Title:    "balancer without health checks fails over only after a long connect timeout",
	Doc:      failoverStallDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		for _, u := range passiveBalancers(p.Config) {
			if u.short {
				continue
			}
			p.Report(u.up.Pos, fmt.Sprintf("balancer://%s has %d members and no active health check (%s): a member that stops answering (host down, firewall, full accept queue) holds each request sent to it for the connect timeout, %s, before httpd fails over, and again every %s when it retries the member → requests hang for %s, and a load balancer or CDN in front with a shorter timeout answers 504",
				u.up.Name, u.members, u.why, describeConnect(u.slowest.Timeouts.Connect), lint.Seconds(u.slowest.FailTimeout.Value), lint.Seconds(u.slowest.Timeouts.Connect.Value)), u.related()...)
		}
		return nil
	},
}

//go:embed docs/apache-balancer-passive-failover.md
var passiveFailoverDoc string

// ApacheBalancerPassiveFailover: the same balancer with a short connect
// timeout on every member: a black-holed member costs each request sent
// to it at most that, so this is worth knowing, not a warning.
var ApacheBalancerPassiveFailover = &lint.Rule{
	ID:       "EL3104",
	Name:     "apache-balancer-passive-failover",
	Category: lint.CategoryHealthCheck,
	Title:    "balancer without health checks relies on passive failover",
	Doc:      passiveFailoverDoc,
	Severity: lint.Info,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		for _, u := range passiveBalancers(p.Config) {
			if !u.short {
				continue
			}
			p.Report(u.up.Pos, fmt.Sprintf("balancer://%s has %d members and no active health check (%s): a member that stops answering is taken out only when a request to it fails, after the connect timeout, %s, and it is retried every %s",
				u.up.Name, u.members, u.why, describeConnect(u.slowest.Timeouts.Connect), lint.Seconds(u.slowest.FailTimeout.Value)), u.related()...)
		}
		return nil
	},
}

// passiveBalancer is a balancer that fails over only on failed requests.
type passiveBalancer struct {
	up      *lint.Upstream
	members int
	// slowest is the member on another host with the longest connect
	// timeout.
	slowest *lint.Endpoint
	// short: the connect timeout of every member on another host is set
	// and at most shortConnect.
	short bool
	why   string
}

func (b passiveBalancer) related() []lint.Related {
	c := b.slowest.Timeouts.Connect
	rel := []lint.Related{{Pos: b.slowest.Pos, Message: "the member that waits longest"}}
	if c.Set {
		rel = append(rel, lint.Related{Pos: c.Pos, Message: "its connect timeout"})
	}
	return rel
}

// passiveBalancers lists the balancers of two or more members that no
// active check watches, with at least one member on another host: a
// member on this host (loopback, 0.0.0.0, a unix socket) that is gone
// refuses at once, and no network between can drop its packets. A balancer
// whose members set any hc* parameter is left to EL3101 and EL3102, as is
// one in a tree that loads mod_proxy_hcheck; lbmethod=heartbeat learns of
// dead members from their missing heartbeats.
func passiveBalancers(c *lint.Config) []passiveBalancer {
	if c.Product.Modules[hcheckModule] {
		return nil
	}
	// Whether the module is loaded may be unknown (a fragment, a tree
	// whose mods-enabled is not in the repository); without hcmethod= on
	// a member nothing probes it either way.
	why := "no member sets hcmethod="
	var out []passiveBalancer
	for _, u := range c.Upstreams {
		if u.Kind != "balancer" || strings.EqualFold(u.Method.Value, "heartbeat") {
			continue
		}
		b := passiveBalancer{up: u, short: true, why: why}
		checked := false
		for _, e := range u.Endpoints {
			for k := range e.Params {
				checked = checked || strings.HasPrefix(k, "hc")
			}
			if e.Down.Value {
				continue
			}
			b.members++
			if e.UnixPath != "" || e.Host == "" || localHost(e.Host) {
				continue
			}
			conn := e.Timeouts.Connect
			if b.slowest == nil || conn.Value > b.slowest.Timeouts.Connect.Value {
				b.slowest = e
			}
			b.short = b.short && conn.Set && conn.Value > 0 && conn.Value <= shortConnect
		}
		if checked || b.members < 2 || b.slowest == nil {
			continue
		}
		out = append(out, b)
	}
	return out
}

// localHost reports an address of this host.
func localHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// describeConnect says how long a member's connect waits and what sets it.
func describeConnect(c lint.Duration) string {
	v := lint.Seconds(c.Value)
	switch {
	case c.Directive == "connectiontimeout=":
		return v + " (connectiontimeout=)"
	case c.Set:
		return fmt.Sprintf("%s (%s; no connectiontimeout=)", v, c.Directive)
	}
	return v + " (Timeout's default; no connectiontimeout=)"
}
