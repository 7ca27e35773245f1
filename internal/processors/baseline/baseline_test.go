package baseline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

func TestEachEntryHidesOneFinding(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("a.conf", []byte("x;\nx;\nx;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := func(line int) lint.Finding {
		return lint.Finding{RuleID: "EL4001", Message: "m", Pos: lint.At("a.conf", line, 0)}
	}
	path := filepath.Join(dir, "base.json")
	if err := Write(path, []lint.Finding{f(1), f(2)}); err != nil {
		t.Fatal(err)
	}
	b, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	kept, hidden := b.Filter([]lint.Finding{f(1), f(2), f(3)})
	if hidden != 2 || len(kept) != 1 {
		t.Errorf("hidden %d kept %v", hidden, kept)
	}
	// a different message is a different finding
	other := f(1)
	other.Message = "n"
	if kept, _ := b.Filter([]lint.Finding{other}); len(kept) != 1 {
		t.Error("a new message matched the baseline")
	}
}
