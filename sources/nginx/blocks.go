package nginx

import "github.com/edgelint/edgelint/lint"

// blocks gives the model the statement tree: one lint.Block per
// statement, and one lint.IncludedFile per file, shared by its inclusions
// (so the tree costs the size of the files, not of their expansion).
func blocks(t *Tree) *lint.Tree {
	stock := make(map[string]bool, len(t.Assumed))
	for _, a := range t.Assumed {
		stock[a] = true
	}
	files := map[*File]*lint.IncludedFile{}
	// The blocks and the lists of them come from chunks shared by the
	// whole tree (cap-limited windows), two allocations a chunk rather
	// than two a block body.
	n := 0
	for _, f := range t.Files {
		n += f.nstmts
	}
	slabs, lists := make([]lint.Block, 0, n), make([]*lint.Block, 0, n)
	take := func(n int) ([]lint.Block, []*lint.Block) {
		if cap(slabs)-len(slabs) < n {
			c := max(n, min(1024, 2*cap(slabs)))
			slabs, lists = make([]lint.Block, 0, c), make([]*lint.Block, 0, c)
		}
		i := len(slabs)
		slabs, lists = slabs[:i+n], lists[:i+n]
		return slabs[i : i+n : i+n], lists[i : i+n : i+n]
	}
	var body func(stmts []*Stmt) []*lint.Block
	file := func(f *File) *lint.IncludedFile {
		if lf, ok := files[f]; ok {
			return lf
		}
		// Registered before its body: the loader refuses include cycles,
		// and this keeps one from recursing forever all the same.
		lf := &lint.IncludedFile{Path: f.Display}
		files[f] = lf
		lf.Body = body(f.Stmts)
		return lf
	}
	body = func(stmts []*Stmt) []*lint.Block {
		if len(stmts) == 0 {
			return nil
		}
		slab, out := take(len(stmts))
		for i, s := range stmts {
			b := &slab[i]
			*b = lint.Block{Name: s.Name, Args: s.Args, Pos: s.Pos(), Block: s.Block, Children: body(s.Children)}
			if s.Name == "include" {
				inc := &lint.Inclusion{}
				for _, f := range s.Includes {
					inc.Files = append(inc.Files, file(f))
				}
				// Assumed lists the stock includes by argument, and an
				// argument resolves the same way wherever it is written.
				inc.Stock = len(s.Includes) == 0 && len(s.Args) == 1 && stock[s.Args[0]]
				b.Include = inc
			}
			out[i] = b
		}
		return out
	}
	return &lint.Tree{Context: t.Context, Body: body(t.Entry.Stmts)}
}
