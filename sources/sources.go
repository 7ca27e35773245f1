// Package sources finds the configuration in the paths a user names, tells
// nginx from Apache from Cloudflare snapshots, finds the entry points of
// each include tree and hands each tree to its adapter once.
package sources

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/template"
)

// Sniff results.
const (
	NotMine  = 0
	Fragment = 1 // looks like this kind, may be an included snippet
	Entry    = 2 // looks like a main configuration (nginx.conf with http{}, apache2.conf)
)

// Adapter is one source kind.
type Adapter struct {
	Kind lint.SourceKind
	// Sniff tells from the name and the first bytes whether a file is of
	// this kind.
	Sniff func(path string, head []byte) int
	// Load reads the tree rooted at entry.
	Load func(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError)
}

// Result of loading paths.
type Result struct {
	Configs []*lint.Config
	Errors  []lint.LoadError
	// Notices say what was left out of the lint and why (templates,
	// includes outside the repository); they do not fail the run.
	Notices []lint.Notice
}

type candidate struct {
	path     string // as given or walked
	canon    string
	display  string // input.Display(path)
	adapter  *Adapter
	score    int
	explicit bool
	root     string // the repository of the path it was found under
	under    string // the path the user named that it was found in
	data     []byte // the whole file when examine read it all, for the adapter
	sniffed  int    // the adapter's Sniff of data, when data is set
}

const sniffBytes = 64 << 10

