package reach

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

var (
	//go:embed docs/upstream-address-invalid.md
	invalidDoc string
	//go:embed docs/upstream-pool-unusable.md
	poolDoc string
)

// AddressInvalid reports addresses nginx rejects when it loads the
// configuration: ports outside 1–65535, a missing host, a port on the name
// of an upstream block.
var AddressInvalid = &lint.Rule{
	ID:       "EL1002",
	Name:     "upstream-address-invalid",
	Category: lint.CategoryReachability,
	Title:    "upstream address nginx rejects at start",
	Doc:      invalidDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkInvalid,
}

func checkInvalid(p *lint.Pass) error {
	c := p.Config
	ups := indexUpstreams(c)
	seen := map[lint.Position]bool{}
	report := func(pos lint.Position, msg string, related ...lint.Related) {
		if !seen[pos] {
			seen[pos] = true
			p.Report(pos, msg, related...)
		}
	}
	for r := range c.Routes() {
		t := r.Target
		if t.Variables {
			continue
		}
		if t.UnixPath != "" || strings.HasPrefix(strings.ToLower(t.Raw), "unix:") {
			if path := socketPath(t.UnixPath); len(path) > maxSocketPath {
				report(t.Pos, fmt.Sprintf("%s %s: the socket path is %d bytes, longer than the %d a unix socket address holds → "+
					"nginx refuses to start: too long path in the unix domain socket", passDirective(c, r), t.Raw, len(path), maxSocketPath))
			}
			continue
		}
		pass := passDirective(c, r)
		switch {
		case badPortText(t.Raw) != "":
			report(t.Pos, fmt.Sprintf("%s %s: port %q is not a number → nginx refuses to start: invalid port in upstream %q",
				pass, t.Raw, badPortText(t.Raw), hostPort(t.Raw)))
		case t.PortSet && (t.Port <= 0 || t.Port > 65535):
			report(t.Pos, fmt.Sprintf("%s %s: port %d is outside 1–65535 → nginx refuses to start: invalid port in upstream %q",
				pass, t.Raw, t.Port, hostPort(t.Raw)))
		case lint.IsIP(t.Host) && !t.PortSet && needsPort(r.Protocol):
			report(t.Pos, fmt.Sprintf("%s %s has no port (only proxy_pass has a default) → nginx refuses to start: no port in upstream %q",
				pass, t.Raw, t.Host))
		case t.Host == "" && t.Upstream == nil:
			report(t.Pos, fmt.Sprintf("%s %s has no host → nginx refuses to start: no host in upstream %q",
				pass, t.Raw, hostPort(t.Raw)))
		case t.PortSet:
			if u := ups.named(t.Host); u != nil {
				report(t.Pos, fmt.Sprintf("%s %s names upstream %s with a port → nginx refuses to start: upstream %q may not have port %d",
					pass, t.Raw, u.Name, u.Name, t.Port), lint.Related{Pos: u.Pos, Message: "upstream " + u.Name + " defined here"})
			}
		}
	}
	for u, e := range c.Endpoints() {
		switch {
		case len(socketPath(e.UnixPath)) > maxSocketPath:
			report(e.Pos, fmt.Sprintf("server %s in upstream %s: the socket path is %d bytes, longer than the %d a unix socket address holds → "+
				"nginx refuses to start: too long path in the unix domain socket", e.Raw, u.Name, len(socketPath(e.UnixPath)), maxSocketPath))
		case e.UnixPath != "" || strings.HasPrefix(strings.ToLower(e.Raw), "unix:"):
		case badPortText(e.Raw) != "":
			report(e.Pos, fmt.Sprintf("server %s in upstream %s: port %q is not a number → nginx refuses to start: invalid port in %q",
				e.Raw, u.Name, badPortText(e.Raw), e.Raw))
		case e.PortSet && (e.Port <= 0 || e.Port > 65535):
			report(e.Pos, fmt.Sprintf("server %s in upstream %s: port %d is outside 1–65535 → nginx refuses to start: invalid port in %q",
				e.Raw, u.Name, e.Port, e.Raw))
		case e.Host == "":
			report(e.Pos, fmt.Sprintf("server %s in upstream %s has no host → nginx refuses to start", e.Raw, u.Name))
		}
	}
	return nil
}

