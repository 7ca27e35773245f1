package rules

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/edgelint/edgelint"

// TestNoRuleImportsASource: rules see a configuration only through the
// model (package lint). A rule that imported an adapter could read its
// syntax tree behind the model's back, and would work for that source
// only. The test harness (internal/testsupport/ruletest) loads testdata
// through the real adapters by design; go list's Deps leave out what only
// tests import.
func TestNoRuleImportsASource(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(goTool, "list", "-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}", module+"/rules/...").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		checked++
		var bad []string
		for _, d := range deps {
			if d == module+"/sources" || strings.HasPrefix(d, module+"/sources/") {
				bad = append(bad, d)
			}
		}
		if len(bad) > 0 {
			sort.Strings(bad)
			t.Errorf("%s depends on %s: a rule sees a configuration only through the model (lint)", pkg, strings.Join(bad, ", "))
		}
	}
	if checked < 5 {
		t.Fatalf("go list found only %d rule packages:\n%s", checked, out)
	}
}

// TestNoRuleDecodesJSON: a provider's setting text (Cloudflare's
// security_header is JSON) is decoded by its source into typed model
// fields, so a rule never depends on how the provider spells a value.
func TestNoRuleDecodesJSON(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(goTool, "list", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", module+"/rules/...").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		for _, imp := range fields[1:] {
			if imp == "encoding/json" {
				t.Errorf("%s imports encoding/json: read typed fields of the model (lint.Edge) instead; the source decodes", fields[0])
			}
		}
	}
}
