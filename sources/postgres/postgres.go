// Package postgres reads PostgreSQL's postgresql.conf and PgBouncer's
// pgbouncer.ini into the model's backends (lint.Backend, Kind
// "postgresql" or "pgbouncer", sources lint.PostgreSQL and
// lint.PgBouncer): where the server listens and how many client
// connections it accepts at once.
//
// postgresql.conf is read as PostgreSQL's guc-file.l reads it: "name =
// value" or "name value", '#' comments, single-quoted strings (a
// quote doubled inside), names case-insensitive; the last value wins.
// "include 'FILE'" and "include_if_exists 'FILE'" read a file and
// "include_dir 'DIR'" every *.conf file of a directory in name order,
// relative paths from the including file's directory. A line it cannot
// read is PostgreSQL's error: syntax error in file "F" line N, near
// token "T". Read: max_connections (100), superuser_reserved_connections
// (3) and reserved_connections (0, PostgreSQL 16) — what is left for
// ordinary clients is the backend's Workers —, port (5432),
// listen_addresses ('localhost'), unix_socket_directories.
//
// pgbouncer.ini is INI: "[pgbouncer]" and "[databases]" sections, "key =
// value", ';' and '#' comment lines, "%include FILE". Read from
// [pgbouncer]: listen_addr, listen_port (6432), unix_socket_dir,
// max_client_conn (100; the backend's Workers: the clients it accepts)
// and default_pool_size (20, in Params).
//
// Absolute include paths are looked for in the repository as PHP-FPM's
// are; what is not there is a notice and lint.Unread.
package postgres

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Defaults of PostgreSQL 16 and PgBouncer 1.2x.
const (
	defaultMaxConnections   = 100
	defaultSuperuserReserve = 3
	defaultPort             = 5432
	defaultBouncerPort      = 6432
	defaultMaxClientConn    = 100
	defaultPoolSize         = 20
	maxDepth                = 10
)

// Setting is one "name = value" line.
type Setting struct {
	Name     string // lower case
	Value    string
	Pos      lint.Position
	ValuePos lint.Position
}

// ParseConf reads postgresql.conf's lines: settings, and include lines as
// settings named include, include_dir, include_if_exists.
func ParseConf(file string, data []byte) ([]Setting, []lint.LoadError) {
	var out []Setting
	var errs []lint.LoadError
	for n, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r")
		i := 0
		skip := func() {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
		}
		skip()
		if i >= len(line) || line[i] == '#' {
			continue
		}
		start := i
		for i < len(line) && (isName(line[i])) {
			i++
		}
		pos := lint.At(file, n+1, col(line, start))
		if i == start {
			errs = append(errs, syntax(file, n+1, line, start))
			continue
		}
		name := strings.ToLower(line[start:i])
		skip()
		if i < len(line) && line[i] == '=' {
			i++
			skip()
		}
		vstart := i
		var val string
		switch {
		case i < len(line) && line[i] == '\'':
			var b strings.Builder
			i++
			closed := false
			for i < len(line) {
				if line[i] == '\'' {
					if i+1 < len(line) && line[i+1] == '\'' {
						b.WriteByte('\'')
						i += 2
						continue
					}
					i++
					closed = true
					break
				}
				if line[i] == '\\' && i+1 < len(line) {
					i++
				}
				b.WriteByte(line[i])
				i++
			}
			if !closed {
				errs = append(errs, syntax(file, n+1, line, vstart))
				continue
			}
			val = b.String()
		default:
			for i < len(line) && line[i] != ' ' && line[i] != '\t' && line[i] != '#' {
				i++
			}
			val = line[vstart:i]
			if val == "" {
				errs = append(errs, syntax(file, n+1, line, vstart))
				continue
			}
		}
		skip()
		if i < len(line) && line[i] != '#' {
			errs = append(errs, syntax(file, n+1, line, i))
			continue
		}
		out = append(out, Setting{Name: name, Value: val, Pos: pos, ValuePos: lint.At(file, n+1, col(line, vstart))})
	}
	return out, errs
}

func isName(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c >= 0x80
}

