package buffers

import "github.com/edgelint/edgelint/lint"

// block is one block of the configuration rebuilt from the flat directive
// list, with its own directives in order.
type block struct {
	d        *lint.Directive // nil for the main context
	dirs     []*lint.Directive
	children []*block
}

// buildTree rebuilds the block structure from Config.Directives, which
// lists directives depth first (an include's directives where the include
// stands) with the names of their enclosing blocks.
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

func (b *block) name() string {
	if b.d == nil {
		return ""
	}
	return b.d.Name
}
