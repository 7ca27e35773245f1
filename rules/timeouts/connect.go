package timeouts

import (
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// ConnectOptions configure the connect timeout rule.
type ConnectOptions struct {
	// Max is the longest connect timeout that can take effect. nginx
	// documents that the connect timeout "cannot usually exceed 75
	// seconds": the operating system abandons a connection attempt on its
	// own (75s on BSD; about 127s on Linux with tcp_syn_retries=6).
	Max time.Duration `yaml:"max"`
}

// Validate: every connect timeout would exceed a limit of zero or less.
func (o *ConnectOptions) Validate() error {
	if o.Max <= 0 {
		return lint.BadOption("max", lint.FormatDuration(o.Max), "is not a positive duration like 75s")
	}
	return nil
}

//go:embed docs/connect-timeout-no-effect.md
var connectDoc string

// ConnectTimeoutNoEffect reports connect timeouts the kernel will never let
// run out: above the operating system's own connect limit, or towards a
// unix socket, whose connect() completes or fails at once.
var ConnectTimeoutNoEffect = &lint.Rule{
	ID:       "EL4003",
	Name:     "connect-timeout-no-effect",
	Category: lint.CategoryTimeout,
	Title:    "connect timeout that cannot take effect",
	Doc:      connectDoc,
	Severity: lint.Info,
	Sources:  []lint.SourceKind{lint.Nginx, lint.Apache},
	Options:  lint.OptionsOf(func() ConnectOptions { return ConnectOptions{Max: 75 * time.Second} }),
	Check:    checkConnect,
}

func checkConnect(p *lint.Pass) error {
	o := lint.Opts[ConnectOptions](p)
	seen := map[lint.Position]bool{}
	report := func(s lint.Duration, msg string) {
		if seen[s.Pos] {
			return
		}
		seen[s.Pos] = true
		p.Report(s.Pos, msg)
	}
	for r := range p.Config.Routes() {
		c := r.Timeouts.Connect
		// Only a connect-specific directive: Apache derives the connect
		// timeout from ProxyTimeout/Timeout/timeout=, which are set for
		// reading, not for connecting.
		if !c.Set || !strings.Contains(strings.ToLower(c.Directive), "connect") {
			continue
		}
		switch {
		case c.Value > o.Max:
			report(c, fmt.Sprintf("%s is longer than the %s an operating system usually allows a connection attempt; "+
				"the kernel gives up first, so a dead backend is still detected only after the kernel's own limit",
				quote(p.Config, c), lint.Seconds(o.Max)))
		case !c.Inherited && unixOnly(r):
			report(c, fmt.Sprintf("%s has no effect: %s passes to a unix socket, where connecting succeeds or fails at once "+
				"(a full backlog is an immediate 502, not a wait)", quote(p.Config, c), describeRoute(r)))
		}
	}
	return nil
}

// unixOnly reports whether every address the route can connect to is a
// unix socket.
func unixOnly(r *lint.Route) bool {
	t := r.Target
	if t.Variables {
		return false
	}
	if u := t.Upstream; u != nil {
		if len(u.Endpoints) == 0 {
			return false
		}
		for _, e := range u.Endpoints {
			if e.UnixPath == "" {
				return false
			}
		}
		return true
	}
	return t.UnixPath != ""
}
