package cli

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

func showEveryStep(t *testing.T) {
	old := progressThrottle
	progressThrottle = 0
	t.Cleanup(func() { progressThrottle = old })
}

// --progress shows files found, include trees read and linting on stderr;
// without it, and with stderr not a terminal, stderr stays empty and
// stdout is the same.
func TestProgressOnStderr(t *testing.T) {
	useTestRules(t)
	showEveryStep(t)
	files := map[string]string{}
	for i := range 3 {
		files[fmt.Sprintf("site%d/nginx.conf", i)] = nginxConf("        location / {\n            add_header X-Lint bad;\n        }\n")
	}
	inTemp(t, files)
	quiet := run(t, "check", ".").expect(t, 1)
	if quiet.stderr != "" {
		t.Errorf("stderr not a terminal, yet: %q", quiet.stderr)
	}
	r := run(t, "check", "--progress", ".").expect(t, 1)
	for _, want := range []string{"files found (3/-)", "include trees read", "/3)", "linting include trees"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("progress lacks %q: %q", want, r.stderr)
		}
	}
	if r.stdout != quiet.stdout {
		t.Errorf("progress changed stdout:\n%s\nvs\n%s", r.stdout, quiet.stdout)
	}
}

// Zones audited show as N/M.
func TestProgressZones(t *testing.T) {
	useTestRules(t)
	showEveryStep(t)
	inTemp(t, nil)
	fakeAPI(t)
	r := run(t, "audit", "cloudflare", "--progress").expect(t, 1)
	if !strings.Contains(r.stderr, "zones audited") || !strings.Contains(r.stderr, "(0/1)") {
		t.Errorf("stderr %q", r.stderr)
	}
	if r := run(t, "audit", "cloudflare").expect(t, 1); r.stderr != "" {
		t.Errorf("silent without a terminal, yet: %q", r.stderr)
	}
	if r := run(t, "dump", "cloudflare", "--progress", "--output", "z.json").expect(t, 0); !strings.Contains(r.stderr, "zones audited") {
		t.Errorf("dump stderr %q", r.stderr)
	}
}

type fakeProber struct{ lint.Prober }

func (*fakeProber) Dial(context.Context, string, string) (net.Conn, error) {
	return nil, fmt.Errorf("no")
}

// Endpoints probed with --probe are counted.
func TestProgressProbes(t *testing.T) {
	showEveryStep(t)
	var b bytes.Buffer
	p := &progress{w: &b}
	c := &countingProber{Prober: &fakeProber{}, p: p}
	for range 3 {
		c.Dial(context.Background(), "tcp", "127.0.0.1:1")
	}
	p.done()
	if !strings.Contains(b.String(), "endpoints probed") || !strings.Contains(b.String(), "3") {
		t.Errorf("%q", b.String())
	}
	var nilProgress *progress
	nilProgress.step("x", 1, 2)
	nilProgress.done()
}

// explain renders its page for a terminal with --format terminal (the
// default on one): no Markdown syntax left; --format markdown and a pipe
// get the Markdown.
func TestExplainRendersForATerminal(t *testing.T) {
	useTestRules(t)
	t.Setenv("NO_COLOR", "1")
	r := run(t, "explain", "--format", "terminal", "EL9901").expect(t, 0)
	for _, md := range []string{"```", "| Default severity |"} {
		if strings.Contains(r.stdout, md) {
			t.Errorf("Markdown %q left:\n%s", md, r.stdout)
		}
	}
	for _, want := range []string{"EL9901 test-marker", "Default severity", "add_header X-Lint bad;"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("rendered page lacks %q:\n%s", want, r.stdout)
		}
	}
	t.Setenv("NO_COLOR", "")
	if r := run(t, "explain", "--format", "terminal", "EL9901").expect(t, 0); !strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("no colours:\n%s", r.stdout)
	}
	for _, args := range [][]string{{"explain", "EL9901"}, {"explain", "--format", "markdown", "EL9901"}} {
		if r := run(t, args...).expect(t, 0); !strings.Contains(r.stdout, "```nginx") {
			t.Errorf("%v: not Markdown:\n%s", args, r.stdout)
		}
	}
	run(t, "explain", "--format", "html", "EL9901").expect(t, 3)
}
