package repro

import (
	"fmt"
	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/backend"
	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
)

// Each reproducer's comment names the rules it shows by ID and, where the
// field reference describes the failure, its section: "RULES.md §7.1" is
// section 7 ("Reproducers on real servers"), item 1, of "What breaks
// proxies: the domain reference for edgelint's rules", the shared
// docs/RULES.md beside this repository (not part of it).
//
// Rule names the reproducers check (looked up by name so IDs can change).
const (
	ruleReadTimeout    = "upstream-read-timeout-short"
	ruleUnreachable    = "probe-upstream-unreachable"
	ruleNoResolver     = "pass-variable-without-resolver"
	ruleNoSNI          = "upstream-tls-no-sni"
	ruleProbeHandshake = "probe-upstream-tls-handshake"
	ruleSSLNameIsBlock = "upstream-ssl-name-is-block-name"
	ruleProbeCertName  = "probe-upstream-certificate-name"
	ruleBlockNameHost  = "upstream-block-name-as-host"
	ruleBufferArith    = "buffer-arithmetic"
	ruleBufferSmall    = "response-header-buffer-small"
	ruleApacheHTTPSIP  = "apache-https-to-ip"
	ruleApachePreserve = "apache-preserve-host-https"
	ruleApacheNoEngine = "apache-https-without-sslproxyengine"
)

// EL4001 (RULES.md §7.1): a backend slower than the read timeout.
func TestReproReadTimeout(t *testing.T) {
	t.Parallel()
	b := backend.Start(t, backend.Options{})
	t.Run("nginx", func(t *testing.T) {
		t.Parallel()
		broken := startNginx(t, "", fmt.Sprintf(`
location / {
    proxy_pass http://127.0.0.1:%d;
    proxy_read_timeout 1s;
}`, b.Port))
		lintFinds(t, broken.conf, ruleReadTimeout, "proxy_read_timeout 1s")
		broken.expect(t, "/?delay=2s", 504, "upstream timed out (110: Connection timed out) while reading response header from upstream")

		fixed := startNginx(t, "", fmt.Sprintf(`
location / {
    proxy_pass http://127.0.0.1:%d;
    proxy_read_timeout 60s;
}`, b.Port))
		fixed.expect(t, "/?delay=2s", 200, "")
		lintSilent(t, fixed.conf, ruleReadTimeout)
	})
	t.Run("apache", func(t *testing.T) {
		t.Parallel()
		broken := startApache(t, "", fmt.Sprintf(`ProxyPass / http://127.0.0.1:%d/ timeout=1`, b.Port))
		lintFinds(t, broken.conf, ruleReadTimeout, "timeout=1")
		// Apache answers a read timeout with 502, not 504.
		broken.expect(t, "/?delay=2s", 502, "AH01102: error reading status line from remote server")

		fixed := startApache(t, "", fmt.Sprintf(`ProxyPass / http://127.0.0.1:%d/ timeout=60`, b.Port))
		fixed.expect(t, "/?delay=2s", 200, "")
		lintSilent(t, fixed.conf, ruleReadTimeout)
	})
}

// EL1501 (RULES.md §7.3): nothing listens on the upstream port.
func TestReproRefusedUpstream(t *testing.T) {
	t.Parallel()
	closed := netprobetest.Closed(t)
	b := backend.Start(t, backend.Options{})
	t.Run("nginx", func(t *testing.T) {
		t.Parallel()
		broken := startNginx(t, "", fmt.Sprintf("location / {\n    proxy_pass http://%s;\n}", closed))
		lintFinds(t, broken.conf, ruleUnreachable, "proxy_pass http://"+closed)
		broken.expect(t, "/", 502, "connect() failed (111: Connection refused) while connecting to upstream")

		fixed := startNginx(t, "", fmt.Sprintf("location / {\n    proxy_pass http://%s;\n}", b.Addr))
		fixed.expect(t, "/", 200, "")
		lintSilent(t, fixed.conf, ruleUnreachable)
	})
	t.Run("apache", func(t *testing.T) {
		t.Parallel()
		broken := startApache(t, "", fmt.Sprintf("ProxyPass / http://%s/", closed))
		lintFinds(t, broken.conf, ruleUnreachable, "ProxyPass / http://"+closed)
		broken.expect(t, "/", 503, "AH01114: HTTP: failed to make connection to backend")

		fixed := startApache(t, "", fmt.Sprintf("ProxyPass / http://%s/", b.Addr))
		fixed.expect(t, "/", 200, "")
		lintSilent(t, fixed.conf, ruleUnreachable)
	})
}

