package retry

import (
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// Options configure the unbounded retry rule.
type Options struct {
	// OuterTimeout is how long the layer in front of the proxy waits for a
	// response: a CDN (Cloudflare documents 120s on its Connection limits page), a load balancer,
	// or the client. 120s because it is about what Cloudflare allows. Set
	// it to your CDN's or load balancer's timeout.
	OuterTimeout time.Duration `yaml:"outer-timeout"`
}

// Validate: every layer in front waits some time.
func (o *Options) Validate() error {
	if o.OuterTimeout <= 0 {
		return lint.BadOption("outer-timeout", lint.FormatDuration(o.OuterTimeout), "is not a positive duration like 120s")
	}
	return nil
}

//go:embed docs/retry-timeout-unbounded.md
var doc string

// UnboundedTimeoutRetries reports routes where a slow request is retried on
// every server of a pool without a bound on tries or time, so the worst
// case is the number of servers times the read timeout.
var UnboundedTimeoutRetries = &lint.Rule{
	ID:       "EL8001",
	Name:     "retry-timeout-unbounded",
	Category: lint.CategoryRetry,
	Title:    "timed-out requests retried on every server without a bound",
	Doc:      doc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx},
	Options:  lint.OptionsOf(func() Options { return Options{OuterTimeout: 120 * time.Second} }),
	Check:    check,
}

func check(p *lint.Pass) error {
	o := lint.Opts[Options](p)
	seen := map[lint.Position]bool{}
	for r, u := range p.Config.PooledRoutes() {
		prefix := r.Protocol.NginxPrefix()
		if prefix == "" {
			continue
		}
		prefix += "_"
		rt := r.Retry
		if !retriesOnTimeout(rt.NextUpstream) {
			continue
		}
		// Any bound is a decision the user made; the rule is about
		// its absence.
		if (rt.Tries.Set && rt.Tries.Value > 0) || (rt.Timeout.Set && rt.Timeout.Value > 0) {
			continue
		}
		n := tryable(u)
		read := r.Timeouts.Read
		// Defaults alone are not a finding: the rule speaks when the
		// user chose a read timeout or the retry conditions and left
		// the retries unbounded. WebSocket routes are skipped: their
		// long read timeout is an idle limit after the upgrade, when
		// nothing is retried any more.
		if (!read.Set && !rt.NextUpstream.Set) || r.IsWebSocket() {
			continue
		}
		worst := time.Duration(n) * read.Value
		if n < 2 || worst <= o.OuterTimeout {
			continue
		}
		pos := r.Pos
		if seen[pos] {
			continue
		}
		seen[pos] = true
		readName := read.Directive
		if readName == "" {
			readName = prefix + "read_timeout"
		}
		nu := "the default " + prefix + "next_upstream (error timeout)"
		if rt.NextUpstream.Set {
			nu = rt.NextUpstream.Directive
			if nu == "" {
				nu = prefix + "next_upstream"
			}
			nu += " " + strings.Join(rt.NextUpstream.Value, " ")
		}
		msg := fmt.Sprintf("upstream %s has %d servers and %s retries timed-out requests with no %snext_upstream_tries "+
			"or %snext_upstream_timeout: a slow request waits up to %d × %s %s = %s, longer than the %s outer timeout "+
			"→ 504/524 while the request runs on every server",
			u.Name, n, nu, prefix, prefix, n, readName, lint.Seconds(read.Value), lint.Seconds(worst), lint.Seconds(o.OuterTimeout))
		related := []lint.Related{{Pos: u.Pos, Message: "upstream " + u.Name + " defined here"}}
		if read.Set {
			related = append(related, lint.Related{Pos: read.Pos, Message: readName + " set here"})
		}
		if rt.NextUpstream.Set {
			related = append(related, lint.Related{Pos: rt.NextUpstream.Pos, Message: "retry conditions set here"})
		}
		p.Report(pos, msg, related...)
	}
	return nil
}

// retriesOnTimeout reports whether the next-upstream conditions include
// timeout. The nginx default is "error timeout"; "off" disables retries.
func retriesOnTimeout(s lint.Setting[[]string]) bool {
	if !s.Set && len(s.Value) == 0 {
		return true
	}
	for _, v := range s.Value {
		if v == "off" {
			return false
		}
	}
	for _, v := range s.Value {
		if v == "timeout" {
			return true
		}
	}
	return false
}

// tryable counts the servers a request can be passed to in turn: every
// server not marked down, backups included (nginx moves on to them when
// the primaries fail). A name that resolves to several addresses counts
// once, so the count errs low.
func tryable(u *lint.Upstream) int {
	n := 0
	for _, e := range u.Endpoints {
		if !e.Down.Value {
			n++
		}
	}
	return n
}
