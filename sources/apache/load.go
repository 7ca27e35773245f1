package apache

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/template"
)

// Load reads the tree rooted at entry: a main file (apache2.conf,
// httpd.conf) with everything it includes, or a fragment (a site file, a
// snippet, an .htaccess) on its own.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	l := newLoader(entry, opts)
	tree := l.run()
	cfg := l.cfg
	build(cfg, tree, l)
	cfg.Unread = l.unread
	lint.SortErrors(l.errs)
	return []*lint.Config{cfg}, l.errs
}

type macro struct {
	name   string
	params []string
	body   []*Node
	pos    lint.Position
}

type loader struct {
	opts  input.Options
	entry string
	cfg   *lint.Config
	errs  []lint.LoadError

	fragment bool
	// defines holds Define'd variables; a Define without a value defines
	// a parameter for <IfDefine> only.
	defines map[string]string
	params  map[string]bool
	modules map[string]bool

	// root is the directory relative paths resolve against; configured is
	// the ServerRoot as written when root is a stand-in for it.
	root       string
	configured string

	rootSet bool // a ServerRoot directive was read
	debian  bool // the main file is Debian's apache2.conf

	reading []string        // canonical paths of the files being read, outermost first
	listed  map[string]bool // display paths already in cfg.Files
	nfiles  int
	macros  map[string]*macro
	// filesFull and tooMany make the file and directive limits reported once.
	filesFull bool
	tooMany   bool
	// unread are includes httpd reads that the lint could not.
	unread []lint.Unread
	// pre holds the files read ahead (include), sem bounds the readers
	// to the CPUs.
	pre map[preKey]*pending
	sem chan struct{}
	// read holds the files read once, for the Includes that name them
	// again (a snippet in every virtual host): their nodes are never
	// changed after parsing, so every inclusion shares them.
	read  map[preKey]*readResult
	canon map[string]canonResult // canonical
	dirs  []lint.Directive       // the chunk emit takes directives from
}

func newLoader(entry string, opts input.Options) *loader {
	l := &loader{
		opts:    opts,
		entry:   entry,
		defines: map[string]string{},
		params:  map[string]bool{},
		modules: map[string]bool{},
		listed:  map[string]bool{},
		macros:  map[string]*macro{},
	}
	for _, name := range opts.ApacheDefines {
		l.params[name] = true // httpd -D NAME
	}
	if _, sniffed, ok := opts.EntrySniffed(entry, lint.Apache, opts.Limits); ok {
		l.fragment = sniffed != 2 // discovery's Sniff of the whole file, its head
	} else if data := opts.EntryData(entry, opts.Limits); data != nil {
		l.fragment = Sniff(entry, data) != 2 // the whole file is its head
	} else {
		buf := heads.Get().(*[]byte)
		head, _ := readHead(entry, *buf)
		l.fragment = Sniff(entry, head) != 2
		heads.Put(buf)
	}
	l.cfg = &lint.Config{Source: lint.Apache, Root: opts.EntryDisplay(entry), Fragment: l.fragment,
		Product: lint.Product{Name: "apache", Version: assumedVersion, VersionAssumed: true}}
	if !l.fragment {
		for _, m := range builtins(entry) {
			l.addModule(m)
		}
		l.cfg.Product.Modules = l.modules
	}
	l.root = anchor(entry, "", l.fragment)
	if !l.fragment && strings.EqualFold(filepath.Base(entry), "apache2.conf") {
		// Debian compiles in ServerRoot /etc/apache2 and its envvars set
		// APACHE_CONFDIR to it: absolute paths under it are the checkout's.
		if abs, err := input.Abs(entry); err != nil || !within(abs, debianRoot) {
			l.configured = debianRoot
		}
		l.debian = true
	}
	return l
}

const debianRoot = "/etc/apache2"

func readHead(p string, b []byte) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, _ := f.Read(b)
	return b[:n], nil
}

// heads are readHead's buffers: Load sniffs its entry once per tree, and a
// directory of many small fragments is as many trees.
var heads = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// Built-in modules. httpd's <IfModule> and the health-check rules need to
// know which modules a tree has; LoadModule lines say most of it, the rest
// is compiled in. What is compiled in depends on the build:
//   - Debian and Ubuntu (`apache2 -l` on Debian 12/13): core.c, mod_so.c,
//     mod_watchdog.c, http_core.c, mod_log_config.c, mod_logio.c,
//     mod_version.c, mod_unixd.c. Assumed when the main file is apache2.conf.
//   - RHEL/Fedora httpd and the httpd Docker image build everything else as
//     loadable modules: core.c, mod_so.c, http_core.c. Assumed otherwise.
//
// The MPM is always loaded with LoadModule on both (mod_mpm_event.so).
var (
	debianBuiltins   = []string{"core", "so", "watchdog", "http_core", "log_config", "logio", "version", "unixd"}
	upstreamBuiltins = []string{"core", "so", "http_core"}
)

