package nginx

import (
	"github.com/edgelint/edgelint/lint"
)

// contextBlocks are the enclosing blocks implied by a fragment's guessed
// context, so Directive.Blocks reads the same whether a snippet is loaded
// through its main configuration or alone.
var contextBlocks = map[string][]string{
	"main":     nil,
	"http":     {"http"},
	"server":   {"http", "server"},
	"location": {"http", "server", "location"},
	"upstream": {"http", "upstream"},
}

// directives returns Config.Directives: every directive in tree order,
// with included files spliced in where nginx reads them. A file included
// in two places lists its directives twice when the enclosing blocks
// differ. It reads the tree only, so build runs it beside the walk.
func directives(t *Tree) []*lint.Directive {
	var out []*lint.Directive
	// The directives come from one slab sized by the count below (a
	// file included twice may add more: then a chunk more), not one
	// allocation each.
	var slab []lint.Directive
	newDirective := func() *lint.Directive {
		if len(slab) == cap(slab) {
			slab = make([]lint.Directive, 0, 64)
		}
		slab = slab[:len(slab)+1]
		return &slab[len(slab)-1]
	}
	type key struct {
		s      *Stmt
		blocks string
	}
	// Only a file read through several includes can repeat a directive
	// under the same blocks; the others need no bookkeeping.
	visits := map[*File]int{}
	var seen map[key]bool
	var walk func(f *File, stmts []*Stmt, blocks []string, depth int)
	walk = func(f *File, stmts []*Stmt, blocks []string, depth int) {
		shared := visits[f] > 1
		for _, s := range stmts {
			if shared {
				k := key{s, joinBlocks(blocks)}
				if seen[k] {
					continue
				}
				if seen == nil {
					seen = map[key]bool{}
				}
				seen[k] = true
			}
			d := newDirective()
			*d = lint.Directive{
				Name: s.Name, Args: s.Args, Pos: s.Pos(), Blocks: blocks, Block: s.Block,
			}
			out = append(out, d)
			if s.Block {
				inner := make([]string, len(blocks)+1)
				copy(inner, blocks)
				inner[len(blocks)] = s.Name
				walk(f, s.Children, inner, depth)
			}
			if depth < 200 {
				for _, inc := range s.Includes {
					walk(inc, inc.Stmts, blocks, depth+1)
				}
			}
		}
	}
	total := 0
	var count func(stmts []*Stmt, depth int)
	count = func(stmts []*Stmt, depth int) {
		total += len(stmts)
		for _, s := range stmts {
			count(s.Children, depth)
			if depth < 200 {
				for _, inc := range s.Includes {
					visits[inc]++
					if visits[inc] == 1 {
						count(inc.Stmts, depth+1)
					}
				}
			}
		}
	}
	visits[t.Entry] = 1
	count(t.Entry.Stmts, 0)
	if total > 0 {
		slab = make([]lint.Directive, 0, total)
		out = make([]*lint.Directive, 0, total)
	}
	walk(t.Entry, t.Entry.Stmts, contextBlocks[t.Context], 0)
	return out
}

func joinBlocks(bs []string) string {
	n := 0
	for _, b := range bs {
		n += len(b) + 1
	}
	out := make([]byte, 0, n)
	for _, b := range bs {
		out = append(out, b...)
		out = append(out, '/')
	}
	return string(out)
}

// comments turns each file's comments into lint.Comments with the scope
// the suppression processor needs: a trailing comment governs the
// directive on its line; a comment on its own line governs the next
// directive of the same block (the whole block when that directive opens
// one); a comment between the words of a directive governs it.
func comments(t *Tree) []lint.Comment {
	var out []lint.Comment
	for _, f := range t.Files {
		var all []*Stmt
		var flat func([]*Stmt)
		flat = func(ss []*Stmt) {
			for _, s := range ss {
				all = append(all, s)
				flat(s.Children)
			}
		}
		flat(f.Stmts)
		next := 0 // index of the first statement starting after the comment
		for _, c := range f.comments {
			for next < len(all) && before(all[next], c.line, c.col) {
				next++
			}
			lc := lint.Comment{
				Pos:      f.at.Span(c.line, c.col, c.line),
				Text:     c.text,
				Trailing: c.trailing,
			}
			lc.BeforeFirstDirective = len(all) == 0 || next == 0
			var scope *Stmt
			switch {
			case c.inStatement || c.trailing:
				scope = onLine(all[:next], c.line, c.inStatement, c.after)
			default:
				if next < len(all) {
					var prev *Stmt
					if next > 0 {
						prev = all[next-1]
					}
					if all[next].Parent == enclosing(prev, c.line) {
						scope = all[next]
					}
				}
			}
			if scope != nil {
				lc.Scope = f.at.Span(scope.Line, scope.Col, scope.EndLine)
			} else {
				lc.Scope = f.at.Span(c.line, c.col, c.line)
			}
			out = append(out, lc)
		}
	}
	return out
}

func before(s *Stmt, line, col int) bool {
	return s.Line < line || s.Line == line && s.Col < col
}

// onLine finds the directive a trailing or in-statement comment belongs
// to among the statements that started before it: the last one still
// unterminated at the comment, else the last one starting on its line,
// else the last one ending on it (a closing brace).
func onLine(prev []*Stmt, line int, inStatement bool, after byte) *Stmt {
	if inStatement {
		for i := len(prev) - 1; i >= 0; i-- {
			if prev[i].TermLine >= line {
				return prev[i]
			}
		}
	}
	switch after {
	case '}':
		// The block closed last on this line is the outermost one closed
		// on it.
		var found *Stmt
		for i := len(prev) - 1; i >= 0; i-- {
			s := prev[i]
			if s.Block && s.EndLine == line {
				found = s
				continue
			}
			if found != nil && s.EndLine < line && !inside(s, found) {
				break
			}
		}
		if found != nil {
			return found
		}
	case ';', '{':
		for i := len(prev) - 1; i >= 0; i-- {
			if prev[i].TermLine == line && prev[i].Block == (after == '{') {
				return prev[i]
			}
			if prev[i].TermLine < line && prev[i].EndLine < line {
				break
			}
		}
	}
	for i := len(prev) - 1; i >= 0; i-- {
		if prev[i].Line == line || prev[i].EndLine == line || prev[i].TermLine == line {
			return prev[i]
		}
	}
	return nil
}

func inside(s, block *Stmt) bool {
	for p := s.Parent; p != nil; p = p.Parent {
		if p == block {
			return true
		}
	}
	return false
}

// enclosing is the innermost block open at line, given the last statement
// that started before it (nil at the top level).
func enclosing(prev *Stmt, line int) *Stmt {
	for s := prev; s != nil; s = s.Parent {
		if s.Block && s.TermLine <= line && s.EndLine > line {
			return s
		}
	}
	return nil
}
