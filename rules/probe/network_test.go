package probe

import (
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	realprobe "github.com/edgelint/edgelint/internal/netprobe"
	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/ruletest"
)

// testNetwork serves the names the testdata and the rule docs use, on
// fixed loopback addresses so the files can name them:
//
//	app-1.internal  127.0.0.61  HTTP on 8080
//	app-2.internal  127.0.0.62  nothing listens (refused)
//	legacy.internal             NXDOMAIN
//	api.internal    127.0.0.63  TLS on 8443, certificate for api.internal,
//	                            handshakes without SNI rejected (alert 112)
//	plain.internal  127.0.0.61  (plain HTTP on 8080)
func testNetwork(t *testing.T) lint.Prober {
	t.Helper()
	d := netprobetest.ServeDNS(t, netprobetest.Zone{Hosts: map[string][]string{
		"app-1.internal": {"127.0.0.61"},
		"app-2.internal": {"127.0.0.62"},
		"api.internal":   {"127.0.0.63"},
		"plain.internal": {"127.0.0.61"},
	}})
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

// The meta-test only checks that probe rules have testdata; here the cases
// and the doc examples run against the test network through the real
// adapters, as `edgelint check --probe` runs them.
func TestTestdataAndDocs(t *testing.T) {
	pr := testNetwork(t)
	for _, r := range Rules {
		t.Run(r.Name, func(t *testing.T) {
			ruletest.Run(t, r, filepath.Join("testdata", r.Name), ruletest.Options{Probe: pr})
			t.Run("doc", func(t *testing.T) { ruletest.CheckDoc(t, r, ruletest.Options{Probe: pr}) })
		})
	}
}