// EL1001 (RULES.md §7.5): a variable in proxy_pass makes nginx resolve per
// request, which needs a resolver. The fix points nginx at a local DNS
// server that serves backend.test.
func TestReproVariablePassWithoutResolver(t *testing.T) {
	t.Parallel()
	b := backend.Start(t, backend.Options{})
	dns := netprobetest.ServeDNS(t, netprobetest.Zone{Hosts: map[string][]string{"backend.test": {"127.0.0.1"}}})
	body := fmt.Sprintf(`
location / {
    set $backend backend.test;
    proxy_pass http://$backend:%d;
}`, b.Port)
	broken := startNginx(t, "", body)
	lintFinds(t, broken.conf, ruleNoResolver, "proxy_pass http://$backend")
	broken.expect(t, "/", 502, "no resolver defined to resolve backend.test")

	fixed := startNginx(t, fmt.Sprintf("resolver %s valid=10s;\nresolver_timeout 2s;", dns.Addr), body)
	fixed.expect(t, "/", 200, "")
	lintSilent(t, fixed.conf, ruleNoResolver)
}

// EL2001, EL7501 and EL7102 (RULES.md §7.6): a TLS backend that rejects
// handshakes without SNI (like nginx's ssl_reject_handshake or a CDN);
// nginx sends none unless proxy_ssl_server_name is on.
func TestReproUpstreamTLSWithoutSNI(t *testing.T) {
	t.Parallel()
	cert := netprobetest.NewCert(t, "backend.test", "localhost")
	b := backend.Start(t, backend.Options{TLS: netprobetest.SNIConfig(cert)})
	t.Run("nginx", func(t *testing.T) {
		t.Parallel()
		pool := fmt.Sprintf("upstream backend {\n    server 127.0.0.1:%d;\n}", b.Port)
		broken := startNginx(t, pool, `
location / {
    proxy_pass https://backend;
    proxy_ssl_name backend.test;
}`)
		lintFinds(t, broken.conf, ruleNoSNI, "")
		lintFinds(t, broken.conf, ruleProbeHandshake, "server 127.0.0.1:")
		broken.expect(t, "/", 502, "alert number 112")
		broken.expectLog(t, "SSL_do_handshake() failed")

		fixed := startNginx(t, pool, `
location / {
    proxy_pass https://backend;
    proxy_ssl_server_name on;
    proxy_ssl_name backend.test;
}`)
		fixed.expect(t, "/", 200, "")
		lintSilent(t, fixed.conf, ruleNoSNI)
		lintSilent(t, fixed.conf, ruleProbeHandshake)
	})
	// Apache sends the worker's host as SNI, but never an IP address.
	t.Run("apache", func(t *testing.T) {
		t.Parallel()
		broken := startApache(t, "", fmt.Sprintf("SSLProxyEngine on\nProxyPass / https://127.0.0.1:%d/", b.Port))
		lintFinds(t, broken.conf, ruleApacheHTTPSIP, "ProxyPass / https://127.0.0.1")
		lintFinds(t, broken.conf, ruleProbeHandshake, "ProxyPass / https://127.0.0.1")
		broken.expect(t, "/", 500, "AH00898: Error during SSL Handshake with remote server")

		fixed := startApache(t, "", fmt.Sprintf("SSLProxyEngine on\nProxyPass / https://localhost:%d/", b.Port))
		fixed.expect(t, "/", 200, "")
		lintSilent(t, fixed.conf, ruleApacheHTTPSIP)
		lintSilent(t, fixed.conf, ruleProbeHandshake)
	})
}