func syntax(file string, line int, text string, at int) lint.LoadError {
	tok := strings.TrimSpace(text[min(at, len(text)):])
	if i := strings.IndexAny(tok, " \t"); i > 0 {
		tok = tok[:i]
	}
	return lint.Errorf(lint.At(file, line, col(text, at)), "syntax error in file %q line %d, near token %q", file, line, tok)
}

func col(line string, i int) int { return len([]rune(line[:min(i, len(line))])) + 1 }

// marked counts the lines of data whose setting name (as ParseConf reads
// it) is one of confMarks, up to 2, without parsing the file: discovery
// sniffs every file of a tree, nearly all of them no PostgreSQL's.
func marked(data []byte) int {
	n := 0
	var buf [40]byte
	for len(data) > 0 && n < 2 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		start := i
		for i < len(line) && isName(line[i]) {
			i++
		}
		if i == start || i-start > len(buf) {
			continue
		}
		name := buf[:0]
		for _, c := range line[start:i] {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			name = append(name, c)
		}
		if confMarks[string(name)] {
			n++
		}
	}
	return n
}

// confMarks are settings only postgresql.conf has.
var confMarks = map[string]bool{
	"max_connections": true, "shared_buffers": true, "listen_addresses": true, "work_mem": true,
	"maintenance_work_mem": true, "effective_cache_size": true, "wal_level": true, "max_wal_size": true,
	"checkpoint_completion_target": true, "log_line_prefix": true, "datestyle": true, "lc_messages": true,
	"default_text_search_config": true, "unix_socket_directories": true, "hba_file": true, "data_directory": true,
	"random_page_cost": true, "max_worker_processes": true, "autovacuum": true, "log_timezone": true,
	"dynamic_shared_memory_type": true, "superuser_reserved_connections": true, "ssl": true, "timezone": true,
}

// SniffConf tells postgresql.conf: 2 for a file named so (or with
// includes) with PostgreSQL's settings, 1 for a file of them (a conf.d
// fragment), else 0.
func SniffConf(path string, head []byte) int {
	if marked(head) < 2 {
		return 0 // cheaply: known below needs two of confMarks
	}
	settings, errs := ParseConf(path, head)
	known, include := 0, false
	for _, s := range settings {
		switch {
		case confMarks[s.Name]:
			known++
		case strings.HasPrefix(s.Name, "include"):
			include = true
		}
	}
	if known < 2 || len(errs)*4 > len(settings) {
		return 0
	}
	if strings.EqualFold(filepath.Base(path), "postgresql.conf") || include {
		return 2
	}
	return 1
}

type loader struct {
	opts     input.Options
	root     string
	entryDir string
	files    []string
	text     map[string][]byte
	settings []Setting
	errs     []lint.LoadError
	unread   []lint.Unread
	seen     map[string]bool
}

func newLoader(entry string, opts input.Options) (*loader, string, error) {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	abs, err := filepath.Abs(entry)
	if err != nil {
		return nil, "", err
	}
	root := opts.Root
	if root == "" {
		root = input.RepoOf(entry)
	}
	root, _ = filepath.Abs(root)
	return &loader{opts: opts, root: root, entryDir: filepath.Dir(abs), text: map[string][]byte{}, seen: map[string]bool{}}, abs, nil
}

func (l *loader) readFile(path string, at lint.Position) ([]byte, string, bool) {
	display := input.Display(path)
	if l.seen[path] {
		return nil, display, false
	}
	l.seen[path] = true
	data, err := input.ReadFile(path, l.opts.Limits)
	if err != nil {
		l.errs = append(l.errs, lint.Errorf(at, "could not open configuration file %q: %v", display, err))
		return nil, display, false
	}
	l.files = append(l.files, display)
	l.text[display] = data
	return data, display, true
}

