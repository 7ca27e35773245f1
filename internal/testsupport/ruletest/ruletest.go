// Package ruletest runs a rule over fixtures loaded through the real source
// adapters and compares its findings with expectations written in the
// fixtures, in the style of golang.org/x/tools/go/analysis/analysistest.
//
// Expectations:
//
//	proxy_read_timeout 5s;   # want "shorter than"
//	# want +1 "no resolver"          (the finding is on the next line; Apache
//	                                  forbids trailing comments, so use this)
//	# want +2 "a" "b"                (two findings two lines below)
//
// A case directory may hold a .edgelint.yaml stating the target nginx
// version or edition (nginx-version, nginx-edition), as a user would.
//
// For fixtures without comments (Cloudflare snapshots), a file named
// WANT in the case directory holds lines of the form
//
//	cloudflare:zone/example.com/dns_records/x "regex"
//
// and, for a snapshot that records a read which failed when it was
// written, the load error the case expects (any other fails it):
//
//	load-error cloudflare:zone/example.com/load_balancers "regex"
//
// Each directory entry of a rule's testdata directory is one case: a file
// loaded on its own, or a directory loaded as a whole (entry points found
// as `edgelint check DIR` finds them).
package ruletest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
	"gopkg.in/yaml.v3"
)

// Expectation is one wanted finding, or with LoadError one wanted load
// error.
type Expectation struct {
	File      string // display path; empty for resource expectations
	Line      int
	Resource  string
	Pattern   *regexp.Regexp
	LoadError bool
	matched   bool
}

// Case options.
type Options struct {
	Load   input.Options
	Force  lint.SourceKind
	Rule   any // rule options; nil = defaults
	Probe  lint.Prober
	Others []*lint.Rule // extra rules run alongside (rarely needed)
}

var (
	wantRE  = regexp.MustCompile(`#\s*want(?:\s+\+(\d+))?((?:\s+"(?:[^"\\]|\\.)*")+)\s*$`)
	quoteRE = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
)

// Run checks every case under dir with rule.
func Run(t *testing.T, rule *lint.Rule, dir string, opts ...Options) {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading testdata: %v", err)
	}
	if len(entries) == 0 {
		t.Fatalf("%s has no cases", dir)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			RunCase(t, rule, path, o)
		})
	}
}

// RunCase checks one case (a file or a directory).
func RunCase(t *testing.T, rule *lint.Rule, path string, o Options) {
	t.Helper()
	findings, errs := Check(rule, []string{path}, o)
	wants, err := Expectations(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		if !matchError(wants, e) {
			t.Errorf("load error: %v", e)
		}
	}
	for _, f := range findings {
		if !match(wants, f) {
			t.Errorf("unexpected finding at %s: %s", f.Pos, f.Message)
		}
	}
	for _, w := range wants {
		if !w.matched {
			where, what := w.Resource, "finding"
			if w.File != "" {
				where = fmt.Sprintf("%s:%d", w.File, w.Line)
			}
			if w.LoadError {
				what = "load error"
			}
			t.Errorf("%s: no %s matching %q", where, what, w.Pattern)
		}
	}
}

// Check loads paths through the real adapters and runs rule (plus
// o.Others) over them.
func Check(rule *lint.Rule, paths []string, o Options) ([]lint.Finding, []lint.LoadError) {
	settings := map[string]lint.RuleSettings{}
	if o.Rule != nil {
		settings[rule.ID] = lint.RuleSettings{Options: o.Rule}
	}
	findings, errs := check(append([]*lint.Rule{rule}, o.Others...), settings, paths, o)
	var mine []lint.Finding
	for _, f := range findings {
		if f.RuleID == rule.ID {
			mine = append(mine, f)
		}
	}
	return mine, errs
}

// CheckAll is Check for several rules at once, with their default
// options, returning every rule's findings: what `edgelint check` with
// only these rules enabled would report.
func CheckAll(rules []*lint.Rule, paths []string, o Options) ([]lint.Finding, []lint.LoadError) {
	return check(rules, nil, paths, o)
}

func check(rules []*lint.Rule, settings map[string]lint.RuleSettings, paths []string, o Options) ([]lint.Finding, []lint.LoadError) {
	for _, p := range paths {
		if err := caseSettings(p, &o.Load); err != nil {
			return nil, []lint.LoadError{{Pos: lint.AtFile(p), Message: err.Error()}}
		}
	}
	res := sources.Load(paths, o.Force, o.Load)
	r := &lint.Runner{Rules: rules, Settings: settings, Probe: o.Probe}
	findings, errs := r.Run(res.Configs)
	return findings, append(res.Errors, errs...)
}

