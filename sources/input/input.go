// Package input reads configuration files for the source adapters: display
// paths, path mappings, and the limits that keep hostile or broken input
// (huge files, binary files, symlink loops, runaway includes) from hurting.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/edgelint/edgelint/lint"
)

// Limits bound what one load may read.
type Limits struct {
	MaxFileSize     int64 // bytes per file
	MaxFiles        int   // files per include tree
	MaxIncludeDepth int
	MaxLineLength   int // bytes
	// MaxBlockDepth bounds how deeply blocks (nginx { }, Apache <Section>)
	// may nest, so a file of a million opening braces is an error rather
	// than a stack overflow in a recursive parser or rule. 0 = no limit.
	MaxBlockDepth int
}

// DefaultLimits are generous for real estates (the largest real config in
// the corpus is 1.3 MB and 35,000 lines) and small enough to stop abuse.
var DefaultLimits = Limits{
	MaxFileSize:     32 << 20,
	MaxFiles:        20000,
	MaxIncludeDepth: 64,
	MaxLineLength:   1 << 20,
	// real configurations nest a handful of levels (http, server,
	// location, if); 100 is far beyond any of them
	MaxBlockDepth: 100,
}

// Mapping rewrites an absolute path prefix used inside a configuration
// (/etc/nginx) to where the files are in the checkout (deploy/nginx).
type Mapping struct {
	From string
	To   string
}

// Map applies the first mapping whose From is a path prefix of p.
func Map(p string, mappings []Mapping) (string, bool) {
	for _, m := range mappings {
		from := filepath.Clean(m.From)
		if p == from || strings.HasPrefix(p, from+string(filepath.Separator)) {
			return filepath.Join(m.To, strings.TrimPrefix(p, from)), true
		}
	}
	return p, false
}

// Display returns the path as findings show it: relative to the working
// directory when below it, else absolute.
func Display(p string) string {
	wd, err := Workdir()
	if err != nil {
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
		return p
	}
	return DisplayIn(wd, p)
}

// DisplayIn is Display for a caller that looked the working directory
// up once (Workdir stats "." on every call) and names many files.
func DisplayIn(wd, p string) string {
	abs, err := AbsIn(wd, p)
	if err != nil {
		return p
	}
	return relDisplay(wd, abs)
}

func relDisplay(wd, abs string) string {
	rel, err := filepath.Rel(wd, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return abs
	}
	return filepath.ToSlash(rel)
}

// ErrBinary marks a file that is not text.
var ErrBinary = errors.New("binary file (contains NUL bytes), not a configuration")

// ReadEntry reads a source that is one file: its display path and bytes
// within the options' limits (the defaults when none are set), or the
// load error that says why it could not be read.
func ReadEntry(entry string, opts Options) (string, []byte, []lint.LoadError) {
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	display := Display(entry)
	data, err := ReadFile(entry, opts.Limits)
	if err != nil {
		return display, nil, []lint.LoadError{lint.Errorf(lint.AtFile(display), "%v", err)}
	}
	return display, data, nil
}

// ReadFile reads a configuration file within the limits. The error says
// what was wrong in a way fit for a LoadError message.
func ReadFile(path string, lim Limits) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, describe(err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("is a directory")
	}
	// Devices, pipes and sockets never end (/dev/zero) or block (a FIFO):
	// configuration is only ever a regular file.
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", kind(st.Mode()))
	}
	if lim.MaxFileSize > 0 && st.Size() > lim.MaxFileSize {
		return nil, fmt.Errorf("file is %d bytes, over the %d-byte limit", st.Size(), lim.MaxFileSize)
	}
	f, err := Open(path)
	if err != nil {
		return nil, describe(err)
	}
	defer f.Close()
	// The file may grow between Stat and the read: never read past the limit.
	r := io.Reader(f)
	if lim.MaxFileSize > 0 {
		r = io.LimitReader(f, lim.MaxFileSize+1)
	}
	data, err := readAll(r, st.Size())
	if err != nil {
		return nil, describe(err)
	}
	if lim.MaxFileSize > 0 && int64(len(data)) > lim.MaxFileSize {
		return nil, fmt.Errorf("file is over the %d-byte limit", lim.MaxFileSize)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, ErrBinary
	}
	return data, nil
}

// readAll is io.ReadAll into a buffer of the size Stat gave (plus one
// byte to see the end of file), so a large file is not copied through
// every doubling of a growing buffer.
func readAll(r io.Reader, size int64) ([]byte, error) {
	data := make([]byte, 0, size+1)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// LongLine returns the 1-based number of the first line longer than max, or 0.
func LongLine(data []byte, max int) int {
	if max <= 0 {
		return 0
	}
	line := 1
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			i = len(data)
		}
		if i > max {
			return line
		}
		line++
		if i == len(data) {
			break
		}
		data = data[i+1:]
	}
	return 0
}

func describe(err error) error {
	// filepath.EvalSymlinks says "EvalSymlinks: too many links", which
	// names Go's function, not the problem
	if strings.Contains(err.Error(), "too many links") || errors.Is(err, syscall.ELOOP) {
		return errors.New("symbolic link loop")
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return errors.New("no such file")
		case errors.Is(err, os.ErrPermission):
			return errors.New("permission denied")
		}
		if strings.Contains(pe.Err.Error(), "too many levels of symbolic links") {
			return errors.New("symbolic link loop")
		}
		return pe.Err
	}
	return err
}

// Canonical resolves symlinks so a tree reached through two names is read
// once and include cycles are found.
func Canonical(p string) (string, error) {
	abs, err := Abs(p)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", describe(err)
	}
	return real, nil
}