// Load loads every include tree found under paths. force, when not empty,
// makes every file that kind.
func Load(paths []string, force lint.SourceKind, opts input.Options) Result {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	var res Result
	if notify := opts.Notify; notify != nil {
		opts.Notify = func(n lint.Notice) { res.Notices = append(res.Notices, n); notify(n) }
	} else {
		opts.Notify = func(n lint.Notice) { res.Notices = append(res.Notices, n) }
	}
	var cands []candidate
	var kubes []string // Kubernetes Service manifests a walk found
	// templates are the notices of templates found among the paths, sent
	// once the trees are loaded: a tree that includes one says so itself.
	var templates []lint.Notice
	// Discovery is two passes: the walk, which names the files in order
	// and drops a file reached twice (through a symlink), then examine,
	// which reads and sniffs each file; that I/O runs on every core, and
	// its outcomes are applied in walk order, so the result is the same
	// as one file after the other.
	var files []walked
	seen := map[string]bool{}
	dirs := canonDirs{}
	// under is the path the user named that p was found in; root its
	// repository. regular is true when the walk saw a regular file (not
	// a symlink), whose canonical path is its directory's.
	add := func(p string, explicit bool, under, root string, regular bool) {
		var canon string
		var err error
		if regular {
			canon, err = dirs.file(p)
		} else {
			canon, err = input.Canonical(p)
		}
		if err != nil {
			res.Errors = append(res.Errors, lint.Errorf(lint.AtFile(input.Display(p)), "%v", err))
			return
		}
		if seen[canon] {
			return
		}
		seen[canon] = true
		files = append(files, walked{path: p, canon: canon, explicit: explicit, under: under, root: root, regular: regular})
	}
	found := 0
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			res.Errors = append(res.Errors, lint.Errorf(lint.AtFile(input.Display(p)), "cannot read: %v", statReason(err)))
			continue
		}
		root := input.RepoOf(p)
		if !st.IsDir() {
			add(p, true, filepath.Dir(p), root, false)
			continue
		}
		walkErr := filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				res.Errors = append(res.Errors, lint.Errorf(lint.AtFile(input.Display(q)), "cannot read: %v", statReason(err)))
				return nil
			}
			if d.IsDir() {
				if q != p && skipDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(q); err == nil && st.IsDir() {
					return nil // linked directories are reached through includes, not walked twice
				}
			}
			add(q, false, p, root, d.Type().IsRegular())
			if found++; opts.Progress != nil {
				opts.Progress("files", found, 0)
			}
			return nil
		})
		if walkErr != nil {
			res.Errors = append(res.Errors, lint.Errorf(lint.AtFile(input.Display(p)), "%v", walkErr))
		}
	}
	// Sized once: most files of a tree are candidates.
	cands = make([]candidate, 0, len(files))
	// The working directory once for every entry's display path:
	// input.Display looks it up (a stat of ".") on each call.
	displayOf := input.Display
	if wd, err := input.Workdir(); err == nil {
		displayOf = func(p string) string { return input.DisplayIn(wd, p) }
	}
	for _, x := range examineAll(files, force, opts.Limits) {
		res.Errors = append(res.Errors, x.errs...)
		for _, n := range x.notices {
			opts.Notify(n)
		}
		switch {
		case x.kube:
			kubes = append(kubes, x.w.path)
		case x.template != nil:
			templates = append(templates, *x.template)
		case x.adapter != nil:
			w := x.w
			cands = append(cands, candidate{path: w.path, canon: w.canon, display: displayOf(w.path), adapter: x.adapter, score: x.score, explicit: w.explicit, root: w.root, under: w.under, data: x.data, sniffed: x.sniffed})
		}
	}

	// Main configurations first, then shallow before deep, so a snippet is
	// reached through the tree that includes it rather than loaded alone.
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.score != b.score {
			return a.score > b.score
		}
		da, db := strings.Count(a.canon, string(filepath.Separator)), strings.Count(b.canon, string(filepath.Separator))
		if da != db {
			return da < db
		}
		return a.canon < b.canon
	})

	// walkedCanon is the canonical path the walk resolved for a file a
	// tree names by its display name: input.Canonical would take an
	// os.Getwd and an lstat per path component for each file of each tree.
	var byDisplay map[string]string
	walkedCanon := func(display string) (string, bool) {
		if byDisplay == nil {
			byDisplay = make(map[string]string, len(files))
			for _, w := range files {
				byDisplay[displayOf(w.path)] = w.canon
			}
		}
		canon, ok := byDisplay[display]
		return canon, ok
	}
	covered := map[string]bool{}
	canonOf := map[string]string{} // the loaded files' canonical paths, by name
	var loaded []*lint.Config
	var tf terraformLoads
	tf.calls(cands, opts)
	ahead := newAhead(cands, opts)
	for i := range cands {
		c := cands[i]
		if opts.Progress != nil {
			opts.Progress("trees", i, len(cands))
		}
		if covered[c.canon] || !tf.first(c) {
			ahead.drop(i)
			continue
		}
		ahead.fill(i, covered)
		var cfgs []*lint.Config
		var errs []lint.LoadError
		var entry string // how the tree names its entry, whose canonical path is known
		if t := ahead.take(i); t != nil {
			for _, n := range t.notices {
				opts.Notify(n)
			}
			cfgs, errs, entry = t.cfgs, t.errs, t.entry
		} else {
			o := entryOptions(opts, c)
			cfgs, errs = c.adapter.Load(c.path, o)
			cands[i].data, entry = nil, o.Entry.Display
		}
		res.Errors = append(res.Errors, errs...)
		for _, cfg := range cfgs {
			for _, f := range cfg.Files {
				if f == entry {
					covered[c.canon] = true
					canonOf[f] = c.canon
				} else if canon, ok := walkedCanon(f); ok {
					covered[canon] = true
					canonOf[f] = canon
				} else if canon, err := input.Canonical(f); err == nil {
					covered[canon] = true
					canonOf[f] = canon
				}
			}
		}
		covered[c.canon] = true
		tf.loaded(c, cfgs)
		loaded = append(loaded, cfgs...)
	}
	ahead.wait()
	tf.notice(paths, loaded, res.Errors, opts)
	if opts.Progress != nil {
		opts.Progress("trees", len(cands), len(cands))
	}
	included := map[string]bool{}
	for _, cfg := range loaded {
		for _, u := range cfg.Unread {
			included[u.Path] = true
		}
	}
	for _, n := range templates {
		if !included[n.Pos.File()] {
			opts.Notify(n)
		}
	}
	res.Configs = dropCovered(loaded)
	if force == "" {
		res.Configs = append(res.Configs, kubeContext(res.Configs, kubes, opts)...)
		res.Configs = append(res.Configs, composeAbove(res.Configs, paths, canonOf, opts)...)
	}
	for i, e := range res.Errors {
		// a message that starts with its own file's name would show it
		// twice ("big.conf: big.conf: …")
		if e.Pos.File() != "" {
			res.Errors[i].Message = strings.TrimPrefix(e.Message, e.Pos.File()+": ")
		}
		// the adapters' include limit, with the way past it
		if lim := opts.Limits.MaxFiles; lim > 0 && strings.Contains(e.Message, fmt.Sprintf("more than %d files", lim)) {
			res.Errors[i].Message += " (--max-files raises the limit)"
		}
	}
	res.Errors = lint.UniqueErrors(res.Errors)
	res.Notices = lint.SortNotices(res.Notices)
	return res
}

// dropCovered removes trees whose entry another tree (loaded later) includes.
func dropCovered(cfgs []*lint.Config) []*lint.Config {
	includedBy := map[string]int{}
	for i, c := range cfgs {
		for _, f := range c.Files[min(1, len(c.Files)):] {
			if _, ok := includedBy[f]; !ok {
				includedBy[f] = i
			}
		}
	}
	var out []*lint.Config
	for i, c := range cfgs {
		if j, ok := includedBy[c.Root]; ok && j != i && c.Source != lint.Cloudflare {
			continue
		}
		out = append(out, c)
	}
	return out
}

