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
// (502, AH01102). The backend's keep-alive is only known when the backend
// is a virtual host of the same configuration, so the rule fires only
// then.
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
		var local *localSites // built on the first loopback worker
		for r, w := range modproxy.Workers(p.Config) {
			if r.Protocol != lint.ProtoHTTP || !reuses(w) || !done.First(w.Pos) {
				continue
			}
			if local == nil && isLoopback(w.Host) {
				local = indexLocal(p.Config)
			}
			backend := local.backend(r.Site, w.Host, w.Port, w.Scheme)
			if backend == nil {
				continue
			}
			ka := backend.ClientKeepalive
			if ka.Value <= 0 || (w.Idle.Set && w.Idle.Value < ka.Value && !prefork) {
				continue
			}
			kaText := "KeepAliveTimeout " + secs(ka.Value)
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
			rel := []lint.Related{{Pos: backend.Pos, Message: "the backend virtual host"}}
			if ka.Set {
				rel = append(rel, lint.Related{Pos: ka.Pos, Message: "its keep-alive timeout"})
			}
			p.Report(w.Pos, fmt.Sprintf("%s pools connections to a virtual host of this configuration that closes them after %s idle (%s), with %s → intermittent 502 (AH01102: error reading status line) when a request goes out on a connection the backend is closing",
				w.Raw, secs(ka.Value), kaText, ttl), rel...)
		}
		return nil
	},
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
