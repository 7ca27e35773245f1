// Package fieldtest is the precision gate: edgelint runs over the real
// third-party configurations in ../shared/field, one `edgelint check
// <kind>/<repository>` per repository as its owners would run it, and
// every warning, error and load error it raises there must carry a verdict
// recorded in testdata/verdicts.tsv.
//
// The test fails when a finding or load error has no verdict, when a
// finding judged false fires again, when a load error judged edgelint's
// fault comes back, when a finding judged true disappears, and when
// debatable findings exceed 5% of the warnings and errors. Run it with -v
// to see the counts; -pending FILE writes the unjudged lines for review.
package fieldtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/cli"
)

var pendingFile = flag.String("pending", "", "write findings and load errors without a verdict to `FILE` (TSV, verdict column empty)")

// kinds are the top-level directories of the field corpus.
var kinds = []string{"nginx", "apache", "terraform"}

// loadErrorRule keys verdicts on load errors: "true" means the real server
// rejects the input too, "false" that the reason lies in edgelint.
const loadErrorRule = "load-error"

// debatableShare is the largest share of debatable findings among the
// warnings and errors that the gate accepts.
const debatableShare = 0.05

type key struct {
	File string
	Line int
	Rule string
}

type verdict struct {
	Verdict string // true, debatable, false
	Reason  string
	Line    int // in verdicts.tsv
}

type result struct {
	Version  int `json:"version"`
	Findings []struct {
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		File     string `json:"file"`
		Line     int    `json:"line"`
	} `json:"findings"`
	Errors []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
	Notices []struct {
		File    string `json:"file"`
		Message string `json:"message"`
	} `json:"notices"`
}

// observed is one warning, error or load error raised on the corpus.
type observed struct {
	key
	Severity string
	Message  string
}

func fieldDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "field"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.md")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the field corpus is missing at %s (CI has ../shared beside the clone): %v", dir, err)
		}
		t.Skipf("the field corpus is not at %s: %v", dir, err)
	}
	return dir
}

func readVerdicts(t *testing.T) map[key]verdict {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "verdicts.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[key]verdict{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 5 {
			t.Fatalf("verdicts.tsv:%d: want 5 tab-separated columns (file, line, rule, verdict, reason), got %d", n, len(cols))
		}
		ln, err := strconv.Atoi(cols[1])
		if err != nil {
			t.Fatalf("verdicts.tsv:%d: line %q is not a number", n, cols[1])
		}
		switch cols[3] {
		case "true", "debatable", "false":
		default:
			t.Fatalf("verdicts.tsv:%d: verdict %q: want true, debatable or false", n, cols[3])
		}
		if strings.TrimSpace(cols[4]) == "" {
			t.Fatalf("verdicts.tsv:%d: a verdict needs a one-line reason", n)
		}
		k := key{File: cols[0], Line: ln, Rule: cols[2]}
		if prev, dup := out[k]; dup {
			t.Fatalf("verdicts.tsv:%d: %v already judged at line %d", n, k, prev.Line)
		}
		out[k] = verdict{Verdict: cols[3], Reason: cols[4], Line: n}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// repositories lists <kind>/<repo> directories in order.
func repositories(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, k := range kinds {
		entries, err := os.ReadDir(filepath.Join(dir, k))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, k+"/"+e.Name())
			}
		}
	}
	return out
}

