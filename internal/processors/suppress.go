package processors

import (
	"github.com/edgelint/edgelint/internal/processors/suppress"
	"github.com/edgelint/edgelint/lint"
)

// Suppress hides the findings an `# edgelint:ignore` comment covers and
// adds the malformed (EL9001) and unused (EL9002) suppression findings.
type Suppress struct {
	suppress.Processor
}

func (*Suppress) Name() string { return "suppress" }

func (p *Suppress) Process(ctx *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	kept, hidden := p.Split(ctx.Configs, fs)
	var dropped []Dropped
	for _, h := range hidden {
		dropped = append(dropped, drop(h.Finding, "suppressed by %q at %s", h.By.Text, h.By.Pos))
	}
	return kept, dropped, nil
}
