package reach

import (
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// routeKey identifies one route of the model: its site, the block that
// holds the *_pass (location, if, limit_except) and the *_pass itself. A
// snippet included in two servers yields one route per server.
type routeKey struct {
	site, block, pass lint.Position
}

// assignment is one `set` that runs for a request.
type assignment struct {
	name, value string
	// cond is true for a set inside an if: it runs for some requests only.
	cond bool
}

// requestScope is what the tree says about the requests that reach one
// route.
type requestScope struct {
	// sets are the `set` directives nginx runs for them, in order.
	sets []assignment
	// blind is true when an include on the route's chain (http, server,
	// the locations around it, its own block) read nothing: the file
	// could hold a resolver or a set.
	blind bool
}

// requestScopes returns, for each route, the `set` directives nginx runs
// for a request that ends in it, in order: those of the server, then those
// of the location that matched. That is how the rewrite module runs: a
// location does not inherit the rewrite directives of the locations around
// it, and those of another server never run. A set inside an if counts as
// a possible value only.
func requestScopes(c *lint.Config) map[routeKey]requestScope {
	t := syntaxTree(c)
	if t == nil {
		return nil
	}
	out := map[routeKey]requestScope{}
	var location func(site lint.Position, server []assignment, blind bool, loc *lint.Block)
	location = func(site lint.Position, server []assignment, blind bool, loc *lint.Block) {
		body := lint.Spliced(loc.Children)
		blind = blind || anyUnread(body)
		sets := append(append([]assignment(nil), server...), assignments(body, false)...)
		for _, s := range body {
			switch {
			case passProtocol(s):
				out[routeKey{site, loc.Pos, s.Pos}] = requestScope{sets, blind}
			case (s.Name == "if" || s.Name == "limit_except") && s.Block:
				in := lint.Spliced(s.Children)
				for _, p := range in {
					if passProtocol(p) {
						out[routeKey{site, s.Pos, p.Pos}] = requestScope{sets, blind || anyUnread(in)}
					}
				}
			case s.Name == "location" && s.Block:
				location(site, server, blind, s)
			}
		}
	}
	server := func(srv *lint.Block, blind bool) {
		body := lint.Spliced(srv.Children)
		blind = blind || anyUnread(body)
		sets := assignments(body, false)
		for _, s := range body {
			if s.Name == "location" && s.Block {
				location(srv.Pos, sets, blind, s)
			}
		}
	}
	var walk func(stmts []*lint.Block, inHTTP, blind bool)
	walk = func(stmts []*lint.Block, inHTTP, blind bool) {
		body := lint.Spliced(stmts)
		if inHTTP {
			blind = blind || anyUnread(body)
		}
		for _, s := range body {
			switch {
			case s.Name == "http" && s.Block && !inHTTP:
				walk(s.Children, true, blind)
			case s.Name == "server" && s.Block && inHTTP:
				server(s, blind)
			}
		}
	}
	walk(t.Body, t.Context == "http", false)
	return out
}

// assignments lists the sets of one level in order, with those inside its
// if blocks marked conditional.
func assignments(body []*lint.Block, cond bool) []assignment {
	var out []assignment
	for _, s := range body {
		switch {
		case s.Name == "set" && !s.Block && len(s.Args) == 2:
			out = append(out, assignment{name: varName(s.Args[0]), value: s.Args[1], cond: cond})
		case s.Name == "if" && s.Block:
			out = append(out, assignments(lint.Spliced(s.Children), true)...)
		}
	}
	return out
}

func passProtocol(s *lint.Block) bool {
	switch s.Name {
	case "proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass":
		return !s.Block && len(s.Args) >= 1
	}
	return false
}

// varName strips "$" and the braces of "${name}".
func varName(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s, "$"), "{"), "}")
}

// valuesAt is what variable name can hold when a request reaches the
// route: the values of its map/geo/split_clients (or unknown: unset, or
// carried over an internal redirect), replaced by each unconditional set
// in order and widened by each conditional one.
func valuesAt(name string, global map[string][]string, sets []assignment) []string {
	// nginx looks variables up case-insensitively.
	vals := global[strings.ToLower(name)]
	if vals == nil {
		vals = []string{unknownMark}
	}
	for _, a := range sets {
		if !strings.EqualFold(a.name, name) {
			continue
		}
		v := strings.Trim(a.value, `"'`)
		if a.cond {
			vals = append(append([]string(nil), vals...), v)
		} else {
			vals = []string{v}
		}
	}
	return dedupe(vals)
}

func dedupe(vals []string) []string {
	seen := make(map[string]bool, len(vals))
	out := vals[:0:0]
	for _, v := range vals {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
