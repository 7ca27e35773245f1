package processors

import (
	"bytes"
	"runtime"
	"sync"

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

// fingerprintChunk is the fewest findings worth a goroutine: a typical
// repository's few dozen start none.
const fingerprintChunk = 4096

func (p *Fingerprint) Process(ctx *Context, fs []lint.Finding) ([]lint.Finding, []Dropped, error) {
	lines := ctx.index()
	// Each finding's fingerprint depends on the finding alone, so parts
	// of the list are done apart, each with its own line starts (the
	// recorded text is only read), and the result is the serial one.
	workers := min(runtime.GOMAXPROCS(0), len(fs)/fingerprintChunk)
	if workers < 2 {
		p.fill(lines, fs)
		return fs, nil, nil
	}
	var wg sync.WaitGroup
	size := (len(fs) + workers - 1) / workers
	for lo := 0; lo < len(fs); lo += size {
		part := fs[lo:min(lo+size, len(fs))]
		x := &lineIndex{text: lines.text, starts: map[string][]int{}}
		wg.Go(func() { p.fill(x, part) })
	}
	wg.Wait()
	return fs, nil, nil
}

// fill is fingerprint.For, with each file's location worked out once.
func (p *Fingerprint) fill(lines *lineIndex, fs []lint.Finding) {
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
		f.Fingerprint = fingerprint.OfInstance(f.RuleID, loc, f.Pos.Module(), lines.at(f.Pos), f.Message)
	}
}

// index is the run's recorded text, first config first for a file two
// configs recorded.
func (ctx *Context) index() *lineIndex {
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
	return ctx.lines
}

// lineIndex finds lines in the recorded files, indexing a file's line
// starts the first time a finding points into it.
type lineIndex struct {
	text   map[string][]byte
	starts map[string][]int
}

// at is the text of the line pos points at, as the source read it, or
// "" for live resources and files no config recorded.
func (x *lineIndex) at(pos lint.Position) string {
	if pos.File() == "" || pos.Line <= 0 {
		return ""
	}
	return x.line(pos.File(), int(pos.Line))
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
