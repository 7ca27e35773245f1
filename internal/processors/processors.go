// Package processors turns what the rules found into what is reported: one
// chain of steps with one interface (suppressions, configuration
// exclusions, fingerprints, baselines, --new-from-rev, duplicates), run
// between the runner and the reporters. Every step that hides a finding
// says which and why, so --verbose and JSON can explain an empty report.
package processors

import (
	"fmt"

	"github.com/edgelint/edgelint/lint"
)

// Processor is one step of the chain.
type Processor interface {
	// Name says which step hid a finding ("suppress", "baseline", ...).
	Name() string
	// Process returns the findings to hand to the next step and the ones
	// it hid. It may reuse the slice it is given.
	Process(ctx *Context, fs []lint.Finding) (kept []lint.Finding, dropped []Dropped, err error)
}

// Dropped is a finding a step hid, and why.
type Dropped struct {
	Finding lint.Finding
	// Processor is the Name of the step.
	Processor string
	// Reason says, for a person, what hid the finding ("suppressed by …
	// at nginx.conf:4:5").
	Reason string
}

// Context is what the steps share about the run.
type Context struct {
	// Configs are the loaded configs the findings are about.
	Configs []*lint.Config

	lines *lineIndex
}

// Error is a step that failed (a baseline that could not be written).
type Error struct {
	Processor string
	Err       error
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %v", e.Processor, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// Chain runs processors in order.
type Chain []Processor

// Run passes findings through every step and collects what they hid, in
// step order. It stops at the first step that fails.
func (c Chain) Run(ctx *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	var all []Dropped
	for _, p := range c {
		kept, dropped, err := p.Process(ctx, fs)
		if err != nil {
			return nil, all, &Error{Processor: p.Name(), Err: err}
		}
		for i := range dropped {
			dropped[i].Processor = p.Name()
		}
		all = append(all, dropped...)
		fs = kept
	}
	return fs, all, nil
}

// drop is a Dropped for the step to name.
func drop(f lint.Finding, format string, args ...any) Dropped {
	return Dropped{Finding: f, Reason: fmt.Sprintf(format, args...)}
}
