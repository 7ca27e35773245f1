package cli

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

func runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// "-" lints standard input, reported as "-" or as --stdin-filename, for
// editors; the copy is removed afterwards.
func TestStdin(t *testing.T) {
	useTestRules(t)
	inTemp(t, nil)
	conf := nginxConf("        location / {\n            add_header X-Lint bad;\n        }\n")
	r := runIn(t, conf, "check", "--source", "nginx", "--format", "compact", "-").expect(t, 1)
	if !strings.HasPrefix(r.stdout, "-:6:13: warning: marker bad found") {
		t.Errorf("stdout %q", r.stdout)
	}
	r = runIn(t, conf, "check", "--source", "nginx", "--stdin-filename", "sites/app.conf", "--format", "json", "-").expect(t, 1)
	o := decodeJSON(t, r.stdout)
	if len(o.Findings) != 1 || o.Findings[0].File != "sites/app.conf" || o.Findings[0].Related[0].File != "sites/app.conf" {
		t.Errorf("findings %+v", o.Findings)
	}
	if strings.Contains(r.stdout, "edgelint-stdin-") {
		t.Errorf("the temporary copy shows:\n%s", r.stdout)
	}
	r = runIn(t, "http {\n", "check", "--source", "nginx", "--format", "compact", "-").expect(t, 2)
	if !strings.HasPrefix(r.stdout, "-:") || strings.Contains(r.stdout, os.TempDir()) {
		t.Errorf("error on stdin: %q", r.stdout)
	}
	runIn(t, conf, "check", "-", "-").expect(t, 3)
	ents, _ := os.ReadDir(os.TempDir())
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "edgelint-stdin-") {
			t.Logf("left in TMPDIR (maybe another run's): %s", e.Name())
		}
	}
}

// --max-files raises (or lowers) the include limit.
func TestMaxFiles(t *testing.T) {
	useTestRules(t)
	files := map[string]string{"nginx.conf": "events {}\nhttp {\n    include conf.d/*.conf;\n}\n"}
	for i := range 5 {
		files[fmt.Sprintf("conf.d/%d.conf", i)] = "server { listen 80; }\n"
	}
	inTemp(t, files)
	run(t, "check", "nginx.conf").expect(t, 0)
	r := run(t, "check", "--max-files", "3", "nginx.conf").expect(t, 2)
	if !strings.Contains(r.stdout, "more than 3 files") || !strings.Contains(r.stdout, "(--max-files raises the limit)") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	run(t, "check", "--max-files", "0", "nginx.conf").expect(t, 3)
}

// Every command's --help has examples and exits 0; version --help is help,
// not the version; an unknown command suggests the nearest one; flag
// placeholders are upper-case words.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"check"}, {"audit", "cloudflare"}, {"dump", "cloudflare"}, {"rules"}, {"explain"}, {"version"}} {
		r := run(t, append(args, "--help")...).expect(t, 0)
		if !strings.HasPrefix(r.stdout, "Usage: edgelint "+args[0]) || !strings.Contains(r.stdout, "\nExamples:\n  edgelint ") && !strings.Contains(r.stdout, "\nExamples:\n  CLOUDFLARE") {
			t.Errorf("%v --help:\n%s", args, r.stdout)
		}
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.HasPrefix(line, "  --") {
				f := strings.Fields(line)
				if len(f) > 1 && f[1] != strings.ToUpper(f[1]) {
					t.Errorf("%v: placeholder %q is not upper-case", args, line)
				}
			}
		}
	}
	for _, help := range []string{"--help", "help", "-h"} {
		if r := run(t, help).expect(t, 0); !strings.Contains(r.stdout, "\nExamples:\n  edgelint check") || !strings.Contains(r.stdout, "130 interrupted") {
			t.Errorf("%s:\n%s", help, r.stdout)
		}
	}
	for cmd, want := range map[string]string{"chek": "check", "rule": "rules", "explian": "explain", "ver": "version"} {
		r := run(t, cmd).expect(t, 3)
		if !strings.Contains(r.stderr, "did you mean "+want+"?") {
			t.Errorf("%s: %s", cmd, r.stderr)
		}
	}
	if r := run(t, "zzzzzz").expect(t, 3); strings.Contains(r.stderr, "did you mean") {
		t.Errorf("a suggestion for nonsense: %s", r.stderr)
	}
	run(t, "version", "extra").expect(t, 3)
}
