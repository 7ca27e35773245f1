package nginx

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// A large tree is built on several goroutines (server{} blocks apart, the
// directive list, block tree and comments beside the walk); the model,
// its load errors in order, the block tree and the directive index must
// be what the serial build gives, at any GOMAXPROCS.
func TestBuildSameAsSerial(t *testing.T) {
	var entries []string
	for _, dir := range []string{genBuildTree(t, 0), genBuildTree(t, 1), genBuildTree(t, 2)} {
		entries = append(entries, filepath.Join(dir, "nginx.conf"))
	}
	golds, _ := filepath.Glob(filepath.Join("testdata", "golden", "*", "nginx.conf"))
	entries = append(entries, golds...)
	if dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus", "nginx")); err == nil {
		if _, err := os.Stat(dir); err == nil {
			for _, c := range corpusAccepted {
				entries = append(entries, filepath.Join(dir, c.path))
			}
			for _, c := range corpusInvalid {
				entries = append(entries, filepath.Join(dir, c.path))
			}
		}
	}
	load := func(entry string, procs int, parallel bool) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		defer func(n int) { parallelBytes = n }(parallelBytes)
		parallelBytes = math.MaxInt
		if parallel {
			parallelBytes = 0
		}
		// Load's steps, keeping the errors in the order they were met
		// (Load sorts them).
		opts := input.Options{NginxVersion: lint.MustVersion("1.22.1"), Limits: input.DefaultLimits}
		l := &loader{opts: opts, files: map[string]*File{}}
		tree := l.load(entry)
		if tree == nil {
			return string(golden.Model(nil, l.errs))
		}
		cfgs := []*lint.Config{build(tree, opts, &l.errs)}
		return string(golden.Model(cfgs, l.errs)) + dumpBuild(cfgs)
	}
	for _, entry := range entries {
		serial := load(entry, 1, false)
		for _, procs := range []int{1, 2, 4} {
			if got := load(entry, procs, true); got != serial {
				t.Errorf("%s, GOMAXPROCS=%d: the parallel build differs from the serial one:\n%s", entry, procs, golden.Diff(serial, got))
			}
		}
	}
}

// dumpBuild renders what golden.Model leaves out: the block tree, the
// directive list and what the index finds at each directive.
func dumpBuild(cfgs []*lint.Config) string {
	var b strings.Builder
	var tree func([]*lint.Block, string, int)
	tree = func(bs []*lint.Block, indent string, depth int) {
		for _, x := range bs {
			fmt.Fprintf(&b, "%s%s %v %s %v\n", indent, x.Name, x.Args, x.Pos, x.Block)
			tree(x.Children, indent+" ", depth)
			if x.Include != nil && depth < 20 {
				fmt.Fprintf(&b, "%sstock=%v\n", indent, x.Include.Stock)
				for _, f := range x.Include.Files {
					fmt.Fprintf(&b, "%s< %s\n", indent, f.Path)
					tree(f.Body, indent+"  ", depth+1)
				}
			}
		}
	}
	for _, c := range cfgs {
		if c.Tree != nil {
			fmt.Fprintf(&b, "tree %s\n", c.Tree.Context)
			tree(c.Tree.Body, "", 0)
		}
		index := map[*lint.Directive]int{}
		for i, d := range c.Directives {
			index[d] = i
		}
		for i, d := range c.Directives {
			at := c.DirectiveAt(d.Pos)
			fmt.Fprintf(&b, "%d %s %s %v %v at=%d inside=%d\n", i, d.Pos, d.Name, d.Args, d.Blocks, index[at], len(c.Inside(d)))
		}
	}
	return b.String()
}

// genBuildTree writes a tree with what the build's shared state holds:
// load errors at the http level between server blocks and inside them,
// duplicates through includes, a snippet included by many servers,
// nested locations (valid and not), if and limit_except, *_pass where it
// is refused, upstreams defined before and after use and twice,
// health_check, and sites sharing listeners.
func genBuildTree(t *testing.T, variant int) string {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var main strings.Builder
	main.WriteString("events {}\n")
	if variant == 2 {
		// a tree whose http level is the whole file (an http fragment
		// has no main context)
		main.Reset()
	} else {
		main.WriteString("http {\n")
	}
	main.WriteString(" proxy_read_timeout 30s;\n include snippets/common.conf;\n upstream early { server 10.0.0.1:8080; keepalive 8; }\n")
	main.WriteString(" proxy_pass http://early;\n") // not allowed at http
	main.WriteString(" include sites/*.conf;\n")
	main.WriteString(" upstream late { server 10.0.0.2; server 10.0.0.3 weight=x; }\n")
	main.WriteString(" upstream early { server 10.0.0.9; }\n") // duplicate
	main.WriteString(" gzip on;\n gzip off;\n")                // duplicate at http
	main.WriteString(" server { listen 80; server_name inline; location / { proxy_pass http://late; health_check interval=3 uri=/h; } }\n")
	main.WriteString(" client_max_body_size 1m;\n client_max_body_size 2m;\n")
	if variant == 2 {
		write("nginx.conf", main.String())
	} else {
		main.WriteString("}\n")
		write("nginx.conf", main.String())
	}
	write("snippets/common.conf", "proxy_connect_timeout 5s;\nproxy_set_header Host $host;\n# a comment\nproxy_buffers 8 x;\n")
	write("snippets/loc.conf", "proxy_read_timeout 7s;\nclient_max_body_size 3m;\nproxy_http_version 1.1;\n")
	n := 120 + 37*variant
	for i := range n {
		var s strings.Builder
		fmt.Fprintf(&s, "# site %d\nserver {\n listen %d%s;\n server_name s%d.example;\n", i, 8000+i%7, map[bool]string{true: " default_server", false: ""}[i%11 == 0], i)
		switch i % 9 {
		case 0:
			s.WriteString(" proxy_pass http://late;\n") // refused at server
		case 1:
			s.WriteString(" keepalive_timeout bogus;\n")
		case 2:
			s.WriteString(" ssl on;\n ssl_certificate a.pem;\n ssl_certificate b.pem;\n")
		case 3:
			s.WriteString(" allow 10.0.0.0/8;\n deny all;\n")
		}
		fmt.Fprintf(&s, " location / {\n  proxy_pass http://%s;\n  include snippets/loc.conf;\n", []string{"early", "late", "127.0.0.1:9000", "late:81", "$backend"}[i%5])
		if i%4 == 0 {
			s.WriteString("  client_max_body_size 4m; # duplicate through the include\n")
		}
		if i%6 == 0 {
			s.WriteString("  health_check fails=2;\n")
		}
		s.WriteString("  location /inner { proxy_pass http://late; proxy_read_timeout 1s; }\n")
		if i%5 == 0 {
			s.WriteString("  location /other { return 404; } # outside\n  location @named { return 404; }\n")
		}
		s.WriteString("  if ($x) { proxy_pass http://early; }\n  limit_except GET { deny all; fastcgi_pass 127.0.0.1:9001; }\n }\n")
		s.WriteString(" location = /exact { location /x { } }\n")
		s.WriteString(" if ($y) { proxy_pass http://early; }\n")
		fmt.Fprintf(&s, " location /api%d { grpc_pass grpc://early; proxy_read_timeout %ds; proxy_buffers 4 8k; proxy_next_upstream error; proxy_next_upstream timeout; }\n", i, i%3+1)
		s.WriteString("}\n")
		if i%13 == 0 {
			s.WriteString("upstream u" + fmt.Sprint(i) + " { server 10.1.0.1; least_conn; }\n")
		}
		write(fmt.Sprintf("sites/s%03d.conf", i), s.String())
	}
	return dir
}
