package rules

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/probenet"
	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
	"github.com/edgelint/edgelint/lint"
)

// Every rule is valid, unique, documented with a bad and a good example
// that behave as documented, and has testdata with at least one positive
// and one negative case that pass through the real adapters.
func TestEveryRule(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reg.Rules() {
		t.Run(r.ID+"-"+r.Name, func(t *testing.T) {
			dirs, _ := filepath.Glob(filepath.Join("*", "testdata", r.Name))
			if len(dirs) != 1 {
				t.Fatalf("want exactly one testdata directory */testdata/%s, found %v", r.Name, dirs)
			}
			entries, err := os.ReadDir(dirs[0])
			if err != nil {
				t.Fatal(err)
			}
			var pos, neg int
			for _, e := range entries {
				if ruletest.HasWants(filepath.Join(dirs[0], e.Name())) {
					pos++
				} else {
					neg++
				}
			}
			if pos == 0 || neg == 0 {
				t.Errorf("testdata needs positive and negative cases: %d positive, %d negative", pos, neg)
			}
			if r.Probe {
				return // probe rules need the test network: TestProbeRules runs them
			}
			ruletest.Run(t, r, dirs[0])
			t.Run("doc", func(t *testing.T) { ruletest.CheckDoc(t, r, ruletest.Options{}) })
		})
	}
}

// The --probe rules' testdata and doc examples run against the test
// network, through the real adapters, as `edgelint check --probe` runs
// them. The network's addresses are fixed, so this is the one test
// process that serves it.
func TestProbeRules(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	pr := probenet.Network(t)
	n := 0
	for _, r := range reg.Rules() {
		if !r.Probe {
			continue
		}
		n++
		t.Run(r.ID+"-"+r.Name, func(t *testing.T) {
			dirs, _ := filepath.Glob(filepath.Join("*", "testdata", r.Name))
			if len(dirs) != 1 {
				t.Fatalf("want exactly one testdata directory */testdata/%s, found %v", r.Name, dirs)
			}
			ruletest.Run(t, r, dirs[0], ruletest.Options{Probe: pr})
			t.Run("doc", func(t *testing.T) { ruletest.CheckDoc(t, r, ruletest.Options{Probe: pr}) })
		})
	}
	if n == 0 {
		t.Error("no probe rule registered")
	}
}

func TestCategoriesAreTheContract(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	valid := map[lint.Category]bool{}
	for _, c := range lint.Categories {
		valid[c] = true
	}
	for _, r := range reg.Rules() {
		if !valid[r.Category] {
			t.Errorf("%s: category %q is not in CLI.md's vocabulary", r.ID, r.Category)
		}
	}
}

// categoryPackages maps an ID block (the digit after "EL") to the category
// its rules have and the package they live in.
var categoryPackages = map[byte]struct {
	category lint.Category
	pkg      string
}{
	'1': {lint.CategoryReachability, "reach"},
	'2': {lint.CategoryHostHeader, "hosthdr"},
	'3': {lint.CategoryHealthCheck, "health"},
	'4': {lint.CategoryTimeout, "timeouts"},
	'5': {lint.CategoryKeepalive, "keepalive"},
	'6': {lint.CategoryBuffer, "buffers"},
	'7': {lint.CategoryTLS, "tlsproxy"},
	'8': {lint.CategoryRetry, "retry"},
}

// rulePackage names the package that defines a rule's Check function: the
// package of the rule itself, since rules are values plus one function.
func rulePackage(r *lint.Rule) string {
	name := runtime.FuncForPC(reflect.ValueOf(r.Check).Pointer()).Name()
	const prefix = "github.com/edgelint/edgelint/rules/"
	if !strings.HasPrefix(name, prefix) {
		return name
	}
	pkg, _, _ := strings.Cut(name[len(prefix):], ".")
	return pkg
}

