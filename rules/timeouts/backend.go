package timeouts

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/backends"
)

var (
	//go:embed docs/backend-kills-before-proxy.md
	backendKillsDoc string
	//go:embed docs/proxy-gives-up-before-backend.md
	proxyGivesUpDoc string
)

// BackendKillsBeforeProxy reports a backend that kills a request while
// the proxy in front is still willing to wait for it.
var BackendKillsBeforeProxy = &lint.Rule{
	ID:       "EL4601",
	Name:     "backend-kills-before-proxy",
	Category: lint.CategoryTimeout,
	Title:    "the application server kills requests the proxy still waits for",
	Doc:      backendKillsDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx, lint.Apache},
	Check: func(p *lint.Pass) error {
		for l := range backendLinks(p) {
			kill, read := l.b.RequestTimeout, l.r.Timeouts.Read
			// Both values being the servers' defaults is no one's
			// choice (gunicorn's 30s behind nginx's 60s): the rule
			// wants one of them written.
			if kill.Value <= 0 || kill.Value >= read.Value || !kill.Set && !read.Set {
				continue
			}
			p.Report(l.at(), fmt.Sprintf("%s kills a request after %s, but %s waits %s → %d when a request runs longer than %s: %s closes the connection before answering (%s)",
				l.backendLimit(), lint.Seconds(kill.Value), l.proxy(), lint.Seconds(read.Value),
				prematureStatus(p.Config.Source, l.r.Protocol), lint.Seconds(kill.Value), l.b.Kind, prematureLog(p.Config.Source, l.r.Protocol)),
				l.chain()...)
		}
		return nil
	},
}

// ProxyGivesUpBeforeBackend reports a proxy that stops waiting for a
// response the backend is configured to keep working on.
var ProxyGivesUpBeforeBackend = &lint.Rule{
	ID:       "EL4602",
	Name:     "proxy-gives-up-before-backend",
	Category: lint.CategoryTimeout,
	Title:    "the proxy gives up on requests the application server is allowed to keep running",
	Doc:      proxyGivesUpDoc,
	Severity: lint.Info,
	Sources:  []lint.SourceKind{lint.Nginx, lint.Apache},
	Check: func(p *lint.Pass) error {
		for l := range backendLinks(p) {
			kill, read := l.b.RequestTimeout, l.r.Timeouts.Read
			// Only a limit written on the backend says requests are
			// expected to run that long; "never" (0) is the default of
			// php-fpm and says nothing.
			if !kill.Set || kill.Value <= read.Value || read.Value <= 0 {
				continue
			}
			p.Report(l.at(), fmt.Sprintf("%s waits %s, but %s lets a request run %s → %d when a request runs longer than %s, while the %s worker keeps working on it until %s",
				l.proxy(), lint.Seconds(read.Value), l.backendLimit(), lint.Seconds(kill.Value),
				timeoutStatus(p.Config.Source, l.r.Protocol), lint.Seconds(read.Value), l.b.Kind, lint.Seconds(kill.Value)),
				l.chain()...)
		}
		return nil
	},
}

// link is a route of the proxy and a backend among the inputs that
// listens where the route sends its requests.
type link struct {
	c    *lint.Config
	r    *lint.Route
	a    backends.Addr
	b    *lint.Backend
	sock *lint.Socket
}

