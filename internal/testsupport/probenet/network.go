// Package probenet serves the test network the --probe rules' testdata
// and doc examples name, so rules.TestProbeRules can run them through the
// real adapters, as `edgelint check --probe` runs them.
package probenet

import (
	"net"
	"net/http"
	"testing"
	"time"

	realprobe "github.com/edgelint/edgelint/internal/netprobe"
	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
	"github.com/edgelint/edgelint/lint"
)

// Network serves the names the testdata and the rule docs use, on fixed
// loopback addresses so the files can name them:
//
//	app-1.internal  127.0.0.61  HTTP on 8080
//	app-2.internal  127.0.0.62  nothing listens (refused)
//	legacy.internal             NXDOMAIN
//	api.internal    127.0.0.63  TLS on 8443, certificate for api.internal,
//	                            handshakes without SNI rejected (alert 112)
//	plain.internal  127.0.0.61  (plain HTTP on 8080)
//	origin.example.net     127.0.0.64  (a public name of a CDN origin)
//	gone.example.net                   NXDOMAIN
//	flaky.example.net                  SERVFAIL
//
// The addresses are fixed, so one test process at a time may serve it.
func Network(t *testing.T) lint.Prober {
	t.Helper()
	d := netprobetest.ServeDNS(t, netprobetest.Zone{Hosts: map[string][]string{
		"app-1.internal":     {"127.0.0.61"},
		"app-2.internal":     {"127.0.0.62"},
		"api.internal":       {"127.0.0.63"},
		"plain.internal":     {"127.0.0.61"},
		"origin.example.net": {"127.0.0.64"},
	}, ServFail: []string{"flaky.example.net"}})
	l, err := net.Listen("tcp", "127.0.0.61:8080")
	if err != nil {
		t.Skipf("the test network needs 127.0.0.61:8080: %v", err)
	}
	srv := &http.Server{Handler: http.NotFoundHandler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	netprobetest.TLSListen(t, "127.0.0.63:8443", netprobetest.SNIConfig(netprobetest.NewCert(t, "api.internal")))
	return realprobe.New(realprobe.Options{Resolver: d.Addr})
}