// EL2002 and EL2501 (RULES.md §6, candidate 8): with proxy_ssl_verify on,
// nginx checks the certificate against $proxy_host, the upstream block's
// name.
func TestReproUpstreamCertificateName(t *testing.T) {
	t.Parallel()
	cert := netprobetest.NewCert(t, "backend.test")
	b := backend.Start(t, backend.Options{TLS: netprobetest.SNIConfig(cert)})
	ca := filepath.Join(workDir(t), "ca.pem")
	write(t, ca, string(cert.CertPEM))
	pool := fmt.Sprintf("upstream backend {\n    server 127.0.0.1:%d;\n}", b.Port)
	loc := func(extra string) string {
		return fmt.Sprintf(`
location / {
    proxy_pass https://backend;
    proxy_ssl_server_name on;%s
    proxy_ssl_verify on;
    proxy_ssl_trusted_certificate %s;
}`, extra, ca)
	}
	broken := startNginx(t, pool, loc(""))
	lintFinds(t, broken.conf, ruleSSLNameIsBlock, "")
	lintFinds(t, broken.conf, ruleProbeCertName, "server 127.0.0.1:")
	broken.expect(t, "/", 502, `upstream SSL certificate does not match "backend" while SSL handshaking to upstream`)

	fixed := startNginx(t, pool, loc("\n    proxy_ssl_name backend.test;"))
	fixed.expect(t, "/", 200, "")
	lintSilent(t, fixed.conf, ruleSSLNameIsBlock)
	lintSilent(t, fixed.conf, ruleProbeCertName)
}

// EL2101 and EL2501 (RULES.md §3): with ProxyPreserveHost On, Apache sends
// the client's Host as SNI and checks the backend certificate against it
// (SSLProxyCheckPeerName is on by default, even with SSLProxyVerify none).
func TestReproApachePreserveHostCertificateName(t *testing.T) {
	t.Parallel()
	cert := netprobetest.NewCert(t, "localhost")
	b := backend.Start(t, backend.Options{TLS: netprobetest.SNIConfig(cert)})
	vhost := func(preserve string) string {
		return fmt.Sprintf("SSLProxyEngine on\nProxyPreserveHost %s\nProxyPass / https://localhost:%d/", preserve, b.Port)
	}
	broken := startApache(t, "", vhost("On"))
	lintFinds(t, broken.conf, ruleApachePreserve, "")
	lintFinds(t, broken.conf, ruleProbeCertName, "ProxyPass / https://localhost")
	broken.expectHost(t, "www.example.test", "/", 500, "AH00898: Error during SSL Handshake with remote server")

	fixed := startApache(t, "", vhost("Off"))
	fixed.expectHost(t, "www.example.test", "/", 200, "")
	lintSilent(t, fixed.conf, ruleApachePreserve)
	lintSilent(t, fixed.conf, ruleProbeCertName)
}

// EL7101 (RULES.md §3): an https:// worker without SSLProxyEngine on: httpd
// starts, then answers every request on the route with 500.
func TestReproApacheHTTPSWithoutSSLProxyEngine(t *testing.T) {
	t.Parallel()
	b := backend.Start(t, backend.Options{TLS: netprobetest.SNIConfig(netprobetest.NewCert(t, "localhost"))})
	pass := fmt.Sprintf("ProxyPass / https://localhost:%d/", b.Port)
	broken := startApache(t, "", pass)
	lintFinds(t, broken.conf, ruleApacheNoEngine, "ProxyPass / https://localhost")
	broken.expect(t, "/", 500, "AH01961")

	fixed := startApache(t, "", "SSLProxyEngine on\n"+pass)
	fixed.expect(t, "/", 200, "")
	lintSilent(t, fixed.conf, ruleApacheNoEngine)
}

// EL1501 (RULES.md §7.7): every server of the pool refuses; nginx marks
// them failed and answers the next request without trying: "no live
// upstreams".
func TestReproNoLiveUpstreams(t *testing.T) {
	t.Parallel()
	c1, c2 := netprobetest.Closed(t), netprobetest.Closed(t)
	b1, b2 := backend.Start(t, backend.Options{}), backend.Start(t, backend.Options{})
	loc := "location / {\n    proxy_pass http://app;\n}"
	broken := startNginx(t, fmt.Sprintf("upstream app {\n    server %s;\n    server %s;\n}", c1, c2), loc)
	lintFinds(t, broken.conf, ruleUnreachable, "server "+c1)
	lintFinds(t, broken.conf, ruleUnreachable, "server "+c2)
	broken.expect(t, "/", 502, "connect() failed (111: Connection refused) while connecting to upstream")
	broken.expect(t, "/", 502, "no live upstreams while connecting to upstream")

	fixed := startNginx(t, fmt.Sprintf("upstream app {\n    server %s;\n    server %s;\n}", b1.Addr, b2.Addr), loc)
	fixed.expect(t, "/", 200, "")
	fixed.expect(t, "/", 200, "")
	lintSilent(t, fixed.conf, ruleUnreachable)
}

