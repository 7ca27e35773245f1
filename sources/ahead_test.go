package sources

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// summary is what a Load found, in order: each config's source, root and
// files, the errors and the notices in the order Notify heard them.
func summary(res Result, heard []lint.Notice) []string {
	var out []string
	for _, c := range res.Configs {
		out = append(out, fmt.Sprintf("config %s %s %v fragment=%v", c.Source, c.Root, c.Files, c.Fragment))
	}
	for _, e := range res.Errors {
		out = append(out, fmt.Sprintf("error %v %s", e.Pos, e.Message))
	}
	for _, n := range heard {
		out = append(out, fmt.Sprintf("notice %v %s", n.Pos, n.Message))
	}
	return out
}

// Trees loaded ahead on other cores give what one load after the other
// gives: a snippet the main configuration includes is its part, not a
// tree of its own, even when its load had started; notices and errors
// come in the same order.
func TestLoadAheadSameAsSerial(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"nginx.conf": "events {}\nhttp {\n    include a/*.conf;\n}\n",
	}
	for i := range 40 {
		files[fmt.Sprintf("a/s%02d.conf", i)] = fmt.Sprintf("server {\n    listen %d;\n    location / { proxy_pass http://127.0.0.1:%d; }\n}\n", 8000+i, 9000+i)
		files[fmt.Sprintf("sites/f%02d.conf", i)] = fmt.Sprintf("server {\n    listen %d;\n    include /etc/nginx/snippets/s%d.conf;\n    location / { proxy_pass http://app%d:80; }\n}\n", 7000+i, i, i)
		files[fmt.Sprintf("apache/v%02d.conf", i)] = fmt.Sprintf("<VirtualHost *:%d>\n    ProxyPass / http://127.0.0.1:%d/\n</VirtualHost>\n", 6000+i, 5000+i)
	}
	files["a/s00.conf"] = "server {\n    listen 80;\n    include /etc/nginx/snippets/missing.conf;\n}\n"
	files["sites/bad.conf"] = "server { listen 80 }\n"
	files["sites/tmpl.conf"] = "server {\n    listen {{ .Port }};\n}\n"
	write(t, dir, files)
	load := func(procs int) []string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var heard []lint.Notice
		res := Load([]string{dir}, "", input.Options{Notify: func(n lint.Notice) { heard = append(heard, n) }})
		return summary(res, heard)
	}
	serial := load(1)
	if len(serial) < 80 {
		t.Fatalf("serial load found too little: %q", serial)
	}
	for range 3 {
		if got := load(4); !slices.Equal(got, serial) {
			t.Fatalf("loaded ahead:\n%q\none after the other:\n%q", got, serial)
		}
	}
}
