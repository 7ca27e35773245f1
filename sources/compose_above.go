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
			abs, err := input.Abs(f)
			if err != nil {
				continue
			}
			for _, b := range bounds {
				if input.Within(abs, b) {
					dirs[filepath.Dir(abs)] = b
					break
				}
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
				p := filepath.Join(d, e.Name())
				ext := strings.ToLower(filepath.Ext(e.Name()))
				if !e.Type().IsRegular() || ext != ".yml" && ext != ".yaml" || have[p] {
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
