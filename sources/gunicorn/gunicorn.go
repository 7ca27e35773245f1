// Package gunicorn reads gunicorn's configuration file (gunicorn.conf.py)
// into the model's backends (lint.Backend, source lint.Gunicorn).
//
// The file is Python that gunicorn executes. The lint reads only plain
// top-level assignments whose value is a literal — a number, a string, a
// list of strings, True or False: `bind = "127.0.0.1:8000"`,
// `workers = 4`, `timeout = 120`. A setting assigned anything else
// (`workers = multiprocessing.cpu_count() * 2 + 1`,
// `bind = os.environ["BIND"]`), or assigned inside a block (an if, a
// function), is unknown (Backend.Unknown) and no rule judges it; the
// last top-level assignment wins, as in Python.
//
// Read: bind (a string or a list; "unix:PATH" or "HOST:PORT"; not written
// means gunicorn's 127.0.0.1:8000 unless $PORT is set, so the address is
// left unknown), workers (1), timeout (30s), keepalive (2s), backlog
// (2048), worker_class (sync). The command line and $GUNICORN_CMD_ARGS
// override the file, so workers and timeout are unknown when the file
// does not write them. timeout is when the arbiter kills a worker
// that has not notified it: with sync workers that is a request running
// that long; other worker classes notify while a request runs, so their
// timeout is no request limit and is left unknown as one.
package gunicorn

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Defaults of gunicorn 23.
const (
	defaultWorkers   = 1
	defaultTimeout   = 30 * time.Second
	defaultKeepalive = 2 * time.Second
	defaultBacklog   = 2048
)

// Assignment is one assignment to a name.
type Assignment struct {
	Name string
	// Value is the literal as Python reads it (a list joined with
	// commas); Literal is false when it is not one.
	Value   string
	List    []string
	Literal bool
	// TopLevel is false inside a block.
	TopLevel bool
	Pos      lint.Position
	ValuePos lint.Position
}

var assignRE = regexp.MustCompile(`^([ \t]*)([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*([^=].*|)$`)

// Parse reads the assignments of a configuration file, line by line.
// Continuation lines of a bracketed value are joined to it.
func Parse(file string, data []byte) []Assignment {
	var out []Assignment
	lines := strings.Split(string(data), "\n")
	for n := 0; n < len(lines); n++ {
		line := strings.TrimRight(lines[n], "\r")
		m := assignRE.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		indent, name, val := line[m[2]:m[3]], line[m[4]:m[5]], line[m[6]:m[7]]
		a := Assignment{
			Name: name, TopLevel: indent == "",
			Pos:      lint.At(file, n+1, col(line, m[4])),
			ValuePos: lint.At(file, n+1, col(line, m[6])),
		}
		val = stripComment(val)
		// A list over several lines: join until the bracket closes.
		for strings.HasPrefix(val, "[") && !strings.HasSuffix(val, "]") && n+1 < len(lines) && n-int(a.Pos.Line) < 50 {
			n++
			val += " " + stripComment(strings.TrimSpace(strings.TrimRight(lines[n], "\r")))
		}
		a.Value, a.List, a.Literal = literal(val)
		out = append(out, a)
	}
	return out
}

func col(line string, i int) int { return len([]rune(line[:min(i, len(line))])) + 1 }

// stripComment drops a trailing '#' comment outside quotes.
func stripComment(v string) string {
	var q byte
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case q != 0 && c == '\\':
			i++
		case q != 0 && c == q:
			q = 0
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case q == 0 && c == '#':
			return strings.TrimSpace(v[:i])
		}
	}
	return strings.TrimSpace(v)
}

var (
	numRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	strRE = regexp.MustCompile(`^(?:"([^"\\]*)"|'([^'\\]*)')$`)
)

// literal reads a Python literal gunicorn's settings take.
func literal(v string) (string, []string, bool) {
	switch {
	case numRE.MatchString(v), v == "True", v == "False":
		return v, nil, true
	case strRE.MatchString(v):
		m := strRE.FindStringSubmatch(v)
		return m[1] + m[2], nil, true
	case strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") || strings.HasPrefix(v, "(") && strings.HasSuffix(v, ")"):
		var list []string
		for _, e := range strings.Split(v[1:len(v)-1], ",") {
			e = strings.TrimSpace(e)
			if e == "" {
				continue
			}
			m := strRE.FindStringSubmatch(e)
			if m == nil {
				return "", nil, false
			}
			list = append(list, m[1]+m[2])
		}
		return strings.Join(list, ","), list, true
	}
	return "", nil, false
}

// settings are the names gunicorn's file sets that the lint reads.
var settings = map[string]bool{
	"bind": true, "workers": true, "timeout": true, "keepalive": true, "backlog": true,
	"worker_class": true, "threads": true, "graceful_timeout": true, "max_requests": true,
	"wsgi_app": true, "accesslog": true, "errorlog": true, "loglevel": true, "preload_app": true,
	"worker_connections": true, "pidfile": true, "chdir": true, "daemon": true, "user": true, "group": true,
}

// Sniff tells gunicorn's configuration file: a Python file named for
// gunicorn (gunicorn.conf.py, gunicorn_config.py, gunicorn/conf.py) that
// assigns at least two of gunicorn's settings, one of them bind, workers
// or timeout. Other Python files are code.
func Sniff(path string, head []byte) int {
	p := strings.ToLower(filepath.ToSlash(path))
	if !strings.HasSuffix(p, ".py") || !strings.Contains(p, "gunicorn") {
		return 0
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return 0
	}
	n, core := 0, false
	for _, a := range Parse(path, head) {
		if a.TopLevel && settings[a.Name] {
			n++
			core = core || a.Name == "bind" || a.Name == "workers" || a.Name == "timeout"
		}
	}
	if n < 2 || !core {
		return 0
	}
	return 2
}

