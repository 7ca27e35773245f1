package processors

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/output/fingerprint"
	"github.com/edgelint/edgelint/internal/processors/baseline"
	"github.com/edgelint/edgelint/internal/processors/suppress"
	"github.com/edgelint/edgelint/internal/projectconfig"
	"github.com/edgelint/edgelint/lint"
)

var testRule = &lint.Rule{ID: "EL4001", Name: "x", Category: lint.CategoryTimeout, Title: "x", Doc: "x",
	Severity: lint.Warning, Sources: []lint.SourceKind{lint.Nginx}, Check: func(*lint.Pass) error { return nil }}

func at(file string, line int) lint.Position { return lint.At(file, line, 5) }

func finding(file string, line int, msg string) lint.Finding {
	return lint.Finding{RuleID: "EL4001", Name: "x", Severity: lint.Warning, Message: msg, Pos: at(file, line)}
}

// lines renders findings as "file:line" for comparisons.
func lines(fs []lint.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Pos.String())
	}
	return strings.Join(out, " ")
}

func reasons(ds []Dropped) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Processor+"|"+d.Finding.Pos.String()+"|"+d.Reason)
	}
	return strings.Join(out, "\n")
}

func TestSuppress(t *testing.T) {
	reg, err := lint.NewRegistry(append([]*lint.Rule{testRule}, suppress.Rules...)...)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &lint.Config{Source: lint.Nginx, Comments: []lint.Comment{
		{Pos: at("a.conf", 2), Text: "edgelint:ignore EL4001 the export is slow", Scope: lint.Span("a.conf", 3, 0, 6)},
		{Pos: at("a.conf", 9), Text: "edgelint:ignore EL4001", Scope: lint.At("a.conf", 10, 0)},
	}}
	p := &Suppress{Processor: suppress.Processor{Registry: reg}}
	kept, dropped, err := Chain{p}.Run(&Context{Configs: []*lint.Config{cfg}}, []lint.Finding{finding("a.conf", 4, "m"), finding("a.conf", 7, "m"), finding("a.conf", 10, "m")})
	if err != nil {
		t.Fatal(err)
	}
	// the malformed comment (no reason) suppresses nothing and is reported
	if got := lines(kept) + " " + kept[1].RuleID; got != "a.conf:7:5 a.conf:9:5 a.conf:10:5 EL9001" {
		t.Errorf("kept %s", got)
	}
	if want := `suppress|a.conf:4:5|suppressed by "edgelint:ignore EL4001 the export is slow" at a.conf:2:5`; reasons(dropped) != want {
		t.Errorf("dropped:\n%s\nwant\n%s", reasons(dropped), want)
	}
}

