package processors

import (
	"github.com/edgelint/edgelint/internal/processors/gitdiff"
	"github.com/edgelint/edgelint/lint"
)

// NewFromRev hides findings on lines unchanged since a git revision
// (--new-from-rev), unless a related position changed.
type NewFromRev struct {
	Changes *gitdiff.Changes
	// Rev names the revision in reasons.
	Rev string
}

func (*NewFromRev) Name() string { return "new-from-rev" }

func (p *NewFromRev) Process(_ *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	var kept []lint.Finding
	var dropped []Dropped
	for _, f := range fs {
		if p.Changes.Touches(f) {
			kept = append(kept, f)
			continue
		}
		if f.Pos.File() == "" {
			dropped = append(dropped, drop(f, "a live resource has no lines that could have changed since %s", p.Rev))
			continue
		}
		dropped = append(dropped, drop(f, "neither its line nor a related one changed since %s", p.Rev))
	}
	return kept, dropped, nil
}
