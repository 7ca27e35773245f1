package buffers

import (
	"github.com/edgelint/edgelint/lint"
)

// block is one block of the configuration with its own directives in
// order, included files spliced in where the include stands.
type block struct {
	d        *lint.Block   // nil for the main context
	dirs     []*lint.Block // read only: may be the model's own slice
	children []*block
}

func (b *block) name() string {
	if b.d == nil {
		return ""
	}
	return b.d.Name
}

// treeOf rebuilds the block structure of a configuration. It prefers the
// model's tree: Config.Directives lists a file included twice in blocks
// of the same kind (a snippet in two servers) only once, which would hide
// its values from the second block.
func treeOf(c *lint.Config) *block {
	if c.Tree != nil {
		root := &block{}
		addBlocks(root, c.Tree.Body)
		return root
	}
	return buildTree(c.Directives)
}

func addBlocks(b *block, body []*lint.Block) {
	spliced := lint.Spliced(body)
	b.dirs = spliced
	for _, s := range spliced {
		if s.Block {
			c := &block{d: s}
			b.children = append(b.children, c)
			addBlocks(c, s.Children)
		}
	}
}

// buildTree rebuilds the block structure from a flat directive list in
// tree order (depth first, includes spliced in) with the names of the
// enclosing blocks.
func buildTree(dirs []*lint.Directive) *block {
	root := &block{}
	stack := []*block{root}
	for _, dir := range dirs {
		d := &lint.Block{Name: dir.Name, Args: dir.Args, Pos: dir.Pos, Block: dir.Block}
		depth := len(dir.Blocks)
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
