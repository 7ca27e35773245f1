// Package mycnf reads MySQL and MariaDB option files — my.cnf and the
// files it includes — into the model's backends (lint.Backend, Kind
// "mysql", source lint.MySQL): where the server listens and how many
// connections it accepts at once.
//
// The reading follows mysys/my_default.c (MariaDB 10.x and 11.x, MySQL
// 8): '#' and ';' start a comment line, and '#' a comment after a value;
// "[group]" starts a group; "name", "name=value" and "name = value" are
// options, '-' and '_' alike in names, a "loose-" prefix dropped; a value
// may be quoted ('…' or "…"). "!include FILE" reads a file and
// "!includedir DIR" every *.cnf file of a directory (in name order, as
// MariaDB reads them). The server reads the groups [mysqld], [server],
// [mariadb], [mariadbd] and their versioned forms ([mysqld-8.0],
// [mariadb-10.11]); the other groups are for clients and tools. An
// option before any group is the server's error "Found option without
// preceding group in config file: FILE at line: N"; an include without a
// path "Wrong '!include' directive in config file: FILE at line N"
// (my_print_defaults of MariaDB 10.11 words them so).
//
// Included paths are the server's: absolute ones are looked for in the
// repository as PHP-FPM's are — under the repository root, else the
// path's tail beside the entry (/etc/mysql/conf.d/ as conf.d/ next to
// my.cnf). What is not there is a notice, and the configuration is read
// with it unknown (lint.Unread).
//
// Read: max_connections (151), port (3306), bind_address (all
// addresses), socket, skip_networking, wait_timeout (28800s, in Params).
// A value with a variable or a unit the lint does not know is unknown
// (Backend.Unknown).
package mycnf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Defaults of MariaDB and MySQL.
const (
	defaultMaxConnections = 151
	defaultPort           = 3306
	maxDepth              = 10
)

// Line is one line of an option file that is not a comment.
type Line struct {
	// Kind: "group", "option", "include", "includedir".
	Kind     string
	Name     string // group name, option name (normalised) or path
	Value    string
	HasValue bool
	Pos      lint.Position
	ValuePos lint.Position
}

// Parse reads an option file's lines; errs are the server's errors.
func Parse(file string, data []byte) ([]Line, []lint.LoadError) {
	var out []Line
	var errs []lint.LoadError
	group := false
	for n, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r")
		t := strings.TrimLeft(line, " \t")
		ind := len(line) - len(t)
		t = strings.TrimRight(t, " \t")
		pos := lint.At(file, n+1, col(line, ind))
		if t == "" || t[0] == '#' || t[0] == ';' {
			continue
		}
		if t[0] == '!' {
			word, rest, _ := strings.Cut(t[1:], " ")
			rest = strings.TrimSpace(rest)
			word = strings.TrimRight(word, "\t")
			if word != "include" && word != "includedir" {
				continue // the server passes other '!' lines over
			}
			if rest == "" {
				errs = append(errs, lint.Errorf(pos, "Wrong '!%s' directive in config file: %s at line %d", word, file, n+1))
				continue
			}
			vpos := pos
			vpos.Col = int32(col(line, ind+len(t)-len(rest)))
			out = append(out, Line{Kind: word, Name: rest, Pos: pos, ValuePos: vpos})
			continue
		}
		if t[0] == '[' {
			end := strings.IndexByte(t, ']')
			if end < 0 {
				errs = append(errs, lint.Errorf(pos, "Wrong group definition in config file: %s at line %d", file, n+1))
				continue
			}
			group = true
			out = append(out, Line{Kind: "group", Name: strings.ToLower(strings.TrimSpace(t[1:end])), Pos: pos})
			continue
		}
		if !group {
			errs = append(errs, lint.Errorf(pos, "Found option without preceding group in config file: %s at line: %d", file, n+1))
			continue
		}
		name, val, has := t, "", false
		vcol := 0
		if i := strings.IndexByte(t, '='); i >= 0 {
			name, val, has = strings.TrimRight(t[:i], " \t"), strings.TrimLeft(t[i+1:], " \t"), true
			vcol = ind + len(t) - len(val)
			val = value(val)
		} else if i := strings.IndexByte(t, '#'); i >= 0 {
			name = strings.TrimRight(t[:i], " \t")
		}
		name = strings.ReplaceAll(strings.ToLower(name), "-", "_")
		name = strings.TrimPrefix(name, "loose_")
		l := Line{Kind: "option", Name: name, Value: val, HasValue: has, Pos: pos}
		if has {
			l.ValuePos = lint.At(file, n+1, col(line, vcol))
		}
		out = append(out, l)
	}
	return out, errs
}

func col(line string, i int) int { return len([]rune(line[:min(i, len(line))])) + 1 }

// value unquotes a value, or drops a trailing '#' comment from an
// unquoted one.
func value(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		if end := strings.IndexByte(v[1:], v[0]); end >= 0 {
			return v[1 : end+1]
		}
	}
	if i := strings.Index(v, "#"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimRight(v, " \t")
}