func builtins(entry string) []string {
	if strings.EqualFold(filepath.Base(entry), "apache2.conf") {
		return debianBuiltins
	}
	return upstreamBuiltins
}

// addModule records a module under both names <IfModule> accepts: the
// module identifier (proxy_module) and its source file (mod_proxy.c).
func (l *loader) addModule(short string) {
	short = strings.ToLower(short)
	switch short {
	case "core", "http_core":
		l.modules[short+".c"] = true
		l.modules[short+"_module"] = true
		return
	}
	l.modules[short+"_module"] = true
	l.modules["mod_"+short+".c"] = true
}

// moduleShort derives the short name from LoadModule's arguments:
// "proxy_module" and "modules/mod_proxy.so".
func moduleShort(id, file string) (fromID, fromFile string) {
	fromID = strings.TrimSuffix(strings.ToLower(id), "_module")
	base := strings.ToLower(path.Base(filepath.ToSlash(file)))
	base = strings.TrimSuffix(base, ".so")
	base = strings.TrimPrefix(base, "lib")
	fromFile = strings.TrimPrefix(base, "mod_")
	return fromID, fromFile
}

// anchor picks the directory that stands in for ServerRoot when the
// configured one is not where the files are (a repository copy of
// /etc/apache2 or /etc/httpd): the nearest ancestor of the entry named like
// the configured ServerRoot (httpd/ for /etc/httpd), the parent of a conf/
// directory that has conf.d or conf.modules.d beside it (RHEL), the parent of
// a Debian sites-*/conf-*/mods-* directory (for fragments), else the entry's
// own directory.
func anchor(entry, configured string, fragment bool) string {
	dir, err := input.Abs(filepath.Dir(entry))
	if err != nil {
		dir = filepath.Dir(entry)
	}
	if configured != "" {
		want := filepath.Base(filepath.Clean(configured))
		for d, i := dir, 0; i < 4; d, i = filepath.Dir(d), i+1 {
			if filepath.Base(d) == want {
				return d
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	parent := filepath.Dir(dir)
	switch base := filepath.Base(dir); {
	case base == "conf" && (isDir(filepath.Join(parent, "conf.d")) || isDir(filepath.Join(parent, "conf.modules.d"))):
		return parent
	case fragment && (base == "conf.d" || base == "conf.modules.d") && isDir(filepath.Join(parent, "conf")):
		return parent
	case fragment && debianDir(base) && (exists(filepath.Join(parent, "apache2.conf")) || exists(filepath.Join(parent, "httpd.conf"))):
		return parent
	}
	return dir
}

func debianDir(base string) bool {
	for _, p := range []string{"sites-", "conf-", "mods-"} {
		if strings.HasPrefix(base, p) {
			return true
		}
	}
	return false
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func (l *loader) errorf(pos lint.Position, format string, args ...any) {
	l.errs = append(l.errs, lint.Errorf(pos, format, args...))
}

func (l *loader) run() []*Node {
	nodes := l.readFile(l.entry, lint.Position{}, 0)
	if canon, err := l.opts.EntryCanonical(l.entry); err == nil {
		l.reading = append(l.reading, canon)
	}
	return l.eval(nodes, nil)
}

// readFile reads and parses one file. A file that git checked out without
// symlink support holds just the link's target ("../sites-available/x.conf");
// such a stand-in is followed as the link would be.
func (l *loader) readFile(p string, from lint.Position, blockDepth int) []*Node {
	if l.opts.Limits.MaxFiles > 0 && l.nfiles >= l.opts.Limits.MaxFiles {
		if !l.filesFull {
			l.errorf(from, "more than %d files in one include tree; stopping", l.opts.Limits.MaxFiles)
			l.filesFull = true
		}
		return nil
	}
	r := l.take(p, blockDepth)
	display := r.display
	if r.notRegular {
		// A device or FIFO (Include /dev/zero) would never end.
		l.errorf(from, "cannot read %s: not a regular file", display)
		return nil
	}
	if err := r.err; err != nil {
		if from.IsZero() {
			l.errorf(lint.AtFile(display), "cannot read: %v", err)
		} else {
			l.errorf(from, "cannot read %s: %v", display, err)
		}
		return nil
	}
	l.nfiles++
	for _, d := range r.displays {
		l.addFile(d)
	}
	display = r.displays[len(r.displays)-1]
	if n := r.longLine; n > 0 {
		l.errorf(lint.At(display, n, 0), "line longer than %d bytes", l.opts.Limits.MaxLineLength)
		return nil
	}
	if m := r.template; m != nil {
		// httpd never reads the template itself, only what the build or
		// installer renders from it: its placeholders are not syntax.
		if from.IsZero() {
			l.opts.Notice(lint.At(display, m.Line, m.Col), "not linted: %s; lint the rendered file", m.Reason())
		} else {
			l.opts.Notice(from, "not linted: %s is %s; lint the rendered file", display, m.Reason())
			l.unread = append(l.unread, lint.Unread{Pos: from, Path: display, Reason: m.Reason()})
		}
		return nil
	}
	if l.cfg.Text == nil {
		l.cfg.Text = map[string][]byte{}
	}
	l.cfg.Text[display] = r.data
	for _, e := range r.perrs {
		l.errs = append(l.errs, lint.LoadError{Pos: e.Pos, Message: e.Message})
	}
	l.cfg.Comments = append(l.cfg.Comments, r.comments...)
	return r.nodes
}

// readResult is a file read and parsed, by readFile in turn or ahead of
// its turn by prefetch: everything about it that depends on nothing but
// the file (and the sections around its Include).
type readResult struct {
	display    string   // the file's own display path
	notRegular bool     // a device, FIFO or socket: never read
	err        error    // the read failed
	displays   []string // display, then the files its symlink stand-ins lead to
	data       []byte
	longLine   int
	template   *template.Match
	nodes      []*Node
	perrs      []ParseError
	comments   []lint.Comment
}

// pending is a file being read ahead: res is set before done is closed.
type pending struct {
	res  *readResult
	done chan struct{}
}

// readParse reads, follows and parses the file p; blockDepth is the
// nesting of the sections around its Include. It touches no loader
// state, so it runs on several files at once (prefetch).
// display and data are the entry's display path and bytes when discovery
// already has them ("" and nil: work them out, read the file).
func readParse(p string, blockDepth int, lim input.Limits, display string, data []byte) *readResult {
	if display == "" {
		display = input.Display(p)
	}
	r := &readResult{display: display}
	if data == nil {
		if st, err := os.Stat(p); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
			r.notRegular = true
			return r
		}
		var err error
		if data, err = input.ReadFile(p, lim); err != nil {
			r.err = err
			return r
		}
	}
	r.displays = append(r.displays, display)
	for hops := 0; hops < 8; hops++ {
		target, ok := symlinkStandIn(p, data)
		if !ok {
			break
		}
		d, err := input.ReadFile(target, lim)
		if err != nil {
			break
		}
		p, data, display = target, d, input.Display(target)
		r.displays = append(r.displays, display)
	}
	if r.longLine = input.LongLine(data, lim.MaxLineLength); r.longLine > 0 {
		return r
	}
	if r.template = template.Detect(p, data, template.Apache); r.template != nil {
		return r
	}
	r.data = data
	// Sections around the Include count towards the nesting limit.
	r.nodes, r.perrs = parse(display, data, lim.MaxBlockDepth, blockDepth)
	r.comments = comments(r.nodes)
	return r
}

// preKey names a file read ahead: the same file under a different
// nesting of sections parses differently (the depth limit).
type preKey struct {
	path  string
	depth int
}

// take returns the file p read and parsed: earlier, read ahead by
// prefetch, or now.
func (l *loader) take(p string, blockDepth int) *readResult {
	k := preKey{p, blockDepth}
	if r, ok := l.read[k]; ok {
		return r
	}
	var r *readResult
	if pr, ok := l.pre[k]; ok {
		<-pr.done
		delete(l.pre, k)
		r = pr.res
	} else {
		// the entry's display and bytes, which discovery has, come along
		r = readParse(p, blockDepth, l.opts.Limits, l.opts.EntryDisplay(p), l.opts.EntryData(p, l.opts.Limits))
	}
	if r.err == nil && !r.notRegular {
		if l.read == nil {
			l.read = map[preKey]*readResult{}
		}
		l.read[k] = r
	}
	return r
}

// prefetchWindow is how many files of one Include's list are read ahead
// of the one being evaluated, per CPU.
const prefetchWindow = 4

// prefetch starts reading and parsing p on another goroutine unless it is
// being read ahead already, and returns the result it started (nil when
// it started none).
func (l *loader) prefetch(p string, blockDepth int) *pending {
	k := preKey{p, blockDepth}
	if _, ok := l.pre[k]; ok {
		return nil
	}
	if _, ok := l.read[k]; ok {
		return nil
	}
	if l.pre == nil {
		l.pre = map[preKey]*pending{}
		l.sem = make(chan struct{}, runtime.GOMAXPROCS(0))
	}
	r := &pending{done: make(chan struct{})}
	l.pre[k] = r
	lim := l.opts.Limits
	go func() {
		l.sem <- struct{}{}
		r.res = readParse(p, blockDepth, lim, "", nil)
		<-l.sem
		close(r.done)
	}()
	return r
}

func (l *loader) addFile(display string) {
	if l.listed[display] {
		return
	}
	l.listed[display] = true
	l.cfg.Files = append(l.cfg.Files, display)
}

// templateRE finds httpd's install-time (@@ServerRoot@@) and autoconf
// (@rel_sysconfdir@, @exp_cgidir@) placeholders of docs/conf/*.conf.in.
var templateRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`@@[A-Za-z_]+@@|@(?:rel|exp)_[a-z_]+@`) })

var standInRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\.{0,2}[A-Za-z0-9._/+-]*/[A-Za-z0-9._+-]+\n?$`) })

// symlinkStandIn reports whether data is a git symlink stand-in: one line
// that is a relative path to an existing file. httpd would reject such a
// line as an unknown directive, so no valid configuration is misread.
func symlinkStandIn(p string, data []byte) (string, bool) {
	if len(data) > 1024 || !standInRE().Match(data) {
		return "", false
	}
	rel := strings.TrimSuffix(string(data), "\n")
	if filepath.IsAbs(rel) {
		return "", false
	}
	target := filepath.Join(filepath.Dir(p), rel)
	st, err := os.Stat(target)
	if err != nil || st.IsDir() {
		return "", false
	}
	return target, true
}

// comments scopes each full-line comment to the next directive of its file
// (the whole section when that directive opens one).
func comments(nodes []*Node) []lint.Comment {
	var flat []*Node
	var walk func([]*Node)
	walk = func(ns []*Node) {
		for _, n := range ns {
			flat = append(flat, n)
			walk(n.Children)
		}
	}
	walk(nodes)
	// next[i] is the first directive at or after i (a reverse pass keeps
	// long comment blocks linear).
	next := make([]*Node, len(flat)+1)
	for i := len(flat) - 1; i >= 0; i-- {
		next[i] = next[i+1]
		if !flat[i].Comment {
			next[i] = flat[i]
		}
	}
	var out []lint.Comment
	seenDirective := false
	for i, n := range flat {
		if !n.Comment {
			seenDirective = true
			continue
		}
		c := lint.Comment{Pos: n.Pos, Text: n.Line, BeforeFirstDirective: !seenDirective}
		c.Pos.EndLine = 0
		c.Scope = n.Pos
		c.Scope.EndLine = n.Pos.Line
		if m := next[i+1]; m != nil {
			c.Scope = m.Pos
			if c.Scope.EndLine == 0 {
				c.Scope.EndLine = m.Pos.Line
			}
		}
		out = append(out, c)
	}
	return out
}

// conditional sections are evaluated while httpd reads the configuration
// (EXEC_ON_READ) and vanish from the tree: they are transparent in
// Directive.Blocks.
var conditional = map[string]bool{
	"ifmodule": true, "ifdefine": true, "ifversion": true, "iffile": true,
	"ifdirective": true, "ifsection": true,
}

// eval walks parsed nodes in order as httpd executes them at read time:
// Define, ServerRoot, LoadModule, Include and the <If*> conditionals take
// effect for what follows. It returns the effective tree.
func (l *loader) eval(nodes []*Node, blocks []string) []*Node {
	// Sized for the usual case, every node kept once; nil when none is,
	// as before.
	out := make([]*Node, 0, len(nodes))
	for _, n := range nodes {
		if n.Comment {
			continue
		}
		if len(l.cfg.Directives) >= maxDirectives {
			if !l.tooMany {
				l.tooMany = true
				l.errorf(n.Pos, "the configuration expands to more than %d directives (nested macro uses?); stopping", maxDirectives)
			}
			return nilIfEmpty(out)
		}
		n = l.substitute(n)
		lname := lowerName(n.Name)
		if n.Section {
			switch {
			case conditional[lname]:
				ok := l.condition(lname, n)
				l.emit(n, blocks)
				if !ok {
					l.soaked(n)
				}
				if n.Unclosed && !ok {
					l.errorf(n.Pos, "Expected </%s> before end of configuration", n.Name)
				}
				if ok {
					out = append(out, l.eval(n.Children, blocks)...)
				}
			case lname == "macro":
				l.emit(n, blocks)
				if n.Unclosed {
					l.errorf(n.Pos, "<Macro> was not closed.")
				}
				l.defineMacro(n)
			default:
				if n.Unclosed {
					l.errorf(n.Pos, "<%s> was not closed.", n.Name)
				}
				l.emit(n, blocks)
				c := *n
				c.Children = l.eval(n.Children, append(append([]string(nil), blocks...), n.Name))
				out = append(out, &c)
			}
			continue
		}
		l.emit(n, blocks)
		l.trailingComment(n, blocks)
		out = append(out, n)
		switch lname {
		case "define":
			if len(n.Args) >= 1 {
				l.params[n.Args[0]] = true
				if len(n.Args) >= 2 {
					l.defines[n.Args[0]] = n.Args[1]
				}
			}
		case "undefine":
			if len(n.Args) >= 1 {
				delete(l.params, n.Args[0])
				delete(l.defines, n.Args[0])
			}
		case "serverroot":
			// A root from the environment (${SNAP}) is unknown: paths
			// keep resolving against the checkout.
			if len(n.Args) == 1 && !varRE().MatchString(n.Args[0]) {
				l.setServerRoot(n.Args[0])
			}
		case "loadmodule":
			if len(n.Args) >= 2 && l.modules != nil && !l.fragment {
				a, b := moduleShort(n.Args[0], n.Args[1])
				l.addModule(a)
				l.addModule(b)
			}
		case "include", "includeoptional":
			if len(n.Args) >= 1 {
				out = append(out, l.include(n, lname == "includeoptional", blocks)...)
			}
		case "use":
			out = append(out, l.use(n, blocks)...)
		}
	}
	return nilIfEmpty(out)
}

// maxDirectives bounds what one tree may expand to: macros that use other
// macros several times grow exponentially. Real estates stay far below it
// (the corpus' largest configuration has 35,000 lines).
var maxDirectives = 500_000

// soaked moves the syntax errors found inside a false conditional to its
// opening line: httpd skips ("soaks") the body and reports what it finds
// there as an error of the conditional itself.
func (l *loader) soaked(n *Node) {
	for i := range l.errs {
		p := &l.errs[i].Pos
		if strings.HasPrefix(l.errs[i].Message, depthError) {
			continue // the linter's own limit, not httpd's verdict
		}
		if p.File() == n.Pos.File() && p.Line > n.Pos.Line && (n.Unclosed || p.Line <= n.Pos.EndLine) {
			at := n.Pos
			at.EndLine = 0
			*p = at
		}
	}
}

func (l *loader) emit(n *Node, blocks []string) {
	// Directives come from chunks that double (4 to 1024), not one
	// allocation each.
	if len(l.dirs) == cap(l.dirs) {
		l.dirs = make([]lint.Directive, 0, min(1024, max(4, 2*cap(l.dirs))))
	}
	l.dirs = l.dirs[:len(l.dirs)+1]
	d := &l.dirs[len(l.dirs)-1]
	*d = lint.Directive{Name: n.Name, Args: n.Args, Pos: n.Pos, Blocks: blocks, Block: n.Section}
	if !n.Section {
		d.Pos.EndLine = 0
		if n.Pos.EndLine > n.Pos.Line {
			d.Pos.EndLine = n.Pos.EndLine
		}
	}
	l.cfg.Directives = append(l.cfg.Directives, d)
}

var varRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{([A-Za-z0-9_:.-]+)\}`) })

