package reach

import (
	"github.com/edgelint/edgelint/lint"
)

// syntaxTree is the block tree of an nginx configuration, nil for any
// other source.
func syntaxTree(c *lint.Config) *lint.Tree {
	if c.Source == lint.Nginx && c.Tree != nil {
		return c.Tree
	}
	return nil
}

// httpIncludesUnread reports whether the http level of the tree has an
// include that read nothing, so upstream blocks (or a resolver) may exist
// that the tree does not show. A main-level include (Debian's
// modules-enabled/*.conf) cannot add them next to the tree's own http
// block. Unknown (true) when the tree is not nginx's.
func httpIncludesUnread(c *lint.Config) bool {
	t := syntaxTree(c)
	if t == nil {
		return true
	}
	if t.Context == "http" {
		return anyUnread(lint.Spliced(t.Body))
	}
	main := lint.Spliced(t.Body)
	hasHTTP := false
	for _, s := range main {
		if s.Name == "http" && s.Block {
			hasHTTP = true
			if anyUnread(lint.Spliced(s.Children)) {
				return true
			}
		}
	}
	return !hasHTTP && anyUnread(main)
}

func anyUnread(body []*lint.Block) bool {
	for _, s := range body {
		if s.Blind() {
			return true
		}
	}
	return false
}

// upstreamBlock is what the syntax tree says about one upstream{} block.
type upstreamBlock struct {
	// serverStmts counts `server` statements in any form, including ones
	// the model could not read as an address (a template's braces).
	serverStmts int
	// unread is true when an include inside the block read nothing.
	unread bool
}

// upstreamBlocks indexes the upstream{} blocks of the tree by position.
func upstreamBlocks(c *lint.Config) map[lint.Position]upstreamBlock {
	t := syntaxTree(c)
	if t == nil {
		return nil
	}
	out := map[lint.Position]upstreamBlock{}
	var walk func(body []*lint.Block)
	walk = func(body []*lint.Block) {
		for _, s := range lint.Spliced(body) {
			switch {
			case s.Name == "upstream" && s.Block:
				var b upstreamBlock
				for _, in := range lint.Spliced(s.Children) {
					switch {
					case in.Name == "server":
						b.serverStmts++
					case in.Blind():
						b.unread = true
					}
				}
				out[s.Pos] = b
			case s.Name == "http" && s.Block:
				walk(s.Children)
			}
		}
	}
	walk(t.Body)
	return out
}

// upstreamUnread reports an include inside u's block that read nothing.
func upstreamUnread(c *lint.Config, u *lint.Upstream) bool {
	b, ok := upstreamBlocks(c)[u.Pos]
	return !ok || b.unread
}
