package ruledocs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/lint"
)

type opts struct {
	Floor time.Duration `yaml:"floor"`
}

var rule = &lint.Rule{ID: "EL4001", Name: "short", Category: lint.CategoryTimeout, Title: "a | b", Severity: lint.Warning,
	Sources: []lint.SourceKind{lint.Nginx, lint.Apache}, WholeTree: true,
	Doc:     "# EL4001 short\n\nWhat.\n\n## Bad\n\n```nginx\nx;\n```\n",
	Options: lint.OptionsOf(func() opts { return opts{Floor: 30 * time.Second} })}

func TestPage(t *testing.T) {
	p, err := Page(rule)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# EL4001 short\n\n| | |", "| Summary | a \\| b |", "| Sources | nginx, apache |",
		"| Needs | the whole include tree", "What.\n\n## Bad", "## Options", "rules:\n  short:\n    options:\n      floor: 30s\n"} {
		if !strings.Contains(p, want) {
			t.Errorf("page lacks %q:\n%s", want, p)
		}
	}
}

func TestWriteAndStale(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "EL0001.md"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale, _ := Stale(dir, []*lint.Rule{rule})
	if strings.Join(stale, ",") != "EL0001.md (no such rule),EL4001.md (missing),README.md (missing)" {
		t.Errorf("stale %v", stale)
	}
	if err := Write(dir, []*lint.Rule{rule}); err != nil {
		t.Fatal(err)
	}
	if stale, _ := Stale(dir, []*lint.Rule{rule}); len(stale) != 0 {
		t.Errorf("stale after Write: %v", stale)
	}
	if _, err := os.Stat(filepath.Join(dir, "EL0001.md")); !os.IsNotExist(err) {
		t.Error("page of a removed rule kept")
	}
}