// locate finds an included path in the repository.
func (l *loader) locate(p, dir string) (string, bool) {
	var cands []string
	if !filepath.IsAbs(p) {
		cands = append(cands, filepath.Join(dir, p))
	} else {
		cands = append(cands, filepath.Join(l.root, p))
		parts := strings.Split(strings.TrimPrefix(filepath.Clean(p), "/"), "/")
		for i := 1; i < len(parts); i++ {
			tail := filepath.Join(parts[i:]...)
			cands = append(cands, filepath.Join(l.entryDir, tail), filepath.Join(filepath.Dir(l.entryDir), tail))
		}
	}
	for _, c := range cands {
		if !strings.HasPrefix(c, l.root+string(filepath.Separator)) {
			continue
		}
		if _, err := os.Stat(c); err == nil {
			return c, true
		}
	}
	return "", false
}

func (l *loader) notRead(pos lint.Position, what, path string, quiet bool) {
	reason := fmt.Sprintf("%s is not in the repository", path)
	if !quiet {
		l.opts.Notice(pos, "not read: %s %s: %s", what, path, reason)
	}
	l.unread = append(l.unread, lint.Unread{Pos: pos, Path: path, Reason: reason})
}

// LoadConf reads postgresql.conf and what it includes.
func LoadConf(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	l, abs, err := newLoader(entry, opts)
	if err != nil {
		return nil, []lint.LoadError{lint.Errorf(lint.AtFile(input.Display(entry)), "%v", err)}
	}
	if !l.conf(abs, lint.AtFile(input.Display(entry)), 0) {
		return nil, l.errs
	}
	display := input.Display(entry)
	b := confBackend(display, l.settings)
	cfg := &lint.Config{Source: lint.PostgreSQL, Root: display, Files: l.files, Text: l.text, Unread: l.unread,
		Product: lint.Product{Name: "postgresql"}, Backends: []*lint.Backend{b},
		Fragment: !strings.EqualFold(filepath.Base(entry), "postgresql.conf") && len(l.files) == 1}
	return []*lint.Config{cfg}, lint.UniqueErrors(l.errs)
}

func (l *loader) conf(path string, at lint.Position, depth int) bool {
	data, display, ok := l.readFile(path, at)
	if !ok {
		return false
	}
	settings, errs := ParseConf(display, data)
	l.errs = append(l.errs, errs...)
	for _, s := range settings {
		switch s.Name {
		case "include", "include_if_exists", "include_dir":
			if depth >= maxDepth {
				continue
			}
			p, ok := l.locate(s.Value, filepath.Dir(path))
			if !ok {
				// A missing include_if_exists is a notice to PostgreSQL
				// too; the lint still does not know what it would say.
				l.notRead(s.Pos, s.Name, s.Value, false)
				continue
			}
			if s.Name != "include_dir" {
				l.conf(p, s.Pos, depth+1)
				continue
			}
			matches, _ := filepath.Glob(filepath.Join(p, "*.conf"))
			sort.Strings(matches)
			for _, m := range matches {
				l.conf(m, s.Pos, depth+1)
			}
		default:
			l.settings = append(l.settings, s)
		}
	}
	return true
}