// substitute applies Define'd ${VAR}s to the whole line before it is split
// into words, as httpd does (a value with blanks becomes several
// arguments). Undefined variables stay as written: httpd warns (AH00111)
// and keeps them, and Debian's ${APACHE_LOG_DIR} and friends come from
// /etc/apache2/envvars, which a checkout usually lacks. The process
// environment is not consulted: the linter's is not the server's.
func (l *loader) substitute(n *Node) *Node {
	if !strings.Contains(n.Line, "${") || n.Comment {
		return n
	}
	changed := false
	line := varRE().ReplaceAllStringFunc(n.Line, func(m string) string {
		name := m[2 : len(m)-1]
		if v, ok := l.defines[name]; ok {
			changed = true
			return v
		}
		if name == "APACHE_CONFDIR" && l.debian {
			// /etc/apache2/envvars' default, rebased like ServerRoot.
			changed = true
			return debianRoot
		}
		return m
	})
	if !changed {
		return n
	}
	c := *n
	c.Line = line
	c.Args = Words(line)
	c.ArgPos = rePos(n, len(c.Args))
	return &c
}

// rePos gives re-split arguments positions: the original ones when the
// substitution kept the number of words (the usual case: a value inside
// one word), else the directive's.
func rePos(n *Node, count int) []lint.Position {
	if count == len(n.ArgPos) {
		return n.ArgPos
	}
	out := make([]lint.Position, count)
	for i := range out {
		out[i] = n.Pos
		out[i].EndLine = 0
	}
	return out
}

