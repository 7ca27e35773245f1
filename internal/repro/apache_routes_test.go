package repro

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/backend"
	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/internal/testsupport/testhost"
)

// Rule names of the Apache route and balancer reproducers (issue 12).
const (
	ruleApacheShadowed  = "apache-proxypass-shadowed"
	ruleApacheGlued     = "apache-proxypass-url-glued"
	ruleApacheStall     = "apache-balancer-failover-stall"
	ruleApachePassiveLB = "apache-balancer-passive-failover"
)

// maintenanceRoot is a DocumentRoot holding /maintenance/index.html, the
// page httpd is meant to serve itself while the application is down.
func maintenanceRoot(t *testing.T) string {
	t.Helper()
	root := workDir(t)
	dir := filepath.Join(root, "maintenance")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "index.html"), "down for maintenance\n")
	return root
}

// EL1103: ProxyPass lines are tried in configuration order, and a
// ProxyPass inside <Location> before every one outside it. An exclusion
// that comes too late does not exclude: the maintenance page, served by
// httpd while the application is down, goes to the application instead
// (503, AH00957). Written first — or, with <Location "/">, as a <Location>
// of its own after it — it is served (200).
func TestReproApacheProxyPassOrder(t *testing.T) {
	t.Parallel()
	app := netprobetest.Closed(t) // the application is down
	for _, c := range []struct {
		name, broken, fixed string
	}{
		{"server-level",
			"ProxyPass / http://%[1]s/\nProxyPass /maintenance !",
			"ProxyPass /maintenance !\nProxyPass / http://%[1]s/"},
		{"location",
			"ProxyPass /maintenance !\n<Location />\n    ProxyPass http://%[1]s/\n</Location>",
			"<Location />\n    ProxyPass http://%[1]s/\n</Location>\n<Location /maintenance>\n    ProxyPass !\n</Location>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			root := maintenanceRoot(t)
			site := fmt.Sprintf("DocumentRoot %s\n<Directory %s>\n    Require all granted\n</Directory>\n", root, root)
			broken := startApache(t, "", site+fmt.Sprintf(c.broken, app))
			lintFinds(t, broken.conf, ruleApacheShadowed, "ProxyPass /maintenance !")
			broken.expect(t, "/maintenance/index.html", 503, fmt.Sprintf("AH00957: http: attempt to connect to %s", app))

			fixed := startApache(t, "", site+fmt.Sprintf(c.fixed, app))
			r := fixed.expect(t, "/maintenance/index.html", 200, "")
			if r.body != "down for maintenance\n" {
				t.Errorf("fixed: body %q, want the maintenance page from disk", r.body)
			}
			lintSilent(t, fixed.conf, ruleApacheShadowed)
		})
	}
}

// EL1104: a path with a trailing slash and a URL without one glue the
// rest of the request path to the host: /index.html goes to
// http://127.0.0.1:PORTindex.html, 500 with AH00898. The home page still
// works, which is how this survives a quick test.
func TestReproApacheProxyPassURLGlued(t *testing.T) {
	t.Parallel()
	b := backend.Start(t, backend.Options{})
	broken := startApache(t, "", fmt.Sprintf("ProxyPass / http://%s", b.Addr))
	lintFinds(t, broken.conf, ruleApacheGlued, "ProxyPass / http://")
	broken.expect(t, "/", 200, "")
	broken.expect(t, "/index.html", 500, fmt.Sprintf("AH00898: DNS lookup failure for: %sindex.html", b.Addr))

	fixed := startApache(t, "", fmt.Sprintf("ProxyPass / http://%s/", b.Addr))
	fixed.expect(t, "/index.html", 200, "")
	lintSilent(t, fixed.conf, ruleApacheGlued)
}

// EL3103: without active health checks a balancer learns that a member
// is gone only from a request that fails on it. A member that drops SYNs
// (here: a listener on this host's own non-loopback address whose accept
// queue is full, as a host that is down in a cloud network or behind a
// firewall behaves) fails a request only when the connect timeout
// expires: 60 s by default, 5 s here (Timeout 5) to keep the test short.
// The request then fails over and ends in 200, late, with AH00957 and
// AH00959 in the log. With mod_proxy_hcheck checking the members, the
// dead one is out before requests reach it: 200 at once.
func TestReproApacheBalancerFailoverStall(t *testing.T) {
	t.Parallel()
	hole := remoteBlackhole(t)
	b := backend.Start(t, backend.Options{})
	const timeout = 5 * time.Second
	main := fmt.Sprintf("Timeout %d", int(timeout/time.Second))
	pool := func(params string) string {
		return fmt.Sprintf("<Proxy balancer://app>\n    BalancerMember http://%s%s\n    BalancerMember http://%s%s\n</Proxy>\nProxyPass / balancer://app/",
			hole, params, b.Addr, params)
	}

	t.Run("broken", func(t *testing.T) {
		t.Parallel()
		broken := startApache(t, main, pool(""))
		lintFinds(t, broken.conf, ruleApacheStall, "<Proxy balancer://app>")
		// byrequests sends one of two requests to each member; the one
		// that meets the dead member waits the connect timeout.
		var slowest time.Duration
		for range 2 {
			r := broken.expect(t, "/", 200, "")
			slowest = max(slowest, r.took)
		}
		if slowest < timeout {
			t.Errorf("no request waited for the dead member: slowest took %v, want at least %v", slowest, timeout)
		}
		broken.expectLog(t, fmt.Sprintf("AH00957: http: attempt to connect to %s", hole))
		broken.expectLog(t, "AH00959: ap_proxy_connect_backend disabling worker")
	})

	t.Run("fixed", func(t *testing.T) {
		t.Parallel()
		hcheck := fmt.Sprintf("LoadModule proxy_hcheck_module %s/mod_proxy_hcheck.so\n%s", realserver.ApacheModules, main)
		fixed := startApache(t, hcheck, pool(" hcmethod=TCP hcinterval=1"))
		// The check runs in the background: wait until it has failed the
		// dead member (after its own connect timeout).
		deadline := time.Now().Add(3 * timeout)
		for !containsLine(fixed.Log(), fmt.Sprintf("AH00957: HCTCP: attempt to connect to %s", hole)) {
			if time.Now().After(deadline) {
				t.Fatalf("mod_proxy_hcheck never failed the dead member:\n%s", fixed.Log())
			}
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond) // the check records the state just after logging
		for range 2 {
			if r := fixed.expect(t, "/", 200, ""); r.took >= timeout/2 {
				t.Errorf("fixed: a request took %v although the dead member is out", r.took)
			}
		}
		lintSilent(t, fixed.conf, ruleApacheStall)
		lintSilent(t, fixed.conf, ruleApachePassiveLB)
	})
}

func containsLine(log, s string) bool { return firstLine(log, s) != "" }

// remoteBlackhole is a member on another host that vanished: a test host
// in a network namespace of the test's own whose replies go nowhere, so a
// connect hangs until httpd's connect timeout. It stands for a remote
// member because EL3103 does not count loopback members, which refuse at
// once when they are gone.
func remoteBlackhole(t *testing.T) string {
	t.Helper()
	realserver.Apache2(t) // skip first when apache2 is missing or -short
	return testhost.Blackhole(t, 8080)
}