// Options are the user's choices that shape how sources load files.
type Options struct {
	// NginxVersion is the target nginx version for version-dependent
	// defaults; zero means the documented default assumption.
	NginxVersion lint.Version
	// NginxEdition is "oss" (default) or "plus".
	NginxEdition string
	// ApacheDefines are parameters defined as with httpd -D NAME:
	// <IfDefine NAME> sections are read, <IfDefine !NAME> ones are not.
	ApacheDefines []string
	// Mappings rewrite absolute include paths to the checkout.
	Mappings []Mapping
	Limits   Limits
	// Notify receives notices: input left out of the lint, or read with
	// parts unknown, and why. Nil drops them.
	Notify func(lint.Notice)
	// StrictIncludes keeps a fragment's missing include an error even
	// when it points outside the repository (UnknownInclude).
	StrictIncludes bool
	// Progress, when not nil, hears of long work as it goes: stage
	// "files" with the files a directory walk has found (total 0, not
	// known yet), stage "trees" with the include trees read of total.
	Progress func(stage string, n, total int)
	// Root is the repository being checked: the git work tree holding the
	// path the user named, else that path (its directory for a file).
	// An include that a fragment names outside it is not the
	// repository's to provide. Empty means the entry's own repository
	// (see RepoOf).
	Root string
	// Entry, when not nil, is what discovery already knows of the file an
	// adapter's Load is given, so that it is not resolved and read again:
	// used only when Entry.Path is that file.
	Entry *Entry
}

// Entry is a file discovery has read: the path it was found by, its
// canonical path, its Display name, and its bytes when the head it read
// was the whole file (nil otherwise), with what the adapter's Sniff said
// of them.
type Entry struct {
	Path      string
	Canonical string
	Display   string
	Data      []byte
	// Sniffed is what the Sniff of the adapter of kind Kind said of Data.
	Kind    lint.SourceKind
	Sniffed int
}

// EntryDisplay returns Display(entry), known already when Options.Entry
// is entry.
func (o Options) EntryDisplay(entry string) string {
	if e := o.Entry; e != nil && e.Path == entry && e.Display != "" {
		return e.Display
	}
	return Display(entry)
}

// EntryCanonical returns the canonical path of entry when Options.Entry
// knows it, else input.Canonical(entry).
func (o Options) EntryCanonical(entry string) (string, error) {
	if e := o.Entry; e != nil && e.Path == entry && e.Canonical != "" {
		return e.Canonical, nil
	}
	return Canonical(entry)
}

// EntryData returns the bytes of entry discovery read when they are what
// ReadFile would return under lim (the whole file, within the size limit,
// no NUL byte); nil means read it.
func (o Options) EntryData(entry string, lim Limits) []byte {
	e := o.Entry
	if e == nil || e.Path != entry || e.Data == nil {
		return nil
	}
	if lim.MaxFileSize > 0 && int64(len(e.Data)) > lim.MaxFileSize || bytes.IndexByte(e.Data, 0) >= 0 {
		return nil
	}
	return e.Data
}

// EntrySniffed returns the data EntryData returns and what the Sniff of
// the adapter of kind k said of it, which discovery worked out already;
// ok is false when it did not (then data is nil).
func (o Options) EntrySniffed(entry string, k lint.SourceKind, lim Limits) (data []byte, sniffed int, ok bool) {
	if o.Entry == nil || o.Entry.Kind != k {
		return nil, 0, false
	}
	if data = o.EntryData(entry, lim); data == nil {
		return nil, 0, false
	}
	return data, o.Entry.Sniffed, true
}

// RepoOf returns the repository a path belongs to: the nearest directory
// at or above it holding .git, else the path itself (its directory when
// it is a file).
func RepoOf(p string) string {
	abs, err := Abs(p)
	if err != nil {
		return p
	}
	start := abs
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		start = filepath.Dir(abs)
	}
	for d := start; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return start
		}
		d = parent
	}
}

// Within reports whether path lies in dir (or is dir).
func Within(path, dir string) bool {
	rel, err := filepath.Rel(filepath.Clean(dir), filepath.Clean(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// UnknownInclude decides what a fragment's missing include is. A
// fragment is read without the tree that includes it, on a machine that
// is not the server: a file it includes from outside the repository
// (/etc/letsencrypt/options-ssl-nginx.conf, /config/nginx/proxy.conf)
// is the server's, not missing. It reports true, after sending a notice
// at at, when the include is such a file; false when it stays an error:
// in a whole tree (nginx -t and apache2 -t fail there too), with
// StrictIncludes, or when the path lies inside the repository, which
// should then hold it. relative is true for an include resolved against
// the server's unknown prefix, which no directory of the repository from
// the fragment up holds.
func (o Options) UnknownInclude(at lint.Position, arg, path string, fragment, relative bool) bool {
	if !fragment || o.StrictIncludes {
		return false
	}
	if !relative {
		root := o.Root
		if root == "" {
			root = RepoOf(at.File())
		}
		if abs, err := filepath.Abs(root); err == nil && Within(path, abs) {
			return false
		}
		o.Notice(at, "not linted: include %q is outside the repository; its settings are unknown (--strict-includes makes this an error)", arg)
		return true
	}
	o.Notice(at, "not linted: include %q is not in the repository (the server reads it relative to its own prefix); its settings are unknown (--strict-includes makes this an error)", arg)
	return true
}

// Notice sends a notice to o.Notify, if any.
func (o Options) Notice(pos lint.Position, format string, args ...any) {
	if o.Notify != nil {
		o.Notify(lint.Notice{Pos: pos, Message: fmt.Sprintf(format, args...)})
	}
}

func kind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a file"
}