// backendLinks yields each route of the pass's config with every backend
// it reaches, once per pair. The evidence is the address: the route's
// pass target (or a server of its upstream) is where the backend listens
// (the same socket path, or the same port).
func backendLinks(p *lint.Pass) func(yield func(link) bool) {
	return func(yield func(link) bool) {
		set := backends.Of(p)
		if len(set.Backends) == 0 {
			return
		}
		// on the stack while a route has at most two addresses
		var buf [2]backends.Addr
		scratch := buf[:0]
		for r := range p.Config.Routes() {
			if r.IsWebSocket() {
				continue // a long read timeout there is about idle gaps
			}
			addrs, ok := backends.AddrsInto(scratch, r)
			scratch = addrs
			if !ok {
				continue
			}
			seen := map[*lint.Backend]bool{}
			for _, a := range addrs {
				for _, b := range set.Candidates(a) {
					sock := backends.Listens(b, a)
					if sock == nil || seen[b] || !b.Known(limitKey(b)) {
						continue
					}
					seen[b] = true
					if !yield(link{c: p.Config, r: r, a: a, b: b, sock: sock}) {
						return
					}
				}
			}
		}
	}
}

// limitKey is the setting that holds a backend's request limit.
func limitKey(b *lint.Backend) string {
	if d := b.RequestTimeout.Directive; d != "" {
		return d
	}
	return "request_terminate_timeout"
}

// at is where the finding goes: the proxy's read timeout when written,
// else the pass directive.
func (l link) at() lint.Position {
	if l.r.Timeouts.Read.Set {
		return l.r.Timeouts.Read.Pos
	}
	return lint.FirstPos(l.r.Target.Pos, l.r.Pos)
}

func (l link) proxy() string {
	t := l.r.Timeouts.Read
	if t.Set {
		return quote(l.c, t)
	}
	if l.c.Source == lint.Apache {
		return "Apache (Timeout default)"
	}
	return l.r.Protocol.NginxPrefix() + "_read_timeout (default)"
}

func (l link) backendLimit() string {
	k := l.b.RequestTimeout
	name := l.b.Kind
	switch {
	case l.b.Name == "":
	case l.b.Kind == "php-fpm":
		name += " pool " + l.b.Name
	default:
		name += " " + l.b.Name
	}
	if !k.Set {
		return fmt.Sprintf("%s (%s default %s)", name, limitKey(l.b), lint.Seconds(k.Value))
	}
	return fmt.Sprintf("%s (%s %s)", name, limitKey(l.b), lint.FormatDuration(k.Value))
}

// chain is the route's path from the proxy to the backend, each with its
// position.
func (l link) chain() []lint.Related {
	var out []lint.Related
	add := func(pos lint.Position, msg string) {
		if !pos.IsZero() {
			out = append(out, lint.Related{Pos: pos, Message: msg})
		}
	}
	add(l.r.Pos, "the route: "+describeRoute(l.r))
	add(l.a.Pos, "passes to "+l.a.Raw)
	add(l.sock.Pos, "where "+l.b.Kind+" listens ("+l.sock.Raw+")")
	if l.b.RequestTimeout.Set {
		add(l.b.RequestTimeout.Pos, "the backend's limit: "+lint.Seconds(l.b.RequestTimeout.Value))
	} else {
		add(l.b.Pos, "the backend, with the default limit "+lint.Seconds(l.b.RequestTimeout.Value))
	}
	return out
}

// prematureStatus is what the client gets when the backend closes the
// connection without a response: nginx answers 502, Apache's
// mod_proxy_fcgi 503 (AH01075) and mod_proxy_http 502.
func prematureStatus(src lint.SourceKind, proto lint.Protocol) int {
	if src == lint.Apache && proto == lint.ProtoFastCGI {
		return 503
	}
	return 502
}

func prematureLog(src lint.SourceKind, proto lint.Protocol) string {
	if src == lint.Apache {
		if proto == lint.ProtoFastCGI {
			return `error log "AH01067: Failed to read FastCGI header" and "AH01075: Error dispatching request"`
		}
		return `error log "AH01102: error reading status line from remote server"`
	}
	// Over TCP the killed worker's socket is reset; over a unix socket
	// nginx reads the end of the stream.
	closed := "connection"
	if proto == lint.ProtoFastCGI {
		closed = "FastCGI stdout"
	}
	return `error log "recv() failed (104: Connection reset by peer)" or "upstream prematurely closed ` + closed + `"`
}