func TestExclude(t *testing.T) {
	dir := t.TempDir()
	cfg := &projectconfig.Config{Path: filepath.Join(dir, ".edgelint.yaml"), Dir: dir, Exclusions: []projectconfig.Exclusion{
		{Paths: []string{"legacy/**"}, Reason: "being rewritten", Line: 4},
		{Resources: []string{"cloudflare:zone/a/**"}, Rules: []string{"EL4002"}, Reason: "not this rule", Line: 7},
	}}
	live := lint.Finding{RuleID: "EL4001", Pos: lint.AtResource("cloudflare:zone/a/settings/ssl")}
	in := []lint.Finding{finding(filepath.Join(dir, "legacy/old.conf"), 3, "m"), finding(filepath.Join(dir, "new.conf"), 3, "m"), live}
	kept, dropped, err := Chain{&Exclude{Config: cfg}}.Run(&Context{}, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != 2 || kept[0].Pos.File() != filepath.Join(dir, "new.conf") || kept[1].Pos.Resource() == "" {
		t.Errorf("kept %+v", kept)
	}
	if len(dropped) != 1 || dropped[0].Processor != "exclude" || !strings.HasSuffix(dropped[0].Reason, ".edgelint.yaml:4: being rewritten") {
		t.Errorf("dropped:\n%s", reasons(dropped))
	}
	// no configuration file: nothing to exclude
	if kept, dropped, _ := (&Exclude{}).Process(&Context{}, in); len(kept) != 3 || dropped != nil {
		t.Errorf("without a configuration: kept %d, dropped %d", len(kept), len(dropped))
	}
}

// Fingerprints quote the line as the source read it: the file on disk is
// never read again, so it may change or vanish after loading.
func TestFingerprintUsesRecordedText(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	text := "http {\r\n    proxy_read_timeout   5s;\r\n}"
	cfg := &lint.Config{Files: []string{"a.conf"}, Text: map[string][]byte{"a.conf": []byte(text)}}
	fs := []lint.Finding{finding("a.conf", 2, "m"), finding("a.conf", 3, "m"), finding("a.conf", 4, "m"),
		{RuleID: "EL4201", Message: "m", Pos: lint.AtResource("cloudflare:zone/a")}}
	kept, dropped, err := Chain{&Fingerprint{Dir: dir}}.Run(&Context{Configs: []*lint.Config{cfg}}, fs)
	if err != nil || dropped != nil || len(kept) != 4 {
		t.Fatalf("kept %d dropped %d err %v", len(kept), len(dropped), err)
	}
	for i, line := range []string{"proxy_read_timeout 5s;", "}", "", ""} {
		if want := fingerprint.For(kept[i], dir, line); kept[i].Fingerprint != want {
			t.Errorf("finding %d: fingerprint of the wrong line (want %q)", i, line)
		}
	}
	if kept[3].Fingerprint != fingerprint.Of("EL4201", "cloudflare:zone/a", "", "m") {
		t.Error("a live resource is keyed on its resource")
	}
	// an existing fingerprint is kept: it is computed once
	again, _, _ := (&Fingerprint{Dir: "/elsewhere"}).Process(&Context{Configs: []*lint.Config{cfg}}, append([]lint.Finding(nil), kept...))
	if again[0].Fingerprint != kept[0].Fingerprint {
		t.Error("fingerprint computed twice")
	}
}

func TestLineIndex(t *testing.T) {
	x := &lineIndex{text: map[string][]byte{"a": []byte("one\n\nthree\r\n"), "b": nil, "c": []byte("\n")}, starts: map[string][]int{}}
	for _, c := range []struct {
		file string
		n    int
		want string
	}{
		{"a", 1, "one"}, {"a", 2, ""}, {"a", 3, "three"}, {"a", 4, ""},
		{"b", 1, ""}, {"c", 1, ""}, {"c", 2, ""}, {"missing", 1, ""},
	} {
		if got := x.line(c.file, c.n); got != c.want {
			t.Errorf("%s:%d = %q, want %q", c.file, c.n, got, c.want)
		}
	}
}

func TestBaselines(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	path := filepath.Join(dir, "base.json")
	cfg := &lint.Config{Text: map[string][]byte{"a.conf": []byte("x;\ny;\nx;\nx;\n")}}
	ctx := &Context{Configs: []*lint.Config{cfg}}
	write := Chain{&Fingerprint{Dir: dir}, &WriteBaseline{Path: path}}
	kept, dropped, err := write.Run(ctx, []lint.Finding{finding("a.conf", 1, "m"), finding("a.conf", 2, "m")})
	if err != nil || kept != nil || len(dropped) != 2 || dropped[1].Reason != "recorded in the new baseline "+path {
		t.Fatalf("kept %v, err %v, dropped:\n%s", kept, err, reasons(dropped))
	}

	b, err := baseline.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	// lines moved: x; is now on lines 3 and 4, y; is gone; each entry
	// hides one finding, so the second x; is new
	read := Chain{&Fingerprint{Dir: b.Dir()}, &Baseline{Baseline: b, Path: "base.json"}}
	kept, dropped, err = read.Run(ctx, []lint.Finding{finding("a.conf", 3, "m"), finding("a.conf", 4, "m")})
	if err != nil {
		t.Fatal(err)
	}
	if lines(kept) != "a.conf:4:5" || len(dropped) != 1 || !strings.HasPrefix(dropped[0].Reason, "recorded in the baseline base.json (fingerprint ") {
		t.Errorf("kept %s, dropped:\n%s", lines(kept), reasons(dropped))
	}

	_, _, err = Chain{&WriteBaseline{Path: filepath.Join(dir, "missing", "base.json")}}.Run(ctx, nil)
	var perr *Error
	if !errors.As(err, &perr) || perr.Processor != "write-baseline" || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v", err)
	}
}