// EL2003 (RULES.md §7.8): proxy_pass to an upstream block without a Host
// header sends the block's name as Host. That breaks a backend that routes
// by name — here name-based virtual hosts of the same nginx, the evidence
// EL2003 asks for: Host: backend_pool selects the default server (404)
// instead of the application's.
func TestReproUpstreamNameAsHost(t *testing.T) {
	t.Parallel()
	b := backend.Start(t, backend.Options{})
	// Both servers run at once, so each gets its own inner listener.
	vhosts := func(inner int) string {
		return fmt.Sprintf(`upstream backend_pool {
    server 127.0.0.1:%[1]d;
}
server {
    listen 127.0.0.1:%[1]d default_server;
    server_name _;
    return 404;
}
server {
    listen 127.0.0.1:%[1]d;
    server_name www.example.test;
    location / {
        proxy_pass http://%[2]s;
    }
}`, inner, b.Addr)
	}
	inner := realserver.FreePort(t)
	broken := startNginx(t, vhosts(inner), "location / {\n    proxy_pass http://backend_pool;\n}")
	lintFinds(t, broken.conf, ruleBlockNameHost, "proxy_pass http://backend_pool")
	broken.expectHost(t, "www.example.test", "/", 404, "")
	t.Logf("Host: backend_pool reached the default server of 127.0.0.1:%d", inner)

	fixed := startNginx(t, vhosts(realserver.FreePort(t)), "location / {\n    proxy_pass http://backend_pool;\n    proxy_set_header Host $host;\n}")
	r := fixed.get(t, "/", "www.example.test")
	if r.status != 200 || !strings.HasPrefix(r.body, "ok ") {
		t.Errorf("fixed: %d %q, want the application's virtual host to pass the request to the backend", r.status, r.body)
	}
	t.Logf("fixed nginx GET / (Host: www.example.test) → %d through the www.example.test virtual host, backend said %q", r.status, strings.TrimSpace(r.body))
	lintSilent(t, fixed.conf, ruleBlockNameHost)
}

// EL1501 (RULES.md §7.8): the unix socket a route names does not exist
// (PHP-FPM not started, wrong path). The fix is the same config with the
// socket listening.
func TestReproMissingUnixSocket(t *testing.T) {
	t.Parallel()
	t.Run("nginx", func(t *testing.T) {
		t.Parallel()
		sockDir := workDir(t)
		sock := filepath.Join(sockDir, "app.sock")
		s := startNginx(t, "", fmt.Sprintf("location / {\n    proxy_pass http://unix:%s;\n}", sock))
		lintFinds(t, s.conf, ruleUnreachable, "proxy_pass http://unix:")
		s.expect(t, "/", 502, fmt.Sprintf("connect() to unix:%s failed (2: No such file or directory)", sock))

		backend.Start(t, backend.Options{Unix: sock})
		s.expect(t, "/", 200, "")
		lintSilent(t, s.conf, ruleUnreachable)
	})
	t.Run("apache", func(t *testing.T) {
		t.Parallel()
		sockDir := workDir(t)
		sock := filepath.Join(sockDir, "app.sock")
		s := startApache(t, "", fmt.Sprintf("ProxyPass / unix:%s|http://localhost/", sock))
		lintFinds(t, s.conf, ruleUnreachable, "ProxyPass / unix:")
		s.expect(t, "/", 503, "AH02454")

		backend.Start(t, backend.Options{Unix: sock})
		s.expect(t, "/", 200, "")
		lintSilent(t, s.conf, ruleUnreachable)
	})
}