// caseSettings reads the target nginx version and edition from a
// .edgelint.yaml in a case directory, the way a user states them, so
// version-dependent cases and doc examples say what they assume. Only those
// two keys are read here: the full loader lives above the rules.
func caseSettings(dir string, lo *input.Options) error {
	data, err := os.ReadFile(filepath.Join(dir, ".edgelint.yaml"))
	if err != nil {
		return nil // no file (or a file case): the defaults apply
	}
	var cfg struct {
		Version string `yaml:"nginx-version"`
		Edition string `yaml:"nginx-edition"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return fmt.Errorf(".edgelint.yaml: %v", err)
	}
	if cfg.Version != "" && lo.NginxVersion.IsZero() {
		v, err := lint.ParseVersion(cfg.Version)
		if err != nil {
			return fmt.Errorf(".edgelint.yaml: %v", err)
		}
		lo.NginxVersion = v
	}
	if cfg.Edition != "" && lo.NginxEdition == "" {
		lo.NginxEdition = cfg.Edition
	}
	return nil
}

func match(wants []*Expectation, f lint.Finding) bool {
	for _, w := range wants {
		if w.matched || w.LoadError {
			continue
		}
		if w.Resource != "" {
			if f.Pos.Resource() != w.Resource {
				continue
			}
		} else if w.File != f.Pos.File() || w.Line != int(f.Pos.Line) {
			continue
		}
		if w.Pattern.MatchString(f.Message) {
			w.matched = true
			return true
		}
	}
	return false
}

func matchError(wants []*Expectation, e lint.LoadError) bool {
	for _, w := range wants {
		if !w.matched && w.LoadError && w.Resource == e.Pos.Resource() && w.Pattern.MatchString(e.Message) {
			w.matched = true
			return true
		}
	}
	return false
}

// Expectations reads the want comments of every file under path.
func Expectations(path string) ([]*Expectation, error) {
	var wants []*Expectation
	err := filepath.Walk(path, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		if info.Name() == "WANT" {
			ws, err := resourceWants(p)
			wants = append(wants, ws...)
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for line := 1; sc.Scan(); line++ {
			m := wantRE.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			at := line
			if m[1] != "" {
				n, _ := strconv.Atoi(m[1])
				at += n
			}
			for _, q := range quoteRE.FindAllStringSubmatch(m[2], -1) {
				re, err := regexp.Compile(unquote(q[1]))
				if err != nil {
					return fmt.Errorf("%s:%d: bad want pattern: %v", p, line, err)
				}
				wants = append(wants, &Expectation{File: input.Display(p), Line: at, Pattern: re})
			}
		}
		return sc.Err()
	})
	sort.SliceStable(wants, func(i, j int) bool { return wants[i].Line < wants[j].Line })
	return wants, err
}

func resourceWants(p string) ([]*Expectation, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var wants []*Expectation
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		loadErr := false
		if rest, ok := strings.CutPrefix(line, "load-error "); ok {
			loadErr, line = true, strings.TrimSpace(rest)
		}
		res, rest, ok := strings.Cut(line, " ")
		qs := quoteRE.FindAllStringSubmatch(rest, -1)
		if !ok || len(qs) == 0 {
			return nil, fmt.Errorf("%s:%d: want [load-error] RESOURCE \"regex\"", p, i+1)
		}
		for _, q := range qs {
			re, err := regexp.Compile(unquote(q[1]))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", p, i+1, err)
			}
			wants = append(wants, &Expectation{Resource: res, Pattern: re, LoadError: loadErr})
		}
	}
	return wants, nil
}

func unquote(s string) string {
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}

// HasWants reports whether a case expects findings (positive) or none
// (negative; an expected load error does not count). The meta-test
// requires both kinds for every rule.
func HasWants(path string) bool {
	ws, err := Expectations(path)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(ws, func(w *Expectation) bool { return !w.LoadError })
}

// RunRules is a category package's own run of its fixtures and doc examples:
// each rule over testdata/<rule-name>, then CheckDoc, so a family can be
// tested without building every other family (rules.TestEveryRule runs
// the same checks for the whole registry). Probe rules need the test
// network, which only one test process can serve: rules.TestProbeRules
// runs theirs.
func RunRules(t *testing.T, rules []*lint.Rule) {
	t.Helper()
	for _, r := range rules {
		if r.Probe {
			continue
		}
		t.Run(r.ID+"-"+r.Name, func(t *testing.T) {
			Run(t, r, filepath.Join("testdata", r.Name))
			t.Run("doc", func(t *testing.T) { CheckDoc(t, r, Options{}) })
		})
	}
}

// NginxRules returns the rules of rs that read an nginx configuration on
// its own, not only beside a CDN zone (Cross) or on the network (Probe):
// the rules examples/nginx shows, one case directory each.
func NginxRules(rs []*lint.Rule) []*lint.Rule {
	var out []*lint.Rule
	for _, r := range rs {
		if r.Cross || r.Probe || !slices.Contains(r.Sources, lint.Nginx) {
			continue
		}
		out = append(out, r)
	}
	return out
}
