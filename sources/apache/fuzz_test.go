package apache

import (
	"os"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
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
				if int(n.Pos.Line) < 1 || int(n.Pos.Line) > lines || int(n.Pos.Col) < 1 {
					t.Fatalf("node %q at %+v outside the input (%d lines)", n.Name, n.Pos, lines)
				}
				if n.Pos.EndLine != 0 && n.Pos.EndLine < n.Pos.Line {
					t.Fatalf("node %q ends (%d) before it starts (%d)", n.Name, n.Pos.EndLine, n.Pos.Line)
				}
				if len(n.Args) != len(n.ArgPos) {
					t.Fatalf("node %q: %d args, %d positions", n.Name, len(n.Args), len(n.ArgPos))
				}
				for _, p := range n.ArgPos {
					if int(p.Line) < int(n.Pos.Line) || int(p.Line) > lines || int(p.Col) < 1 {
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
			if int(e.Pos.Line) < 1 || int(e.Pos.Line) > lines {
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

// FuzzLoad runs the whole loader (conditionals, defines, macros, the
// model) on one file. Inputs that would read other files (Include,
// ServerRoot) are skipped: the fuzzer must not wander the host.
func FuzzLoad(f *testing.F) {
	for _, c := range structureCases {
		f.Add([]byte(c.src))
	}
	f.Add([]byte("LoadModule proxy_module m.so\n<VirtualHost *:80>\nProxyPass / balancer://x/ timeout=5\n<Location /a>\nProxyPass http://[::1]:8080/ ttl=3\n</Location>\n</VirtualHost>\n<Proxy balancer://x>\nBalancerMember https://10.0.0.1:99999 hcmethod=GET status=+H-D\nProxySet lbmethod=bybusyness\n</Proxy>\n"))
	f.Add([]byte("<Macro M $a>\nUse M $a\n</Macro>\nUse M x\nDefine V \"a b\"\nServerName ${V}\n"))
	f.Add([]byte("SetHandler \"proxy:unix:/run/x.sock|fcgi://localhost\"\nRewriteRule ^(.*)$ https://b/$1 [P]\nRequire not ip 10.0.0.0/8\n"))
	dir := f.TempDir()
	p := dir + "/httpd.conf"
	f.Fuzz(func(t *testing.T, data []byte) {
		lower := strings.ToLower(string(data))
		if strings.Contains(lower, "include") || strings.Contains(lower, "serverroot") {
			return
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfgs, _ := Load(p, input.Options{})
		if len(cfgs) != 1 || cfgs[0].Source != lint.Apache {
			t.Fatalf("Load returned %v", cfgs)
		}
		for _, s := range cfgs[0].Sites {
			for _, r := range s.Routes {
				if r.Site != s || r.Pos.Line < 1 {
					t.Fatalf("route %+v not tied to its site or position", r)
				}
			}
		}
	})
}
