package cli

import (
	"strings"
	"testing"
)

// apacheDefines reads one of two marker lines depending on -D TLS.
const apacheDefines = `LoadModule headers_module modules/mod_headers.so
<IfDefine TLS>
    Header set X-Lint bad
</IfDefine>
<IfDefine !TLS>
    Header set X-Lint good
</IfDefine>
<IfDefine STAGING>
    Header set X-Lint-Staging bad
    Header set X-Lint bad
</IfDefine>
`

// --define NAME and apache.defines in .edgelint.yaml make <IfDefine NAME>
// true, as httpd -D NAME does.
func TestDefineFlag(t *testing.T) {
	useTestRules(t)
	dir := inTemp(t, map[string]string{"httpd.conf": apacheDefines})
	expectFindings(t, findings(t, "httpd.conf"))
	expectFindings(t, findings(t, "--define", "TLS", "httpd.conf"), "EL9901 3 marker bad")
	expectFindings(t, findings(t, "--define", "TLS", "--define", "STAGING", "httpd.conf"), "EL9901 3 ", "EL9901 10 ")
	expectFindings(t, findings(t, "--define", "tls", "httpd.conf")) // names are case-sensitive

	writeFiles(t, dir, map[string]string{".edgelint.yaml": "apache:\n  defines: [TLS]\n"})
	expectFindings(t, findings(t, "httpd.conf"), "EL9901 3 ")
	expectFindings(t, findings(t, "--define", "STAGING", "httpd.conf"), "EL9901 3 ", "EL9901 10 ")

	r := run(t, "check", "--define", "TLS=1", "httpd.conf").expect(t, 3)
	if !strings.Contains(r.stderr, `--define: "TLS=1": httpd -D takes a name without a value`) {
		t.Errorf("stderr %q", r.stderr)
	}
	writeFiles(t, dir, map[string]string{".edgelint.yaml": "apache:\n  defines: [\"\"]\n"})
	r = run(t, "check", "httpd.conf").expect(t, 3)
	if !strings.Contains(r.stderr, ".edgelint.yaml:2:13: apache.defines: empty name") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// audit loads origins with the same flag.
func TestDefineFlagOnAudit(t *testing.T) {
	r := run(t, "audit", "cloudflare", "--help").expect(t, 0)
	if !strings.Contains(r.stdout+r.stderr, "--define NAME") {
		t.Errorf("audit cloudflare --help does not list --define:\n%s%s", r.stdout, r.stderr)
	}
}
