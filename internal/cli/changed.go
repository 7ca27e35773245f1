package cli

import (
	"path/filepath"

	"github.com/edgelint/edgelint/internal/projectconfig"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// changedSet is what `check --changed` was given: the files a commit
// touches (pre-commit passes them), by canonical path.
type changedSet struct {
	files map[string]bool
	// config is true when a .edgelint.yaml changed: every tree is then
	// affected, since the rules or exclusions of all of them may have.
	config bool
}

func newChangedSet(paths []string) changedSet {
	cs := changedSet{files: map[string]bool{}}
	for _, p := range paths {
		if filepath.Base(p) == projectconfig.FileName {
			cs.config = true
		}
		if canon, err := input.Canonical(p); err == nil {
			cs.files[canon] = true
		} else if abs, err := filepath.Abs(p); err == nil {
			cs.files[abs] = true // a deleted file: a tree that still includes it is affected
		}
	}
	return cs
}

func (cs changedSet) has(display string) bool {
	if display == "" {
		return false
	}
	if canon, err := input.Canonical(display); err == nil {
		return cs.files[canon]
	}
	abs, err := filepath.Abs(display)
	return err == nil && cs.files[abs]
}

// affected keeps the trees of a whole-repository load that read one of
// the changed files (an included snippet brings in its entry point and
// everything else the tree reads), and the errors and notices about those
// trees or the changed files themselves. An old problem in a tree the
// commit does not touch is not this commit's to fix.
func (cs changedSet) affected(res sources.Result) sources.Result {
	if cs.config {
		return res
	}
	var out sources.Result
	inTree := map[string]bool{}
	for _, c := range res.Configs {
		hit := false
		for _, f := range c.Files {
			if cs.has(f) {
				hit = true
				break
			}
		}
		for _, u := range c.Unread {
			if !hit && cs.has(u.Path) {
				hit = true
			}
		}
		if !hit {
			continue
		}
		out.Configs = append(out.Configs, c)
		for _, f := range c.Files {
			inTree[f] = true
		}
	}
	keep := func(pos lint.Position) bool { return pos.File() == "" || inTree[pos.File()] || cs.has(pos.File()) }
	for _, e := range res.Errors {
		if keep(e.Pos) {
			out.Errors = append(out.Errors, e)
		}
	}
	for _, n := range res.Notices {
		if keep(n.Pos) {
			out.Notices = append(out.Notices, n)
		}
	}
	return out
}