func TestDedup(t *testing.T) {
	rel := []lint.Related{{Pos: at("b.conf", 1), Message: "here"}}
	a, b := finding("a.conf", 3, "m"), finding("a.conf", 3, "m")
	a.Related, b.Related = rel, rel
	other := finding("a.conf", 3, "m")
	other.Related = []lint.Related{{Pos: at("c.conf", 1), Message: "here"}}
	kept, dropped, _ := Chain{Dedup{}}.Run(&Context{}, []lint.Finding{finding("a.conf", 9, "m"), a, b, other})
	if lines(kept) != "a.conf:3:5 a.conf:3:5 a.conf:9:5" || len(dropped) != 1 || dropped[0].Processor != "dedup" {
		t.Errorf("kept %s, dropped:\n%s", lines(kept), reasons(dropped))
	}
}

// The chain runs the steps in order, hands each the previous one's
// findings and collects every hidden finding with its step.
func TestChain(t *testing.T) {
	reg, err := lint.NewRegistry(append([]*lint.Rule{testRule}, suppress.Rules...)...)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := &lint.Config{Source: lint.Nginx, Text: map[string][]byte{"a.conf": []byte("a;\nb;\nc;\nd;\n"), "legacy.conf": []byte("e;\n")},
		Comments: []lint.Comment{{Pos: at("a.conf", 1), Text: "edgelint:ignore EL4001 accepted", Scope: lint.At("a.conf", 2, 0)}}}
	project := &projectconfig.Config{Path: filepath.Join(dir, ".edgelint.yaml"), Dir: dir,
		Exclusions: []projectconfig.Exclusion{{Paths: []string{"legacy.conf"}, Reason: "old", Line: 2}}}
	chain := Chain{
		&Suppress{Processor: suppress.Processor{Registry: reg}},
		&Exclude{Config: project},
		&Fingerprint{Dir: dir},
		Dedup{},
	}
	in := []lint.Finding{finding("a.conf", 4, "m"), finding("a.conf", 2, "m"), finding("legacy.conf", 1, "m"), finding("a.conf", 3, "m"), finding("a.conf", 3, "m")}
	kept, dropped, err := chain.Run(&Context{Configs: []*lint.Config{cfg}}, in)
	if err != nil {
		t.Fatal(err)
	}
	if lines(kept) != "a.conf:3:5 a.conf:4:5" {
		t.Errorf("kept %s", lines(kept))
	}
	for _, f := range kept {
		if f.Fingerprint == "" {
			t.Errorf("%s has no fingerprint", f.Pos)
		}
	}
	var steps []string
	for _, d := range dropped {
		steps = append(steps, d.Processor+" "+d.Finding.Pos.String())
	}
	if got := strings.Join(steps, ", "); got != "suppress a.conf:2:5, exclude legacy.conf:1:5, dedup a.conf:3:5" {
		t.Errorf("dropped %s", got)
	}
}

// Many findings are fingerprinted in parts on several cores; each part
// must give what one pass over the list gives.
func TestFingerprintSameAsSerial(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var cfgs []*lint.Config
	var fs []lint.Finding
	for i := range 40 {
		name := fmt.Sprintf("d%d/f%d.conf", i%3, i)
		var text strings.Builder
		for l := range 300 {
			fmt.Fprintf(&text, "line %d of %s;\r\n", l, name)
		}
		cfgs = append(cfgs, &lint.Config{Files: []string{name}, Text: map[string][]byte{name: []byte(text.String())}})
		for l := range 400 { // past the end too
			fs = append(fs, finding(name, l, fmt.Sprintf("m%d", l%7)))
		}
	}
	fs = append(fs, lint.Finding{RuleID: "EL4201", Message: "m", Pos: lint.AtResource("cloudflare:zone/a")},
		lint.Finding{RuleID: "EL4201", Message: "m", Pos: at("unrecorded.conf", 1), Fingerprint: "kept"})
	run := func(procs int) []string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		got, _, err := (&Fingerprint{Dir: dir}).Process(&Context{Configs: cfgs}, slices.Clone(fs))
		if err != nil {
			t.Fatal(err)
		}
		var prints []string
		for _, f := range got {
			prints = append(prints, f.Fingerprint)
		}
		return prints
	}
	serial := run(1)
	for _, procs := range []int{2, 4} {
		if got := run(procs); !slices.Equal(got, serial) {
			t.Errorf("GOMAXPROCS %d: fingerprints differ from the serial run", procs)
		}
	}
	if serial[len(serial)-1] != "kept" || serial[0] == "" || serial[1] == serial[2] {
		t.Error("fingerprints not set once")
	}
}
