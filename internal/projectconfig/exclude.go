package projectconfig

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// checkPattern rejects patterns path.Match cannot read.
func checkPattern(p string) error {
	for _, seg := range strings.Split(p, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("bad pattern %q: %v", p, err)
		}
	}
	return nil
}

// match reports whether name matches a pattern of "/"-separated segments
// where "**" matches any number of segments and other segments follow
// path.Match.
func match(pattern, name string) bool {
	return matchSegs(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegs(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// Excludes reports whether e drops f. Paths are matched relative to dir
// (the config file's directory).
func (e *Exclusion) Excludes(f lint.Finding, dir string) bool {
	if len(e.Rules) > 0 {
		hit := false
		for _, id := range e.Rules {
			hit = hit || id == f.RuleID
		}
		if !hit {
			return false
		}
	}
	if f.Pos.Resource() != "" {
		for _, p := range e.Resources {
			if match(p, f.Pos.Resource()) {
				return true
			}
		}
	}
	if f.Pos.File() != "" && len(e.Paths) > 0 {
		abs, err := filepath.Abs(f.Pos.File())
		if err != nil {
			return false
		}
		rel, err := filepath.Rel(dir, abs)
		if err != nil {
			return false
		}
		rel = filepath.ToSlash(rel)
		for _, p := range e.Paths {
			if match(strings.TrimPrefix(p, "./"), rel) {
				return true
			}
		}
	}
	return false
}

// Excluding returns the first exclusion that drops f, or nil.
func (c *Config) Excluding(f lint.Finding) *Exclusion {
	for i := range c.Exclusions {
		if c.Exclusions[i].Excludes(f, c.Dir) {
			return &c.Exclusions[i]
		}
	}
	return nil
}
