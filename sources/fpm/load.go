package fpm

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/template"
)

// maxRecursion is php-fpm's include nesting limit: the main file and four
// levels of includes below it ("failed to include more than 5 files
// recursively").
const maxRecursion = 5

// Load reads the configuration rooted at entry — a php-fpm.conf and the
// files it includes, or a pool file on its own — and builds its model:
// one Backend per pool.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	l := &loader{opts: opts, pools: map[string]*pool{}}
	abs, err := input.Abs(entry)
	if err != nil {
		return nil, []lint.LoadError{lint.Errorf(lint.AtFile(input.Display(entry)), "%v", err)}
	}
	l.entryDir = filepath.Dir(abs)
	root := opts.Root
	if root == "" {
		root = input.RepoOf(entry)
	}
	l.root, _ = input.Abs(root)
	f := l.read(entry, lint.AtFile(opts.EntryDisplay(entry)))
	if f == nil {
		return nil, l.errs
	}
	if f.template != nil {
		l.opts.Notice(lint.At(f.display, f.template.Line, f.template.Col),
			"not linted: %s; lint the rendered file", f.template.Reason())
		return nil, nil
	}
	l.whole = Main(entry, f.lines)
	l.walk(f, 1)
	cfg := l.build()
	cfg.Root = f.display
	return []*lint.Config{cfg}, lint.UniqueErrors(l.errs)
}

// Main reports whether a file is php-fpm's main configuration, the one
// php-fpm starts from, rather than a pool file it includes: its name is
// php-fpm.conf (php8.2-fpm.conf, php-fpm83.conf…), or it includes other
// files. A pool file may well have a [global] section (the official
// Docker image's docker.conf and zz-docker.conf do), so that is no mark.
func Main(path string, lines []*Line) bool {
	base := strings.ToLower(filepath.Base(path))
	if strings.HasPrefix(base, "php") && strings.HasSuffix(base, ".conf") && strings.Contains(base, "fpm") &&
		!strings.Contains(base, "pool") && !strings.Contains(base, "www") {
		return true
	}
	for _, ln := range lines {
		if ln.Kind == Entry && ln.Name == "include" {
			return true
		}
	}
	return false
}

type file struct {
	path, display string
	data          []byte
	lines         []*Line
	comments      []Comment
	template      *template.Match
}

// pool is one [section] as the files define it, merged across files
// (php-fpm reopens a pool whose name comes again).
type pool struct {
	name    string
	named   bool // false for the entries of a pool file without a section
	pos     lint.Position
	entries []entry
}

type entry struct {
	line *Line
	file *file
}

type loader struct {
	opts     input.Options
	root     string // absolute repository root
	entryDir string
	whole    bool
	files    []*file
	errs     []lint.LoadError
	unread   []lint.Unread

	pools     map[string]*pool // by lower-case name
	poolOrder []*pool
	current   *pool // nil in [global]
	// globals holds the [global] entries, for Directives.
	globals []entry
}

func (l *loader) errorf(pos lint.Position, format string, args ...any) {
	l.errs = append(l.errs, lint.Errorf(pos, format, args...))
}

// read reads and parses a file; at is where a failure is reported.
func (l *loader) read(path string, at lint.Position) *file {
	// The entry's name, canonical path and bytes come from discovery
	// when it read them: most pools are files of their own.
	display := l.opts.EntryDisplay(path)
	// A symbolic link loop is refused before reading.
	if _, err := l.opts.EntryCanonical(path); err != nil {
		l.errorf(at, "failed to open configuration file '%s': %v", display, err)
		return nil
	}
	var err error
	data := l.opts.EntryData(path, l.opts.Limits)
	if data == nil {
		data, err = input.ReadFile(path, l.opts.Limits)
	}
	if err != nil {
		if errors.Is(err, input.ErrBinary) {
			l.errorf(at, "%s: %v", display, err)
		} else {
			l.errorf(at, "failed to open configuration file '%s': %v", display, err)
		}
		return nil
	}
	if n := input.LongLine(data, l.opts.Limits.MaxLineLength); n > 0 {
		l.errorf(lint.At(display, n, 1), "line %d is longer than %d bytes; not a configuration file?", n, l.opts.Limits.MaxLineLength)
		return nil
	}
	f := &file{path: path, display: display, data: data}
	if f.template = template.Detect(path, data, template.INI); f.template != nil {
		return f
	}
	var errs []lint.LoadError
	f.lines, f.comments, errs = Parse(display, data)
	l.errs = append(l.errs, errs...)
	l.files = append(l.files, f)
	return f
}

