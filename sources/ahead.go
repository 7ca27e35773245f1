package sources

import (
	"runtime"
	"sync"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// ahead loads the nginx and Apache trees of the candidates a few places
// ahead of Load's loop, on the other cores: a directory of many
// fragments is as many trees, each read, parsed and built on its own.
// Load still takes the trees in order and drops one whose entry an
// earlier tree turned out to include, so the result is the one a load
// after the other gives; a tree's notices are held until Load takes it.
type ahead struct {
	cands  []candidate
	opts   input.Options
	window int
	next   int // the next candidate to consider
	jobs   map[int]*treeLoad
	sem    chan struct{}
	wg     sync.WaitGroup
}

// treeLoad is one candidate's Load, done or under way.
type treeLoad struct {
	entry   string // its entry's Display
	cfgs    []*lint.Config
	errs    []lint.LoadError
	mu      sync.Mutex
	notices []lint.Notice
	done    chan struct{}
}

func newAhead(cands []candidate, opts input.Options) *ahead {
	procs := runtime.GOMAXPROCS(0)
	a := &ahead{cands: cands, opts: opts, jobs: map[int]*treeLoad{}}
	if procs > 1 {
		a.window = 2 * procs
		a.sem = make(chan struct{}, procs)
	}
	return a
}

// speculative tells which trees are loaded ahead: the adapters whose
// Load depends on nothing but the file system and the options.
func speculative(c candidate) bool {
	return c.adapter.Kind == lint.Nginx || c.adapter.Kind == lint.Apache
}

// fill starts the loads of the candidates from i up to the window that
// are not covered yet.
func (a *ahead) fill(i int, covered map[string]bool) {
	if a.window == 0 {
		return
	}
	a.next = max(a.next, i)
	for ; a.next < len(a.cands) && a.next < i+a.window; a.next++ {
		c := a.cands[a.next]
		if !speculative(c) || covered[c.canon] {
			continue
		}
		o := entryOptions(a.opts, c)
		t := &treeLoad{entry: o.Entry.Display, done: make(chan struct{})}
		a.jobs[a.next] = t
		o.Notify = func(n lint.Notice) { t.mu.Lock(); t.notices = append(t.notices, n); t.mu.Unlock() }
		a.cands[a.next].data = nil
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			a.sem <- struct{}{}
			t.cfgs, t.errs = c.adapter.Load(c.path, o)
			<-a.sem
			close(t.done)
		}()
	}
}

// take returns the load of candidate i started ahead, done, or nil;
// drop forgets it (its entry was covered).
func (a *ahead) take(i int) *treeLoad {
	t := a.jobs[i]
	if t == nil {
		return nil
	}
	delete(a.jobs, i)
	<-t.done
	return t
}

func (a *ahead) drop(i int) { delete(a.jobs, i) }

// wait waits for the loads still under way (dropped ones).
func (a *ahead) wait() { a.wg.Wait() }

// entryOptions are the options candidate c is loaded with.
func entryOptions(opts input.Options, c candidate) input.Options {
	o := opts
	if o.Root == "" {
		o.Root = c.root
	}
	d := c.display
	if d == "" {
		d = input.Display(c.path)
	}
	o.Entry = &input.Entry{Path: c.path, Canonical: c.canon, Display: d, Data: c.data, Kind: c.adapter.Kind, Sniffed: c.sniffed}
	return o
}
