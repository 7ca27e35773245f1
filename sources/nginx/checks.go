package nginx

import (
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/tufanbarisyildirim/gonginx/parser"
)

// The checks below are the ones `nginx -t` makes while reading, beyond the
// tokenizer, that a linter can make without nginx's modules: a wrong
// condition in if, a block directive without its block or a simple
// directive with one, and misplaced nested locations (model.go). Each gives
// nginx's own message at the directive.

// blockDirectives take a block in every context they appear in ("server"
// is a block except inside upstream{}, where it is an address).
var blockDirectives = map[string]bool{
	"http": true, "events": true, "location": true, "upstream": true, "if": true,
	"limit_except": true, "map": true, "types": true, "geo": true, "split_clients": true,
	"charset_map": true, "stream": true, "mail": true, "match": true, "otel_exporter": true,
	"mgmt": true,
}

// contexts are where the structural directives may stand ("main" is the
// top level of the main configuration). A directive elsewhere is nginx's
// "is not allowed here". Only these are checked: their contexts are the
// same in every build of nginx.
var contexts = map[string][]string{
	"http": {"main"}, "events": {"main"}, "stream": {"main"}, "mail": {"main"},
	"user": {"main"}, "pid": {"main"}, "load_module": {"main"}, "worker_processes": {"main"},
	"worker_rlimit_nofile": {"main"}, "daemon": {"main"}, "master_process": {"main"},
	"worker_connections": {"events"},
	"server":             {"http", "upstream", "stream", "mail"},
	"location":           {"server", "location"},
	"upstream":           {"http", "stream"},
	"listen":             {"server"},
	"server_name":        {"server"},
	"limit_except":       {"location"},
	"map":                {"http", "stream"},
	"split_clients":      {"http", "stream"},
}

// knownParents are the blocks whose contents are checked for context.
var knownParents = map[string]bool{
	"main": true, "http": true, "server": true, "location": true, "upstream": true,
	"events": true, "if": true, "limit_except": true, "stream": true, "mail": true,
}

func checkContext(s *Stmt, parentName string) *lint.LoadError {
	if parentName == "" {
		parentName = "main"
	}
	allowed, ok := contexts[s.Name]
	if !ok || !knownParents[parentName] {
		return nil
	}
	for _, a := range allowed {
		if a == parentName {
			return nil
		}
	}
	e := lint.Errorf(s.errPos(), "%q directive is not allowed here", s.Name)
	return &e
}

// checkShape reports nginx's "has no opening {" / "is not terminated by ;"
// for directives nginx.org documents. Unknown (third-party) directives are
// left alone: their shape is not known.
func checkShape(s *Stmt, parentName string) *lint.LoadError {
	wantBlock := blockDirectives[s.Name]
	if s.Name == "server" {
		if parentName == "upstream" {
			wantBlock = false
		} else {
			wantBlock = true
		}
	} else if !wantBlock {
		if _, known := parser.ValidDirectives[s.Name]; !known {
			return nil
		}
	}
	switch {
	case wantBlock && !s.Block:
		e := lint.Errorf(s.errPos(), "directive %q has no opening \"{\"", s.Name)
		return &e
	case !wantBlock && s.Block && !s.Lua:
		e := lint.Errorf(s.errPos(), "directive %q is not terminated by \";\"", s.Name)
		return &e
	}
	return nil
}

// checkIf applies ngx_http_rewrite_if_condition's syntax checks.
func checkIf(s *Stmt) *lint.LoadError {
	bad := func(format string, arg string) *lint.LoadError {
		e := lint.Errorf(s.errPos(), format, arg)
		return &e
	}
	if len(s.Args) == 0 {
		e := lint.Errorf(s.errPos(), "invalid number of arguments in \"if\" directive")
		return &e
	}
	v := append([]string(nil), s.Args...)
	if v[0] == "" || v[0][0] != '(' {
		return bad("invalid condition %q", v[0])
	}
	cur := 0
	if len(v[0]) == 1 {
		cur = 1
	} else {
		v[0] = v[0][1:]
	}
	last := len(v) - 1
	if v[last] == "" || v[last][len(v[last])-1] != ')' {
		return bad("invalid condition %q", v[last])
	}
	if len(v[last]) == 1 {
		last--
	} else {
		v[last] = v[last][:len(v[last])-1]
	}
	if cur > last || cur >= len(v) {
		// "if ( )": nothing between the parentheses.
		return bad("invalid condition %q", ")")
	}
	p := v[cur]
	switch {
	case len(p) > 1 && p[0] == '$':
		if cur != last && cur+2 != last {
			return bad("invalid condition %q", p)
		}
		if cur == last {
			return nil
		}
		switch v[cur+1] {
		case "=", "!=", "~", "~*", "!~", "!~*":
			return nil
		}
		return bad("unexpected %q in condition", v[cur+1])
	case len(p) == 2 && p[0] == '-' || len(p) == 3 && p[0] == '!' && p[1] == '-':
		if cur+1 != last {
			return bad("invalid condition %q", p)
		}
		switch strings.TrimPrefix(p, "!") {
		case "-f", "-d", "-e", "-x":
			return nil
		}
		return bad("unexpected %q in condition", p)
	}
	return bad("invalid condition %q", p)
}

// check runs the shape and if checks over a file's statements.
func check(stmts []*Stmt, parentName string, errs *[]lint.LoadError) {
	for _, s := range stmts {
		if strings.HasPrefix(s.Name, "\ufeff") {
			// A byte-order mark is part of the first word for nginx.
			*errs = append(*errs, lint.Errorf(s.errPos(), "unknown directive %q (the file starts with a UTF-8 byte-order mark)", s.Name))
			return
		}
		if e := checkContext(s, parentName); e != nil {
			*errs = append(*errs, *e)
			continue
		}
		if e := checkShape(s, parentName); e != nil {
			*errs = append(*errs, *e)
			continue
		}
		// A third-party block's body is not nginx's to count.
		if e := checkArity(s, parentName); e != nil && (parentName == "" || knownParents[parentName]) {
			*errs = append(*errs, *e)
			continue
		}
		if s.Name == "if" && s.Block {
			if e := checkIf(s); e != nil {
				*errs = append(*errs, *e)
			}
		}
		// Only the bodies of blocks nginx defines are nginx's to judge.
		if s.Block && !customHandlerBlocks[s.Name] && (blockDirectives[s.Name] || s.Name == "server") {
			check(s.Children, s.Name, errs)
		}
	}
}
