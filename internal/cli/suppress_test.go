package cli

import (
	"strings"
	"testing"
)

// findings runs `check --format json --fail-on none ARGS` and lists
// "RULE LINE MESSAGE" per finding.
func findings(t *testing.T, args ...string) []string {
	t.Helper()
	return commandFindings(t, append([]string{"check"}, args...)...)
}

// commandFindings runs a linting command (check, audit cloudflare) with
// JSON output and no failure threshold.
func commandFindings(t *testing.T, args ...string) []string {
	t.Helper()
	n := 1
	if args[0] == "audit" {
		n = 2
	}
	full := append(append(append([]string{}, args[:n]...), "--format", "json", "--fail-on", "none"), args[n:]...)
	r := run(t, full...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	var out []string
	for _, f := range decodeJSON(t, r.stdout).Findings {
		out = append(out, f.Rule+" "+itoa(f.Line)+" "+f.Message)
	}
	return out
}

func expectFindings(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("findings:\n  %s\nwant %d matching:\n  %s", strings.Join(got, "\n  "), len(want), strings.Join(want, "\n  "))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\n  %s\nwant prefix\n  %s", i, got[i], want[i])
		}
	}
}

func TestSuppressionScopes(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": `events {}
http {
    server {
        listen 80;
        location /a {
            add_header X-Lint bad;  # edgelint:ignore EL9901 trailing: this directive only
            add_header X-Lint bad;
        }
        # edgelint:ignore test-marker the whole block below
        location /b {
            add_header X-Lint bad;
            add_header X-Lint bad;
        }
        add_header X-Lint bad;
        location /c {
            # edgelint:ignore EL9901, EL9902 both, by ID with a space after the comma
            add_header X-Lint bad;
        }
    }
}
`})
	expectFindings(t, findings(t),
		"EL9901 7 marker bad",
		"EL9901 14 marker bad",
		"EL9002 16 suppression of EL9902 (test-error-marker) matches no finding in the directive below it",
	)
}

func TestIgnoreFile(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{
		"nginx.conf": "# edgelint:ignore-file EL9901 generated file, fixed upstream\nevents {}\nhttp {\n    include site.conf;\n    add_header X-Lint bad;\n}\n",
		"site.conf":  "server {\n    listen 80;\n    add_header X-Lint bad;\n}\n",
	})
	expectFindings(t, findings(t, "nginx.conf"), "EL9901 3 marker bad")

	writeFiles(t, ".", map[string]string{"nginx.conf": "events {}\n# edgelint:ignore-file EL9901 too late\nhttp {\n    add_header X-Lint bad;\n}\n"})
	expectFindings(t, findings(t, "nginx.conf"),
		"EL9001 2 edgelint:ignore-file must stand above the first directive",
		"EL9901 4 marker bad",
	)
}

func TestMalformedSuppressions(t *testing.T) {
	useTestRules(t)
	for _, c := range []struct{ comment, want string }{
		{"# edgelint:ignore EL9901", "EL9001 5 edgelint:ignore EL9901 has no reason"},
		{"# edgelint:ignore", "EL9001 5 edgelint:ignore names no rule"},
		{"# edgelint:ignore EL4242 not a rule", "EL9001 5 edgelint:ignore names unknown rule EL4242"},
		{"# edgelint:ignore EL9901,nope reason", "EL9001 5 edgelint:ignore names unknown rule nope"},
		{"# edgelint:ingore EL9901 typo", `EL9001 5 unknown suppression "edgelint:ingore"`},
	} {
		t.Run(c.comment, func(t *testing.T) {
			inTemp(t, map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 80;\n        " + c.comment + "\n        add_header X-Lint bad;\n    }\n}\n"})
			// a malformed suppression suppresses nothing
			expectFindings(t, findings(t), c.want, "EL9901 6 marker bad")
		})
	}
}

func TestUnusedOnlyForRulesThatRan(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 80;\n        # edgelint:ignore EL9904 the probe cannot reach the staging network\n        location / {\n            # edgelint:ignore EL9902 accepted\n            add_header X-Lint good;\n        }\n    }\n}\n"})
	// EL9904 is a probe rule and --probe is off: its suppression is not
	// judged; EL9902 ran and found nothing
	expectFindings(t, findings(t), "EL9002 7 suppression of EL9902")
	// with --probe the probe rule runs, so its unused suppression counts
	expectFindings(t, findings(t, "--probe"), "EL9002 5 suppression of EL9904", "EL9002 7 suppression of EL9902")
	expectFindings(t, findings(t, "--disable", "EL9902"))
	expectFindings(t, findings(t, "--disable", "unused-suppression"))
	// the synthetic rules honour severity overrides from the config
	writeFiles(t, ".", map[string]string{".edgelint.yaml": "rules:\n  EL9002:\n    severity: error\n"})
	r := run(t, "check", "--format", "json", "--fail-on", "error").expect(t, 1)
	if o := decodeJSON(t, r.stdout); o.Findings[0].Severity != "error" || o.Findings[0].Category != "suppression" {
		t.Errorf("%+v", o.Findings[0])
	}
}

func TestApacheSuppressions(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"httpd.conf": `ServerRoot "/etc/apache2"
Listen 80
LoadModule headers_module modules/mod_headers.so
<VirtualHost *:80>
    ServerName example.com
    # edgelint:ignore EL9901 the whole virtual host is a legacy redirect
    <Location "/old">
        Header set X-Lint bad
    </Location>
    Header set X-Lint bad
    # edgelint:ignore test-marker accepted for now
    Header set X-Lint bad
</VirtualHost>
`})
	expectFindings(t, findings(t), "EL9901 10 marker bad")
}
