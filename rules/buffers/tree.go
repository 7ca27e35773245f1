package buffers

import (
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/nginx"
)

// block is one block of the configuration with its own directives in
// order, included files spliced in where the include stands.
type block struct {
	d        *lint.Directive // nil for the main context
	dirs     []*lint.Directive
	children []*block
}

func (b *block) name() string {
	if b.d == nil {
		return ""
	}
	return b.d.Name
}

// treeOf rebuilds the block structure of a configuration. It prefers the
// adapter's syntax tree: Config.Directives lists a file included twice in
// blocks of the same kind (a snippet in two servers) only once, which
// would hide its values from the second block.
func treeOf(c *lint.Config) *block {
	if t, ok := c.Raw.(*nginx.Tree); ok && t != nil && t.Entry != nil {
		root := &block{}
		addStmts(root, t.Entry.Stmts, 0)
		return root
	}
	return buildTree(c.Directives)
}

// maxIncludeDepth bounds include recursion; the loader reports cycles.
const maxIncludeDepth = 200

func addStmts(b *block, stmts []*nginx.Stmt, depth int) {
	for _, s := range stmts {
		if s.Name == "include" && len(s.Includes) > 0 {
			if depth < maxIncludeDepth {
				for _, f := range s.Includes {
					addStmts(b, f.Stmts, depth+1)
				}
			}
			continue
		}
		d := &lint.Directive{Name: s.Name, Args: s.Args, Pos: s.Pos(), Block: s.Block}
		b.dirs = append(b.dirs, d)
		if s.Block {
			c := &block{d: d}
			b.children = append(b.children, c)
			addStmts(c, s.Children, depth)
		}
	}
}

// buildTree rebuilds the block structure from a flat directive list in
// tree order (depth first, includes spliced in) with the names of the
// enclosing blocks.
func buildTree(dirs []*lint.Directive) *block {
	root := &block{}
	stack := []*block{root}
	for _, d := range dirs {
		depth := len(d.Blocks)
		if depth+1 < len(stack) {
			stack = stack[:depth+1]
		}
		parent := stack[len(stack)-1]
		parent.dirs = append(parent.dirs, d)
		if d.Block {
			b := &block{d: d}
			parent.children = append(parent.children, b)
			stack = append(stack, b)
		}
	}
	return root
}
