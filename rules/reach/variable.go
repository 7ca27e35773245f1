package reach

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/pass-variable-without-resolver.md
var variableDoc string

// VariablePassWithoutResolver reports a *_pass with variables whose host is
// a DNS name (not an IP, not an upstream block) when no resolver is in
// scope: nginx resolves it per request and fails every one with 502.
var VariablePassWithoutResolver = &lint.Rule{
	ID:        "EL1001",
	Name:      "pass-variable-without-resolver",
	Category:  lint.CategoryReachability,
	Title:     "variable in *_pass resolves a name per request but no resolver is in scope",
	Doc:       variableDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Nginx},
	WholeTree: true, // the resolver or the upstream may be in another file
	Check:     checkVariablePass,
}

var varRE = regexp.MustCompile(`\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))`)

// Markers substituted for variables whose value is not known statically.
const (
	unknownMark     = "\x00" // anything
	requestHostMark = "\x01" // the host the client asked for
)

// pathVars always start with "/" (or are query strings): they never
// contribute to the host part of the address.
var pathVars = map[string]string{
	"request_uri": "/", "uri": "/", "document_uri": "/", "fastcgi_script_name": "/",
	"fastcgi_path_info": "/", "args": "", "query_string": "", "is_args": "",
}

// requestHostVars hold the host the client sent.
var requestHostVars = map[string]bool{
	"host": true, "http_host": true, "server_name": true, "http_x_forwarded_host": true,
}

const maxCombinations = 64

func checkVariablePass(p *lint.Pass) error {
	c := p.Config
	global := globalValues(c)
	scopes := requestScopes(c)
	implicit := map[string]bool{}
	for r := range c.Routes() {
		if !r.Target.Variables && r.Target.Upstream == nil && r.Target.Host != "" {
			implicit[strings.ToLower(r.Target.Host)+":"+strconv.Itoa(r.Target.Port)] = true
		}
	}
	for r := range c.Routes() {
		t := r.Target
		if !t.Variables || r.Resolver.Set || len(r.Resolver.Value) > 0 {
			continue
		}
		var site lint.Position
		if r.Site != nil {
			site = r.Site.Pos
		}
		// A route the tree walk did not see gets the http-level values
		// only: a set it cannot place is no evidence.
		scope := scopes[routeKey{site, r.Pos, t.Pos}]
		if scope.blind {
			continue
		}
		values := func(name string) []string { return valuesAt(name, global, scope.sets) }
		name, always, ok := needsDNS(c, t.Raw, values, implicit)
		if !ok {
			continue
		}
		what := fmt.Sprintf("resolves %q", name)
		logName := name
		if name == requestHostMark {
			what, logName = "resolves the client's Host", "<host>"
		}
		when := "on every request"
		if !always {
			when = "on every request where it evaluates to " + strconv.Quote(name)
		}
		p.Report(t.Pos, fmt.Sprintf("%s %s %s at request time but no resolver is in scope → 502 %s "+
			"(\"no resolver defined to resolve %s\")", passDirective(c, r), t.Raw, what, when, logName))
	}
	return nil
}

// needsDNS returns a host the target can evaluate to that nginx would have
// to resolve with the resolver: not an IP, not a unix socket, not an
// upstream block, not an address another literal *_pass made into an
// implicit upstream. always is true when every value the target can take
// needs DNS. Values that depend on unknown variables are skipped: the rule
// reports only what it can show.
func needsDNS(c *lint.Config, raw string, defs func(string) []string, implicit map[string]bool) (name string, always, ok bool) {
	combos := []string{raw}
	for _, m := range varRE.FindAllStringSubmatch(raw, -1) {
		name := m[1] + m[2]
		var values []string
		switch {
		case hasKey(pathVars, name):
			values = []string{pathVars[name]}
		case requestHostVars[name]:
			values = []string{requestHostMark}
		default:
			for _, v := range defs(name) {
				if strings.Contains(v, "$") {
					v = unknownMark
				}
				values = append(values, v)
			}
		}
		var next []string
		for _, s := range combos {
			for _, v := range values {
				next = append(next, strings.Replace(s, m[0], v, 1))
			}
		}
		if len(next) > maxCombinations {
			return "", false, false
		}
		combos = next
	}
	always = true
	for _, s := range combos {
		h, dns := hostNeedingDNS(c, s, implicit)
		if !dns {
			always = false
			continue
		}
		if name == "" {
			name = h
		}
	}
	return name, always, name != ""
}

// hostNeedingDNS classifies one evaluated address.
func hostNeedingDNS(c *lint.Config, s string, implicit map[string]bool) (string, bool) {
	a := parseAddress(s)
	switch {
	case a.unix || strings.Contains(a.host, unknownMark) || a.host == "" || lint.IsIP(a.host):
		return "", false
	case strings.Contains(a.host, requestHostMark):
		// The client's Host may name an upstream block when pools are
		// named after sites; only without any pool is it certainly a DNS
		// lookup.
		return requestHostMark, a.host == requestHostMark && len(c.Upstreams) == 0
	case a.noPort && upstreamNamed(c, a.host) != nil:
		return "", false
	}
	port := a.port
	if a.noPort {
		port = defaultPort(s)
	}
	if implicit[strings.ToLower(a.host)+":"+strconv.Itoa(port)] {
		return "", false
	}
	return a.host, true
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

func defaultPort(s string) int {
	if strings.HasPrefix(strings.ToLower(s), "https://") || strings.HasPrefix(strings.ToLower(s), "grpcs://") {
		return 443
	}
	return 80
}

// globalValues collects the values each variable of a map, geo or
// split_clients block (http level: they apply to every request) can take.
// A variable defined any other way (js_set, perl_set, Lua,
// auth_request_set) is absent: its values are unknown. Values written by
// set depend on the request's server and location: see requestScopes.
func globalValues(c *lint.Config) map[string][]string {
	defs := map[string][]string{}
	for i, d := range c.Directives {
		switch d.Name {
		case "map", "geo", "split_clients":
			if !d.Block || len(d.Args) == 0 || len(d.Blocks) != 1 || d.Blocks[0] != "http" {
				continue
			}
			name := strings.ToLower(varName(d.Args[len(d.Args)-1]))
			values := blockValues(c.Directives[i+1:], d)
			if values == nil {
				// Entries not visible: the values are unknown.
				defs[name] = append(defs[name], unknownMark)
				continue
			}
			for _, v := range values {
				defs[name] = append(defs[name], strings.Trim(v, `"'`))
			}
		}
	}
	return defs
}

var mapKeywords = map[string]bool{
	"hostnames": true, "volatile": true, "include": true, "ranges": true, "delete": true,
	"proxy": true, "proxy_recursive": true,
}

// blockValues returns the result values of a map/geo/split_clients block:
// the last argument of each entry directly inside it.
func blockValues(after []*lint.Directive, block *lint.Directive) []string {
	if block.Pos.EndLine == 0 {
		return nil
	}
	var out []string
	depth := len(block.Blocks) + 1
	for _, d := range after {
		if d.Pos.File() != block.Pos.File() || d.Pos.Line > block.Pos.EndLine {
			break
		}
		if len(d.Blocks) != depth || mapKeywords[d.Name] || len(d.Args) == 0 {
			continue
		}
		out = append(out, d.Args[len(d.Args)-1])
	}
	if out == nil {
		out = []string{}
	}
	return out
}
