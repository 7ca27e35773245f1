package processors

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/processors/gitdiff"
	"github.com/edgelint/edgelint/lint"
)

func TestNewFromRev(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
			"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.conf", "a;\nb;\nc;\n")
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	write("a.conf", "a;\nB;\nc;\n")
	changes, err := gitdiff.Since(dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	related := finding("a.conf", 3, "inherits")
	related.Related = []lint.Related{{Pos: at("a.conf", 2)}}
	live := lint.Finding{RuleID: "EL4201", Pos: lint.AtResource("cloudflare:zone/a")}
	in := []lint.Finding{finding("a.conf", 1, "m"), finding("a.conf", 2, "m"), related, live}
	kept, dropped, err := Chain{&NewFromRev{Changes: changes, Rev: "HEAD"}}.Run(&Context{}, in)
	if err != nil {
		t.Fatal(err)
	}
	if lines(kept) != "a.conf:2:5 a.conf:3:5" {
		t.Errorf("kept %s", lines(kept))
	}
	want := "new-from-rev|a.conf:1:5|neither its line nor a related one changed since HEAD\n" +
		"new-from-rev|cloudflare:zone/a|a live resource has no lines that could have changed since HEAD"
	if got := reasons(dropped); got != want {
		t.Errorf("dropped:\n%s\nwant\n%s", got, strings.TrimSpace(want))
	}
}
