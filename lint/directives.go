package lint

import (
	"slices"
	"sort"
)

// directiveIndex lets rules find directives by position without scanning
// the whole list per route or per site, which made rules quadratic in the
// size of large trees.
type directiveIndex struct {
	// byFile lists each file's directives by line, then column, and in
	// Directives order at one position: DirectiveAt searches it, which
	// spared a map by position that cost more to build than all the
	// rules' lookups in it on large trees (and tens of MB).
	byFile map[string][]*Directive
	// file and run stand for byFile when every directive is in one
	// file (a fragment, most configs of a large tree): no map to make.
	file string
	run  []*Directive
	n    int // len(Directives) when built
}

// of returns file's directives in order.
func (ix *directiveIndex) of(file string) []*Directive {
	if ix.byFile == nil {
		if file == ix.file {
			return ix.run
		}
		return nil
	}
	return ix.byFile[file]
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
		if len(c.Directives) > 0 {
			ix.file = c.Directives[0].Pos.File()
			for _, d := range c.Directives[1:] {
				if d.Pos.File() != ix.file {
					ix.byFile = map[string][]*Directive{}
					break
				}
			}
		}
		if ix.byFile == nil {
			ix.run = sortedRun(c.Directives[:len(c.Directives):len(c.Directives)])
			c.dirIndex = ix
			return ix
		}
		// Directives come in runs of one file: the map is touched when
		// the file changes, not for each directive. A run is a window on
		// c.Directives (cap-limited, so a later run of the same file
		// appends to a copy) rather than a slice grown one by one.
		start := 0
		for i := 1; i <= len(c.Directives); i++ {
			if i < len(c.Directives) && c.Directives[i].Pos.File() == c.Directives[start].Pos.File() {
				continue
			}
			file := c.Directives[start].Pos.File()
			run := c.Directives[start:i:i]
			if prev, ok := ix.byFile[file]; ok {
				run = append(prev, run...)
			}
			ix.byFile[file] = run
			start = i
		}
		for file, ds := range ix.byFile {
			ix.byFile[file] = sortedRun(ds)
		}
		c.dirIndex = ix
	}
	return c.dirIndex
}

// sortedRun returns ds by line, then column (stable), sorted on a copy
// when it is not already: ds may be a window on Config.Directives.
func sortedRun(ds []*Directive) []*Directive {
	less := func(i, j int) bool {
		if ds[i].Pos.Line != ds[j].Pos.Line {
			return ds[i].Pos.Line < ds[j].Pos.Line
		}
		return ds[i].Pos.Col < ds[j].Pos.Col
	}
	if !sort.SliceIsSorted(ds, less) {
		ds = slices.Clone(ds)
		sort.SliceStable(ds, less)
	}
	return ds
}

// DirectiveAt returns the directive that starts at pos (file, line,
// column), or nil. Rules use it to quote a setting the way it was written.
func (c *Config) DirectiveAt(pos Position) *Directive {
	pos.EndLine = 0
	ds := c.index().of(pos.File())
	i := sort.Search(len(ds), func(i int) bool {
		p := ds[i].Pos
		return p.Line > pos.Line || p.Line == pos.Line && p.Col >= pos.Col
	})
	for ; i < len(ds) && ds[i].Pos.Line == pos.Line && ds[i].Pos.Col == pos.Col; i++ {
		key := ds[i].Pos
		key.EndLine = 0
		if key == pos {
			return ds[i]
		}
	}
	return nil
}

// Inside returns the directives written between the opening line and the
// closing line of block, in the block's own file, at any depth. It is empty
// when the block's end is unknown.
func (c *Config) Inside(block *Directive) []*Directive {
	if block == nil || block.Pos.EndLine == 0 {
		return nil
	}
	ds := c.index().of(block.Pos.File())
	lo := sort.Search(len(ds), func(i int) bool { return ds[i].Pos.Line > block.Pos.Line })
	hi := sort.Search(len(ds), func(i int) bool { return ds[i].Pos.Line >= block.Pos.EndLine })
	if lo >= hi {
		return nil
	}
	return ds[lo:hi]
}
