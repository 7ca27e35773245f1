package nginx

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/template"
)

// Tree is what the loader read: the statement trees of the files, with
// include directives linked to the files they pulled in. The model's
// lint.Tree is built from it (blocks.go).
type Tree struct {
	Entry *File
	// Files lists every file read, entry first, in the order read.
	Files []*File
	// Context is the block the entry's top level is read in: "main" for a
	// full configuration or a main-context snippet (worker_processes,
	// load_module), else the guess for a fragment ("http", "server",
	// "location", "upstream").
	Context string
	// Whole is true for a main configuration: http{}, events{}, stream{}
	// or mail{} at the top level, directly or through its includes.
	Whole bool
	// Assumed lists the includes of stock files (mime.types,
	// fastcgi_params...) that were not found and are taken as installed by
	// the nginx package, as written.
	Assumed []string
}

// File is one configuration file.
type File struct {
	// Path is the path the file was opened by; Display its display form.
	Path    string
	Display string
	// at is Display interned once for the positions of the file's
	// statements and words.
	at    lint.FileRef
	Stmts []*Stmt
	// Lines is the number of lines nginx counts (newlines + 1).
	Lines int
	// context is the name of the block the file's top level is read in
	// ("" for the main context), from its first inclusion.
	context string
	// syntax is the error that stopped reading the file, if any.
	syntax   *lint.LoadError
	comments []rawComment
	lines    int
	nstmts   int    // statements at every depth, for sizing the model's blocks
	data     []byte // as read, for lint.Config.Text and the envsubst test
	// template is set when the file is a template: it is left out of
	// the tree.
	template *template.Match
}

// DefaultVersion is the nginx version assumed when the user names none:
// 1.26.3, the stable branch most distributions ship (Debian 13 "trixie").
// Defaults that changed in 1.29.7 (proxy_http_version 1.1, upstream
// keepalive 32) therefore follow the older behaviour unless a version is
// given.
var DefaultVersion = lint.MustVersion("1.26.3")

// Load reads the include tree rooted at entry and builds its model.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	l := &loader{opts: opts, files: map[string]*File{}}
	tree := l.load(entry)
	if tree == nil {
		return nil, l.errs
	}
	cfg := build(tree, opts, &l.errs)
	if !tree.Whole {
		// A main-context snippet is read in the main context but is no
		// more a whole tree than a server{} snippet.
		cfg.Fragment = true
	}
	cfg.Unread = l.unread
	return []*lint.Config{cfg}, lint.UniqueErrors(l.errs)
}

type loader struct {
	opts     input.Options
	entryDir string // absolute directory of the entry: nginx's conf prefix
	fragment bool
	files    map[string]*File // by canonical path
	order    []*File
	stack    []string // canonical paths of the files being read
	errs     []lint.LoadError
	assumed  []string
	canon    map[string]string
	// canonDirs are the canonical paths of the directories files were
	// included from (canonicalFile).
	canonDirs map[string]string
	// missing are the includes that named no file, decided once the tree
	// is known to be whole (an error, as nginx -t) or a fragment.
	missing []missingInclude
	unread  []lint.Unread
	// pre holds the files read ahead (includeAll), by path; sem bounds
	// the readers to the CPUs.
	pre map[string]*readResult
	sem chan struct{}
}

type missingInclude struct {
	stmt *Stmt
	path string // the path looked for
}

func (l *loader) errorf(pos lint.Position, format string, args ...any) {
	l.errs = append(l.errs, lint.Errorf(pos, format, args...))
}

