package keepalive

import (
	_ "embed"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/modproxy"
)

//go:embed docs/apache-reuse-outlives-backend-keepalive.md
var reuseDoc string

// ApacheReuseOutlivesBackendKeepalive: mod_proxy keeps backend connections in
// its pool with no idle limit unless ttl= says otherwise; a backend that
// closes idle connections first races with the next request sent on one
// (502, AH01102). The rule fires only when it knows the backend's idle
// keep-alive timeout (see keepaliveSources), and is silent otherwise.
var ApacheReuseOutlivesBackendKeepalive = &lint.Rule{
	ID:        "EL5101",
	Name:      "apache-reuse-outlives-backend-keepalive",
	Category:  lint.CategoryKeepalive,
	Title:     "pooled backend connections outlive the backend's KeepAliveTimeout",
	Doc:       reuseDoc,
	Severity:  lint.Warning,
	Sources:   []lint.SourceKind{lint.Apache},
	WholeTree: true,
	Check: func(p *lint.Pass) error {
		done := modproxy.Seen{}
		// With the prefork MPM there is no connection pool list: ttl= is
		// ignored (httpd bug 54976) while each process still keeps its
		// backend connection open.
		prefork := p.Config.Product.Modules["mpm_prefork_module"]
		sources := keepaliveSources(p)
		for r, w := range modproxy.Workers(p.Config) {
			if r.Protocol != lint.ProtoHTTP || !reuses(w) || !done.First(w.Pos) {
				continue
			}
			backend, ok := lookupKeepalive(sources, r.Site, w)
			if !ok {
				continue
			}
			ka := backend.keepalive
			if ka.Value <= 0 || (w.Idle.Set && w.Idle.Value < ka.Value && !prefork) {
				continue
			}
			kaText := backend.directive + " " + secs(ka.Value)
			if !ka.Set {
				kaText += " (the default)"
			}
			ttl := "no ttl="
			switch {
			case prefork:
				ttl = "the prefork MPM, which ignores ttl= (use disablereuse=On)"
			case w.Idle.Set:
				ttl = fmt.Sprintf("ttl=%s, not below it", strings.TrimSuffix(secs(w.Idle.Value), "s"))
			}
			rel := []lint.Related{{Pos: backend.pos, Message: "the backend " + backend.noun}}
			if ka.Set {
				rel = append(rel, lint.Related{Pos: ka.Pos, Message: "its keep-alive timeout"})
			}
			p.Report(w.Pos, fmt.Sprintf("%s pools connections to %s that closes them after %s idle (%s), with %s → intermittent 502 (AH01102: error reading status line) when a request goes out on a connection the backend is closing",
				w.Raw, backend.what, secs(ka.Value), kaText, ttl), rel...)
		}
		return nil
	},
}

// knownBackend is the backend behind a worker, found by a source that
// knows how long it keeps an idle connection open.
type knownBackend struct {
	// what names it in the message ("a virtual host of this
	// configuration"), noun in the related position ("virtual host").
	what, noun string
	pos        lint.Position
	// keepalive is its idle keep-alive timeout (0: it closes after each
	// response), directive what sets it ("KeepAliveTimeout").
	keepalive lint.Duration
	directive string
}

// keepaliveLookup finds the backend a worker of a route of site from
// connects to, or says it does not know it.
type keepaliveLookup func(from *lint.Site, w modproxy.Member) (knownBackend, bool)

// keepaliveSources are what the rule knows backends from, asked in
// order; a worker none of them knows is not judged (no guess from a
// framework's usual default). Today that is the virtual hosts of the same
// tree. A backend described by another source joins here as one more
// lookup: an application server read from its own configuration or a
// compose file (lint.Backend, in Configs of their own in p.All) matches
// the worker's host and port against the addresses it listens on and
// returns its HTTP idle keep-alive timeout with where that is written —
// once the model carries one; a backend whose timeout the source does not
// know returns false, so the rule stays silent for it.
func keepaliveSources(p *lint.Pass) []keepaliveLookup {
	return []keepaliveLookup{sameTreeBackends(p.Config)}
}

