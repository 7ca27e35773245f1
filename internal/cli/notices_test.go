package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

type noticeOut struct {
	Findings []json.RawMessage `json:"findings"`
	Errors   []struct {
		Message string `json:"message"`
	} `json:"errors"`
	Notices []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	} `json:"notices"`
}

func decodeNotices(t *testing.T, s string) noticeOut {
	t.Helper()
	var out noticeOut
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, s)
	}
	return out
}

const letsencryptSnippet = `server {
    listen 443 ssl;
    server_name example.com;
    include /etc/letsencrypt/options-ssl-nginx.conf;
    location / {
        add_header X-Lint bad;
    }
}
`

// A snippet that includes a file of the server (outside the repository)
// is linted, with a notice and exit 0 or 1 by its findings; with
// --strict-includes or strict-includes: true it is exit 2, as nginx -t
// on this machine would fail.
func TestIncludeOutsideRepositoryExitCodes(t *testing.T) {
	useTestRules(t)
	dir := inTemp(t, map[string]string{"sites/example.conf": letsencryptSnippet})

	r := run(t, "check", "--format", "json", "sites").expect(t, 1)
	out := decodeNotices(t, r.stdout)
	if len(out.Errors) != 0 || len(out.Findings) != 1 || len(out.Notices) != 1 {
		t.Fatalf("findings %d, errors %v, notices %v", len(out.Findings), out.Errors, out.Notices)
	}
	n := out.Notices[0]
	if n.File != "sites/example.conf" || n.Line != 4 || n.Column != 5 ||
		n.Message != `not linted: include "/etc/letsencrypt/options-ssl-nginx.conf" is outside the repository; its settings are unknown (--strict-includes makes this an error)` {
		t.Errorf("notice %+v", n)
	}

	r = run(t, "check", "--fail-on", "none", "sites").expect(t, 0)
	if !strings.Contains(r.stdout, "Notices:") || !strings.Contains(r.stdout, "sites/example.conf:4:5: not linted: include") {
		t.Errorf("text output:\n%s", r.stdout)
	}

	r = run(t, "check", "--strict-includes", "--format", "json", "sites").expect(t, 2)
	out = decodeNotices(t, r.stdout)
	if len(out.Errors) != 1 || !strings.Contains(out.Errors[0].Message, `open() "/etc/letsencrypt/options-ssl-nginx.conf" failed`) || len(out.Notices) != 0 {
		t.Errorf("strict: errors %v, notices %v", out.Errors, out.Notices)
	}

	writeFiles(t, dir, map[string]string{".edgelint.yaml": "strict-includes: true\n"})
	run(t, "check", "sites").expect(t, 2)
}

// A directory holding only templates is not "nothing found": each is
// noticed, nothing fails, exit 0; JSON lists them under "notices".
func TestTemplatesOnlyExitZero(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{
		"templates/site.conf.j2":   "server {\n    listen {{ port }};\n    location / { add_header X-Lint bad; }\n}\n",
		"templates/vhost.conf.erb": "<VirtualHost *:<%= @port %>>\n    Header set X-Lint bad\n</VirtualHost>\n",
		"templates/index.html":     "<!DOCTYPE html>\n<html><body>hi</body></html>\n",
	})
	r := run(t, "check", "--format", "json", ".").expect(t, 0)
	out := decodeNotices(t, r.stdout)
	if len(out.Errors) != 0 || len(out.Findings) != 0 || len(out.Notices) != 2 {
		t.Fatalf("findings %d, errors %v, notices %v", len(out.Findings), out.Errors, out.Notices)
	}
	if n := out.Notices[0]; n.File != "templates/site.conf.j2" || n.Line != 2 || n.Column != 12 ||
		n.Message != "not linted: a Jinja template ({{ … }} at 2:12); lint the rendered file" {
		t.Errorf("notice %+v", n)
	}
	// Without notices the JSON report keeps v1's shape: no "notices" key.
	inTemp(t, map[string]string{"nginx.conf": nginxConf()})
	if r := run(t, "check", "--format", "json").expect(t, 0); strings.Contains(r.stdout, `"notices"`) {
		t.Errorf("notices key without notices:\n%s", r.stdout)
	}
}

// Naming a file no server reads is an error (exit 2) that says what it is.
func TestNamedNonConfigurationFile(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"index.html": "<!DOCTYPE html>\n<html></html>\n"})
	r := run(t, "check", "index.html").expect(t, 2)
	if !strings.Contains(r.stdout, "index.html: an HTML page, not nginx or Apache configuration") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}