func (l *loader) load(entry string) *Tree {
	abs, err := input.Abs(entry)
	if err != nil {
		l.errorf(lint.AtFile(input.Display(entry)), "%v", err)
		return nil
	}
	l.entryDir = filepath.Dir(abs)
	display := l.opts.EntryDisplay(entry)
	canon, err := l.opts.EntryCanonical(entry)
	if err != nil {
		l.errorf(lint.AtFile(display), "%v", err)
		return nil
	}
	// interned once for the entry's File and the position of the file
	at := lint.InFile(display)
	var r *readResult
	if data := l.opts.EntryData(entry, l.opts.Limits); data != nil {
		// read by discovery already: parsed here as read would
		r = &readResult{f: &File{Path: entry, Display: display, at: at}}
		parseData(r, entry, data, l.opts.Limits)
	} else {
		r = readParse(entry, l.opts.Limits)
	}
	f := l.readDone(r, entry, canon, at.At(0, 0))
	if f == nil {
		return nil
	}
	if f.template != nil {
		l.skipTemplate(f, nil)
		return nil
	}
	// A first guess from the file alone decides how its includes resolve;
	// the final one also reads the files it includes (a file holding only
	// "include nginx.conf;" is a main configuration).
	ctx := guessContext(f.Stmts)
	whole := hasMainBlock(f.Stmts)
	l.fragment = !whole
	l.stack = append(l.stack, canon)
	l.includes(f, f.Stmts)
	l.stack = l.stack[:0]
	l.bound(f)
	if !whole {
		whole = hasMainBlock(expand(f.Stmts))
	}
	if ctx != "main" {
		ctx = guessContext(expand(f.Stmts))
	}
	if ctx != "main" {
		f.context = ctx
	}
	if l.envsubst(f) {
		return nil
	}
	l.resolveMissing(!whole)
	l.contexts(f, map[*File]bool{f: true})
	for _, g := range l.order {
		l.checkFile(g)
	}
	return &Tree{Entry: f, Files: l.order, Context: ctx, Whole: whole, Assumed: l.assumed}
}

// resolveMissing reports the includes that named no file: errors in a
// whole tree, as nginx -t; in a fragment, files of the server outside
// the repository are notices (input.Options.UnknownInclude).
func (l *loader) resolveMissing(fragment bool) {
	inTree := make(map[*File]bool, len(l.order))
	for _, f := range l.order {
		inTree[f] = true
	}
	for _, m := range l.missing {
		s := m.stmt
		if !inTree[s.File] {
			continue // in a template cut out of the tree
		}
		if l.opts.UnknownInclude(s.Pos(), s.Args[0], m.path, fragment, !filepath.IsAbs(s.Args[0])) {
			l.unread = append(l.unread, lint.Unread{Pos: s.Pos(), Path: s.Args[0], Reason: "outside the repository"})
			continue
		}
		l.errorf(s.Pos(), "open() %q failed (2: No such file or directory)", input.Display(m.path))
	}
	l.missing = nil
}

// skipTemplate leaves a template out with a notice; inc is the include
// directive that named it, nil for the entry.
func (l *loader) skipTemplate(f *File, inc *Stmt) {
	pos := lint.At(f.Display, f.template.Line, f.template.Col)
	if inc == nil {
		l.opts.Notice(pos, "not linted: %s; lint the rendered file", f.template.Reason())
		return
	}
	at := inc.Pos()
	l.opts.Notice(pos, "not linted: %s, included at %s; lint the rendered file", f.template.Reason(), at)
	l.unread = append(l.unread, lint.Unread{Pos: at, Path: f.Display, Reason: f.template.Reason()})
}

// envsubst finds the files of the tree that use an upper-case variable
// nothing defines (template.Envsubst). Such a file is an envsubst
// template: the entry is dropped (it reports true), an included file
// is cut out of the tree with a notice.
func (l *loader) envsubst(entry *File) bool {
	var suspects []*File
	for _, g := range l.order {
		if mayHaveEnvsubst(g.data) {
			suspects = append(suspects, g)
		}
	}
	if len(suspects) == 0 {
		return false
	}
	defined := map[string]bool{}
	for _, g := range l.order {
		for _, v := range template.DefinedVars(g.data) {
			defined[v] = true
		}
	}
	isDefined := func(name string) bool { return defined[name] }
	cut := map[*File]bool{}
	for _, g := range suspects {
		if g.template = template.Envsubst(g.Path, g.data, isDefined); g.template == nil {
			continue
		}
		if g == entry {
			l.skipTemplate(g, nil)
			return true
		}
		cut[g] = true
	}
	if len(cut) == 0 {
		return false
	}
	noticed := map[*File]bool{}
	var walk func(stmts []*Stmt)
	walk = func(stmts []*Stmt) {
		for _, s := range stmts {
			walk(s.Children)
			kept := s.Includes[:0]
			for _, inc := range s.Includes {
				if !cut[inc] {
					kept = append(kept, inc)
					continue
				}
				if !noticed[inc] {
					noticed[inc] = true
					l.skipTemplate(inc, s)
				} else {
					l.unread = append(l.unread, lint.Unread{Pos: s.Pos(), Path: inc.Display, Reason: inc.template.Reason()})
				}
			}
			s.Includes = kept
		}
	}
	for _, g := range l.order {
		walk(g.Stmts)
	}
	// Files only the cut ones included are no longer in the tree.
	reached := map[*File]bool{entry: true}
	var reach func(stmts []*Stmt)
	reach = func(stmts []*Stmt) {
		for _, s := range stmts {
			reach(s.Children)
			for _, inc := range s.Includes {
				if !reached[inc] {
					reached[inc] = true
					reach(inc.Stmts)
				}
			}
		}
	}
	reach(entry.Stmts)
	kept := l.order[:0]
	for _, g := range l.order {
		if reached[g] {
			kept = append(kept, g)
		}
	}
	l.order = kept
	return false
}