func confBackend(display string, settings []Setting) *lint.Backend {
	at := lint.At(display, 1, 1)
	b := &lint.Backend{Kind: "postgresql", Pos: at, Protocol: lint.Protocol("postgresql"),
		Unknown: map[string]lint.Position{}, Params: map[string]lint.Setting[string]{}}
	last := map[string]Setting{}
	for _, s := range settings {
		last[s.Name] = s
		b.Params[s.Name] = lint.Explicit(s.Value, s.ValuePos).By(s.Name)
	}
	num := func(name string, def int) (lint.Setting[int], bool) {
		if s, ok := last[name]; ok {
			if n, err := strconv.Atoi(s.Value); err == nil && n >= 0 {
				return lint.Explicit(n, s.ValuePos).By(name), true
			}
			b.Unknown[name] = s.ValuePos
			return lint.Default(def, at).By(name), false
		}
		return lint.Default(def, at).By(name), true
	}
	maxConn, ok1 := num("max_connections", defaultMaxConnections)
	su, ok2 := num("superuser_reserved_connections", defaultSuperuserReserve)
	res, ok3 := num("reserved_connections", 0)
	b.Workers = maxConn
	b.Workers.Value = max(0, maxConn.Value-su.Value-res.Value)
	if !ok1 || !ok2 || !ok3 {
		b.Unknown["max_connections"] = maxConn.Pos
	}
	port, okPort := num("port", defaultPort)
	listen := "localhost"
	lpos := at
	if s, ok := last["listen_addresses"]; ok {
		listen, lpos = s.Value, s.ValuePos
	}
	if okPort {
		for _, h := range strings.Split(listen, ",") {
			h = strings.TrimSpace(h)
			switch h {
			case "":
				continue
			case "*", "0.0.0.0", "::":
				h = ""
			}
			b.Listen = append(b.Listen, lint.Socket{Raw: fmt.Sprintf("%s:%d", h, port.Value), Pos: lpos, Host: h, Port: port.Value})
		}
	}
	if s, ok := last["unix_socket_directories"]; ok && okPort {
		for _, d := range strings.Split(s.Value, ",") {
			if d = strings.TrimSpace(d); filepath.IsAbs(d) {
				p := filepath.Join(d, fmt.Sprintf(".s.PGSQL.%d", port.Value))
				b.Listen = append(b.Listen, lint.Socket{Raw: p, Pos: s.ValuePos, Unix: p})
			}
		}
	}
	return b
}

// ParseINI reads pgbouncer.ini: the settings of [pgbouncer] (Name
// "section" entries mark sections, Name "%include" includes).
func ParseINI(file string, data []byte) []Setting {
	var out []Setting
	for n, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r")
		t := strings.TrimLeft(line, " \t")
		ind := len(line) - len(t)
		t = strings.TrimRight(t, " \t")
		pos := lint.At(file, n+1, col(line, ind))
		switch {
		case t == "" || t[0] == ';' || t[0] == '#':
			continue
		case t[0] == '[':
			end := strings.IndexByte(t, ']')
			if end < 0 {
				end = len(t)
			}
			out = append(out, Setting{Name: "section", Value: strings.ToLower(strings.TrimSpace(t[1:end])), Pos: pos})
		case strings.HasPrefix(t, "%include"):
			rest := strings.TrimSpace(t[len("%include"):])
			out = append(out, Setting{Name: "%include", Value: rest, Pos: pos, ValuePos: lint.At(file, n+1, col(line, ind+len(t)-len(rest)))})
		default:
			k, v, ok := strings.Cut(t, "=")
			if !ok {
				continue
			}
			val := strings.TrimLeft(v, " \t")
			out = append(out, Setting{Name: strings.ToLower(strings.TrimSpace(k)), Value: val, Pos: pos,
				ValuePos: lint.At(file, n+1, col(line, ind+len(t)-len(val)))})
		}
	}
	return out
}

var bouncerMarks = map[string]bool{
	"listen_addr": true, "listen_port": true, "auth_type": true, "auth_file": true, "pool_mode": true,
	"max_client_conn": true, "default_pool_size": true, "admin_users": true, "stats_users": true,
	"server_reset_query": true, "logfile": true, "pidfile": true, "unix_socket_dir": true,
}

// SniffBouncer tells pgbouncer.ini: a [pgbouncer] section with its
// settings (2), else 0.
func SniffBouncer(path string, head []byte) int {
	if !bouncerSection(head) {
		return 0 // cheaply: the section must be named so
	}
	in, known := false, 0
	for _, s := range ParseINI(path, head) {
		if s.Name == "section" {
			in = s.Value == "pgbouncer"
			continue
		}
		if in && bouncerMarks[s.Name] {
			known++
		}
	}
	if known < 2 {
		return 0
	}
	return 2
}

// bouncerSection reports whether a line of data holds a '[' with
// "pgbouncer" after it, as the line ParseINI reads as that section does.
func bouncerSection(data []byte) bool {
	for {
		i := bytes.IndexByte(data, '[')
		if i < 0 {
			return false
		}
		data = data[i+1:]
		line := data
		if j := bytes.IndexByte(data, '\n'); j >= 0 {
			line = data[:j]
		}
		if mentions(line, "pgbouncer") {
			return true
		}
	}
}

