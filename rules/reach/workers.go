package reach

import (
	_ "embed"
	"fmt"
	"strconv"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/backends"
)

// WorkersOptions configure EL1611.
type WorkersOptions struct {
	// ExpectedConcurrency is how many requests at once the proxy is
	// expected to send to one backend (a load test's figure, a capacity
	// plan). 0, the default, leaves only the configuration's own figure:
	// an nginx upstream server's max_conns. The proxy's capacity
	// (worker_processes × worker_connections) is no such figure: it
	// bounds every connection, not the traffic, and would make every
	// default pool look small.
	ExpectedConcurrency int `yaml:"expected-concurrency"`
}

// Validate: a negative concurrency means nothing.
func (o *WorkersOptions) Validate() error {
	if o.ExpectedConcurrency < 0 {
		return lint.BadOption("expected-concurrency", strconv.Itoa(o.ExpectedConcurrency), "is not a count of requests (0 or more)")
	}
	return nil
}

//go:embed docs/backend-workers-below-concurrency.md
var workersDoc string

// BackendWorkersBelowConcurrency reports a backend with fewer workers
// than the requests the proxy is configured (or expected) to send it at
// once.
var BackendWorkersBelowConcurrency = &lint.Rule{
	ID:       "EL1611",
	Name:     "backend-workers-below-concurrency",
	Category: lint.CategoryReachability,
	Title:    "the application server has fewer workers than the requests the proxy sends it at once",
	Doc:      workersDoc,
	Severity: lint.Info,
	Sources:  []lint.SourceKind{lint.Nginx, lint.Apache},
	Options:  lint.OptionsOf(func() WorkersOptions { return WorkersOptions{} }),
	Check:    checkWorkers,
}

func checkWorkers(p *lint.Pass) error {
	o := lint.Opts[WorkersOptions](p)
	set := backends.Of(p)
	type key struct {
		pos lint.Position
		b   *lint.Backend
	}
	seen := map[key]bool{}
	// on the stack while a route has at most two addresses
	var buf [2]backends.Addr
	scratch := buf[:0]
	for r := range p.Config.Routes() {
		addrs, ok := backends.AddrsInto(scratch, r)
		scratch = addrs
		if !ok {
			continue
		}
		for i, a := range addrs {
			for _, b := range set.Candidates(a) {
				sock := backends.Listens(b, a)
				if sock == nil || b.IsDatabase() || !b.Known(b.Workers.Directive) || b.Workers.Value <= 0 {
					continue
				}
				demand, why, at := 0, "", lint.FirstPos(r.Target.Pos, r.Pos)
				if up := r.Target.Upstream; up != nil && i < len(up.Endpoints) {
					e := up.Endpoints[i]
					if mc, ok := e.Params["max_conns"]; ok {
						if n, err := strconv.Atoi(mc.Value); err == nil && n > 0 {
							demand, at = n, e.Pos
							why = fmt.Sprintf("max_conns=%d on server %s", n, e.Raw)
							if !up.Zone.Set {
								why += " (per nginx worker process: the upstream has no zone)"
							}
						}
					}
				}
				if o.ExpectedConcurrency > demand {
					demand, why = o.ExpectedConcurrency, fmt.Sprintf("the expected concurrency %d (option expected-concurrency)", o.ExpectedConcurrency)
				}
				k := key{at, b}
				if demand <= b.Workers.Value || seen[k] {
					continue
				}
				seen[k] = true
				name := b.Kind
				if b.Name != "" {
					name += " " + b.Name
				}
				backlog := "the listen queue"
				if b.Backlog.Set {
					backlog = fmt.Sprintf("the listen queue (%s = %d)", b.Backlog.Directive, b.Backlog.Value)
				}
				read := r.Timeouts.Read
				p.Report(at, fmt.Sprintf("%s lets the proxy send %d requests at once to %s, which serves %d (%s %d): the other %d wait in %s → 504 when one waits longer than the read timeout (%s), 502 when the queue is full",
					why, demand, name, b.Workers.Value, b.Workers.Directive, b.Workers.Value, demand-b.Workers.Value, backlog, lint.Seconds(read.Value)),
					lint.Related{Pos: sock.Pos, Message: name + " listens here"},
					lint.Related{Pos: b.Workers.Pos, Message: fmt.Sprintf("%s %d", b.Workers.Directive, b.Workers.Value)})
			}
		}
	}
	return nil
}