// mayHaveEnvsubst is a quick test for an upper-case $NAME or ${NAME}.
func mayHaveEnvsubst(data []byte) bool {
	for i := 0; i+1 < len(data); i++ {
		if data[i] != '$' {
			continue
		}
		c := data[i+1]
		if c == '{' && i+2 < len(data) {
			c = data[i+2]
		}
		if c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// read reads and parses one file; at is where the failure is reported
// (the include directive, or the file itself for the entry).
func (l *loader) read(path, canon string, at lint.Position) *File {
	r, ok := l.pre[path]
	if ok {
		<-r.done
		delete(l.pre, path)
	} else {
		r = readParse(path, l.opts.Limits)
	}
	return l.readDone(r, path, canon, at)
}

// readDone is read of the file r holds.
func (l *loader) readDone(r *readResult, path, canon string, at lint.Position) *File {
	if err := r.err; err != nil {
		switch {
		case errors.Is(err, input.ErrBinary):
			if at.Line == 0 {
				// The entry itself: point at its first NUL byte.
				at = nulPosition(path, r.f.Display)
			}
			l.errorf(at, "%s: %v", r.f.Display, err)
		case err.Error() == "no such file":
			l.errorf(at, "open() %q failed (2: No such file or directory)", r.f.Display)
		default:
			l.errorf(at, "%s: %v", r.f.Display, err)
		}
		return nil
	}
	if n := r.longLine; n > 0 {
		l.errorf(lint.At(r.f.Display, n, 1), "line %d is longer than %d bytes; not a configuration file?", n, l.opts.Limits.MaxLineLength)
		return nil
	}
	f := r.f
	l.files[canon] = f
	if f.template != nil {
		// Kept in files so a second include of it is skipped alike, but
		// not in the tree: its placeholders are not configuration.
		return f
	}
	l.order = append(l.order, f)
	return f
}

// readResult is a file read and parsed, by read or ahead of its turn by
// prefetch.
type readResult struct {
	f        *File // with Display set even when the read failed
	err      error
	longLine int
	done     chan struct{} // closed when a prefetch has filled the result
}

// readParse is the part of reading a file that depends on nothing but
// the file: its bytes, its statements, whether it is a template. It runs
// on several files at once (prefetch).
func readParse(path string, lim input.Limits) *readResult {
	display := input.Display(path)
	r := &readResult{f: &File{Path: path, Display: display, at: lint.InFile(display)}}
	data, err := input.ReadFile(path, lim)
	if err != nil {
		r.err = err
		return r
	}
	parseData(r, path, data, lim)
	return r
}

// parseData is readParse of data read already.
func parseData(r *readResult, path string, data []byte, lim input.Limits) {
	if r.longLine = input.LongLine(data, lim.MaxLineLength); r.longLine > 0 {
		return
	}
	f := r.f
	f.data = data
	f.syntax = parseFile(f, data, lim.MaxBlockDepth)
	f.Lines = f.lines
	f.template = template.Detect(path, data, template.Nginx)
}

// prefetchWindow is how many files of one include's glob are read ahead
// of the one being linked into the tree, per CPU.
const prefetchWindow = 4

// includeAll links the files an include directive names into the tree,
// in order. When there are several, the next few are read and parsed on
// the other CPUs meanwhile; everything that depends on the tree so far
// (errors, limits, cycles, the order of files) is still decided one file
// at a time in order, so the result is the same as reading them in turn.
func (l *loader) includeAll(s *Stmt, paths []string) {
	workers := runtime.GOMAXPROCS(0)
	if len(paths) < 2 || workers < 2 {
		for _, p := range paths {
			l.include(s, p)
		}
		return
	}
	if l.sem == nil {
		l.sem = make(chan struct{}, workers)
		l.pre = map[string]*readResult{}
	}
	window := prefetchWindow * workers
	started := 0
	for i, p := range paths {
		for ; started < len(paths) && started <= i+window; started++ {
			l.prefetch(paths[started])
		}
		l.include(s, p)
	}
	// Files read ahead that include did not take (a limit, a cycle) are
	// waited for, so no reader outlives the load.
	for _, p := range paths {
		if r, ok := l.pre[p]; ok {
			<-r.done
			delete(l.pre, p)
		}
	}
}

// prefetch starts reading path unless it is known already.
func (l *loader) prefetch(path string) {
	if _, ok := l.pre[path]; ok {
		return
	}
	if c, ok := l.canon[path]; ok {
		if _, read := l.files[c]; read {
			return
		}
	}
	if lim := l.opts.Limits.MaxFiles; lim > 0 && len(l.order)+len(l.pre) >= lim {
		return
	}
	r := &readResult{done: make(chan struct{})}
	l.pre[path] = r
	lim := l.opts.Limits
	go func() {
		l.sem <- struct{}{}
		res := readParse(path, lim)
		<-l.sem
		r.f, r.err, r.longLine = res.f, res.err, res.longLine
		close(r.done)
	}()
}

// contexts gives each included file the block of its first inclusion.
func (l *loader) contexts(f *File, seen map[*File]bool) {
	var walk func(stmts []*Stmt)
	walk = func(stmts []*Stmt) {
		for _, s := range stmts {
			walk(s.Children)
			for _, inc := range s.Includes {
				if seen[inc] {
					continue
				}
				seen[inc] = true
				if s.Parent != nil {
					inc.context = s.Parent.Name
				} else {
					inc.context = f.context
				}
				l.contexts(inc, seen)
			}
		}
	}
	walk(f.Stmts)
}

// checkFile reports a file's errors the way nginx -t meets them: reading
// in order, it stops at the first. A check failing before the syntax error
// is what nginx reports (the syntax error is often its consequence, as in
// "location /a proxy_pass ...; }"); without a syntax error every check
// failure is reported.
func (l *loader) checkFile(f *File) {
	var errs []lint.LoadError
	check(f.Stmts, f.context, &errs)
	if f.syntax == nil {
		l.errs = append(l.errs, errs...)
		return
	}
	if len(errs) > 0 && errs[0].Pos.Less(f.syntax.Pos) {
		l.errs = append(l.errs, errs[0])
		return
	}
	l.errs = append(l.errs, *f.syntax)
}

// nulPosition locates the first NUL byte of a file.
func nulPosition(path, display string) lint.Position {
	pos := lint.AtFile(display)
	data, err := os.ReadFile(path)
	if err != nil {
		return pos
	}
	i := bytes.IndexByte(data, 0)
	if i < 0 {
		return pos
	}
	return lint.At(display, bytes.Count(data[:i], []byte{'\n'})+1, i-bytes.LastIndexByte(data[:i], '\n'))
}

// includes resolves the include directives of stmts (recursively through
// blocks), reading the files they name.
func (l *loader) includes(f *File, stmts []*Stmt) {
	for _, s := range stmts {
		if s.Block {
			l.includes(f, s.Children)
			continue
		}
		if s.Name != "include" {
			continue
		}
		if len(s.Args) != 1 {
			l.errorf(s.Pos(), "invalid number of arguments in \"include\" directive")
			continue
		}
		l.includeAll(s, l.resolve(s))
	}
}

// canonical is input.Canonical, remembered per path: a snippet included
// from a thousand locations is resolved once.
func (l *loader) canonical(path string) (string, error) {
	if c, ok := l.canon[path]; ok {
		return c, nil
	}
	c, err := l.canonicalFile(path)
	if err == nil {
		if l.canon == nil {
			l.canon = map[string]string{}
		}
		l.canon[path] = c
	}
	return c, err
}

// canonicalFile is input.Canonical with each directory resolved once: a
// file that is no symlink itself is its directory's canonical path and
// its name, one lstat where resolving the whole path takes one per
// component. Anything else (a symlink, an error, a relative path) is
// resolved in full.
func (l *loader) canonicalFile(path string) (string, error) {
	dir, base := filepath.Split(path)
	if !filepath.IsAbs(path) || filepath.Clean(path) != path || base == "" {
		return input.Canonical(path)
	}
	cdir, ok := l.canonDirs[dir]
	if !ok {
		c, err := input.Canonical(dir)
		if err != nil {
			return input.Canonical(path)
		}
		if l.canonDirs == nil {
			l.canonDirs = map[string]string{}
		}
		l.canonDirs[dir], cdir = c, c
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&os.ModeSymlink != 0 {
		return input.Canonical(path)
	}
	return filepath.Join(cdir, base), nil
}

func (l *loader) include(s *Stmt, path string) {
	at := s.Pos()
	canon, err := l.canonical(path)
	if err != nil {
		if strings.Contains(err.Error(), "too many links") {
			err = errors.New("symbolic link loop")
		}
		if err.Error() == "no such file" {
			if _, ok := input.Map(path, l.opts.Mappings); ok {
				// The user said the checkout holds this prefix.
				l.errorf(at, "open() %q failed (2: No such file or directory)", input.Display(path))
			} else {
				l.missing = append(l.missing, missingInclude{stmt: s, path: path})
			}
		} else {
			l.errorf(at, "%s: %v", input.Display(path), err)
		}
		return
	}
	for i, c := range l.stack {
		if c == canon {
			var names []string
			for _, c := range l.stack[i:] {
				names = append(names, l.displayOf(c))
			}
			names = append(names, l.displayOf(canon))
			l.errorf(at, "include cycle: %s", strings.Join(names, " -> "))
			return
		}
	}
	if f, ok := l.files[canon]; ok {
		if f.template != nil {
			l.skipTemplate(f, s)
			return
		}
		s.Includes = append(s.Includes, f)
		return
	}
	if lim := l.opts.Limits.MaxIncludeDepth; lim > 0 && len(l.stack) > lim {
		l.errorf(at, "includes nested deeper than %d levels", lim)
		return
	}
	if lim := l.opts.Limits.MaxFiles; lim > 0 && len(l.order) >= lim {
		l.errorf(at, "include tree has more than %d files", lim)
		return
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		l.errorf(at, "%s: is a directory", input.Display(path))
		return
	}
	f := l.read(path, canon, at)
	if f == nil {
		return
	}
	if f.template != nil {
		l.skipTemplate(f, s)
		return
	}
	s.Includes = append(s.Includes, f)
	l.stack = append(l.stack, canon)
	l.includes(f, f.Stmts)
	l.stack = l.stack[:len(l.stack)-1]
}

// maxExpanded bounds the directives an include tree expands to: a file
// included twice by a file included twice... grows exponentially, which
// nginx would read (slowly) and we refuse.
const maxExpanded = 2_000_000

// bound checks the expanded size of the tree and, when it is too large,
// keeps only the first inclusion of each file.
func (l *loader) bound(entry *File) {
	memo := map[*File]int{}
	var size func(f *File) int
	var count func(stmts []*Stmt) int
	count = func(stmts []*Stmt) int {
		n := 0
		for _, s := range stmts {
			n++
			n += count(s.Children)
			for _, inc := range s.Includes {
				n += size(inc)
				if n > maxExpanded {
					return n
				}
			}
		}
		return n
	}
	size = func(f *File) int {
		if n, ok := memo[f]; ok {
			return n
		}
		memo[f] = maxExpanded + 1 // guards against a cycle slipping through
		n := count(f.Stmts)
		memo[f] = n
		return n
	}
	if size(entry) > maxExpanded {
		l.errorf(lint.At(entry.Display, 1, 1),
			"the include tree expands to more than %d directives; repeated includes were read once", maxExpanded)
		l.prune(entry)
		return
	}
	// nginx reads a file again each time it is included: MaxFiles counts
	// inclusions, so a fan-out of globs including globs is stopped even
	// when it reads few distinct files.
	lim := l.opts.Limits.MaxFiles
	if lim <= 0 {
		return
	}
	n := 1
	var walk func(stmts []*Stmt) *Stmt
	walk = func(stmts []*Stmt) *Stmt {
		for _, s := range stmts {
			if at := walk(s.Children); at != nil {
				return at
			}
			for _, inc := range s.Includes {
				n++
				if n > lim {
					return s
				}
				if at := walk(inc.Stmts); at != nil {
					return at
				}
			}
		}
		return nil
	}
	if at := walk(entry.Stmts); at != nil {
		l.errorf(at.Pos(), "include tree has more than %d files (each inclusion counts, as nginx reads the file again); repeated includes were read once", lim)
		l.prune(entry)
	}
}

// prune keeps only the first inclusion of each file.
func (l *loader) prune(entry *File) {
	seen := map[*File]bool{entry: true}
	var prune func(stmts []*Stmt)
	prune = func(stmts []*Stmt) {
		for _, s := range stmts {
			prune(s.Children)
			kept := s.Includes[:0]
			for _, inc := range s.Includes {
				if !seen[inc] {
					seen[inc] = true
					kept = append(kept, inc)
					prune(inc.Stmts)
				}
			}
			s.Includes = kept
		}
	}
	prune(entry.Stmts)
}

func (l *loader) displayOf(canon string) string {
	if f, ok := l.files[canon]; ok {
		return f.Display
	}
	return input.Display(canon)
}

// knownPrefixes are the conf prefixes nginx packages use. An absolute
// include below one of them that neither exists nor is mapped is looked
// for below the entry's directory, which in a repository is usually a copy
// of that prefix (deploy/nginx/ holding what goes to /etc/nginx/).
var knownPrefixes = []string{
	"/etc/nginx", "/usr/local/nginx/conf", "/usr/local/etc/nginx", "/opt/nginx/conf",
	"/etc/openresty", "/usr/local/openresty/nginx/conf",
}

// stockFiles are installed in the conf prefix by nginx and its packages.
var stockFiles = map[string]bool{
	"mime.types": true, "fastcgi_params": true, "fastcgi.conf": true, "proxy_params": true,
	"scgi_params": true, "uwsgi_params": true, "koi-utf": true, "koi-win": true, "win-utf": true,
	"snippets/fastcgi-php.conf": true, "snippets/snakeoil.conf": true,
}

func isStock(arg string) bool {
	p := filepath.ToSlash(filepath.Clean(arg))
	if filepath.IsAbs(arg) {
		for _, pre := range knownPrefixes {
			if rest, ok := strings.CutPrefix(p, pre+"/"); ok {
				return stockFiles[rest]
			}
		}
		return false
	}
	return stockFiles[p]
}

// resolve turns an include argument into the files nginx would read.
func (l *loader) resolve(s *Stmt) []string {
	arg := s.Args[0]
	// geo{} reads its include itself, without glob expansion.
	glob := strings.ContainsAny(arg, "*?[") && (s.Parent == nil || s.Parent.Name != "geo")
	var cands []string
	if filepath.IsAbs(arg) {
		p := filepath.Clean(arg)
		if m, ok := input.Map(p, l.opts.Mappings); ok {
			cands = append(cands, m)
		}
		// The repository copy beside the entry comes before the path
		// itself, so a check does not depend on the machine's own
		// /etc/nginx (when the entry is /etc/nginx/nginx.conf both are
		// the same file).
		for _, pre := range knownPrefixes {
			if rest, ok := strings.CutPrefix(p, pre+"/"); ok {
				cands = append(cands, l.prefixCopies(rest)...)
			}
		}
		cands = append(cands, p)
	} else {
		// nginx resolves relative includes against the conf prefix, the
		// directory of the main configuration. A fragment's main
		// configuration is unknown: try its directory and then its
		// ancestors, where the tree's root usually is.
		dir := l.entryDir
		for {
			cands = append(cands, filepath.Join(dir, arg))
			parent := filepath.Dir(dir)
			if !l.fragment || parent == dir {
				break
			}
			dir = parent
		}
	}
	if !glob {
		for _, c := range cands {
			if _, err := os.Lstat(c); err == nil {
				return []string{c}
			}
		}
		if isStock(arg) {
			// The files nginx and its packages install in the conf prefix
			// (mime.types, fastcgi_params...) are taken as present: a
			// repository usually keeps only its own files and relies on
			// the package for these.
			l.assumed = append(l.assumed, arg)
			return nil
		}
		if filepath.IsAbs(arg) {
			// Name the file as written, as nginx does.
			return []string{filepath.Clean(arg)}
		}
		return cands[:1]
	}
	for i, c := range cands {
		matches, err := filepath.Glob(c)
		if err != nil {
			l.errorf(s.Pos(), "glob() %q failed (%v)", arg, err)
			return nil
		}
		matches = visible(c, matches)
		if len(matches) > 0 || (i == 0 && !l.fragment && !filepath.IsAbs(arg)) {
			sort.Strings(matches)
			return matches
		}
	}
	return nil
}

// prefixCopies are where a repository may hold the file rest of the conf
// prefix: beside the entry, and for a fragment also in the directories
// above it within the repository (rootfs/etc/nginx/shared/fpm.conf for
// /etc/nginx/shared/fpm.conf included by rootfs/etc/nginx/http.d/x.conf).
func (l *loader) prefixCopies(rest string) []string {
	out := []string{filepath.Join(l.entryDir, rest)}
	if !l.fragment {
		return out
	}
	root := l.opts.Root
	if root == "" {
		root = input.RepoOf(l.entryDir)
	}
	root, _ = input.Abs(root)
	for dir := filepath.Dir(l.entryDir); input.Within(dir, root); {
		out = append(out, filepath.Join(dir, rest))
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return out
}

// visible drops matches that glob(3) would not return: a wildcard does not
// match a leading '.' of a file name unless the pattern has it.
func visible(pattern string, matches []string) []string {
	pp := strings.Split(filepath.ToSlash(pattern), "/")
	out := matches[:0]
next:
	for _, m := range matches {
		mp := strings.Split(filepath.ToSlash(m), "/")
		if len(mp) != len(pp) {
			out = append(out, m)
			continue
		}
		for i := range pp {
			if strings.HasPrefix(mp[i], ".") && !strings.HasPrefix(pp[i], ".") && strings.ContainsAny(pp[i], "*?[") {
				continue next
			}
		}
		out = append(out, m)
	}
	return out
}

// mainOnly are directives that only appear at the top of a main
// configuration.
var mainOnly = map[string]bool{
	"http": true, "events": true, "stream": true, "mail": true,
}

// mainDirectives are the core directives only the main context allows: a
// snippet of them (modules-enabled/*.conf, a main.d/ include) is read
// there, not in http{}.
var mainDirectives = map[string]bool{
	"worker_processes": true, "worker_rlimit_nofile": true, "worker_rlimit_core": true, "pid": true,
	"user": true, "load_module": true, "env": true, "pcre_jit": true, "daemon": true,
	"master_process": true, "thread_pool": true, "timer_resolution": true, "worker_cpu_affinity": true,
	"worker_priority": true, "worker_shutdown_timeout": true, "lock_file": true, "ssl_engine": true,
	"working_directory": true, "debug_points": true, "google_perftools_profiles": true,
}

// hasMainBlock reports whether stmts hold a block of the main context
// (http, events, stream, mail): the mark of a main configuration.
func hasMainBlock(stmts []*Stmt) bool {
	for _, s := range stmts {
		if mainOnly[s.Name] && s.Block {
			return true
		}
	}
	return false
}

// guessContext tells the block a file's top level is read in.
func guessContext(stmts []*Stmt) string {
	ctx := ""
	for _, s := range stmts {
		switch {
		case mainOnly[s.Name], mainDirectives[s.Name]:
			return "main"
		case s.Name == "server" || s.Name == "upstream" || s.Name == "map" || s.Name == "geo" ||
			s.Name == "split_clients" || s.Name == "types" || s.Name == "log_format" ||
			strings.HasSuffix(s.Name, "_zone") || strings.HasSuffix(s.Name, "_cache_path"):
			if ctx == "" {
				ctx = "http"
			}
		case s.Name == "location" || s.Name == "listen" || s.Name == "server_name":
			ctx = "server"
		}
		if s.Name == "server" && !s.Block {
			// server addresses: the body of an upstream{}.
			return "upstream"
		}
	}
	if ctx == "" {
		ctx = "server"
		for _, s := range stmts {
			if strings.HasSuffix(s.Name, "_pass") {
				// A bare *_pass only stands in a location.
				ctx = "location"
				break
			}
		}
	}
	return ctx
}

// Sniff tells an nginx file from others: 2 for a main configuration (http
// or events at the top level), 1 for something that reads as nginx syntax,
// 0 otherwise (Apache, JSON, YAML, INI, prose). Discovery asks it about
// every file of a tree, so it reads the head in place and copies nothing.
func Sniff(path string, head []byte) int {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".yaml", ".yml", ".md", ".go", ".py", ".sh", ".txt", ".html", ".js", ".pem", ".key",
		".crt", ".bz2", ".gz", ".xml", ".htaccess", ".toml", ".ini", ".zip":
		return 0
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(trimmed) == 0 || trimmed[0] == '{' || trimmed[0] == '[' {
		return 0
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return 0
	}
	// Read the head with nginx's own tokenizer: it must read as statements
	// whose names look like directives.
	truncated := len(head) >= 64<<10
	lx := newLexer(head, path)
	lx.sniff = true
	wb := wordBufs.Get().(*[]word)
	lx.words = *wb
	defer func() {
		clear(lx.words[:cap(lx.words)])
		*wb = lx.words[:0]
		wordBufs.Put(wb)
	}()
	depth, statements, directiveLike := 0, 0, 0
	main := false
	// custom holds, per open block, whether nginx reads its body with a
	// custom handler
	var customBuf [16]bool
	custom := customBuf[:0]
	for i := 0; i < 1<<20; i++ {
		words, kind, err := lx.next()
		if err != nil {
			if truncated && strings.HasPrefix(err.Message, "unexpected end of file") {
				break
			}
			return sniffLines(head)
		}
		if kind == tokFileDone {
			break
		}
		switch kind {
		case tokBlockDone:
			if depth == 0 {
				return sniffLines(head)
			}
			depth--
			custom = custom[:len(custom)-1]
			continue
		}
		statements++
		name := words[0].raw
		if bytes.IndexByte(name, '\\') >= 0 {
			name = []byte(unescape(name))
		}
		if apacheLike(name) {
			return 0
		}
		inCustom := len(custom) > 0 && custom[len(custom)-1]
		if inCustom || words[0].quoted || isDirectiveName(name) {
			directiveLike++
		}
		if kind == tokBlockStart && bytes.HasSuffix(name, []byte("_by_lua_block")) {
			if _, err := lx.skipLua(); err != nil && !truncated {
				return sniffLines(head)
			}
			continue
		}
		if kind == tokBlockStart {
			if depth == 0 && (string(name) == "http" || string(name) == "events") {
				main = true
			}
			depth++
			custom = append(custom, customHandlerBlocks[string(name)])
		}
	}
	if depth > 0 && !truncated {
		return sniffLines(head)
	}
	if statements == 0 || directiveLike*10 < statements*8 {
		return 0
	}
	if main {
		return 2
	}
	return 1
}

// apacheLike reports whether a statement's first word is Apache's: a
// <Tag ...> section or a well-known CamelCase directive (nginx directives
// are lower case; nginx-syntax rule files such as naxsi's MainRule lines
// are not in the list). Only the first word of a statement is looked at,
// so HTML in a return string or Lua in a *_by_lua_block says nothing.
func apacheLike(first []byte) bool {
	if len(first) > 1 && first[0] == '<' && (isLetter(first[1]) || first[1] == '/') {
		return true
	}
	return apacheDirectives[string(first)]
}

// sniffLines judges a file nginx's tokenizer rejects (it may be a broken
// nginx configuration, which is worth loading to report where): no line
// may start like Apache, and most of them must look like nginx
// statements.
func sniffLines(head []byte) int {
	statements, others := 0, 0
	for line := range bytes.Lines(head) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		first := t
		if i := bytes.IndexAny(t, " \t"); i >= 0 {
			first = t[:i]
		}
		if apacheLike(first) {
			return 0
		}
		if i := bytes.Index(t, []byte(" #")); i >= 0 {
			t = bytes.TrimSpace(t[:i])
		}
		if bytes.HasSuffix(t, []byte(";")) || bytes.HasSuffix(t, []byte("{")) || bytes.HasSuffix(t, []byte("}")) {
			statements++
		} else {
			others++
		}
	}
	if statements == 0 || statements < 2*others {
		return 0
	}
	return 1
}

func isDirectiveName(s []byte) bool {
	if len(s) == 0 || !(s[0] >= 'a' && s[0] <= 'z' || s[0] == '_') {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// apacheDirectives are common Apache httpd directives; nginx directives are
// all lower case.
var apacheDirectives = map[string]bool{}

func init() {
	for _, d := range strings.Fields(`ServerName ServerAlias ServerRoot ServerAdmin ProxyPass ProxyPassReverse
		ProxyPassMatch ProxyPreserveHost ProxyRequests ProxyTimeout LoadModule Listen DocumentRoot Include
		IncludeOptional RewriteEngine RewriteRule RewriteCond RewriteBase AddType AddHandler Options
		AllowOverride Require Order Allow Deny ErrorLog CustomLog LogFormat LogLevel Header RequestHeader
		SetEnv SetEnvIf Redirect RedirectMatch Alias AliasMatch ScriptAlias DirectoryIndex ErrorDocument
		SSLEngine SSLCertificateFile SSLCertificateKeyFile SSLProxyEngine KeepAlive KeepAliveTimeout Timeout
		User Group PidFile Mutex TypesConfig AddDefaultCharset AddCharset AddOutputFilterByType ExpiresActive
		ExpiresByType ExpiresDefault FileETag BrowserMatch Define UseCanonicalName HostnameLookups
		MaxKeepAliveRequests BalancerMember ProxySet Protocols ServerTokens ServerSignature TraceEnable`) {
		apacheDirectives[d] = true
	}
}
