package bench

import (
	"fmt"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/gentree"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// Sizes of the generated trees. The 100k trees are the side-by-side size;
// the scaling benchmarks compare a quarter of it with all of it.
const (
	bigLines     = 100000
	quarterLines = 25000
	// a typical repository: a few dozen files, a few dozen sites
	typicalLines   = 1500
	typicalPerFile = 2
)

// tree generates a tree into the benchmark's temporary directory (outside
// the timed part: with b.Loop the benchmark function runs once).
func tree(b *testing.B, opt gentree.Options) *gentree.Tree {
	b.Helper()
	t, err := gentree.Generate(b.TempDir(), opt)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// load runs what `edgelint check DIR` runs before the rules: discovery,
// sniffing and the adapters.
func load(b *testing.B, t *gentree.Tree) sources.Result {
	res := sources.Load([]string{t.Dir}, "", input.Options{})
	if len(res.Configs) == 0 {
		b.Fatalf("no configuration loaded from %v: %v", t, res.Errors)
	}
	return res
}

func runner(b *testing.B) *lint.Runner {
	reg, err := rules.Registry()
	if err != nil {
		b.Fatal(err)
	}
	return &lint.Runner{Rules: reg.Rules()}
}

// report adds the tree's size to the benchmark line so ratios and
// throughput can be read off directly.
func report(b *testing.B, t *gentree.Tree) {
	b.SetBytes(t.Bytes)
	perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	if perOp > 0 {
		b.ReportMetric(float64(t.Lines)/perOp*1e9, "lines/s")
	}
	b.ReportMetric(float64(t.Sites), "sites")
}

func benchLoad(b *testing.B, opt gentree.Options) {
	t := tree(b, opt)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		load(b, t)
	}
	report(b, t)
}

// benchLint is load plus every rule: what a user waits for.
func benchLint(b *testing.B, opt gentree.Options) {
	t := tree(b, opt)
	r := runner(b)
	b.ReportAllocs()
	b.ResetTimer()
	var findings int
	for b.Loop() {
		res := load(b, t)
		fs, errs := r.Run(res.Configs)
		if len(errs) > 0 {
			b.Fatalf("rules failed: %v", errs)
		}
		findings = len(fs)
	}
	report(b, t)
	b.ReportMetric(float64(findings), "findings")
}

// benchRules runs every rule over configurations loaded once.
func benchRules(b *testing.B, opt gentree.Options) {
	t := tree(b, opt)
	res := load(b, t)
	r := runner(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, errs := r.Run(res.Configs); len(errs) > 0 {
			b.Fatalf("rules failed: %v", errs)
		}
	}
	report(b, t)
}

var (
	nginx100k  = gentree.Options{Kind: gentree.Nginx, Lines: bigLines, Seed: 1}
	apache100k = gentree.Options{Kind: gentree.Apache, Lines: bigLines, Seed: 1}
)

func BenchmarkLoadNginx100k(b *testing.B)   { benchLoad(b, nginx100k) }
func BenchmarkLintNginx100k(b *testing.B)   { benchLint(b, nginx100k) }
func BenchmarkRulesNginx100k(b *testing.B)  { benchRules(b, nginx100k) }
func BenchmarkLoadApache100k(b *testing.B)  { benchLoad(b, apache100k) }
func BenchmarkLintApache100k(b *testing.B)  { benchLint(b, apache100k) }
func BenchmarkRulesApache100k(b *testing.B) { benchRules(b, apache100k) }

// BenchmarkTypicalRepo is a repository of a few dozen files: the size a
// pre-commit hook sees on every commit.
func BenchmarkTypicalRepo(b *testing.B) {
	for _, kind := range []string{gentree.Nginx, gentree.Apache} {
		b.Run(kind, func(b *testing.B) {
			benchLint(b, gentree.Options{Kind: kind, Lines: typicalLines, Seed: 2, SitesPerFile: typicalPerFile})
		})
	}
}

// BenchmarkLintCrossLayer100k is the nginx and Apache estates behind a
// Cloudflare snapshot with a proxied record for every site: the origin
// rules plus the cross-layer and CDN rules.
func BenchmarkLintCrossLayer100k(b *testing.B) {
	for _, kind := range []string{gentree.Nginx, gentree.Apache} {
		b.Run(kind, func(b *testing.B) {
			benchLint(b, gentree.Options{Kind: kind, Lines: bigLines, Seed: 1, Cloudflare: true})
		})
	}
}

// BenchmarkScaling runs load+lint at a quarter and at the full size: a
// linear pipeline takes about 4x as long on the big tree; a step that is
// quadratic in sites or upstreams takes about 16x.
func BenchmarkScaling(b *testing.B) {
	for _, kind := range []string{gentree.Nginx, gentree.Apache} {
		for _, lines := range []int{quarterLines, bigLines} {
			b.Run(fmt.Sprintf("%s/lines=%d", kind, lines), func(b *testing.B) {
				benchLint(b, gentree.Options{Kind: kind, Lines: lines, Seed: 1})
			})
		}
	}
}

// BenchmarkRuleScaling runs each rule alone at a quarter and at the full
// size, to find the rule whose cost grows faster than the tree. Run with
// a fixed count, e.g. -benchtime=5x; bench/rulescaling.sh prints the ratios.
func BenchmarkRuleScaling(b *testing.B) {
	reg, err := rules.Registry()
	if err != nil {
		b.Fatal(err)
	}
	for _, kind := range []string{gentree.Nginx, gentree.Apache} {
		for _, lines := range []int{quarterLines, bigLines} {
			// one tree for all the rules, in the parent's directory, with
			// a CDN layer so the cross-layer rules have work too
			t := tree(b, gentree.Options{Kind: kind, Lines: lines, Seed: 1, Cloudflare: true})
			res := load(b, t)
			for _, rule := range reg.Rules() {
				if rule.Synthetic || rule.Probe || !(appliesTo(rule, kind) || rule.AppliesTo(lint.Cloudflare)) {
					continue
				}
				b.Run(fmt.Sprintf("%s/%s/lines=%d", kind, rule.ID, lines), func(b *testing.B) {
					r := &lint.Runner{Rules: []*lint.Rule{rule}}
					b.ResetTimer()
					for b.Loop() {
						r.Run(res.Configs)
					}
					b.ReportMetric(float64(t.Sites), "sites")
				})
			}
		}
	}
}

func appliesTo(r *lint.Rule, kind string) bool {
	if kind == gentree.Apache {
		return r.AppliesTo(lint.Apache)
	}
	return r.AppliesTo(lint.Nginx)
}
