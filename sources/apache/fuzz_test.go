package apache

import (
	"strings"
	"testing"
)

// FuzzParse checks that the reader never panics and keeps its positions
// consistent on any input. Inputs it found worth keeping are seeds in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, c := range structureCases {
		f.Add([]byte(c.src))
	}
	f.Add([]byte("ProxyPass / \"http://a/\" timeout=5\n<Proxy balancer://x>\nBalancerMember http://b\n</Proxy>\n"))
	f.Add([]byte("<If \"%{HTTP_HOST} == 'a'\">\n</If>\n<Else>\n</Else>\n"))
	f.Add([]byte("#c \\\n\\\n\\"))
	f.Fuzz(func(t *testing.T, data []byte) {
		nodes, errs := Parse("f.conf", data)
		lines := strings.Count(string(data), "\n") + 1
		var walk func([]*Node)
		walk = func(ns []*Node) {
			for _, n := range ns {
				if n.Pos.Line < 1 || n.Pos.Line > lines || n.Pos.Col < 1 {
					t.Fatalf("node %q at %+v outside the input (%d lines)", n.Name, n.Pos, lines)
				}
				if n.Pos.EndLine != 0 && n.Pos.EndLine < n.Pos.Line {
					t.Fatalf("node %q ends (%d) before it starts (%d)", n.Name, n.Pos.EndLine, n.Pos.Line)
				}
				if len(n.Args) != len(n.ArgPos) {
					t.Fatalf("node %q: %d args, %d positions", n.Name, len(n.Args), len(n.ArgPos))
				}
				for _, p := range n.ArgPos {
					if p.Line < n.Pos.Line || p.Line > lines || p.Col < 1 {
						t.Fatalf("argument of %q at %+v outside its directive %+v", n.Name, p, n.Pos)
					}
				}
				if n.Section && n.Unclosed == (n.Pos.EndLine != 0) {
					t.Fatalf("section %q: unclosed=%v but EndLine=%d", n.Name, n.Unclosed, n.Pos.EndLine)
				}
				walk(n.Children)
			}
		}
		walk(nodes)
		for _, e := range errs {
			if e.Pos.Line < 1 || e.Pos.Line > lines {
				t.Fatalf("error %q at line %d outside the input", e.Message, e.Pos.Line)
			}
		}
		for _, c := range comments(nodes) {
			if c.Scope.Line < c.Pos.Line {
				t.Fatalf("comment at %d scoped to an earlier line %d", c.Pos.Line, c.Scope.Line)
			}
		}
	})
}
