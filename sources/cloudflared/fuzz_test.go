package cloudflared

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/edgelint/edgelint/sources/input"
)

// FuzzParse checks that the reader never panics and keeps every position
// inside the input; more seeds are in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"tunnel: t\ncredentials-file: /c.json\noriginRequest:\n  connectTimeout: 10s\ningress:\n  - hostname: a.example.com\n    path: /api/.*\n    service: http://localhost:8000\n    originRequest: {noTLSVerify: true, httpHostHeader: a.internal}\n  - service: http_status:404\n",
		"tunnel: &t x\ningress:\n  - &r {hostname: *t, service: unix:/run/a.sock}\n  - *r\n",
		"ingress: 1\ntunnel: [\n",
		"originRequest:\n  keepAliveTimeout: forever\ningress:\n  - originRequest: 3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tun, errs := Parse("f.yml", data)
		text := strings.Split(string(data), "\n")
		inLine := func(what string, line, col int) {
			if line < 1 || line > len(text) {
				t.Fatalf("%s at line %d outside the input (%d lines)", what, line, len(text))
			}
			if n := utf8.RuneCountInString(text[line-1]); col < 1 || col > n+1 {
				t.Fatalf("%s at %d:%d outside its line of %d characters", what, line, col, n)
			}
		}
		if tun != nil {
			for _, r := range tun.Ingress {
				inLine("rule", r.Pos.Line, r.Pos.Col)
			}
		}
		for _, e := range errs {
			if e.Pos.Line < 1 || e.Pos.Line > len(text)+1 {
				t.Fatalf("error %q at line %d outside the input", e.Message, e.Pos.Line)
			}
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "config.yml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		Load(filepath.Join(dir, "config.yml"), input.Options{Root: dir})
		Sniff("config.yml", data)
	})
}
