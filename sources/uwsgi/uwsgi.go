// Package uwsgi reads a uWSGI ini file into the model's backends
// (lint.Backend, source lint.UWSGI): the sockets it listens on, its
// worker count, its request limit (harakiri) and its listen queue.
//
// The reading follows uWSGI's own (core/ini.c): only the [uwsgi] section
// is read (uwsgi --ini file.ini reads it by default), ';' and '#' start
// a comment line, a line without '=' is passed over as uWSGI passes it,
// a key may repeat (every socket listens), and the value is the rest of
// the line, trimmed, without inline comments. Values with uWSGI's
// placeholders — %(name), $(ENV), @(file), %d and the other magic
// variables — are expanded by uWSGI when it starts: the lint does not
// know them (Backend.Unknown) and no rule judges them.
//
// Read: socket and uwsgi-socket (the uwsgi protocol, uwsgi_pass), and
// http-socket (HTTP, proxy_pass); processes and workers (1 by default);
// harakiri (seconds, 0 = off, the default); listen (the backlog, 100);
// chmod-socket, chown-socket, uid and gid. The http option starts uWSGI's
// own router in front of the workers with timeouts of its own, so it is
// not read as a listener of the workers.
package uwsgi

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Defaults of uWSGI 2.0.
const (
	defaultProcesses = 1
	defaultListen    = 100
)

// Line is one key = value line of the [uwsgi] section.
type Line struct {
	Key      string // lower case, as uWSGI matches options
	Value    string
	Pos      lint.Position
	ValuePos lint.Position
}

// Parse reads the [uwsgi] section of an ini file.
func Parse(file string, data []byte) []Line {
	var out []Line
	section := ""
	for n, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r")
		t := strings.TrimLeft(line, " \t")
		indent := len(line) - len(t)
		t = strings.TrimRight(t, " \t")
		if t == "" || t[0] == ';' || t[0] == '#' {
			continue
		}
		if t[0] == '[' {
			if end := strings.IndexByte(t, ']'); end > 0 {
				section = strings.TrimSpace(t[1:end])
			}
			continue
		}
		if section != "uwsgi" {
			continue
		}
		eq := strings.IndexByte(t, '=')
		if eq <= 0 {
			continue
		}
		key := strings.TrimSpace(t[:eq])
		val := strings.TrimLeft(t[eq+1:], " \t")
		vcol := indent + len(t) - len(val)
		out = append(out, Line{
			Key:      strings.ToLower(key),
			Value:    val,
			Pos:      lint.At(file, n+1, col(line, indent)),
			ValuePos: lint.At(file, n+1, col(line, vcol)),
		})
	}
	return out
}

// col is the 1-based column, in characters, of byte offset i.
func col(line string, i int) int {
	return len([]rune(line[:min(i, len(line))])) + 1
}

// Sniff tells a uWSGI ini file: 2 when it has a [uwsgi] section with
// uWSGI's own options in it, else 0. Other INI files (php.ini, PHP-FPM
// pools, tox.ini) have no such section.
func Sniff(path string, head []byte) int {
	if !bytes.Contains(head, []byte("[uwsgi]")) {
		return 0
	}
	known := 0
	for _, l := range Parse(path, head) {
		if marks[l.Key] {
			known++
		}
	}
	if known == 0 {
		return 0
	}
	return 2
}

// marks are options only uWSGI has, or that an app server's file has.
var marks = map[string]bool{
	"socket": true, "uwsgi-socket": true, "http-socket": true, "http": true, "module": true,
	"wsgi-file": true, "master": true, "processes": true, "workers": true, "harakiri": true,
	"chdir": true, "callable": true, "vacuum": true, "chmod-socket": true, "plugin": true,
	"plugins": true, "threads": true, "enable-threads": true, "die-on-term": true, "mount": true,
}

// Load reads one uWSGI ini file.
func Load(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	display, data, errs := input.ReadEntry(entry, opts)
	if errs != nil {
		return nil, errs
	}
	return []*lint.Config{Build(display, data)}, nil
}