func lookupKeepalive(sources []keepaliveLookup, from *lint.Site, w modproxy.Member) (knownBackend, bool) {
	for _, find := range sources {
		if b, ok := find(from, w); ok {
			return b, true
		}
	}
	return knownBackend{}, false
}

// sameTreeBackends finds backends that are virtual hosts of cfg: the
// worker connects to a loopback address and a port one of them answers
// on, so the backend is this very server and its KeepAliveTimeout is in
// the tree. The index is built on the first loopback worker.
func sameTreeBackends(cfg *lint.Config) keepaliveLookup {
	var local *localSites
	return func(from *lint.Site, w modproxy.Member) (knownBackend, bool) {
		if !isLoopback(w.Host) {
			return knownBackend{}, false
		}
		if local == nil {
			local = indexLocal(cfg)
		}
		s := local.backend(from, w.Host, w.Port, w.Scheme)
		if s == nil {
			return knownBackend{}, false
		}
		return knownBackend{what: "a virtual host of this configuration", noun: "virtual host", pos: s.Pos,
			keepalive: s.ClientKeepalive, directive: "KeepAliveTimeout"}, true
	}
}

// reuses reports whether mod_proxy pools the worker's connections: http
// workers do unless disablereuse=On or enablereuse=Off.
func reuses(w modproxy.Member) bool {
	if w.UnixPath != "" {
		return false
	}
	if v, ok := w.Params["disablereuse"]; ok && strings.EqualFold(v.Value, "on") {
		return false
	}
	if v, ok := w.Params["enablereuse"]; ok && strings.EqualFold(v.Value, "off") {
		return false
	}
	return true
}

// localSites indexes the virtual hosts of a configuration that listen on
// a loopback address or on every address, by port and TLS, so each worker
// finds its backend without scanning every virtual host.
type localSites struct {
	on map[localKey]*localList
}

type localKey struct {
	port int
	tls  bool
}

// localList holds the distinct sites with a matching listener, in order,
// and those with a matching listener marked default, in order.
type localList struct {
	any, defaults []*lint.Site
}

func indexLocal(cfg *lint.Config) *localSites {
	ix := &localSites{on: map[localKey]*localList{}}
	for _, s := range cfg.Sites {
		for _, l := range s.Listeners {
			if l.Addr != "" && !isLoopback(l.Addr) {
				continue
			}
			k := localKey{l.Port, l.TLS}
			ll := ix.on[k]
			if ll == nil {
				ll = &localList{}
				ix.on[k] = ll
			}
			if n := len(ll.any); n == 0 || ll.any[n-1] != s {
				ll.any = append(ll.any, s)
			}
			if n := len(ll.defaults); l.Default && (n == 0 || ll.defaults[n-1] != s) {
				ll.defaults = append(ll.defaults, s)
			}
		}
	}
	return ix
}

// backend finds the virtual host of this configuration, other than from,
// that answers host:port when host is a loopback address or name: the
// backend is then this very server and its keep-alive timeout is known.
// That is the last one listening there as the default, else the first one
// listening there.
func (ix *localSites) backend(from *lint.Site, host string, port int, scheme string) *lint.Site {
	if ix == nil || !isLoopback(host) || port <= 0 {
		return nil
	}
	ll := ix.on[localKey{port, scheme == "https" || scheme == "wss"}]
	if ll == nil {
		return nil
	}
	for i := len(ll.defaults) - 1; i >= 0; i-- {
		if ll.defaults[i] != from {
			return ll.defaults[i]
		}
	}
	for _, s := range ll.any {
		if s != from {
			return s
		}
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// secs prints whole seconds at any length, unlike lint.Seconds: Apache
// writes KeepAliveTimeout and ttl= in seconds (ttl=3600, not 1h).
func secs(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return lint.FormatDuration(d)
}
