package reach

import (
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/nginx"
)

// maxIncludeDepth bounds include recursion; the loader reports cycles.
const maxIncludeDepth = 200

// syntaxTree is the nginx adapter's tree of a configuration, nil for any
// other source.
func syntaxTree(c *lint.Config) *nginx.Tree {
	if t, ok := c.Raw.(*nginx.Tree); ok && t != nil && t.Entry != nil {
		return t
	}
	return nil
}

// spliced returns stmts with each include replaced by the statements of
// the files it read, as nginx splices them into the including block. An
// include that read nothing stays in the list.
func spliced(stmts []*nginx.Stmt) []*nginx.Stmt {
	var out []*nginx.Stmt
	var add func([]*nginx.Stmt, int)
	add = func(ss []*nginx.Stmt, depth int) {
		for _, s := range ss {
			if s.Name == "include" && len(s.Includes) > 0 {
				if depth < maxIncludeDepth {
					for _, f := range s.Includes {
						add(f.Stmts, depth+1)
					}
				}
				continue
			}
			out = append(out, s)
		}
	}
	add(stmts, 0)
	return out
}

// unread reports an include that read no file: a file missing from the
// repository (often generated or mounted at deploy time) or a glob that
// matched nothing. Stock files the adapter assumes installed (mime.types,
// fastcgi_params) do not count: they hold no server or upstream blocks.
func unread(t *nginx.Tree, s *nginx.Stmt) bool {
	if s.Name != "include" || len(s.Includes) > 0 {
		return false
	}
	for _, a := range t.Assumed {
		if len(s.Args) == 1 && s.Args[0] == a {
			return false
		}
	}
	return true
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
		return anyUnread(t, spliced(t.Entry.Stmts))
	}
	main := spliced(t.Entry.Stmts)
	hasHTTP := false
	for _, s := range main {
		if s.Name == "http" && s.Block {
			hasHTTP = true
			if anyUnread(t, spliced(s.Children)) {
				return true
			}
		}
	}
	return !hasHTTP && anyUnread(t, main)
}

func anyUnread(t *nginx.Tree, body []*nginx.Stmt) bool {
	for _, s := range body {
		if unread(t, s) {
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
	var walk func(stmts []*nginx.Stmt)
	walk = func(stmts []*nginx.Stmt) {
		for _, s := range spliced(stmts) {
			switch {
			case s.Name == "upstream" && s.Block:
				var b upstreamBlock
				for _, in := range spliced(s.Children) {
					switch {
					case in.Name == "server":
						b.serverStmts++
					case unread(t, in):
						b.unread = true
					}
				}
				out[s.Pos()] = b
			case s.Name == "http" && s.Block:
				walk(s.Children)
			}
		}
	}
	walk(t.Entry.Stmts)
	return out
}

// upstreamUnread reports an include inside u's block that read nothing.
func upstreamUnread(c *lint.Config, u *lint.Upstream) bool {
	b, ok := upstreamBlocks(c)[u.Pos]
	return !ok || b.unread
}
