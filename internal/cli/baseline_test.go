package cli

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

const twoMarkers = `events {}
http {
    server {
        listen 80;
        location / {
            add_header X-Lint bad;
        }
        location /b {
            add_header X-Lint bad;
        }
    }
}
`

func TestBaseline(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": twoMarkers})
	r := run(t, "check", "--write-baseline", ".edgelint-baseline.json").expect(t, 0)
	if !strings.Contains(r.stderr, "recorded 2 findings in .edgelint-baseline.json") {
		t.Errorf("stderr %q", r.stderr)
	}
	run(t, "check", "--baseline", ".edgelint-baseline.json").expect(t, 0)

	// lines move: the recorded findings still match
	moved := strings.Replace(twoMarkers, "        listen 80;\n", "        listen 80;\n        server_name example.com;\n\n\n", 1)
	writeFiles(t, ".", map[string]string{"nginx.conf": moved})
	run(t, "check", "--baseline", ".edgelint-baseline.json").expect(t, 0)

	// a third copy of the same problem is new, and only it is reported
	added := strings.Replace(moved, "    }\n}\n", "        location /c {\n            add_header X-Lint bad;\n        }\n    }\n}\n", 1)
	writeFiles(t, ".", map[string]string{"nginx.conf": added})
	expectFindings(t, findings(t, "--baseline", ".edgelint-baseline.json"), "EL9901 ")
	r = run(t, "check", "--baseline", ".edgelint-baseline.json").expect(t, 1)
	if !strings.Contains(r.stdout, "1 finding (1 warning)") {
		t.Errorf("stdout:\n%s", r.stdout)
	}

	// the baseline is relative to its own directory, so it works from
	// another working directory
	if err := os.Mkdir("sub", 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir("sub")
	expectFindings(t, findings(t, "--baseline", "../.edgelint-baseline.json", "../nginx.conf"), "EL9901 ")
}

func TestBaselineErrors(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": twoMarkers, "bad.json": "{", "old.json": `{"version": 0, "findings": []}`})
	for _, c := range []struct{ file, want string }{
		{"missing.json", "missing.json"},
		{"bad.json", "not an edgelint baseline"},
		{"old.json", "version 0 is not supported"},
	} {
		r := run(t, "check", "--baseline", c.file).expect(t, 3)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: stderr %q", c.file, r.stderr)
		}
	}
}

func git(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestNewFromRev(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": "events {}\nhttp {\n    include sites/*.conf;\n}\n", "sites/a.conf": "server {\n    listen 80;\n    add_header X-Lint bad;\n}\n"})
	git(t, "init", "-q", "-b", "main")
	git(t, "add", ".")
	git(t, "commit", "-q", "-m", "one")

	// unchanged tree: nothing new
	expectFindings(t, findings(t, "--new-from-rev", "HEAD"))
	// the old finding is still there without the flag
	expectFindings(t, findings(t), "EL9901 3 ")

	// a modified line, a line moved by an insertion, and an untracked file
	writeFiles(t, ".", map[string]string{
		"sites/a.conf": "server {\n    listen 80;\n    server_name a.example;\n    add_header X-Lint bad;\n    add_header X-Lint-Error new;\n}\n",
		"sites/b.conf": "server {\n    listen 81;\n    add_header X-Lint bad;\n}\n",
	})
	expectFindings(t, findings(t, "--new-from-rev", "HEAD"), "EL9902 5 ", "EL9901 3 ")
	// committed changes count too
	git(t, "add", ".")
	git(t, "commit", "-q", "-m", "two")
	expectFindings(t, findings(t, "--new-from-rev", "HEAD~1"), "EL9902 5 ", "EL9901 3 ")
	expectFindings(t, findings(t, "--new-from-rev", "HEAD"))

	r := run(t, "check", "--new-from-rev", "no-such-rev").expect(t, 3)
	if !strings.Contains(r.stderr, `unknown revision "no-such-rev"`) {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestNewFromRevOutsideGit(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": twoMarkers})
	t.Setenv("GIT_CEILING_DIRECTORIES", "/")
	r := run(t, "check", "--new-from-rev", "HEAD").expect(t, 3)
	if !strings.Contains(r.stderr, "needs a git repository") {
		t.Errorf("stderr %q", r.stderr)
	}
}