// mentions reports whether data holds word (lower-case ASCII) in any
// case, as a section name lowered by strings.ToLower would: no
// non-ASCII rune lowers to one of word's letters but the Kelvin sign
// ('k') and the dotted capital I ('i'), which word must not hold.
func mentions(data []byte, word string) bool {
	for i := 0; i+len(word) <= len(data); i++ {
		j := 0
		for j < len(word) && data[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}

// LoadBouncer reads pgbouncer.ini and the files it includes.
func LoadBouncer(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	l, abs, err := newLoader(entry, opts)
	if err != nil {
		return nil, []lint.LoadError{lint.Errorf(lint.AtFile(input.Display(entry)), "%v", err)}
	}
	if !l.ini(abs, lint.AtFile(input.Display(entry)), 0) {
		return nil, l.errs
	}
	display := input.Display(entry)
	cfg := &lint.Config{Source: lint.PgBouncer, Root: display, Files: l.files, Text: l.text, Unread: l.unread,
		Product: lint.Product{Name: "pgbouncer"}, Backends: []*lint.Backend{bouncerBackend(display, l.settings)}}
	return []*lint.Config{cfg}, lint.UniqueErrors(l.errs)
}

func (l *loader) ini(path string, at lint.Position, depth int) bool {
	data, display, ok := l.readFile(path, at)
	if !ok {
		return false
	}
	for _, s := range ParseINI(display, data) {
		if s.Name != "%include" {
			l.settings = append(l.settings, s)
			continue
		}
		if depth >= maxDepth {
			continue
		}
		if p, ok := l.locate(s.Value, filepath.Dir(path)); ok {
			l.ini(p, s.Pos, depth+1)
		} else {
			l.notRead(s.Pos, "%include", s.Value, false)
		}
	}
	return true
}

func bouncerBackend(display string, settings []Setting) *lint.Backend {
	at := lint.At(display, 1, 1)
	b := &lint.Backend{Kind: "pgbouncer", Pos: at, Protocol: lint.Protocol("postgresql"),
		Unknown: map[string]lint.Position{}, Params: map[string]lint.Setting[string]{}}
	in := false
	last := map[string]Setting{}
	for _, s := range settings {
		if s.Name == "section" {
			in = s.Value == "pgbouncer"
			if in {
				b.Pos = s.Pos
			}
			continue
		}
		if in {
			last[s.Name] = s
			b.Params[s.Name] = lint.Explicit(s.Value, s.ValuePos).By(s.Name)
		}
	}
	num := func(name string, def int) lint.Setting[int] {
		if s, ok := last[name]; ok {
			if n, err := strconv.Atoi(s.Value); err == nil && n >= 0 {
				return lint.Explicit(n, s.ValuePos).By(name)
			}
			b.Unknown[name] = s.ValuePos
		}
		return lint.Default(def, b.Pos).By(name)
	}
	b.Workers = num("max_client_conn", defaultMaxClientConn)
	if _, ok := last["default_pool_size"]; !ok {
		b.Params["default_pool_size"] = lint.Default(strconv.Itoa(defaultPoolSize), b.Pos).By("default_pool_size")
	}
	port := num("listen_port", defaultBouncerPort)
	if s, ok := last["listen_addr"]; ok && b.Known("listen_port") {
		for _, h := range strings.Split(s.Value, ",") {
			h = strings.TrimSpace(h)
			switch h {
			case "":
				continue
			case "*", "0.0.0.0", "::":
				h = ""
			}
			b.Listen = append(b.Listen, lint.Socket{Raw: fmt.Sprintf("%s:%d", h, port.Value), Pos: s.ValuePos, Host: h, Port: port.Value})
		}
	}
	if s, ok := last["unix_socket_dir"]; ok && filepath.IsAbs(s.Value) && b.Known("listen_port") {
		p := filepath.Join(s.Value, fmt.Sprintf(".s.PGSQL.%d", port.Value))
		b.Listen = append(b.Listen, lint.Socket{Raw: p, Pos: s.ValuePos, Unix: p})
	}
	return b
}
