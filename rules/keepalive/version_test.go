package keepalive

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/ruletest"
	"github.com/edgelint/edgelint/sources/input"
)

// From nginx 1.29.7 the defaults keep connections open: the rule reports
// only explicit downgrades, and the 1.26-era fixtures' default cases go
// quiet.
func TestNewDefaults(t *testing.T) {
	o := ruletest.Options{Load: input.Options{NginxVersion: lint.MustVersion("1.29.7")}}
	ruletest.Run(t, Ineffective, filepath.Join("testdata", "nginx-1.29.7"), o)

	found, errs := ruletest.Check(Ineffective, []string{filepath.Join("testdata", Ineffective.Name, "bad.conf")}, o)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range found {
		if strings.Contains(f.Message, "before 1.29.7") {
			t.Errorf("1.29.7 sends HTTP/1.1 keep-alive by default, yet %s is reported: %s", f.Pos, f.Message)
		}
	}
	if len(found) != 3 {
		t.Errorf("want the 3 explicit problems of bad.conf under 1.29.7, got %d", len(found))
	}
}

// Just below 1.29.7 the old defaults apply.
func TestOldDefaults(t *testing.T) {
	o := ruletest.Options{Load: input.Options{NginxVersion: lint.MustVersion("1.29.6")}}
	ruletest.Run(t, Ineffective, filepath.Join("testdata", Ineffective.Name), o)
}
