package apache

import (
	_ "embed"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/apache-reuse-outlives-backend-keepalive.md
var reuseDoc string

// ReuseOutlivesBackendKeepalive: mod_proxy keeps backend connections in
// its pool with no idle limit unless ttl= says otherwise; a backend that
// closes idle connections first races with the next request sent on one
// (502, AH01102). The backend's keep-alive is only known when the backend
// is a virtual host of the same configuration, so the rule fires only
// then.
var ReuseOutlivesBackendKeepalive = &lint.Rule{
	ID:        "EL5101",
	Name:      "apache-reuse-outlives-backend-keepalive",
	Category:  lint.CategoryKeepalive,
	Title:     "pooled backend connections outlive the backend's KeepAliveTimeout",
	Doc:       reuseDoc,
	Severity:  lint.Warning,
	Sources:   []lint.SourceKind{lint.Apache},
	WholeTree: true,
	Check: func(p *lint.Pass) error {
		done := seen{}
		// With the prefork MPM there is no connection pool list: ttl= is
		// ignored (httpd bug 54976) while each process still keeps its
		// backend connection open.
		prefork := p.Config.Product.Modules["mpm_prefork_module"]
		for _, s := range p.Config.Sites {
			for _, r := range s.Routes {
				if r.Protocol != lint.ProtoHTTP {
					continue
				}
				for _, w := range workers(r) {
					if !w.reuses() || !done.first(w.pos) {
						continue
					}
					backend := localBackend(p.Config, s, w.host, w.port, w.scheme)
					if backend == nil {
						continue
					}
					ka := backend.ClientKeepalive
					if ka.Value <= 0 || (w.ttl.Set && w.ttl.Value < ka.Value && !prefork) {
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
					case w.ttl.Set:
						ttl = fmt.Sprintf("ttl=%s, not below it", strings.TrimSuffix(secs(w.ttl.Value), "s"))
					}
					rel := []lint.Related{{Pos: backend.Pos, Message: "the backend virtual host"}}
					if ka.Set {
						rel = append(rel, lint.Related{Pos: ka.Pos, Message: "its keep-alive timeout"})
					}
					p.Report(w.pos, fmt.Sprintf("%s pools connections to a virtual host of this configuration that closes them after %s idle (%s), with %s → intermittent 502 (AH01102: error reading status line) when a request goes out on a connection the backend is closing",
						w.raw, secs(ka.Value), kaText, ttl), rel...)
				}
			}
		}
		return nil
	},
}

type worker struct {
	pos         lint.Position
	raw, scheme string
	host        string
	port        int
	ttl         lint.Duration
	params      map[string]lint.Setting[string]
	unix        bool
}

// reuses reports whether mod_proxy pools the worker's connections: http
// workers do unless disablereuse=On or enablereuse=Off.
func (w worker) reuses() bool {
	if w.unix {
		return false
	}
	if v, ok := w.params["disablereuse"]; ok && strings.EqualFold(v.Value, "on") {
		return false
	}
	if v, ok := w.params["enablereuse"]; ok && strings.EqualFold(v.Value, "off") {
		return false
	}
	return true
}

func workers(r *lint.Route) []worker {
	t := r.Target
	if t.Scheme != "balancer" {
		return []worker{{pos: t.Pos, raw: t.Raw, scheme: t.Scheme, host: t.Host, port: t.Port, ttl: r.Timeouts.Idle, params: t.Params, unix: t.UnixPath != ""}}
	}
	if t.Upstream == nil {
		return nil
	}
	var out []worker
	for _, e := range t.Upstream.Endpoints {
		out = append(out, worker{pos: e.Pos, raw: e.Raw, scheme: e.Scheme, host: e.Host, port: e.Port, ttl: e.Timeouts.Idle, params: e.Params, unix: e.UnixPath != ""})
	}
	return out
}

// localBackend finds the virtual host of this configuration that answers
// host:port, when host is a loopback address or name: the backend is then
// this very server and its keep-alive timeout is known.
func localBackend(cfg *lint.Config, from *lint.Site, host string, port int, scheme string) *lint.Site {
	if !isLoopback(host) || port <= 0 {
		return nil
	}
	var match *lint.Site
	for _, s := range cfg.Sites {
		if s == from {
			continue
		}
		for _, l := range s.Listeners {
			if l.Port != port || l.TLS != (scheme == "https" || scheme == "wss") {
				continue
			}
			if l.Addr == "" || isLoopback(l.Addr) {
				if match == nil || l.Default {
					match = s
				}
			}
		}
	}
	return match
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func secs(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return lint.FormatDuration(d)
}
