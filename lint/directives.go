package lint

import (
	"sort"
)

// directiveIndex lets rules find directives by position without scanning
// the whole list per route or per site, which made rules quadratic in the
// size of large trees.
type directiveIndex struct {
	at     map[Position]*Directive
	byFile map[string][]*Directive // sorted by line, then column
	n      int                     // len(Directives) when built
}

// BuildIndex builds the index of Directives that rules query
// (DirectiveAt, Inside). A source that builds a large model on several
// goroutines calls it beside the rest of the build, once Directives is
// final; the Runner builds it otherwise.
func (c *Config) BuildIndex() { c.index() }

// The Runner builds it before rules run in parallel; outside the Runner it
// is built on first use.
func (c *Config) index() *directiveIndex {
	if c.dirIndex == nil || c.dirIndex.n != len(c.Directives) {
		ix := &directiveIndex{n: len(c.Directives)}
		ix.at = make(map[Position]*Directive, len(c.Directives))
		ix.byFile = map[string][]*Directive{}
		// Backwards, so the first directive at a position is the one
		// left in the map, with one map operation each.
		for i := len(c.Directives) - 1; i >= 0; i-- {
			d := c.Directives[i]
			key := d.Pos
			key.EndLine = 0
			ix.at[key] = d
		}
		// Directives come in runs of one file: the map is touched when
		// the file changes, not for each directive.
		var file string
		var run []*Directive
		for i, d := range c.Directives {
			if i == 0 || d.Pos.File != file {
				if i > 0 {
					ix.byFile[file] = run
				}
				file, run = d.Pos.File, ix.byFile[d.Pos.File]
			}
			run = append(run, d)
		}
		if len(c.Directives) > 0 {
			ix.byFile[file] = run
		}
		for _, ds := range ix.byFile {
			less := func(i, j int) bool {
				if ds[i].Pos.Line != ds[j].Pos.Line {
					return ds[i].Pos.Line < ds[j].Pos.Line
				}
				return ds[i].Pos.Col < ds[j].Pos.Col
			}
			if !sort.SliceIsSorted(ds, less) {
				sort.SliceStable(ds, less)
			}
		}
		c.dirIndex = ix
	}
	return c.dirIndex
}

// DirectiveAt returns the directive that starts at pos (file, line,
// column), or nil. Rules use it to quote a setting the way it was written.
func (c *Config) DirectiveAt(pos Position) *Directive {
	pos.EndLine = 0
	return c.index().at[pos]
}

// Inside returns the directives written between the opening line and the
// closing line of block, in the block's own file, at any depth. It is empty
// when the block's end is unknown.
func (c *Config) Inside(block *Directive) []*Directive {
	if block == nil || block.Pos.EndLine == 0 {
		return nil
	}
	ds := c.index().byFile[block.Pos.File]
	lo := sort.Search(len(ds), func(i int) bool { return ds[i].Pos.Line > block.Pos.Line })
	hi := sort.Search(len(ds), func(i int) bool { return ds[i].Pos.Line >= block.Pos.EndLine })
	if lo >= hi {
		return nil
	}
	return ds[lo:hi]
}