// Load reads one gunicorn configuration file.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	display, data, errs := input.ReadEntry(entry, opts)
	if errs != nil {
		return nil, errs
	}
	return []*lint.Config{Build(display, data)}, nil
}

// Build is the model of one file's text.
func Build(display string, data []byte) *lint.Config {
	as := Parse(display, data)
	at := lint.At(display, 1, 1)
	b := &lint.Backend{
		Kind: "gunicorn", Pos: at, Protocol: lint.ProtoHTTP,
		Unknown: map[string]lint.Position{}, Params: map[string]lint.Setting[string]{},
	}
	last := map[string]Assignment{}
	for _, a := range as {
		if !settings[a.Name] {
			continue
		}
		if !a.TopLevel || !a.Literal {
			// Set by code, or only on some path: unknown from here on
			// unless a later plain assignment replaces it.
			b.Unknown[a.Name] = a.Pos
			delete(last, a.Name)
			continue
		}
		delete(b.Unknown, a.Name)
		last[a.Name] = a
		b.Params[a.Name] = lint.Explicit(a.Value, a.ValuePos).By(a.Name)
	}
	if a, ok := last["bind"]; ok {
		list := a.List
		if list == nil {
			list = []string{a.Value}
		}
		for _, v := range list {
			if s, ok := socket(v, a.ValuePos); ok {
				b.Listen = append(b.Listen, s)
			} else {
				b.Unknown["bind"] = a.ValuePos
			}
		}
	} else if _, unknown := b.Unknown["bind"]; !unknown {
		b.Unknown["bind"] = at // 127.0.0.1:8000, or 0.0.0.0:$PORT
	}
	num := func(name string, def int) lint.Setting[int] {
		if a, ok := last[name]; ok {
			if f, err := strconv.ParseFloat(a.Value, 64); err == nil {
				return lint.Explicit(int(f), a.ValuePos).By(name)
			}
			b.Unknown[name] = a.ValuePos
		}
		return lint.Default(def, at).By(name)
	}
	dur := func(name string, def time.Duration) lint.Duration {
		if a, ok := last[name]; ok {
			if f, err := strconv.ParseFloat(a.Value, 64); err == nil {
				return lint.Explicit(time.Duration(f*float64(time.Second)), a.ValuePos).By(name)
			}
			b.Unknown[name] = a.ValuePos
		}
		return lint.Default(def, at).By(name)
	}
	// gunicorn takes settings from its command line and
	// $GUNICORN_CMD_ARGS too (gunicorn -w 4 --timeout 120, often in a
	// Dockerfile or a compose command), and those win over the file: a
	// setting the file does not write is not known to be the default.
	for _, name := range []string{"workers", "timeout"} {
		if _, written := last[name]; !written {
			if _, unknown := b.Unknown[name]; !unknown {
				b.Unknown[name] = at
			}
		}
	}
	b.Workers = num("workers", defaultWorkers)
	b.Backlog = num("backlog", defaultBacklog)
	b.Manager = lint.Default("sync", at).By("worker_class")
	if a, ok := last["worker_class"]; ok {
		b.Manager = lint.Explicit(a.Value, a.ValuePos).By("worker_class")
	}
	b.RequestTimeout = dur("timeout", defaultTimeout)
	if _, unknown := b.Unknown["worker_class"]; unknown || !sync(b.Manager.Value) {
		if _, written := b.Unknown["timeout"]; !written {
			b.Unknown["timeout"] = b.RequestTimeout.Pos
		}
	}
	if a, ok := last["user"]; ok {
		b.User = lint.Explicit(a.Value, a.ValuePos).By("user")
	}
	return &lint.Config{
		Source: lint.Gunicorn, Root: display, Files: []string{display},
		Text: map[string][]byte{display: data}, Product: lint.Product{Name: "gunicorn"},
		Backends: []*lint.Backend{b},
	}
}

// sync reports gunicorn's synchronous worker class, whose timeout is a
// request's.
func sync(class string) bool {
	switch class {
	case "", "sync", "gunicorn.workers.sync.SyncWorker":
		return true
	}
	return false
}

// socket reads a bind address: "unix:PATH", "fd://N" (inherited, unknown
// here), "HOST:PORT", "[V6]:PORT", or "HOST" (port 8000).
func socket(v string, pos lint.Position) (lint.Socket, bool) {
	s := lint.Socket{Raw: v, Pos: pos}
	if p, ok := strings.CutPrefix(v, "unix:"); ok {
		if !filepath.IsAbs(p) {
			return s, false
		}
		s.Unix = filepath.Clean(p)
		return s, true
	}
	if strings.Contains(v, "://") {
		return s, false
	}
	host, port := v, "8000"
	if i := strings.LastIndexByte(v, ':'); i >= 0 && !strings.HasSuffix(v, "]") {
		host, port = v[:i], v[i+1:]
	}
	n, err := strconv.Atoi(port)
	if err != nil || n <= 0 || n > 65535 {
		return s, false
	}
	host = strings.Trim(host, "[]")
	switch host {
	case "*", "0.0.0.0", "::":
		host = ""
	}
	s.Host, s.Port = host, n
	return s, true
}
