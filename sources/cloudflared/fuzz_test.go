package cloudflared

import (
	"github.com/edgelint/edgelint/internal/testsupport/fuzzcheck"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
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
		"originRequest: {caPool: /ca.pem, matchSNItoHost: yes, http2Origin: 2}\ningress:\n  - service: https://[::1]:8443\n    originRequest: {originServerName: a.internal, matchSNItoHost: false}\n  - service: unix+tls:\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tun, errs := Parse("f.yml", data)
		inLine, nlines := fuzzcheck.InYAML(t, data)
		if tun != nil {
			for _, r := range tun.Ingress {
				inLine("rule", r.Pos)
				for name, at := range map[string]lint.Position{"caPool": r.OriginRequest.CAPool.Pos, "matchSNItoHost": r.OriginRequest.MatchSNIToHost.Pos, "http2Origin": r.OriginRequest.HTTP2Origin.Pos} {
					if at.Line > 0 {
						inLine(name, at)
					}
				}
				r.Local()
				r.Describe()
			}
		}
		for _, e := range errs {
			if int(e.Pos.Line) < 1 || int(e.Pos.Line) > nlines+1 { // a YAML error may name the line after the last
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
