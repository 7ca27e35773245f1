package cli

import (
	"context"
	"io"
	"net"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/edgelint/edgelint/lint"
)

// progress shows long work on stderr: a bar with N/M when the total is
// known, a counter when it is not. It is nil, and silent, unless stderr
// is a terminal or --progress asks for it, so logs and pipes stay clean.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	stage string
	total int
	bar   *progressbar.ProgressBar
}

// progressThrottle spaces redraws; tests set it to 0 to see every step.
var progressThrottle = 100 * time.Millisecond

func (e *env) newProgress(forced bool) *progress {
	if !forced && !isTerminal(e.stderr) {
		return nil
	}
	return &progress{w: e.stderr}
}

// step shows that n of total (0: unknown) things of a stage are done.
func (p *progress) step(stage string, n, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil || stage != p.stage || total != p.total {
		p.finishLocked()
		max := total
		if max <= 0 {
			max = -1
		}
		p.stage, p.total = stage, total
		p.bar = progressbar.NewOptions(max,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(stage),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(progressThrottle),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetRenderBlankState(true),
		)
	}
	_ = p.bar.Set(n)
}

// done clears the bar before results are printed.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishLocked()
}

func (p *progress) finishLocked() {
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
}

// loadStep adapts progress to input.Options.Progress.
func (p *progress) loadStep() func(stage string, n, total int) {
	if p == nil {
		return nil
	}
	return func(stage string, n, total int) {
		switch stage {
		case "files":
			p.step("files found", n, 0)
		case "trees":
			p.step("include trees read", n, total)
		default:
			p.step(stage, n, total)
		}
	}
}

// zoneStep adapts progress to cloudflare.FetchOptions.ZoneDone.
func (p *progress) zoneStep() func(done, total int) {
	if p == nil {
		return nil
	}
	return func(done, total int) { p.step("zones audited", done, total) }
}

// countingProber counts the endpoints --probe connects to.
type countingProber struct {
	lint.Prober
	p  *progress
	mu sync.Mutex
	n  int
}

func (c *countingProber) Dial(ctx context.Context, network, address string) (net.Conn, error) {
	c.mu.Lock()
	c.n++
	n := c.n
	c.mu.Unlock()
	c.p.step("endpoints probed", n, 0)
	return c.Prober.Dial(ctx, network, address)
}