// EL6002 and EL6001 (RULES.md §7.2): the whole response header must fit
// into proxy_buffer_size (nginx) or each header line into responsefieldsize
// (Apache).
func TestReproResponseHeaderTooBig(t *testing.T) {
	t.Parallel()
	b := backend.Start(t, backend.Options{})
	t.Run("nginx", func(t *testing.T) {
		t.Parallel()
		broken := startNginx(t, "", fmt.Sprintf(`
location / {
    proxy_pass http://127.0.0.1:%d;
    proxy_buffer_size 1k;
}`, b.Port))
		lintFinds(t, broken.conf, ruleBufferSmall, "proxy_buffer_size 1k")
		broken.expect(t, "/?header=2000", 502, "upstream sent too big header while reading response header from upstream")

		// The tempting fix, raising only proxy_buffer_size, keeps nginx
		// from starting: EL6001 says so before the reload does.
		naive, out, ok := checkNginx(t, "", fmt.Sprintf(`
location / {
    proxy_pass http://127.0.0.1:%d;
    proxy_buffer_size 16k;
}`, b.Port))
		if ok || !strings.Contains(out, `"proxy_busy_buffers_size" must be less than the size of all "proxy_buffers" minus one buffer`) {
			t.Errorf("nginx -t with only proxy_buffer_size 16k: ok=%v, want the busy-buffers error:\n%s", ok, out)
		}
		t.Logf("nginx -t: %s", firstLine(out, "emerg"))
		lintFinds(t, naive.conf, ruleBufferArith, "")

		fixed := startNginx(t, "", fmt.Sprintf(`
location / {
    proxy_pass http://127.0.0.1:%d;
    proxy_buffer_size 16k;
    proxy_buffers 8 16k;
}`, b.Port))
		fixed.expect(t, "/?header=6000", 200, "")
		lintSilent(t, fixed.conf, ruleBufferSmall)
		lintSilent(t, fixed.conf, ruleBufferArith)
	})
	t.Run("apache", func(t *testing.T) {
		t.Parallel()
		broken := startApache(t, "", fmt.Sprintf(`ProxyPass / http://127.0.0.1:%d/ responsefieldsize=1024`, b.Port))
		lintFinds(t, broken.conf, ruleBufferSmall, "responsefieldsize=1024")
		broken.expect(t, "/?header=2000", 502, "AH10124")

		fixed := startApache(t, "", fmt.Sprintf(`ProxyPass / http://127.0.0.1:%d/ responsefieldsize=16384`, b.Port))
		fixed.expect(t, "/?header=9000", 200, "")
		lintSilent(t, fixed.conf, ruleBufferSmall)
	})
}

// EL1501: a firewalled backend (SYNs dropped; here a loopback listener whose
// accept queue is full): nginx waits proxy_connect_timeout and answers 504,
// Apache waits connectiontimeout and answers 503.
func TestReproBlackholeUpstream(t *testing.T) {
	t.Parallel()
	hole := netprobetest.Blackhole(t, "")
	b := backend.Start(t, backend.Options{})
	t.Run("nginx", func(t *testing.T) {
		t.Parallel()
		loc := "location / {\n    proxy_pass http://%s;\n    proxy_connect_timeout 1s;\n}"
		broken := startNginx(t, "", fmt.Sprintf(loc, hole))
		lintFinds(t, broken.conf, ruleUnreachable, "proxy_pass http://"+hole)
		broken.expect(t, "/", 504, "upstream timed out (110: Connection timed out) while connecting to upstream")

		fixed := startNginx(t, "", fmt.Sprintf(loc, b.Addr))
		fixed.expect(t, "/", 200, "")
		lintSilent(t, fixed.conf, ruleUnreachable)
	})
	t.Run("apache", func(t *testing.T) {
		t.Parallel()
		pass := "ProxyPass / http://%s/ connectiontimeout=1"
		broken := startApache(t, "", fmt.Sprintf(pass, hole))
		lintFinds(t, broken.conf, ruleUnreachable, "ProxyPass / http://"+hole)
		broken.expect(t, "/", 503, "AH00957")

		fixed := startApache(t, "", fmt.Sprintf(pass, b.Addr))
		fixed.expect(t, "/", 200, "")
		lintSilent(t, fixed.conf, ruleUnreachable)
	})
}

func firstLine(s, has string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, has) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