func (l *loader) condition(lname string, n *Node) bool {
	arg := ""
	if len(n.Args) > 0 {
		arg = n.Args[0]
	}
	neg := strings.HasPrefix(arg, "!")
	arg = strings.TrimPrefix(arg, "!")
	var v bool
	switch lname {
	case "ifmodule":
		if l.fragment {
			// A snippet's modules are unknown: assume the server it was
			// written for has the modules it tests for.
			return !neg
		}
		v = l.modules[strings.ToLower(arg)]
	case "ifdefine":
		v = l.params[arg]
	case "ifversion":
		v = versionMatches(n.Args)
		neg = false
	default:
		// <IfFile>, <IfDirective>, <IfSection> depend on the host the
		// server runs on; the linter assumes the written branch applies.
		return !neg
	}
	return v != neg
}

// assumedVersion is the httpd version <IfVersion> is evaluated against and
// Product.Version reports (VersionAssumed): Debian 12's 2.4.62.
var assumedVersion = lint.Version{Major: 2, Minor: 4, Patch: 62}

func versionMatches(args []string) bool {
	op, val := "=", ""
	switch len(args) {
	case 1:
		val = args[0]
	case 2:
		op, val = args[0], args[1]
	default:
		return true
	}
	neg := strings.HasPrefix(op, "!")
	op = strings.TrimPrefix(op, "!")
	if op == "~" || len(val) > 1 && strings.HasPrefix(val, "/") && strings.HasSuffix(val, "/") {
		re, err := regexp.Compile(strings.Trim(val, "/"))
		if err != nil {
			return true
		}
		return re.MatchString(assumedVersion.String()) != neg
	}
	// Compare only the components written: "2.4" matches every 2.4.x.
	want := strings.Split(val, ".")
	have := []int{assumedVersion.Major, assumedVersion.Minor, assumedVersion.Patch}
	c := 0
	for i := 0; i < len(want) && i < 3 && c == 0; i++ {
		var w int
		if _, err := fmt.Sscanf(want[i], "%d", &w); err != nil {
			return true
		}
		switch {
		case have[i] < w:
			c = -1
		case have[i] > w:
			c = 1
		}
	}
	var ok bool
	switch op {
	case "=", "==":
		ok = c == 0
	case ">":
		ok = c > 0
	case ">=":
		ok = c >= 0
	case "<":
		ok = c < 0
	case "<=":
		ok = c <= 0
	default:
		return true
	}
	return ok != neg
}

