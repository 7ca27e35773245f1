package sources

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/compose"
	"github.com/edgelint/edgelint/sources/input"
)

// composeName matches the names docker compose reads (docker-compose.yml,
// compose.yaml), its overrides and the -f siblings projects keep beside
// them (docker-compose.prod.yml, compose-dev.yaml).
var composeName = regexp.MustCompile(`^(docker-)?compose([.-][^/]*)?\.ya?ml$`)

// maxComposeLevels bounds the walk up from a tree's files.
const maxComposeLevels = 8

// composeAbove loads the Compose files (and Kubernetes Service manifests) in the directories of the loaded
// nginx and Apache trees' files and above them, up to the repository of
// the path the user named, that the inputs did not already hold: the
// project a tree runs in is context its rules need even when the user
// named only deploy/nginx. Such a file is context, not a subject: one
// that does not load is left out without a word.
//
// canonOf holds the canonical paths of loaded files already known, by
// the name a config lists them by; the others are resolved here.
func composeAbove(loaded []*lint.Config, paths []string, canonOf map[string]string, opts input.Options) []*lint.Config {
	have := map[string]bool{}
	dirs := map[string]string{} // directory → bound
	var bounds []string
	for _, p := range paths {
		if abs, err := filepath.Abs(input.RepoOf(p)); err == nil {
			bounds = append(bounds, abs)
		}
	}
	// The working directory once (input.Abs stats "." per call), and the
	// bound of each directory once: 100,000 fragments are in a thousand
	// directories. A file lies within a bound exactly when its directory
	// does, unless the file is the bound itself, which is asked per file.
	absIn := input.Abs
	if wd, err := input.Workdir(); err == nil {
		absIn = func(f string) (string, error) { return input.AbsIn(wd, f) }
	}
	type bounded struct {
		bound string
		ok    bool
	}
	dirBound := map[string]bounded{}
	boundOf := func(abs string) (string, bool) {
		for _, b := range bounds {
			if abs == b {
				for _, b := range bounds {
					if input.Within(abs, b) {
						return b, true
					}
				}
			}
		}
		d := filepath.Dir(abs)
		x, known := dirBound[d]
		if !known {
			for _, b := range bounds {
				if input.Within(d, b) {
					x = bounded{b, true}
					break
				}
			}
			dirBound[d] = x
		}
		return x.bound, x.ok
	}
	for _, c := range loaded {
		for _, f := range c.Files {
			if canon, ok := canonOf[f]; ok {
				have[canon] = true
			} else if canon, err := input.Canonical(f); err == nil {
				have[canon] = true
			}
		}
		if c.Source != lint.Nginx && c.Source != lint.Apache {
			continue
		}
		for _, f := range c.Files {
			abs, err := absIn(f)
			if err != nil {
				continue
			}
			if b, ok := boundOf(abs); ok {
				dirs[filepath.Dir(abs)] = b
			}
		}
	}
	seen := map[string]bool{}
	var out []*lint.Config
	o := opts
	o.Notify = nil
	for dir, bound := range dirs {
		for d, level := dir, 0; level < maxComposeLevels && input.Within(d, bound); d, level = filepath.Dir(d), level+1 {
			if seen[d] {
				break
			}
			seen[d] = true
			entries, err := os.ReadDir(d)
			if err != nil {
				break
			}
			for _, e := range entries {
				ext := strings.ToLower(filepath.Ext(e.Name()))
				if !e.Type().IsRegular() || ext != ".yml" && ext != ".yaml" {
					continue
				}
				p := filepath.Join(d, e.Name())
				if have[p] {
					continue
				}
				if canon, err := input.Canonical(p); err != nil || have[canon] {
					continue
				}
				head, _, err := readHead(p)
				if err != nil {
					continue
				}
				load := compose.Load
				switch {
				case composeName.MatchString(e.Name()) && compose.Sniff(p, head) > 0:
				case compose.SniffKube(p, head) > 0:
					// A Kubernetes Service manifest beside or above the
					// tree says which names are headless.
					load = compose.LoadKube
				default:
					continue
				}
				cfgs, errs := load(p, o)
				if len(errs) > 0 {
					continue
				}
				for _, c := range cfgs {
					for _, f := range c.Files {
						if canon, err := input.Canonical(f); err == nil {
							have[canon] = true
						}
					}
				}
				out = append(out, cfgs...)
			}
			if d == bound {
				break
			}
		}
	}
	// Map order is random; the report's is not.
	sort.Slice(out, func(i, j int) bool { return out[i].Root < out[j].Root })
	return out
}

// kubeContext loads the Kubernetes Service manifests found among the
// inputs when the run holds an nginx or Apache tree for them to describe.
// They are context, like Compose files above a tree: one that does not
// load is left out without a word.
func kubeContext(loaded []*lint.Config, files []string, opts input.Options) []*lint.Config {
	tree := false
	for _, c := range loaded {
		tree = tree || c.Source == lint.Nginx || c.Source == lint.Apache
	}
	if !tree {
		return nil
	}
	o := opts
	o.Notify = nil
	var out []*lint.Config
	for _, f := range files {
		if cfgs, errs := compose.LoadKube(f, o); len(errs) == 0 {
			out = append(out, cfgs...)
		}
	}
	return out
}
