package processors

import (
	"github.com/edgelint/edgelint/internal/projectconfig"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Exclude hides the findings an `exclude` entry of .edgelint.yaml matches.
type Exclude struct {
	Config *projectconfig.Config
}

func (*Exclude) Name() string { return "exclude" }

func (p *Exclude) Process(_ *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	if p.Config == nil || len(p.Config.Exclusions) == 0 {
		return fs, nil, nil
	}
	var kept []lint.Finding
	var dropped []Dropped
	for _, f := range fs {
		ex := p.Config.Excluding(f)
		if ex == nil {
			kept = append(kept, f)
			continue
		}
		where := input.Display(p.Config.Path)
		if ex.Line > 0 {
			where = lint.At(where, ex.Line, 0).String()
		}
		dropped = append(dropped, drop(f, "excluded by %s: %s", where, ex.Reason))
	}
	return kept, dropped, nil
}
