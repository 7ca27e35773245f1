package processors

import (
	"io"

	"github.com/edgelint/edgelint/internal/processors/baseline"
	"github.com/edgelint/edgelint/lint"
)

// WriteBaseline records the findings in a new baseline file and hides
// them: they are accepted from now on (--write-baseline). It must follow
// a Fingerprint keyed on baseline.Dir(Path).
type WriteBaseline struct {
	Path string
	// WriteFile puts the file in place; the CLI passes its atomic writer,
	// so an interrupted or failed run leaves the old baseline whole. Nil
	// writes the file directly.
	WriteFile func(path string, write func(io.Writer) error) error
}

func (*WriteBaseline) Name() string { return "write-baseline" }

func (p *WriteBaseline) Process(_ *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	var err error
	if p.WriteFile != nil {
		err = p.WriteFile(p.Path, func(w io.Writer) error { return baseline.Encode(w, p.Path, fs) })
	} else {
		err = baseline.Write(p.Path, fs)
	}
	if err != nil {
		return nil, nil, err
	}
	var dropped []Dropped
	for _, f := range fs {
		dropped = append(dropped, drop(f, "recorded in the new baseline %s", p.Path))
	}
	return nil, dropped, nil
}

// Baseline hides the findings a baseline file records (--baseline). It
// must follow a Fingerprint keyed on Baseline.Dir().
type Baseline struct {
	Baseline *baseline.Baseline
	// Path names the file in reasons.
	Path string
}

func (*Baseline) Name() string { return "baseline" }

func (p *Baseline) Process(_ *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	kept, recorded := p.Baseline.Split(fs)
	var dropped []Dropped
	for _, f := range recorded {
		dropped = append(dropped, drop(f, "recorded in the baseline %s (fingerprint %s)", p.Path, f.Fingerprint))
	}
	return kept, dropped, nil
}