var serverGroup = regexp.MustCompile(`^(mysqld|server|mariadb|mariadbd)(-[0-9][0-9.]*)?$`)

// ServerGroup reports a group the server reads.
func ServerGroup(g string) bool { return serverGroup.MatchString(g) }

// Sniff tells an option file: 2 for a main file (my.cnf, my.ini,
// mariadb.cnf, or one with !include), 1 for a file of server or client
// groups with MySQL's options, else 0.
func Sniff(path string, head []byte) int {
	if !groupOrInclude(head) {
		return 0 // cheaply: every verdict below needs a group or an !include
	}
	lines, _ := Parse(path, head)
	groups, known, other, include := 0, 0, 0, false
	for _, l := range lines {
		switch l.Kind {
		case "group":
			if ServerGroup(l.Name) || clientGroups[l.Name] {
				groups++
			} else if !strings.HasPrefix(l.Name, "mysql") && !strings.HasPrefix(l.Name, "mariadb") {
				other++
			}
		case "include", "includedir":
			include = true
		case "option":
			if options[l.Name] {
				known++
			}
		}
	}
	base := strings.ToLower(filepath.Base(path))
	named := base == "my.cnf" || base == "my.ini" || base == "mariadb.cnf" || base == "mysql.cnf"
	switch {
	case named && (include || groups > 0):
		return 2
	case groups > 0 && other == 0 && known > 0:
		if include {
			return 2
		}
		return 1
	}
	return 0
}

// groupOrInclude reports whether a line of data starts, after blanks,
// with [ or !: without one, Parse finds no group and no include.
// Discovery sniffs every file of a tree, nearly all of them no MySQL's.
func groupOrInclude(data []byte) bool {
	for len(data) > 0 {
		i := 0
		for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
			i++
		}
		if i < len(data) && (data[i] == '[' || data[i] == '!') {
			return true
		}
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return false
		}
		data = data[i+j+1:]
	}
	return false
}

var clientGroups = map[string]bool{
	"client": true, "mysql": true, "mysqldump": true, "client_server": true, "client-server": true,
	"mysqld_safe": true, "mariadb-client": true, "mysqladmin": true, "mariadbd-safe": true,
}

// options are names that say "MySQL" in a file of groups.
var options = map[string]bool{
	"max_connections": true, "bind_address": true, "port": true, "socket": true, "datadir": true,
	"innodb_buffer_pool_size": true, "character_set_server": true, "collation_server": true,
	"user": true, "pid_file": true, "log_error": true, "wait_timeout": true, "max_allowed_packet": true,
	"skip_name_resolve": true, "default_character_set": true, "sql_mode": true, "server_id": true,
	"log_bin": true, "innodb_log_file_size": true, "key_buffer_size": true, "query_cache_size": true,
	"thread_cache_size": true, "tmp_table_size": true, "max_heap_table_size": true, "skip_networking": true,
	"default_authentication_plugin": true, "innodb_file_per_table": true, "basedir": true, "tmpdir": true,
}

type loader struct {
	opts     input.Options
	root     string
	entryDir string
	files    []string
	text     map[string][]byte
	lines    []Line
	errs     []lint.LoadError
	unread   []lint.Unread
	seen     map[string]bool
}

// Load reads the option file entry and the files it includes.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	abs, err := filepath.Abs(entry)
	if err != nil {
		return nil, []lint.LoadError{lint.Errorf(lint.AtFile(input.Display(entry)), "%v", err)}
	}
	root := opts.Root
	if root == "" {
		root = input.RepoOf(entry)
	}
	root, _ = filepath.Abs(root)
	l := &loader{opts: opts, root: root, entryDir: filepath.Dir(abs), text: map[string][]byte{}, seen: map[string]bool{}}
	if !l.read(abs, lint.AtFile(input.Display(entry)), 0) {
		return nil, l.errs
	}
	display := input.Display(entry)
	cfg := build(display, l.lines, len(l.errs) > 0)
	cfg.Files, cfg.Text, cfg.Unread = l.files, l.text, l.unread
	base := strings.ToLower(filepath.Base(entry))
	cfg.Fragment = !(base == "my.cnf" || base == "my.ini" || base == "mariadb.cnf" || base == "mysql.cnf") && len(l.files) == 1
	return []*lint.Config{cfg}, lint.UniqueErrors(l.errs)
}