// walk processes a file's lines in order, as php-fpm does: a section
// switches the current pool, an include reads its files right there, and
// the pool current at the end of an included file stays current.
func (l *loader) walk(f *file, depth int) {
	for _, ln := range f.lines {
		switch {
		case ln.Kind == Section:
			l.section(ln)
		case ln.Name == "include" && !ln.Indexed:
			l.include(f, ln, depth)
		default:
			l.entry(f, ln)
		}
	}
}

func (l *loader) section(ln *Line) {
	if strings.EqualFold(ln.Name, "global") {
		l.current = nil
		return
	}
	key := strings.ToLower(ln.Name)
	p := l.pools[key]
	if p == nil {
		p = &pool{name: ln.Name, named: true, pos: ln.Pos}
		l.pools[key] = p
		l.poolOrder = append(l.poolOrder, p)
	}
	l.current = p
}

// unnamed is the pool of a pool file's entries before any section: the
// file continues the pool of the file that includes it, unknown here.
func (l *loader) unnamed(ln *Line) *pool {
	const key = "\x00"
	p := l.pools[key]
	if p == nil {
		p = &pool{pos: ln.Pos}
		l.pools[key] = p
		l.poolOrder = append(l.poolOrder, p)
	}
	return p
}

func (l *loader) entry(f *file, ln *Line) {
	name := strings.ToLower(ln.Name)
	if ln.Indexed {
		l.array(f, ln)
		return
	}
	target := l.current
	var t valueType
	if target == nil {
		var ok bool
		if t, ok = globalOptions[name]; ok {
			if !ln.Env && !ln.Expr {
				if msg := check(t, ln.Value); msg != "" {
					l.errorf(ln.ValuePos, "unable to parse value for entry '%s': %s", name, msg)
					return
				}
			}
			l.globals = append(l.globals, entry{ln, f})
			return
		}
		if _, pooled := poolOptions[name]; !pooled || l.whole {
			l.errorf(ln.Pos, "unknown entry '%s'", ln.Name)
			return
		}
		target = l.unnamed(ln)
	}
	t, ok := poolOptions[name]
	if !ok {
		l.errorf(ln.Pos, "unknown entry '%s'", ln.Name)
		return
	}
	if !ln.Env && !ln.Expr {
		if msg := check(t, ln.Value); msg != "" {
			l.errorf(ln.ValuePos, "unable to parse value for entry '%s': %s", name, msg)
			return
		}
	}
	target.entries = append(target.entries, entry{ln, f})
}

func (l *loader) array(f *file, ln *Line) {
	if ln.Index == "" && ln.Name != "access.suppress_path" {
		l.errorf(ln.Pos, "You must provide a key for field '%s'", ln.Name)
		return
	}
	target := l.current
	if target == nil {
		if l.whole {
			l.errorf(ln.Pos, "Array are not allowed in the global section")
			return
		}
		target = l.unnamed(ln)
	}
	switch {
	case !arrayOptions[ln.Name]:
		l.errorf(ln.Pos, "unknown directive '%s'", ln.Name)
		return
	case ln.Name == "env" && ln.Value == "" && !ln.Env:
		l.errorf(ln.ValuePos, "empty value")
		return
	case (ln.Name == "php_flag" || ln.Name == "php_admin_flag") && !ln.Env && !ln.Expr && ln.Value != "1" && ln.Value != "":
		l.errorf(ln.ValuePos, "error while parsing '%s[%s]' : invalid boolean value", ln.Name, ln.Index)
		return
	}
	target.entries = append(target.entries, entry{ln, f})
}

// include reads the files an include entry names, in glob order.
func (l *loader) include(f *file, ln *Line, depth int) {
	arg := ln.Value
	if ln.Env || ln.Expr {
		l.opts.Notice(ln.Pos, "not linted: include %q names an environment variable php-fpm expands when it starts; its settings are unknown", arg)
		l.unread = append(l.unread, lint.Unread{Pos: ln.Pos, Path: arg, Reason: "environment variable"})
		return
	}
	paths, ok := l.resolve(ln, arg)
	if !ok {
		return
	}
	for _, p := range paths {
		if depth >= maxRecursion {
			l.errorf(ln.Pos, "failed to include more than %d files recursively (including %s)", maxRecursion, input.Display(p))
			return
		}
		if lim := l.opts.Limits.MaxFiles; lim > 0 && len(l.files) >= lim {
			l.errorf(ln.Pos, "include tree has more than %d files", lim)
			return
		}
		g := l.read(p, ln.Pos)
		if g == nil {
			continue
		}
		if g.template != nil {
			l.opts.Notice(lint.At(g.display, g.template.Line, g.template.Col),
				"not linted: %s, included at %s; lint the rendered file", g.template.Reason(), ln.Pos)
			l.unread = append(l.unread, lint.Unread{Pos: ln.Pos, Path: g.display, Reason: g.template.Reason()})
			continue
		}
		l.walk(g, depth+1)
	}
}