// Build is the model of one file's text.
func Build(display string, data []byte) *lint.Config {
	lines := Parse(display, data)
	name := strings.TrimSuffix(filepath.Base(display), filepath.Ext(display))
	at := lint.At(display, 1, 1)
	if len(lines) > 0 {
		at = lines[0].Pos
	}
	b := &lint.Backend{
		Kind: "uwsgi", Name: name, Pos: at, Protocol: lint.ProtoUWSGI,
		Unknown: map[string]lint.Position{}, Params: map[string]lint.Setting[string]{},
	}
	last := map[string]Line{}
	httpOnly := true
	for _, l := range lines {
		last[l.Key] = l
		b.Params[l.Key] = lint.Explicit(l.Value, l.ValuePos).By(l.Key)
		if placeholder(l.Value) {
			b.Unknown[l.Key] = l.ValuePos
		}
		switch l.Key {
		case "socket", "uwsgi-socket", "http-socket":
			if l.Key != "http-socket" {
				httpOnly = false
			}
			if placeholder(l.Value) {
				continue
			}
			if s, ok := socket(l.Value, l.ValuePos); ok {
				b.Listen = append(b.Listen, s)
			} else {
				b.Unknown[l.Key] = l.ValuePos
			}
		}
	}
	if len(b.Listen) > 0 && httpOnly {
		b.Protocol = lint.ProtoHTTP
	}
	num := func(keys []string, def int) lint.Setting[int] {
		s := lint.Default(def, at).By(keys[0])
		for _, k := range keys {
			l, ok := last[k]
			if !ok || placeholder(l.Value) {
				continue
			}
			if n, err := strconv.Atoi(l.Value); err == nil {
				s = lint.Explicit(n, l.ValuePos).By(k)
			} else {
				b.Unknown[keys[0]] = l.ValuePos
			}
		}
		return s
	}
	b.Workers = num([]string{"processes", "workers", "p"}, defaultProcesses)
	b.Backlog = num([]string{"listen"}, defaultListen)
	h := num([]string{"harakiri"}, 0)
	b.RequestTimeout = lint.Duration{Value: time.Duration(h.Value) * time.Second, Set: h.Set, Pos: h.Pos, Directive: "harakiri"}
	if _, unknown := b.Unknown["harakiri"]; unknown {
		b.RequestTimeout.Set = false
	}
	str := func(key string) lint.Setting[string] {
		if l, ok := last[key]; ok && !placeholder(l.Value) {
			return lint.Explicit(l.Value, l.ValuePos).By(key)
		}
		return lint.Default("", at).By(key)
	}
	b.User, b.Group = str("uid"), str("gid")
	b.SocketOwner = str("chown-socket")
	b.Manager = lint.Default("static", at)
	return &lint.Config{
		Source: lint.UWSGI, Root: display, Files: []string{display},
		Text: map[string][]byte{display: data}, Product: lint.Product{Name: "uwsgi"},
		Backends: []*lint.Backend{b},
	}
}

// placeholder reports a value uWSGI expands when it starts.
func placeholder(v string) bool {
	return strings.Contains(v, "%") || strings.Contains(v, "$(") || strings.Contains(v, "@(")
}

// socket reads a uWSGI address: a path is a unix socket, "host:port" or
// ":port" TCP (":port" and "0.0.0.0" on all addresses); "@name" is an
// abstract socket no file names.
func socket(v string, pos lint.Position) (lint.Socket, bool) {
	s := lint.Socket{Raw: v, Pos: pos}
	i := strings.LastIndexByte(v, ':')
	if i < 0 {
		if !filepath.IsAbs(v) {
			return s, false
		}
		s.Unix = filepath.Clean(v)
		return s, true
	}
	port, err := strconv.Atoi(v[i+1:])
	if err != nil || port <= 0 || port > 65535 {
		return s, false
	}
	host := strings.Trim(v[:i], "[]")
	switch host {
	case "*", "0.0.0.0", "::":
		host = ""
	}
	s.Host, s.Port = host, port
	return s, true
}
