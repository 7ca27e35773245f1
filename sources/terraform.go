package sources

import (
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/terraform"
)

// terraformLoads loads each Terraform module once: every .tf file of a
// directory is a candidate standing for the same module, and a module
// without Cloudflare zones gives no Config whose files would mark the
// others covered.
type terraformLoads struct {
	dirs map[string]bool
	// called are the module directories a module among the inputs calls
	// (directly or through other calls) from a root module: read through
	// those calls only, as Terraform reads them, never on their own.
	called map[string]bool
	// modules counts the modules read under each named path, zones
	// whether any of them declared a zone.
	modules map[string]int
}

// first reports whether c is the first candidate of its module (or not
// Terraform at all).
func (t *terraformLoads) first(c candidate) bool {
	if c.adapter.Kind != lint.Terraform {
		return true
	}
	if t.dirs == nil {
		t.dirs = map[string]bool{}
		t.modules = map[string]int{}
	}
	dir := filepath.Dir(c.canon)
	if t.dirs[dir] || t.called[dir] {
		return false
	}
	t.dirs[dir] = true
	return true
}

// calls finds the module directories among the candidates that a root
// module among them calls. A directory no other calls is a root; the
// directories reachable from the roots through local calls are read
// through them. Directories that only call each other in a loop (which
// Terraform refuses) have no root and are read on their own.
func (t *terraformLoads) calls(cands []candidate, opts input.Options) {
	var dirs []string
	seen := map[string]bool{}
	for _, c := range cands {
		if c.adapter.Kind != lint.Terraform {
			continue
		}
		if d := filepath.Dir(c.canon); !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	if len(dirs) < 2 {
		return
	}
	edges := map[string][]string{}
	target := map[string]bool{}
	for _, d := range dirs {
		for _, child := range terraform.Calls(d, opts) {
			canon, err := input.Canonical(child)
			if err != nil || canon == d {
				continue
			}
			edges[d] = append(edges[d], canon)
			target[canon] = true
		}
	}
	t.called = map[string]bool{}
	var walk func(d string)
	walk = func(d string) {
		for _, child := range edges[d] {
			if !t.called[child] {
				t.called[child] = true
				walk(child)
			}
		}
	}
	for _, d := range dirs {
		if !target[d] {
			walk(d)
		}
	}
}

func (t *terraformLoads) loaded(c candidate, _ []*lint.Config) {
	if c.adapter.Kind == lint.Terraform {
		t.modules[c.under]++
	}
}

const nothingLinted = "nothing linted in "

// notice speaks for a named path under which Terraform modules were read
// but nothing at all was linted: none of them declares a Cloudflare
// resource the source reads (an AWS-only infra/). Without it the run
// would end in "found no configuration", as if the path were mistyped;
// with something else linted there, the modules stay silent.
func (t *terraformLoads) notice(paths []string, loaded []*lint.Config, errs []lint.LoadError, opts input.Options) {
	if len(t.modules) == 0 || len(loaded) > 0 || len(errs) > 0 {
		return
	}
	for _, p := range paths {
		if n := t.modules[filepath.Dir(p)] + t.modules[p]; n > 0 {
			opts.Notice(lint.AtFile(input.Display(p)), nothingLinted+"%d Terraform %s: no Cloudflare zone, DNS record, zone setting, ruleset or load balancer known before a plan (--terraform-plan reads one; docs/TERRAFORM.md)",
				n, plural(n, "module", "modules"))
		}
	}
}

// WithoutTerraform drops the zones read from .tf files, for a run that
// reads them from a plan of the same configuration instead, and the
// notice that no module had any.
func WithoutTerraform(res Result) Result {
	var keep []*lint.Config
	for _, c := range res.Configs {
		if !fromTerraform(c) {
			keep = append(keep, c)
		}
	}
	res.Configs = keep
	var notices []lint.Notice
	for _, n := range res.Notices {
		if !strings.HasPrefix(n.Message, nothingLinted) {
			notices = append(notices, n)
		}
	}
	res.Notices = notices
	return res
}

func fromTerraform(c *lint.Config) bool {
	if c.Source != lint.Cloudflare || len(c.Files) == 0 {
		return false
	}
	for _, f := range c.Files {
		if !terraform.IsModuleFile(f) && !strings.HasSuffix(f, ".tfvars") && !strings.HasSuffix(f, ".tfvars.json") {
			return false
		}
	}
	return true
}
