package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// check --changed, as the pre-commit hook runs it: a commit that touches
// a snippet lints the tree that includes it, entry point and all, and an
// old problem in another tree (a finding, or a file that does not even
// parse) does not block it. --all lints the whole repository.
func TestChangedLintsTheTreesThatReadTheFiles(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{
		".git/HEAD":           "ref: refs/heads/main\n",
		"a/nginx.conf":        "events {}\nhttp {\n    include snippets/*.conf;\n}\n",
		"a/snippets/app.conf": "server {\n    listen 80;\n    add_header X-Lint bad;\n}\n",
		"b/nginx.conf":        twoMarkers,
		"c/nginx.conf":        "events {}\nhttp {\n",
		"README.md":           "not configuration\n",
	})
	files := func(args ...string) (map[string]int, result) {
		t.Helper()
		r := run(t, append([]string{"check", "--format", "json"}, args...)...)
		var o struct {
			Findings []struct{ File string }
			Errors   []struct{ File string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
			t.Fatalf("%v\n%s%s", err, r.stdout, r.stderr)
		}
		got := map[string]int{}
		for _, f := range o.Findings {
			got[f.File]++
		}
		for _, e := range o.Errors {
			got["error:"+e.File]++
		}
		return got, r
	}

	got, r := files("--changed", "a/snippets/app.conf", "README.md")
	if r.code != 1 || len(got) != 1 || got["a/snippets/app.conf"] != 1 {
		t.Errorf("--changed a/snippets/app.conf: exit %d, %v", r.code, got)
	}
	// the entry point's own change reaches the tree's findings too
	if got, _ := files("--changed", "a/nginx.conf"); len(got) != 1 || got["a/snippets/app.conf"] != 1 {
		t.Errorf("--changed a/nginx.conf: %v", got)
	}
	// nothing that edgelint reads changed: nothing to report
	if got, r := files("--changed", "README.md"); r.code != 0 || len(got) != 0 {
		t.Errorf("--changed README.md: exit %d, %v", r.code, got)
	}
	// the broken tree's own change reports its error
	if got, r := files("--changed", "c/nginx.conf"); r.code != 2 || got["error:c/nginx.conf"] == 0 || len(got) != 1 {
		t.Errorf("--changed c/nginx.conf: exit %d, %v", r.code, got)
	}
	// a changed .edgelint.yaml affects every tree
	if got, r := files("--changed", ".edgelint.yaml"); r.code != 2 || got["b/nginx.conf"] != 2 || got["error:c/nginx.conf"] == 0 {
		t.Errorf("--changed .edgelint.yaml: exit %d, %v", r.code, got)
	}
	for _, args := range [][]string{{"--all"}, {"--changed", "--all", "a/nginx.conf"}} {
		got, r := files(args...)
		if r.code != 2 || got["a/snippets/app.conf"] != 1 || got["b/nginx.conf"] != 2 || got["error:c/nginx.conf"] == 0 {
			t.Errorf("%s: exit %d, %v", strings.Join(args, " "), r.code, got)
		}
	}
}