// maxSocketPath is the longest unix socket path Linux accepts: sun_path
// holds 108 bytes including the terminating NUL.
const maxSocketPath = 107

// socketPath strips the "unix:" prefix the nginx model keeps.
func socketPath(p string) string {
	if len(p) >= 5 && strings.EqualFold(p[:5], "unix:") {
		return p[5:]
	}
	return p
}

// badPortText returns the port of an address when it is written but is
// not a number ("127.0.0.1:YOURPORT", "app:"), else "".
func badPortText(raw string) string {
	hp := hostPort(raw)
	if strings.Contains(hp, "$") || strings.HasPrefix(strings.ToLower(hp), "unix:") {
		return ""
	}
	if i := strings.LastIndexByte(hp, ']'); i >= 0 {
		hp = hp[i+1:]
	} else if strings.Count(hp, ":") > 1 {
		return "" // a bare IPv6 address; nginx rejects it elsewhere
	}
	i := strings.IndexByte(hp, ':')
	if i < 0 {
		return ""
	}
	port := hp[i+1:]
	if _, err := strconv.Atoi(port); err == nil {
		return ""
	}
	if port == "" {
		return ":"
	}
	return port
}

// hostPort is the authority nginx quotes in its error ("127.0.0.1:0").
func hostPort(raw string) string {
	if i := strings.Index(raw, "://"); i >= 0 {
		raw = raw[i+3:]
	}
	if i := strings.IndexByte(raw, '/'); i >= 0 {
		raw = raw[:i]
	}
	return raw
}

// PoolUnusable reports upstream blocks that cannot serve: no servers or only
// backup servers (nginx refuses to start), or every server marked down
// (every request is a 502). A group in shared memory (zone) or with a
// state file is left alone: NGINX Plus fills it through its API.
var PoolUnusable = &lint.Rule{
	ID:       "EL1003",
	Name:     "upstream-pool-unusable",
	Category: lint.CategoryReachability,
	Title:    "upstream block without a usable server",
	Doc:      poolDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkPool,
}

func checkPool(p *lint.Pass) error {
	c := p.Config
	used := map[*lint.Upstream]bool{}
	for r := range c.Routes() {
		if r.Target.Upstream != nil {
			used[r.Target.Upstream] = true
		}
	}
	plus := strings.EqualFold(c.Product.Edition, "plus")
	blocks := upstreamBlocks(c)
	for _, u := range c.Upstreams {
		_, state := u.Params["state"]
		// A zone is what lets NGINX Plus add, remove and re-enable
		// servers at run time (API, state file, resolve), so the servers
		// written here need not be all it will have. Open source nginx
		// refuses an empty group with a zone too, but a zone without
		// servers is the Plus idiom: the evidence is not enough.
		dynamic := u.Zone.Set || state
		b, seen := blocks[u.Pos]
		if len(u.Endpoints) == 0 {
			// A server the model could not read, or an include that read
			// nothing, may hold the servers.
			if dynamic || !seen || b.serverStmts > 0 || b.unread {
				continue
			}
			p.Report(u.Pos, fmt.Sprintf("upstream %s has no server → nginx refuses to start: no servers are inside upstream", u.Name))
			continue
		}
		if b.unread || len(u.Endpoints) != b.serverStmts {
			continue
		}
		primaries, down := 0, 0
		for _, e := range u.Endpoints {
			if !e.Backup.Value {
				primaries++
			}
			if e.Down.Value {
				down++
			}
		}
		switch {
		case primaries == 0 && !dynamic:
			p.Report(u.Pos, fmt.Sprintf("upstream %s has only backup servers → nginx refuses to start: no servers in upstream %q",
				u.Name, u.Name), lint.Related{Pos: u.Endpoints[0].Pos, Message: "backup server"})
		case down == len(u.Endpoints) && (used[u] || len(u.UsedBy) > 0) && !(dynamic && plus) && !state:
			p.Report(u.Pos, fmt.Sprintf("every server of upstream %s is marked down → 502 on every request (\"no live upstreams while connecting to upstream\")",
				u.Name), lint.Related{Pos: u.Endpoints[0].Pos, Message: "server marked down"})
		}
	}
	return nil
}
