package fpm

import (
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// Defaults of php-fpm (PHP 8.x on Linux) and PHP.
const (
	defaultMode             = 0o660
	defaultBacklog          = -1 // the system's maximum (somaxconn)
	defaultMaxExecutionTime = 30 * time.Second
)

// build turns what the files said into the model.
func (l *loader) build() *lint.Config {
	cfg := &lint.Config{
		Source:   lint.PHPFPM,
		Fragment: !l.whole,
		Unread:   l.unread,
		Product:  lint.Product{Name: "php-fpm"},
		Text:     map[string][]byte{},
	}
	listed := map[string]bool{}
	for _, f := range l.files {
		if !listed[f.display] {
			listed[f.display] = true
			cfg.Files = append(cfg.Files, f.display)
			cfg.Text[f.display] = f.data
			cfg.Comments = append(cfg.Comments, comments(f)...)
		}
	}
	for _, e := range l.globals {
		cfg.Directives = append(cfg.Directives, directive(e, "global"))
	}
	for _, p := range l.poolOrder {
		b := backend(p)
		cfg.Backends = append(cfg.Backends, b)
		for _, e := range p.entries {
			cfg.Directives = append(cfg.Directives, directive(e, p.name))
		}
	}
	if l.whole && len(l.unread) == 0 && len(l.errs) == 0 {
		// php-fpm stops at the first error it reads; these come after.
		l.check(cfg)
	}
	return cfg
}

func directive(e entry, block string) *lint.Directive {
	name := e.line.Name
	if e.line.Indexed {
		name += "[" + e.line.Index + "]"
	}
	return &lint.Directive{Name: name, Args: []string{e.line.Value}, Pos: e.line.Pos, Blocks: []string{block}}
}

// comments turns a file's ';' comments into the model's: a comment on
// its own line governs the next section or entry, a trailing one its own
// line.
func comments(f *file) []lint.Comment {
	var out []lint.Comment
	var first int32
	if len(f.lines) > 0 {
		first = f.lines[0].Pos.Line
	}
	for _, c := range f.comments {
		lc := lint.Comment{Pos: c.Pos, Text: c.Text, Trailing: c.Trailing, Scope: c.Pos}
		if !c.Trailing {
			lc.BeforeFirstDirective = first == 0 || c.Pos.Line < first
			for _, ln := range f.lines {
				if ln.Pos.Line > c.Pos.Line {
					lc.Scope = ln.Pos
					break
				}
			}
		}
		lc.Scope.EndLine = lc.Scope.Line
		out = append(out, lc)
	}
	return out
}

// values are a pool's settings after merging: the last entry of each key
// wins, as php-fpm replaces a value written twice.
type values struct {
	byKey map[string]entry
	pool  string
	named bool
}

func (v values) get(key string) (entry, bool) {
	e, ok := v.byKey[key]
	return e, ok
}

// text is the value of key with $pool expanded; known is false when the
// lint cannot know it.
func (v values) text(key string) (s string, pos lint.Position, set, known bool) {
	e, ok := v.byKey[key]
	if !ok {
		return "", lint.Position{}, false, true
	}
	s = e.line.Value
	if strings.Contains(s, "$pool") {
		if !v.named {
			return s, e.line.Pos, true, false
		}
		s = strings.ReplaceAll(s, "$pool", v.pool)
	}
	return s, e.line.Pos, true, !e.line.Env && !e.line.Expr
}

func backend(p *pool) *lint.Backend {
	v := values{byKey: map[string]entry{}, pool: p.name, named: p.named}
	b := &lint.Backend{
		Kind: "php-fpm", Name: p.name, Pos: p.pos, Protocol: lint.ProtoFastCGI,
		Unknown: map[string]lint.Position{}, Params: map[string]lint.Setting[string]{},
	}
	for _, e := range p.entries {
		key := strings.ToLower(e.line.Name)
		if e.line.Indexed {
			key += "[" + strings.ToLower(e.line.Index) + "]"
		}
		v.byKey[key] = e
	}
	for key, e := range v.byKey {
		s, pos, _, known := v.text(key)
		name := e.line.Name
		if e.line.Indexed {
			name += "[" + e.line.Index + "]"
		}
		b.Params[key] = lint.Explicit(s, pos).By(name)
		if !known {
			b.Unknown[key] = pos
		}
	}
	at := p.pos

	str := func(key string) lint.Setting[string] {
		s, pos, set, known := v.text(key)
		if !set || !known {
			return lint.Default("", at).By(key)
		}
		return lint.Explicit(s, pos).By(key)
	}
	num := func(key string, def int) lint.Setting[int] {
		s, pos, set, known := v.text(key)
		if !set || !known {
			return lint.Default(def, at).By(key)
		}
		return lint.Explicit(atoi(s), pos).By(key)
	}
	dur := func(key string, def time.Duration) lint.Duration {
		s, pos, set, known := v.text(key)
		if set && known {
			if d, ok := seconds(s); ok {
				return lint.Explicit(d, pos).By(key)
			}
		}
		return lint.Default(def, at).By(key)
	}

	if s, pos, set, known := v.text("listen"); set && known {
		if sock, ok := socket(s, pos, v); ok {
			b.Listen = []lint.Socket{sock}
		} else {
			b.Unknown["listen"] = pos
		}
	}
	b.SocketOwner = str("listen.owner")
	b.SocketGroup = str("listen.group")
	b.SocketMode = lint.Default(fs.FileMode(defaultMode), at).By("listen.mode")
	if s, pos, set, known := v.text("listen.mode"); set && known {
		if m, ok := octal(s); ok {
			b.SocketMode = lint.Explicit(fs.FileMode(m), pos).By("listen.mode")
		} else {
			b.Unknown["listen.mode"] = pos
		}
	}
	b.SocketACL = str("listen.acl_users")
	if !b.SocketACL.Set {
		b.SocketACL = str("listen.acl_groups")
	}
	b.AllowedClients = lint.Default([]string(nil), at).By("listen.allowed_clients")
	if s, pos, set, known := v.text("listen.allowed_clients"); set && known {
		var list []string
		for _, a := range strings.Split(s, ",") {
			if a = strings.TrimSpace(a); a != "" {
				list = append(list, a)
			}
		}
		b.AllowedClients = lint.Explicit(list, pos).By("listen.allowed_clients")
	}
	b.Backlog = num("listen.backlog", defaultBacklog)
	b.User = str("user")
	b.Group = str("group")
	b.Manager = str("pm")
	b.Manager.Value = strings.ToLower(b.Manager.Value)
	b.Workers = num("pm.max_children", 0)
	b.MaxRequests = num("pm.max_requests", 0)
	b.RequestTimeout = dur("request_terminate_timeout", 0)
	b.MaxExecutionTime = lint.Default(defaultMaxExecutionTime, at).By("max_execution_time")
	for _, key := range []string{"php_value[max_execution_time]", "php_admin_value[max_execution_time]"} {
		if s, pos, set, known := v.text(key); set && known && integer(s) {
			b.MaxExecutionTime = lint.Explicit(time.Duration(atoi(s))*time.Second, pos).By(v.byKey[key].line.Name + "[max_execution_time]")
		}
	}
	b.CatchWorkersOutput = lint.Default(false, at).By("catch_workers_output")
	if s, pos, set, known := v.text("catch_workers_output"); set && known {
		b.CatchWorkersOutput = lint.Explicit(s == "1", pos).By("catch_workers_output")
	}
	return b
}

// socket reads a listen address the way php-fpm tells them apart: with a
// ':' or only digits it is TCP ("[::]:9000", "127.0.0.1:9000", "9000"),
// else a unix socket path, relative ones below the pool's prefix.
func socket(s string, pos lint.Position, v values) (lint.Socket, bool) {
	sock := lint.Socket{Raw: s, Pos: pos}
	if strings.Contains(s, ":") || (s != "" && strings.Trim(s, "0123456789") == "") {
		host, port := "", s
		if i := strings.LastIndexByte(s, ':'); i >= 0 {
			host, port = s[:i], s[i+1:]
		}
		n, err := strconv.Atoi(port)
		if err != nil || n <= 0 || n > 65535 {
			return sock, false
		}
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
		switch host {
		case "*", "0.0.0.0", "::":
			host = ""
		}
		sock.Host, sock.Port = host, n
		return sock, true
	}
	if !filepath.IsAbs(s) {
		prefix, _, set, known := v.text("prefix")
		if !set || !known || !filepath.IsAbs(prefix) {
			return sock, false // below php-fpm's own prefix, unknown here
		}
		s = filepath.Join(prefix, s)
	}
	sock.Unix = filepath.Clean(s)
	return sock, true
}

// check reports what php-fpm refuses once every file is read, for a
// whole configuration: a pool without listen, pm or workers, dynamic
// limits that contradict each other, two pools on one address.
// php-fpm names the pool; the error stands at its [section].
func (l *loader) check(cfg *lint.Config) {
	named := 0
	owner := map[string]*lint.Backend{}
	for i, p := range l.poolOrder {
		b := cfg.Backends[i]
		if !p.named {
			continue
		}
		named++
		listen, set := b.Params["listen"]
		switch {
		case !set:
			l.errorf(p.pos, "[pool %s] no listen address have been defined!", p.name)
			continue
		case !b.Known("listen"):
		case owner[listen.Value] != nil:
			l.errorf(listen.Pos, "[pool %s] unable to set listen address as it's already used in another pool '%s'", p.name, owner[listen.Value].Name)
		default:
			owner[listen.Value] = b
		}
		if !b.Manager.Set {
			if b.Known("pm") {
				l.errorf(p.pos, "[pool %s] the process manager is missing (static, dynamic or ondemand)", p.name)
			}
			continue
		}
		if !b.Known("pm.max_children") {
			continue
		}
		if b.Workers.Value < 1 {
			l.errorf(b.Workers.Pos, "[pool %s] pm.max_children must be a positive value", p.name)
			continue
		}
		if b.Manager.Value == "dynamic" {
			l.checkDynamic(p, b)
		}
	}
	if named == 0 && len(l.files) > 0 {
		l.errorf(lint.At(l.files[0].display, 1, 1), "No pool defined. at least one pool section must be specified in config file")
	}
}

func (l *loader) checkDynamic(p *pool, b *lint.Backend) {
	for _, k := range []string{"pm.start_servers", "pm.min_spare_servers", "pm.max_spare_servers"} {
		if !b.Known(k) {
			return
		}
	}
	get := func(k string) int {
		if s, ok := b.Params[k]; ok {
			return atoi(s.Value)
		}
		return 0
	}
	minS, maxS, start := get("pm.min_spare_servers"), get("pm.max_spare_servers"), get("pm.start_servers")
	n := b.Workers.Value
	switch {
	case minS <= 0:
		l.errorf(p.pos, "[pool %s] pm.min_spare_servers(%d) must be a positive value", p.name, minS)
	case maxS <= 0:
		l.errorf(p.pos, "[pool %s] pm.max_spare_servers(%d) must be a positive value", p.name, maxS)
	case minS > n || maxS > n:
		l.errorf(p.pos, "[pool %s] pm.min_spare_servers(%d) and pm.max_spare_servers(%d) cannot be greater than pm.max_children(%d)", p.name, minS, maxS, n)
	case maxS < minS:
		l.errorf(p.pos, "[pool %s] pm.max_spare_servers(%d) must not be less than pm.min_spare_servers(%d)", p.name, maxS, minS)
	case start > 0 && (start < minS || start > maxS):
		l.errorf(p.pos, "[pool %s] pm.start_servers(%d) must not be less than pm.min_spare_servers(%d) and not greater than pm.max_spare_servers(%d)", p.name, start, minS, maxS)
	}
}