// Category is the one axis of the rules tree (see the package comment):
// every rule is in exactly one family list, the one of its category; it
// lives in the package its ID block names, with its doc and testdata; no
// package under rules/ but the category packages holds rules; and no doc
// or testdata directory is left behind by a rule that moved or went.
func TestCategoryIsTheAxis(t *testing.T) {
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	inFamilies := map[*lint.Rule][]lint.Category{}
	ruleDirs := map[string]bool{}
	for _, f := range families {
		for _, r := range f.rules {
			inFamilies[r] = append(inFamilies[r], f.category)
		}
	}
	for _, c := range categoryPackages {
		ruleDirs[c.pkg] = true
	}
	pkgOf := map[string]string{} // rule name -> package
	for _, r := range reg.Rules() {
		if fams := inFamilies[r]; len(fams) != 1 {
			t.Errorf("%s %s is in %d family lists of rules.go (%v), want exactly one", r.ID, r.Name, len(fams), fams)
		} else if fams[0] != r.Category {
			t.Errorf("%s %s has category %s but is listed with the %s family", r.ID, r.Name, r.Category, fams[0])
		}
		c, ok := categoryPackages[r.ID[2]]
		if !ok {
			t.Errorf("%s %s: no category owns the ID block %cxxx", r.ID, r.Name, r.ID[2])
			continue
		}
		if r.Category != c.category {
			t.Errorf("%s %s has category %s, but the ID block %cxxx is %s's", r.ID, r.Name, r.Category, r.ID[2], c.category)
		}
		pkg := rulePackage(r)
		pkgOf[r.Name] = pkg
		if pkg != c.pkg {
			t.Errorf("%s %s lives in %s; its ID block %cxxx (category %s) belongs in rules/%s", r.ID, r.Name, pkg, r.ID[2], c.category, c.pkg)
			continue
		}
		if doc, err := os.ReadFile(filepath.Join(pkg, "docs", r.Name+".md")); err != nil || string(doc) != r.Doc {
			t.Errorf("%s %s: its doc is not %s/docs/%s.md (%v)", r.ID, r.Name, pkg, r.Name, err)
		}
		if fi, err := os.Stat(filepath.Join(pkg, "testdata", r.Name)); err != nil || !fi.IsDir() {
			t.Errorf("%s %s: no testdata directory %s/testdata/%s", r.ID, r.Name, pkg, r.Name)
		}
	}

	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch {
		case !e.IsDir() || e.Name() == "internal":
			continue
		case !ruleDirs[e.Name()]:
			t.Errorf("rules/%s is not the package of a category: rules live in one package per category (%v)", e.Name(), slices.Sorted(maps.Keys(ruleDirs)))
			continue
		}
		pkg := e.Name()
		docs, _ := os.ReadDir(filepath.Join(pkg, "docs"))
		for _, d := range docs {
			name := strings.TrimSuffix(d.Name(), ".md")
			switch owner, isRule := pkgOf[name]; {
			case !isRule:
				t.Errorf("rules/%s/docs/%s belongs to no registered rule", pkg, d.Name())
			case owner != pkg:
				t.Errorf("rules/%s/docs/%s belongs to a rule of rules/%s", pkg, d.Name(), owner)
			}
		}
		tests, err := filepath.Glob(filepath.Join(pkg, "*_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		var testSrc strings.Builder
		for _, f := range tests {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			testSrc.Write(b)
		}
		cases, _ := os.ReadDir(filepath.Join(pkg, "testdata"))
		for _, c := range cases {
			name := c.Name()
			owner, isRule := pkgOf[name]
			switch {
			case isRule && owner != pkg:
				t.Errorf("rules/%s/testdata/%s belongs to a rule of rules/%s", pkg, name, owner)
			case isRule:
			case !c.IsDir():
				t.Errorf("rules/%s/testdata/%s: testdata holds one directory per rule (or per case set a test of the package loads)", pkg, name)
			case !strings.Contains(testSrc.String(), strconv.Quote(name)):
				// Not a rule's fixtures: then a case set that a test of
				// this package loads by name (options, versions, a load
				// error the fixture runner would fail on).
				t.Errorf("rules/%s/testdata/%s belongs to no registered rule of rules/%s and no test of the package names it", pkg, name, pkg)
			}
		}
	}
}