func (l *loader) read(path string, at lint.Position, depth int) bool {
	display := input.Display(path)
	if l.seen[path] {
		return true
	}
	l.seen[path] = true
	data, err := input.ReadFile(path, l.opts.Limits)
	if err != nil {
		l.errs = append(l.errs, lint.Errorf(at, "Could not open required defaults file: %s (%v)", display, err))
		return false
	}
	l.files = append(l.files, display)
	l.text[display] = data
	lines, errs := Parse(display, data)
	l.errs = append(l.errs, errs...)
	for _, ln := range lines {
		switch ln.Kind {
		case "include", "includedir":
			if depth >= maxDepth {
				continue
			}
			p, ok := l.locate(ln.Name, filepath.Dir(path))
			if !ok {
				reason := fmt.Sprintf("%s is not in the repository", ln.Name)
				l.opts.Notice(ln.Pos, "not read: !%s %s: %s", ln.Kind, ln.Name, reason)
				l.unread = append(l.unread, lint.Unread{Pos: ln.Pos, Path: ln.Name, Reason: reason})
				continue
			}
			if ln.Kind == "include" {
				l.read(p, ln.Pos, depth+1)
				continue
			}
			matches, _ := filepath.Glob(filepath.Join(p, "*.cnf"))
			sort.Strings(matches)
			for _, m := range matches {
				l.read(m, ln.Pos, depth+1)
			}
		default:
			l.lines = append(l.lines, ln)
		}
	}
	return true
}

// locate finds an included path in the repository: relative to the
// including file, under the repository root, or its tail beside the
// entry (conf.d/ for /etc/mysql/conf.d/).
func (l *loader) locate(p, dir string) (string, bool) {
	p = filepath.Clean(p)
	var cands []string
	if !filepath.IsAbs(p) {
		cands = append(cands, filepath.Join(dir, p))
	} else {
		cands = append(cands, filepath.Join(l.root, p))
		parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
		for i := 1; i < len(parts); i++ {
			tail := filepath.Join(parts[i:]...)
			cands = append(cands, filepath.Join(l.entryDir, tail), filepath.Join(filepath.Dir(l.entryDir), tail))
		}
	}
	for _, c := range cands {
		if !strings.HasPrefix(c, l.root+string(filepath.Separator)) && c != l.root {
			continue
		}
		if _, err := os.Stat(c); err == nil {
			return c, true
		}
	}
	return "", false
}

// build turns the server groups' options into one backend; the last
// value of an option wins.
func build(display string, lines []Line, _ bool) *lint.Config {
	at := lint.At(display, 1, 1)
	b := &lint.Backend{
		Kind: "mysql", Pos: at, Protocol: lint.Protocol("mysql"),
		Unknown: map[string]lint.Position{}, Params: map[string]lint.Setting[string]{},
	}
	inServer, first := false, true
	last := map[string]Line{}
	for _, l := range lines {
		if l.Kind == "group" {
			inServer = ServerGroup(l.Name)
			if inServer && first {
				b.Pos, first = l.Pos, false
			}
			continue
		}
		if !inServer {
			continue
		}
		last[l.Name] = l
		b.Params[l.Name] = lint.Explicit(l.Value, l.ValuePos).By(l.Name)
		if strings.Contains(l.Value, "$") {
			b.Unknown[l.Name] = l.ValuePos
		}
	}
	b.Workers = lint.Default(defaultMaxConnections, b.Pos).By("max_connections")
	if l, ok := last["max_connections"]; ok {
		if n, ok := number(l.Value); ok {
			b.Workers = lint.Explicit(n, l.ValuePos).By("max_connections")
		} else {
			b.Unknown["max_connections"] = l.ValuePos
		}
	}
	port := defaultPort
	if l, ok := last["port"]; ok {
		if n, ok := number(l.Value); ok && n > 0 && n < 65536 {
			port = n
		} else {
			b.Unknown["port"] = l.ValuePos
		}
	}
	_, skip := last["skip_networking"]
	if l, ok := last["skip_networking"]; ok && (l.Value == "0" || strings.EqualFold(l.Value, "off") || strings.EqualFold(l.Value, "false")) {
		skip = false
	}
	if !skip {
		host, hpos := "", b.Pos
		if l, ok := last["bind_address"]; ok {
			host, hpos = l.Value, l.ValuePos
			switch host {
			case "*", "0.0.0.0", "::":
				host = ""
			}
		}
		if _, unknown := b.Unknown["port"]; !unknown {
			b.Listen = append(b.Listen, lint.Socket{Raw: fmt.Sprintf("%s:%d", host, port), Pos: hpos, Host: host, Port: port})
		}
	}
	if l, ok := last["socket"]; ok && filepath.IsAbs(l.Value) {
		b.Listen = append(b.Listen, lint.Socket{Raw: l.Value, Pos: l.ValuePos, Unix: filepath.Clean(l.Value)})
	}
	return &lint.Config{Source: lint.MySQL, Root: display, Product: lint.Product{Name: "mysql"}, Backends: []*lint.Backend{b}}
}

// number reads an integer with mysqld's K, M and G suffixes.
func number(v string) (int, bool) {
	mult := 1
	if v != "" {
		switch v[len(v)-1] {
		case 'k', 'K':
			mult = 1 << 10
		case 'm', 'M':
			mult = 1 << 20
		case 'g', 'G':
			mult = 1 << 30
		}
		if mult > 1 {
			v = v[:len(v)-1]
		}
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 1<<31/mult {
		return 0, false
	}
	return n * mult, true
}