func countFiles(t *testing.T, dir string) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, k := range kinds {
		err := filepath.WalkDir(filepath.Join(dir, k), func(_ string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				n[k]++
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func TestField(t *testing.T) {
	dir := fieldDir(t)
	verdicts := readVerdicts(t)
	t.Chdir(dir)

	var seen []observed
	exits := map[string]map[int]int{} // kind → exit code → repositories
	notices := map[string]int{}
	infos := map[string]int{}
	for _, repo := range repositories(t, dir) {
		var stdout, stderr bytes.Buffer
		code := cli.Main([]string{"check", "--format", "json", repo}, nil, &stdout, &stderr)
		kind, _, _ := strings.Cut(repo, "/")
		if exits[kind] == nil {
			exits[kind] = map[int]int{}
		}
		exits[kind][code]++
		if code != cli.ExitOK && code != cli.ExitFindings && code != cli.ExitIncomplete {
			t.Errorf("%s: exit %d: %s", repo, code, stderr.String())
			continue
		}
		var res result
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
			t.Fatalf("%s: JSON output: %v\n%s", repo, err, stdout.String())
		}
		if (len(res.Errors) > 0) != (code == cli.ExitIncomplete) {
			t.Errorf("%s: exit %d with %d load errors", repo, code, len(res.Errors))
		}
		notices[kind] += len(res.Notices)
		for _, f := range res.Findings {
			if f.Severity == "info" {
				infos[f.Rule]++
				continue
			}
			seen = append(seen, observed{key: key{File: f.File, Line: f.Line, Rule: f.Rule}, Severity: f.Severity, Message: f.Message})
		}
		for _, e := range res.Errors {
			file := e.File
			if file == "" {
				file = repo
			}
			seen = append(seen, observed{key: key{File: file, Line: e.Line, Rule: loadErrorRule}, Severity: "load-error", Message: e.Message})
		}
	}

	byVerdict := map[string]int{}
	byRule := map[string]map[string]int{}
	fired := map[key]bool{}
	var pending []observed
	warnErr := 0
	for _, o := range seen {
		if fired[o.key] {
			continue // several messages on one line: one verdict
		}
		fired[o.key] = true
		if o.Rule != loadErrorRule {
			warnErr++
		}
		v, ok := verdicts[o.key]
		if !ok {
			pending = append(pending, o)
			t.Errorf("no verdict: %s:%d %s (%s) %s", o.File, o.Line, o.Rule, o.Severity, o.Message)
			continue
		}
		byVerdict[v.Verdict]++
		if byRule[o.Rule] == nil {
			byRule[o.Rule] = map[string]int{}
		}
		byRule[o.Rule][v.Verdict]++
		if v.Verdict == "false" {
			t.Errorf("judged false (verdicts.tsv:%d: %s) but raised again: %s:%d %s %s", v.Line, v.Reason, o.File, o.Line, o.Rule, o.Message)
		}
	}
	for k, v := range verdicts {
		if v.Verdict == "true" && !fired[k] {
			t.Errorf("judged true (verdicts.tsv:%d: %s) but no longer raised: %s:%d %s", v.Line, v.Reason, k.File, k.Line, k.Rule)
		}
	}
	debatable := 0
	for r, vs := range byRule {
		if r != loadErrorRule {
			debatable += vs["debatable"]
		}
	}
	if warnErr > 0 && float64(debatable) > debatableShare*float64(warnErr) {
		t.Errorf("%d of %d warnings and errors are debatable (%.1f%%); the gate allows %.0f%%",
			debatable, warnErr, 100*float64(debatable)/float64(warnErr), 100*debatableShare)
	}
	if *pendingFile != "" {
		writePending(t, *pendingFile, pending)
	}

	files := countFiles(t, dir)
	t.Logf("field corpus: %d nginx, %d apache, %d terraform files in %d repositories",
		files["nginx"], files["apache"], files["terraform"], len(repositories(t, dir)))
	for _, k := range kinds {
		var codes []string
		for _, c := range []int{cli.ExitOK, cli.ExitFindings, cli.ExitIncomplete} {
			codes = append(codes, fmt.Sprintf("exit %d: %d", c, exits[k][c]))
		}
		t.Logf("%-9s repositories: %s; notices (left out of the lint): %d", k, strings.Join(codes, ", "), notices[k])
	}
	t.Logf("warnings and errors: %d (true %d, debatable %d, false %d, no verdict %d); load errors judged: %d",
		warnErr, byVerdict["true"]-byRule[loadErrorRule]["true"], debatable,
		byVerdict["false"]-byRule[loadErrorRule]["false"], len(pending), sum(byRule[loadErrorRule]))
	silent := map[string]int{}
	for k, v := range verdicts {
		if !fired[k] {
			silent[v.Verdict]++
		}
	}
	t.Logf("recorded verdicts no longer raised (regression entries): false %d, debatable %d", silent["false"], silent["debatable"])
	var rules []string
	for r := range byRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		vs := byRule[r]
		t.Logf("  %-10s true %3d  debatable %3d  false %3d", r, vs["true"], vs["debatable"], vs["false"])
	}
	var infoRules []string
	for r := range infos {
		infoRules = append(infoRules, fmt.Sprintf("%s %d", r, infos[r]))
	}
	sort.Strings(infoRules)
	t.Logf("info findings (no verdict needed): %s", strings.Join(infoRules, ", "))
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func writePending(t *testing.T, path string, pending []observed) {
	t.Helper()
	var b strings.Builder
	for _, o := range pending {
		fmt.Fprintf(&b, "%s\t%d\t%s\t\t%s: %s\n", o.File, o.Line, o.Rule, o.Severity, strings.ReplaceAll(o.Message, "\t", " "))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