// setServerRoot decides where relative paths resolve from now on.
func (l *loader) setServerRoot(v string) {
	l.rootSet = true
	if mapped, ok := input.Map(filepath.Clean(v), l.opts.Mappings); ok {
		l.root, l.configured = mapped, filepath.Clean(v)
		return
	}
	if !filepath.IsAbs(v) {
		l.root = filepath.Join(l.root, v)
		return
	}
	entryAbs, _ := input.Abs(l.entry)
	if isDir(v) && within(entryAbs, v) {
		l.root, l.configured = v, ""
		return
	}
	// The configured root is not where this tree is (a checkout of
	// /etc/apache2, or a host whose own /etc/apache2 is a different
	// configuration): read the checkout.
	l.root, l.configured = anchor(l.entry, v, l.fragment), filepath.Clean(v)
}

func within(p, dir string) bool {
	rel, err := filepath.Rel(filepath.Clean(dir), p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// resolve turns an Include argument into a local path.
func (l *loader) resolve(arg string) string {
	if !filepath.IsAbs(arg) {
		return filepath.Join(l.root, arg)
	}
	arg = filepath.Clean(arg)
	if mapped, ok := input.Map(arg, l.opts.Mappings); ok {
		return mapped
	}
	if l.configured != "" && within(arg, l.configured) {
		return filepath.Join(l.root, strings.TrimPrefix(arg, l.configured))
	}
	return arg
}

func (l *loader) fragmentResolve(arg string) (string, bool) {
	dir := l.root
	for i := 0; i < 8; i++ {
		p := filepath.Join(dir, arg)
		if hasMeta(p) {
			if m, _ := filepath.Glob(p); len(m) > 0 {
				return p, true
			}
		} else if exists(p) {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", false
}

func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// packagePorts reports whether arg is Debian's ports.conf, seen from a
// Debian apache2.conf: the package installs it, and a repository that
// ships its own apache2.conf over the package's (a provisioning script, a
// Docker image) keeps the package's ports.conf without holding a copy.
func (l *loader) packagePorts(arg string) bool {
	if !l.debian || l.opts.StrictIncludes {
		return false
	}
	arg = filepath.Clean(arg)
	return arg == "ports.conf" || arg == filepath.Join(debianRoot, "ports.conf")
}

// present reports whether an include path names something: a file or
// directory, or a pattern with matches.
func present(p string) bool {
	if hasMeta(p) {
		m, _ := filepath.Glob(p)
		return len(m) > 0
	}
	return exists(p)
}

// inCheckout finds a fragment's absolute include in the repository: the
// nearest directory at or above the including file that is named like a
// directory of the path and holds the rest of it (…/etc/apache2/ for
// /etc/apache2/vhost-templates/https.conf, …/etc/httpd/ for
// /opt/docker/etc/httpd/global.conf). The fragment was written for that
// layout; the linting machine's own /etc belongs to another server.
func inCheckout(from, p string) (string, bool) {
	parts := strings.Split(filepath.ToSlash(p), "/")
	dir, err := input.Abs(filepath.Dir(from))
	if err != nil {
		return "", false
	}
	for i := 0; i < 8; i++ {
		base := filepath.Base(dir)
		for j := len(parts) - 2; j >= 1; j-- {
			if parts[j] == base {
				q := filepath.Join(append([]string{dir}, parts[j+1:]...)...)
				if present(q) {
					return q, true
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", false
}

// include reads the files an Include or IncludeOptional names: a file, a
// directory (every file in it and below, sorted, as httpd does), or an
// fnmatch pattern whose wildcards may be in any path component (matching
// names that start with '.' only when the pattern does).
func (l *loader) include(n *Node, optional bool, blocks []string) []*Node {
	from := n.Pos
	from.EndLine = 0
	if len(n.ArgPos) > 0 {
		from = n.ArgPos[0]
	}
	if len(l.reading) >= l.opts.Limits.MaxIncludeDepth {
		l.errorf(from, "Exceeded maximum include depth of %d, There appears to be a recursion.", l.opts.Limits.MaxIncludeDepth)
		return nil
	}
	if templateRE().MatchString(n.Args[0]) {
		return nil // the template was reported when its file was read
	}
	p := l.resolve(n.Args[0])
	if varRE().MatchString(n.Args[0]) && !l.opts.StrictIncludes && !present(p) {
		// httpd fills an undefined ${VAR} from its environment (the
		// service unit's, snapd's, the container's), which the linter
		// does not have: the path is unknown, not missing.
		l.opts.Notice(from, "not linted: include %q names a variable that httpd takes from its environment; its settings are unknown", n.Args[0])
		return nil
	}
	if l.fragment && filepath.IsAbs(n.Args[0]) && p == filepath.Clean(n.Args[0]) {
		if q, ok := inCheckout(n.Pos.File(), p); ok {
			p = q
		}
	}
	if l.fragment && !l.rootSet && !filepath.IsAbs(n.Args[0]) {
		// A fragment's ServerRoot is unknown: take the nearest directory
		// at or above the fragment where the path exists, and say nothing
		// when there is none (the including tree would know).
		q, ok := l.fragmentResolve(n.Args[0])
		if !ok {
			return nil
		}
		p = q
	}
	var files []string
	if !hasMeta(p) {
		if !exists(p) {
			if !optional && l.packagePorts(n.Args[0]) {
				l.opts.Notice(from, "not linted: %s is the apache2 package's /etc/apache2/ports.conf, which the repository does not hold; its Listen ports are unknown", n.Args[0])
				return nil
			}
			if !optional && l.opts.UnknownInclude(from, n.Args[0], p, l.fragment, !filepath.IsAbs(n.Args[0])) {
				l.unread = append(l.unread, lint.Unread{Pos: from, Path: n.Args[0], Reason: "outside the repository"})
				return nil
			}
			if !optional {
				l.errorf(from, "Could not open configuration file %s: No such file or directory", input.Display(p))
			}
			return nil
		}
		files = l.expandDir(p, from)
	} else {
		files = l.glob(p, from, optional)
	}
	var out []*Node
	// The next files of the list are read and parsed on the other CPUs
	// while one is evaluated; everything that depends on the tree so far
	// (defines, modules, errors, limits, cycles, order) is still decided
	// one file at a time in order, as if each were read in its turn.
	var started []*pending
	ahead := 0
	if workers := runtime.GOMAXPROCS(0); len(files) > 1 && workers > 1 {
		ahead = prefetchWindow * workers
	}
	next := 0
	for i, f := range files {
		for ; ahead > 0 && next < len(files) && next <= i+ahead; next++ {
			if l.opts.Limits.MaxFiles > 0 && l.nfiles+len(l.pre) >= l.opts.Limits.MaxFiles {
				break
			}
			if r := l.prefetch(files[next], len(blocks)); r != nil {
				started = append(started, r)
			}
		}
		canon, err := l.canonical(f)
		if err != nil {
			l.errorf(from, "cannot read %s: %v", input.Display(f), err)
			continue
		}
		if i := indexOf(l.reading, canon); i >= 0 {
			chain := append(append([]string(nil), l.reading[i:]...), canon)
			for j := range chain {
				chain[j] = input.Display(chain[j])
			}
			l.errorf(from, "include cycle: %s", strings.Join(chain, " → "))
			continue
		}
		nodes := l.readFile(f, from, len(blocks))
		l.reading = append(l.reading, canon)
		out = append(out, l.eval(nodes, blocks)...)
		l.reading = l.reading[:len(l.reading)-1]
	}
	// Files read ahead that were not taken (a cycle, a limit) are waited
	// for, so no reader outlives the load.
	for _, r := range started {
		<-r.done
	}
	for k, r := range l.pre {
		for _, s := range started {
			if r == s {
				delete(l.pre, k)
			}
		}
	}
	return out
}

// canonical is input.Canonical, once per path and load: a snippet that
// every virtual host includes is resolved, symlink by symlink, once.
func (l *loader) canonical(p string) (string, error) {
	if c, ok := l.canon[p]; ok {
		return c.path, c.err
	}
	path, err := input.Canonical(p)
	if l.canon == nil {
		l.canon = map[string]canonResult{}
	}
	l.canon[p] = canonResult{path, err}
	return path, err
}

type canonResult struct {
	path string
	err  error
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// expandDir returns p, or for a directory all files below it in httpd's
// order (strcmp of names, depth first).
func (l *loader) expandDir(p string, from lint.Position) []string {
	return l.expandDirDepth(p, from, 0)
}

func (l *loader) expandDirDepth(p string, from lint.Position, depth int) []string {
	if !isDir(p) {
		return []string{p}
	}
	if depth >= l.opts.Limits.MaxIncludeDepth {
		// httpd's own bound; a directory symlinked into itself ends here.
		l.errorf(from, "Directory %s exceeds the maximum include directory nesting level of %d. You have probably a recursion somewhere.", input.Display(p), l.opts.Limits.MaxIncludeDepth)
		return nil
	}
	ents, err := os.ReadDir(p)
	if err != nil {
		l.errorf(from, "Could not open directory %s: %v", input.Display(p), err)
		return nil
	}
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	var out []string
	for _, name := range names {
		out = append(out, l.expandDirDepth(filepath.Join(p, name), from, depth+1)...)
	}
	return out
}

func (l *loader) glob(p string, from lint.Position, optional bool) []string {
	vol := filepath.VolumeName(p)
	rest := strings.TrimPrefix(p[len(vol):], string(filepath.Separator))
	parts := strings.Split(rest, string(filepath.Separator))
	dirs := []string{vol + string(filepath.Separator)}
	for i, part := range parts {
		last := i == len(parts)-1
		var next []string
		for _, d := range dirs {
			if !hasMeta(part) {
				q := filepath.Join(d, part)
				if last || isDir(q) {
					if exists(q) {
						next = append(next, q)
					}
					continue
				}
				if !optional {
					l.errorf(from, "Include/IncludeOptional: Could not open directory %s: No such file or directory", input.Display(q))
				}
				continue
			}
			ents, err := os.ReadDir(d)
			if err != nil {
				if !optional {
					l.errorf(from, "Include/IncludeOptional: Could not open directory %s: No such file or directory", input.Display(d))
				}
				continue
			}
			var matched []string
			for _, e := range ents {
				name := e.Name()
				if strings.HasPrefix(name, ".") && !strings.HasPrefix(part, ".") {
					continue
				}
				if ok, err := filepath.Match(part, name); err == nil && ok {
					q := filepath.Join(d, name)
					if last || isDir(q) {
						matched = append(matched, q)
					}
				}
			}
			sort.Strings(matched)
			if len(matched) == 0 && last && !optional {
				l.errorf(from, "Include/IncludeOptional: No matches for the wildcard '%s' in '%s', failing", part, input.Display(d))
			}
			next = append(next, matched...)
		}
		dirs = next
	}
	var out []string
	for _, f := range dirs {
		out = append(out, l.expandDir(f, from)...)
	}
	return out
}

func (l *loader) defineMacro(n *Node) {
	if len(n.Args) == 0 {
		return
	}
	l.macros[strings.ToLower(n.Args[0])] = &macro{name: n.Args[0], params: n.Args[1:], body: n.Children, pos: n.Pos}
}

// use expands a mod_macro Use: the macro's body with each parameter
// replaced by its value, positioned where the macro defines it.
func (l *loader) use(n *Node, blocks []string) []*Node {
	if len(n.Args) == 0 {
		return nil
	}
	m := l.macros[strings.ToLower(n.Args[0])]
	if m == nil {
		if !l.fragment {
			l.errorf(n.Pos, "macro '%s' undefined", n.Args[0])
		}
		return nil
	}
	vals := n.Args[1:]
	if len(vals) != len(m.params) {
		l.errorf(n.Pos, "macro '%s' (defined on line %d of \"%s\") with %d arguments used with %d arguments",
			m.name, m.pos.Line, m.pos.File(), len(m.params), len(vals))
		return nil
	}
	if indexOf(l.reading, "macro:"+strings.ToLower(m.name)) >= 0 {
		// mod_macro's own check.
		l.errorf(n.Pos, "recursive use of macro '%s' is invalid", m.name)
		return nil
	}
	if len(l.reading) >= l.opts.Limits.MaxIncludeDepth {
		l.errorf(n.Pos, "macro '%s' expands too deep", m.name)
		return nil
	}
	// Longer names first so $host does not eat $hostname.
	order := make([]int, len(m.params))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(m.params[order[a]]) > len(m.params[order[b]]) })
	replace := func(s string) string {
		for _, i := range order {
			if m.params[i] != "" {
				s = strings.ReplaceAll(s, m.params[i], vals[i])
			}
		}
		return s
	}
	body := expandNodes(m.body, replace)
	l.reading = append(l.reading, "macro:"+strings.ToLower(m.name))
	out := l.eval(body, blocks)
	l.reading = l.reading[:len(l.reading)-1]
	return out
}

func expandNodes(ns []*Node, replace func(string) string) []*Node {
	out := make([]*Node, 0, len(ns))
	for _, n := range ns {
		c := *n
		if !n.Comment {
			c.Name = replace(n.Name)
			c.Line = replace(n.Line)
			if c.Line != n.Line {
				c.Args = Words(c.Line)
				c.ArgPos = rePos(n, len(c.Args))
			}
			c.Children = expandNodes(n.Children, replace)
		}
		out = append(out, &c)
	}
	return out
}

// nilIfEmpty keeps eval's result nil when no node is kept: the sections'
// Children were nil then.
func nilIfEmpty(ns []*Node) []*Node {
	if len(ns) == 0 {
		return nil
	}
	return ns
}
