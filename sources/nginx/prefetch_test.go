package nginx

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// The files of a glob are read and parsed on several CPUs at once
// (includeAll); what the tree holds, and every error and notice, must be
// what reading them one by one gives: the same files in the same order,
// the same first error of each kind, the same limit stopping at the same
// file.
func TestPrefetchSameAsSerial(t *testing.T) {
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
	write("nginx.conf", "events {}\nhttp {\n include sites/*.conf;\n include again/*.conf;\n}\n")
	for i := range 60 {
		body := fmt.Sprintf("server {\n listen %d;\n location / { proxy_pass http://127.0.0.1:%d; }\n include snippets/s%d.conf;\n}\n", 8000+i, 9000+i, i%3)
		switch i {
		case 7:
			body = "server {\n listen 1;\n location / {\n" // unexpected end of file
		case 13:
			body = "server { listen 2; }\x00\n"
		case 21:
			body = "server {\n listen {{ .Port }};\n}\n" // a template
		case 33:
			body = "server { listen 3; include sites/s33.conf; }\n" // an include cycle
		case 41:
			body = "server { listen 4 " + strings.Repeat("x", 5000) + "; }\n"
		}
		write(fmt.Sprintf("sites/s%02d.conf", i), body)
	}
	for i := range 3 {
		write(fmt.Sprintf("snippets/s%d.conf", i), fmt.Sprintf("proxy_read_timeout %ds;\n", 10+i))
	}
	for i := range 10 {
		write(fmt.Sprintf("again/a%d.conf", i), fmt.Sprintf("server { listen %d; include sites/s0%d.conf; }\n", 7000+i, i))
	}
	if err := os.Symlink("s00.conf", filepath.Join(dir, "sites", "s99.conf")); err != nil {
		t.Fatal(err)
	}

	load := func(procs int, lim input.Limits) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var notices []string
		opts := input.Options{Limits: lim, Notify: func(n lint.Notice) { notices = append(notices, n.Pos.String()+" "+n.Message) }}
		cfgs, errs := Load(filepath.Join(dir, "nginx.conf"), opts)
		var b strings.Builder
		for _, e := range errs {
			fmt.Fprintf(&b, "error %s %s\n", e.Pos, e.Message)
		}
		for _, n := range notices {
			fmt.Fprintf(&b, "notice %s\n", n)
		}
		for _, c := range cfgs {
			fmt.Fprintf(&b, "files %v\nunread %v\n", c.Files, c.Unread)
			for _, d := range c.Directives {
				fmt.Fprintf(&b, "%s %s %v\n", d.Pos, d.Name, d.Args)
			}
		}
		return b.String()
	}
	for _, lim := range []input.Limits{input.DefaultLimits, {MaxFiles: 25, MaxFileSize: 1 << 20, MaxLineLength: 4096, MaxIncludeDepth: 8, MaxBlockDepth: 10}} {
		serial := load(1, lim)
		if !strings.Contains(serial, "s22.conf") {
			t.Fatalf("the tree did not load:\n%s", serial)
		}
		for _, procs := range []int{2, 4} {
			if got := load(procs, lim); got != serial {
				t.Errorf("GOMAXPROCS=%d, limits %+v: the load differs from reading file by file:\n%s\nserial:\n%s", procs, lim, got, serial)
			}
		}
	}
}
