package keepalive

import (
	"testing"

	"github.com/edgelint/edgelint/lint"
)

// localByScan is the reference: every virtual host of the configuration,
// every listener, the last default or else the first match.
func localByScan(cfg *lint.Config, from *lint.Site, host string, port int, scheme string) *lint.Site {
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

func TestLocalBackendIndexMatchesScan(t *testing.T) {
	s := func(ls ...lint.Listener) *lint.Site { return &lint.Site{Listeners: ls} }
	cfg := &lint.Config{Sites: []*lint.Site{
		s(lint.Listener{Port: 8080}),
		s(lint.Listener{Port: 8080, Addr: "10.0.0.1", Default: true}),
		s(lint.Listener{Port: 8080, Addr: "127.0.0.1", Default: true}, lint.Listener{Port: 8443, TLS: true}),
		s(lint.Listener{Port: 8080, Default: true}, lint.Listener{Port: 8080, Addr: "::1"}),
		s(lint.Listener{Port: 8443, TLS: true, Default: true}, lint.Listener{Port: 8081}),
		s(lint.Listener{Port: 8081, Addr: "localhost"}),
		s(lint.Listener{Port: 8081, Addr: "[::1]", Default: true}),
	}}
	ix := indexLocal(cfg)
	froms := append([]*lint.Site{nil}, cfg.Sites...)
	for _, host := range []string{"127.0.0.1", "localhost", "[::1]", "10.0.0.1", "backend"} {
		for _, port := range []int{0, 8080, 8081, 8443, 9000} {
			for _, scheme := range []string{"http", "https", "ws", "wss"} {
				for _, from := range froms {
					if got, want := ix.backend(from, host, port, scheme), localByScan(cfg, from, host, port, scheme); got != want {
						t.Errorf("backend(from %p, %s, %d, %s) = %p, scanning gives %p", from, host, port, scheme, got, want)
					}
				}
			}
		}
	}
}