// resolve finds the files an include names. php-fpm globs the path,
// relative ones below its prefix (/usr on Debian, /usr/local in the
// official Docker image). A repository holds a copy of the server's tree
// somewhere below it (rootfs/etc/php/8.2/fpm/pool.d for
// /etc/php/8.2/fpm/pool.d, deploy/php-fpm.d): mappings say where, else
// the copy beside the entry (or above it, within the repository) that
// ends like the include's path is taken. ok is false when nothing could
// be read and the include is unknown (a notice) or an error.
func (l *loader) resolve(ln *Line, arg string) ([]string, bool) {
	clean := filepath.Clean(arg)
	var exact string // a path that is the include itself, not a guessed copy
	if filepath.IsAbs(arg) {
		if m, ok := input.Map(clean, l.opts.Mappings); ok {
			exact = m
		} else if input.Within(clean, l.root) {
			exact = clean
		}
	}
	if exact != "" {
		matches, err := l.glob(exact)
		if err != nil {
			l.errorf(ln.Pos, "Unable to globalize '%s' (%v)", arg, err)
			return nil, false
		}
		if len(matches) == 0 {
			if dir := filepath.Dir(exact); hasMeta(arg) && !isDir(dir) {
				// glob(3) with GLOB_ERR fails on a missing directory;
				// php-fpm gives up on the configuration.
				l.errorf(ln.Pos, "Unable to globalize '%s' (ret=2): no directory %s", arg, input.Display(dir))
				return nil, false
			}
			// php-fpm only warns: nothing is read.
		}
		return matches, true
	}
	for _, c := range l.copies(clean) {
		matches, err := l.glob(c)
		if err == nil && len(matches) > 0 {
			return matches, true
		}
	}
	relative := !filepath.IsAbs(arg)
	if l.opts.UnknownInclude(ln.Pos, arg, clean, true, relative) {
		l.unread = append(l.unread, lint.Unread{Pos: ln.Pos, Path: arg, Reason: "outside the repository"})
		return nil, false
	}
	l.errorf(ln.Pos, "Unable to globalize '%s' (ret=2): not in the repository", arg)
	return nil, false
}

// copies are where the repository may hold what an include names: the
// path's tail (at least a directory and a file) below the entry's
// directory and each directory above it within the repository, longest
// tail first.
func (l *loader) copies(p string) []string {
	parts := strings.Split(filepath.ToSlash(strings.TrimPrefix(p, "/")), "/")
	var dirs []string
	for d := l.entryDir; ; {
		dirs = append(dirs, d)
		parent := filepath.Dir(d)
		if parent == d || !input.Within(parent, l.root) {
			break
		}
		d = parent
	}
	var out []string
	for k := 0; k < len(parts); k++ {
		if len(parts)-k < 2 && !(k == 0 && len(parts) == 1) {
			break
		}
		rest := filepath.FromSlash(strings.Join(parts[k:], "/"))
		for _, d := range dirs {
			out = append(out, filepath.Join(d, rest))
		}
	}
	return out
}

// glob expands pattern as glob(3) with GLOB_MARK does for php-fpm:
// sorted, no hidden files for a wildcard, directories left out.
func (l *loader) glob(pattern string) ([]string, error) {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	matches = visible(pattern, matches)
	sort.Strings(matches)
	out := matches[:0]
	for _, m := range matches {
		if !isDir(m) {
			out = append(out, m)
		}
	}
	return out, nil
}

func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// visible drops matches that glob(3) would not return: a wildcard does
// not match a leading '.' of a file name unless the pattern has it.
func visible(pattern string, matches []string) []string {
	pp := strings.Split(filepath.ToSlash(pattern), "/")
	out := matches[:0]
next:
	for _, m := range matches {
		mp := strings.Split(filepath.ToSlash(m), "/")
		if len(mp) == len(pp) {
			for i := range pp {
				if strings.HasPrefix(mp[i], ".") && !strings.HasPrefix(pp[i], ".") && hasMeta(pp[i]) {
					continue next
				}
			}
		}
		out = append(out, m)
	}
	return out
}