func sniffHead(p string, head []byte, force lint.SourceKind) (*Adapter, int) {
	return newSniffs(p, head).best(force)
}

// best is sniffHead.
func (sn *sniffs) best(force lint.SourceKind) (*Adapter, int) {
	var best *Adapter
	bestScore := NotMine
	for i := range adapters {
		a := &adapters[i]
		if force != "" {
			if a.Kind == force {
				return a, max(sn.of(i), Fragment)
			}
			continue
		}
		if s := sn.of(i); s > bestScore {
			best, bestScore = a, s
		}
	}
	return best, bestScore
}

// skipTemplate reports whether p is a template to leave out, and the
// notice that says so (nil when it is left out silently). a is the adapter that recognised the file as it
// stands (nil for none). A template is noticed when it was named, when
// it reads as nginx or Apache with its placeholders blanked, or when its
// path says it belongs to a web server (a Jinja file of macros, an ERB
// footer); other templates found by the walk (an Ansible role's
// sshd_config.j2) are none of edgelint's business. nginx's loader also
// recognises templates, in the files a tree includes, and envsubst's
// $VAR, which needs the variables the whole tree defines.
// data is the whole file when the head is; nil has it read here.
func skipTemplate(p string, head, data []byte, a *Adapter, explicit bool, under string, lim input.Limits) (*lint.Notice, bool) {
	if data == nil {
		var err error
		if data, err = input.ReadFile(p, lim); err != nil {
			data = head
		}
	}
	d := template.Unknown
	switch {
	case a == nil:
	case a.Kind == lint.Nginx:
		d = template.Nginx
	case a.Kind == lint.Apache:
		d = template.Apache
	case a.Kind == lint.PHPFPM:
		d = template.INI
	case a.Kind == lint.Terraform:
		d = template.HCL
	case a.Kind == lint.Compose:
		// {{ }} and ${VAR} in a Compose file are values: Go templates
		// for Docker labels, compose's own interpolation.
		return nil, false
	}
	m := template.Detect(p, data, d)
	if m == nil {
		return nil, false
	}
	if !explicit {
		neutral := template.Neutralize(data[:min(len(data), sniffBytes)])
		rendered := template.Rendered(p)
		if notConfig(rendered, neutral) != "" {
			return nil, true
		}
		// A template of a Compose file is no web server's: passed over
		// as before Compose files were read.
		if b, _ := sniffHead(rendered, neutral, ""); (b == nil || b.Kind == lint.Cloudflare || b.Kind == lint.Compose) && !webServerPath(p, under) {
			return nil, true
		}
	}
	return &lint.Notice{Pos: lint.At(input.Display(p), m.Line, m.Col),
		Message: fmt.Sprintf("not linted: %s; lint the rendered file", m.Reason())}, true
}

// webServerPath reports whether the path of p below the named directory
// says it is web-server configuration (roles/nginx/templates/...,
// puppet-apache/templates/vhost/...).
func webServerPath(p, under string) bool {
	rel, err := filepath.Rel(under, p)
	if err != nil {
		rel = p
	}
	rel = strings.ToLower(filepath.ToSlash(rel))
	for _, w := range []string{"nginx", "apache", "httpd", "openresty", "vhost", "sites-available", "sites-enabled"} {
		if strings.Contains(rel, w) {
			return true
		}
	}
	return false
}

// skipDir names the directories of tools, never of configuration. Other
// hidden directories are walked: repositories keep configuration in
// .docker/ or .conf/.
func skipDir(name string) bool {
	switch name {
	case "node_modules", "__pycache__", ".git", ".hg", ".svn", ".bzr", ".terraform", ".venv", ".tox",
		".cache", ".idea", ".vscode", ".pytest_cache", ".mypy_cache", ".direnv", ".bundle", ".gradle", ".npm":
		return true
	}
	return false
}

// statReason is a file error in the user's words, without Go's
// operation and the path the message already starts with.
func statReason(err error) string {
	switch {
	case os.IsNotExist(err):
		return "no such file or directory"
	case os.IsPermission(err):
		return "permission denied"
	case errors.Is(err, syscall.ELOOP):
		return "symbolic link loop"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// configName reports whether a file's name or directory says web server
// configuration.
func configName(p string) bool {
	base := filepath.Base(p)
	switch filepath.Base(filepath.Dir(p)) {
	case "sites-enabled", "sites-available", "conf.d", "conf-enabled", "conf-available", "vhosts.d", "http.d":
		return true
	}
	return strings.HasSuffix(base, ".conf") || base == ".htaccess"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
