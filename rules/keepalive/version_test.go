package keepalive

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// oldDefaultCases are the fixtures whose findings need the pre-1.29.7
// defaults; each states nginx-version 1.22.1 in its .edgelint.yaml.
var oldDefaultCases = []string{"nginx-1.22.1", "reset-headers-1.22.1"}

// From nginx 1.29.7 the defaults keep connections open: the rule reports
// only explicit downgrades, and the 1.26-era fixtures' default cases go
// quiet.
func TestNewDefaults(t *testing.T) {
	o := ruletest.Options{Load: input.Options{NginxVersion: lint.MustVersion("1.29.7")}}
	ruletest.Run(t, Ineffective, filepath.Join("testdata", "nginx-1.29.7"), o)

	found, errs := ruletest.Check(Ineffective, []string{filepath.Join("testdata", Ineffective.Name, "nginx-1.22.1")}, o)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range found {
		if strings.Contains(f.Message, "before 1.29.7") {
			t.Errorf("1.29.7 sends HTTP/1.1 keep-alive by default, yet %s is reported: %s", f.Pos, f.Message)
		}
	}
	if len(found) != 3 {
		t.Errorf("want the 3 explicit problems of nginx-1.22.1 under 1.29.7, got %d", len(found))
	}
}

// Just below 1.29.7 the old defaults apply (--nginx-version takes
// precedence over the fixtures' .edgelint.yaml).
func TestOldDefaults(t *testing.T) {
	o := ruletest.Options{Load: input.Options{NginxVersion: lint.MustVersion("1.29.6")}}
	for _, c := range oldDefaultCases {
		t.Run(c, func(t *testing.T) {
			ruletest.RunCase(t, Ineffective, filepath.Join("testdata", Ineffective.Name, c), o)
		})
	}
}

// Without a stated version the old-default findings hold back
// (docs/CLI.md); the version-independent ones stay. The fixture holding
// the same configuration with a version must keep all of them.
func TestAssumedVersionHoldsBack(t *testing.T) {
	dir := filepath.Join("testdata", Ineffective.Name)
	stated, errs := ruletest.Check(Ineffective, []string{filepath.Join(dir, "nginx-1.22.1")}, ruletest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	assumed, errs := ruletest.Check(Ineffective, []string{filepath.Join(dir, "version-assumed.conf")}, ruletest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range assumed {
		if strings.Contains(f.Message, "before 1.29.7 speaks") || strings.Contains(f.Message, "before 1.29.7 sends") {
			t.Errorf("reported only because of the assumed version: %s: %s", f.Pos, f.Message)
		}
	}
	var old int
	for _, f := range stated {
		if strings.Contains(f.Message, "before 1.29.7 speaks") || strings.Contains(f.Message, "before 1.29.7 sends") {
			old++
		}
	}
	if old != 2 {
		t.Errorf("with nginx-version 1.22.1 want the 2 old-default findings, got %d", old)
	}
}
