package processors

import (
	"bytes"

	"github.com/edgelint/edgelint/internal/output/fingerprint"
	"github.com/edgelint/edgelint/lint"
)

// Fingerprint gives every finding its fingerprint, once, from the line
// text the sources recorded (lint.Config.Text): baselines and SARIF use
// this one value, and no file is read again after loading. It hides
// nothing.
type Fingerprint struct {
	// Dir is the absolute directory files are keyed relative to: the
	// baseline's when one is read or written (so it matches from any
	// working directory), else the working directory.
	Dir string
}

func (*Fingerprint) Name() string { return "fingerprint" }

func (p *Fingerprint) Process(ctx *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	// fingerprint.For, with each file's location worked out once
	locations := map[string]string{}
	for i := range fs {
		f := &fs[i]
		if f.Fingerprint != "" {
			continue
		}
		loc, ok := locations[f.Pos.File()]
		if !ok || f.Pos.File() == "" {
			loc = fingerprint.Location(f.Pos, p.Dir)
			locations[f.Pos.File()] = loc
		}
		f.Fingerprint = fingerprint.OfInstance(f.RuleID, loc, f.Pos.Module(), ctx.line(f.Pos), f.Message)
	}
	return fs, nil, nil
}

// line is the text of the line pos points at, as the source read it, or
// "" for live resources and files no config recorded.
func (ctx *Context) line(pos lint.Position) string {
	if pos.File() == "" || pos.Line <= 0 {
		return ""
	}
	if ctx.lines == nil {
		ctx.lines = &lineIndex{text: map[string][]byte{}, starts: map[string][]int{}}
		for _, c := range ctx.Configs {
			for name, data := range c.Text {
				if _, ok := ctx.lines.text[name]; !ok {
					ctx.lines.text[name] = data
				}
			}
		}
	}
	return ctx.lines.line(pos.File(), int(pos.Line))
}

// lineIndex finds lines in the recorded files, indexing a file's line
// starts the first time a finding points into it.
type lineIndex struct {
	text   map[string][]byte
	starts map[string][]int
}

// line returns line n (1-based) of file the way bufio.ScanLines splits
// it: "\n" ends a line, a "\r" before it is dropped, and a final "\n"
// opens no further line.
func (x *lineIndex) line(file string, n int) string {
	data, ok := x.text[file]
	if !ok {
		return ""
	}
	starts, ok := x.starts[file]
	if !ok {
		starts = []int{0}
		for i, b := range data {
			if b == '\n' && i+1 < len(data) {
				starts = append(starts, i+1)
			}
		}
		if len(data) == 0 {
			starts = nil
		}
		x.starts[file] = starts
	}
	if n > len(starts) {
		return ""
	}
	line := data[starts[n-1]:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return string(bytes.TrimSuffix(line, []byte{'\r'}))
}
