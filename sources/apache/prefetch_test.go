package apache

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

// The files of an Include list are read and parsed on several CPUs at
// once (include, prefetch); what the tree holds, and every error and
// notice, must be what reading them one by one gives: the same files in
// the same order, Define and IfModule evaluated in order, the same errors,
// the same limit stopping at the same file.
func TestPrefetchSameAsSerial(t *testing.T) {
	files := map[string]string{
		"apache2.conf": "ServerRoot " + "\"@DIR@\"\n" +
			"Listen 80\n" +
			"Include sites/*.conf\n" +
			"<IfModule proxy_module>\n<IfDefine LATE>\nInclude again/*.conf\n</IfDefine>\n</IfModule>\n" +
			"IncludeOptional nested/\n",
	}
	for i := range 60 {
		body := fmt.Sprintf("<VirtualHost *:%d>\nServerName s%d.example\nProxyPass / http://127.0.0.1:%d/\nInclude snippets/s%d.conf\n</VirtualHost>\n", 8000+i, i, 9000+i, i%3)
		switch i {
		case 5:
			body = "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n"
		case 7:
			body = "<VirtualHost *:1>\nServerName broken\n" // unclosed section
		case 13:
			body = "ServerName nul\x00\n"
		case 21:
			body = "ServerName @@ServerRoot@@\n" // a template
		case 30:
			body = "Define LATE\n# a comment\nServerName late.example\n"
		case 33:
			body = "<VirtualHost *:3>\nInclude sites/s33.conf\n</VirtualHost>\n" // an include cycle
		case 41:
			body = "ServerName " + strings.Repeat("x", 5000) + "\n"
		case 50:
			body = "../snippets/s1.conf\n" // a symlink stand-in
		}
		files[fmt.Sprintf("sites/s%02d.conf", i)] = body
	}
	for i := range 3 {
		files[fmt.Sprintf("snippets/s%d.conf", i)] = fmt.Sprintf("ProxyTimeout %d\n", 10+i)
	}
	for i := range 10 {
		files[fmt.Sprintf("again/a%d.conf", i)] = fmt.Sprintf("<IfModule proxy_module>\nInclude sites/s0%d.conf\n</IfModule>\n", i)
	}
	for i := range 12 {
		files[fmt.Sprintf("nested/d%d/n%d.conf", i%4, i)] = fmt.Sprintf("<IfDefine LATE>\nServerAlias n%d.example\n</IfDefine>\n", i)
	}
	dir := tree(t, files)
	entry := filepath.Join(dir, "apache2.conf")
	text := strings.ReplaceAll(files["apache2.conf"], "@DIR@", dir)
	if err := os.WriteFile(entry, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}

	loadAt := func(procs int, lim input.Limits) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var notices []string
		opts := input.Options{Limits: lim, Notify: func(n lint.Notice) { notices = append(notices, n.Pos.String()+" "+n.Message) }}
		cfgs, errs := Load(entry, opts)
		var b strings.Builder
		for _, e := range errs {
			fmt.Fprintf(&b, "error %s %s\n", e.Pos, e.Message)
		}
		for _, n := range notices {
			fmt.Fprintf(&b, "notice %s\n", n)
		}
		for _, c := range cfgs {
			fmt.Fprintf(&b, "files %v\nunread %v\ntexts %d\n", c.Files, c.Unread, len(c.Text))
			for _, cm := range c.Comments {
				fmt.Fprintf(&b, "comment %s %q\n", cm.Pos, cm.Text)
			}
			for _, d := range c.Directives {
				fmt.Fprintf(&b, "%s %s %v %v\n", d.Pos, d.Name, d.Args, d.Blocks)
			}
		}
		return b.String()
	}
	small := input.DefaultLimits
	small.MaxFiles = 25
	small.MaxBlockDepth = 2
	small.MaxLineLength = 4096
	for _, lim := range []input.Limits{input.DefaultLimits, small} {
		serial := loadAt(1, lim)
		if lim.MaxFiles == 25 && !strings.Contains(serial, "more than 25 files") || lim.MaxFiles != 25 && (!strings.Contains(serial, "s59.conf") || !strings.Contains(serial, "ServerAlias [n11.example]")) {
			t.Fatalf("the tree did not load:\n%s", serial)
		}
		for _, procs := range []int{2, 4} {
			if got := loadAt(procs, lim); got != serial {
				t.Errorf("GOMAXPROCS=%d, limits %+v: the load differs from reading file by file:\n%s\nserial:\n%s", procs, lim, got, serial)
			}
		}
	}
}
