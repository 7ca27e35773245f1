package repro

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
	"github.com/edgelint/edgelint/internal/testsupport/realserver"
)

// The cloudflared rules (issue 13 §2). cloudflared itself is not
// installed here, and is not needed to show the failures: it proxies to
// the origin through a Go http.Transport built as below (cloudflared's
// ingress/origin_service.go, newHTTPTransport), so a client built the
// same way meets the real nginx exactly as cloudflared would, and the
// errors are the ones cloudflared logs after "Unable to reach the origin
// service".
const (
	ruleTunnelHost      = "tunnel-host-header-unserved"
	ruleTunnelKeepalive = "tunnel-keepalive-outlives-origin"
	ruleTunnelIP        = "tunnel-tls-verify-ip-origin"
)

// tunnelOrigin is the originRequest settings the transport reads.
type tunnelOrigin struct {
	keepAliveTimeout time.Duration // cloudflared's default is 90s
	originServerName string
	roots            *x509.CertPool // the trusted roots: the system pool's stand-in
}

// cloudflaredTransport is cloudflared's origin transport: keepAliveTimeout
// is the pool's idle limit, 100 idle connections, the certificate checked
// against originServerName when set and else against the service URL's
// host (Go's default), no InsecureSkipVerify (noTLSVerify false).
func cloudflaredTransport(o tunnelOrigin) *http.Transport {
	tr := &http.Transport{
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 100,
		IdleConnTimeout:     o.keepAliveTimeout,
		TLSHandshakeTimeout: 10 * time.Second,
		TLSClientConfig:     &tls.Config{},
	}
	tr.TLSClientConfig.RootCAs = o.roots
	if o.originServerName != "" {
		tr.TLSClientConfig.ServerName = o.originServerName
	}
	return tr
}

// tunnelConfig writes a cloudflared config.yml: the top-level
// originRequest lines (top), one ingress rule with its own originRequest
// lines, and the catch-all.
func tunnelConfig(t *testing.T, dir, top, hostname, service, originRequest string) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "tunnel: 6ff42ae2-765d-4adf-8112-31c55c1551ef\ncredentials-file: %s/creds.json\n", dir)
	if top != "" {
		fmt.Fprintf(&b, "originRequest:\n%s\n", realserver.Indent(top, "  "))
	}
	fmt.Fprintf(&b, "ingress:\n  - hostname: %s\n    service: %s\n", hostname, service)
	if originRequest != "" {
		fmt.Fprintf(&b, "    originRequest:\n%s\n", realserver.Indent(originRequest, "      "))
	}
	b.WriteString("  - service: http_status:404\n")
	conf := filepath.Join(dir, "config.yml")
	write(t, conf, b.String())
	return conf
}

// tunnelGet sends GET / through tr to url with Host host (when set).
func tunnelGet(t *testing.T, tr *http.Transport, url, host string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(body))), nil
}

// EL7202: an https:// service addressed by IP, checked against the IP.
// The origin's certificate names git.internal.example.test only. The
// client trusts it as the system pool trusts a public certificate (the
// config names no caPool), so the only thing that fails is the name.
func TestReproTunnelTLSVerifyIP(t *testing.T) {
	t.Parallel()
	dir, port := workDir(t), realserver.FreePort(t)
	cert := netprobetest.NewCert(t, "git.internal.example.test")
	write(t, filepath.Join(dir, "origin.pem"), string(cert.CertPEM))
	write(t, filepath.Join(dir, "origin.key"), string(cert.KeyPEM))
	conf := realserver.WriteNginxConf(t, dir, fmt.Sprintf(`server {
    listen 127.0.0.1:%d ssl;
    server_name git.internal.example.test;
    ssl_certificate %[2]s/origin.pem;
    ssl_certificate_key %[2]s/origin.key;
    location / {
        return 200 "git\n";
    }
}`, port, dir))
	realserver.StartNginx(t, dir, conf, port)
	roots := cert.Pool
	service := fmt.Sprintf("https://127.0.0.1:%d", port)

	brokenDir := workDir(t)
	broken := tunnelConfig(t, brokenDir, "", "git.example.test", service, "")
	_, err := tunnelGet(t, cloudflaredTransport(tunnelOrigin{keepAliveTimeout: 90 * time.Second, roots: roots}), service+"/", "git.example.test")
	want := "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("cloudflared's transport to %s: err = %v, want %q", service, err, want)
	}
	t.Logf("cloudflared's transport to %s: %v → 502", service, err)
	lintFilesFinds(t, ruleTunnelIP, broken, "service: https://127.0.0.1", conf)

	fixedDir := workDir(t)
	fixed := tunnelConfig(t, fixedDir, "", "git.example.test", service, "originServerName: git.internal.example.test")
	got, err := tunnelGet(t, cloudflaredTransport(tunnelOrigin{keepAliveTimeout: 90 * time.Second, originServerName: "git.internal.example.test", roots: roots}), service+"/", "git.example.test")
	if err != nil || got != "200 git" {
		t.Fatalf("with originServerName: %q, %v; want 200 git", got, err)
	}
	t.Logf("with originServerName git.internal.example.test: %s", got)
	lintFilesSilent(t, ruleTunnelIP, fixed, conf)
}

// EL5302: nginx closes an idle keep-alive connection after its
// keepalive_timeout (1s here), long before cloudflared's pool would let go
// of it (90s). A request cloudflared writes on that connection as nginx
// closes it gets no response (EOF or reset → 502). Go's transport notices
// a close that arrives while the connection sits idle and dials anew (the
// second part), which is why this is intermittent and a warning: what
// fails is the request sent in the moment of the close, shown here on a
// raw connection that writes where cloudflared's pool would.
func TestReproTunnelKeepalive(t *testing.T) {
	t.Parallel()
	dir, port := workDir(t), realserver.FreePort(t)
	conf := realserver.WriteNginxConf(t, dir, fmt.Sprintf(`server {
    listen 127.0.0.1:%d;
    server_name app.example.test;
    keepalive_timeout 1s;
    location / {
        return 200 "app\n";
    }
}`, port))
	realserver.StartNginx(t, dir, conf, port)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	service := "http://" + addr

	t.Run("nginx closes the idle connection first", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		br := bufio.NewReader(c)
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: app.example.test\r\n\r\n")
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.Close {
			t.Fatalf("nginx did not keep the connection open (Connection: close)")
		}
		idle := time.Now()
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err = br.ReadByte()
		closedAfter := time.Since(idle)
		if !errors.Is(err, io.EOF) {
			t.Fatalf("idle connection: read = %v, want EOF from nginx's close", err)
		}
		if closedAfter < 800*time.Millisecond || closedAfter > 5*time.Second {
			t.Fatalf("nginx closed the idle connection after %v, want about its keepalive_timeout 1s", closedAfter)
		}
		t.Logf("nginx closed the idle keep-alive connection after %v (keepalive_timeout 1s); cloudflared keeps it for 90s", closedAfter.Round(10*time.Millisecond))
		// The request cloudflared's pool sends on that connection.
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		_, werr := fmt.Fprintf(c, "POST /orders HTTP/1.1\r\nHost: app.example.test\r\nContent-Length: 2\r\n\r\nhi")
		_, rerr := http.ReadResponse(br, nil)
		if rerr == nil {
			t.Fatalf("a request on the closed connection got a response")
		}
		t.Logf("POST on that connection: write %v, response %v → cloudflared answers 502 (\"Unable to reach the origin service\")", werr, rerr)
	})

	t.Run("Go's transport notices an idle close", func(t *testing.T) {
		tr := cloudflaredTransport(tunnelOrigin{keepAliveTimeout: 90 * time.Second})
		defer tr.CloseIdleConnections()
		reused := func() bool {
			var info httptrace.GotConnInfo
			ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { info = i }})
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, service+"/", nil)
			req.Host = "app.example.test"
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return info.Reused
		}
		reused()
		if !reused() {
			t.Fatalf("back-to-back requests did not reuse the connection")
		}
		time.Sleep(2500 * time.Millisecond)
		if reused() {
			t.Fatalf("after nginx's keepalive_timeout the transport still reused the connection")
		}
		t.Logf("after 2.5s idle the transport dialed anew: it had read nginx's close; only a request sent at the moment of the close fails")
	})

	brokenDir := workDir(t)
	broken := tunnelConfig(t, brokenDir, "", "app.example.test", service, "")
	lintFilesFinds(t, ruleTunnelKeepalive, broken, "service: "+service, conf)
	fixedDir := workDir(t)
	fixed := tunnelConfig(t, fixedDir, "keepAliveTimeout: 500ms", "app.example.test", service, "")
	lintFilesSilent(t, ruleTunnelKeepalive, fixed, conf)
}

// EL2303: httpHostHeader names a host no server of the origin serves;
// nginx hands the request to the default server of the port.
func TestReproTunnelHostHeader(t *testing.T) {
	t.Parallel()
	servers := func(port int, appNames string) string {
		return fmt.Sprintf(`server {
    listen 127.0.0.1:%[1]d default_server;
    server_name www.example.test;
    location / {
        return 200 "www\n";
    }
}
server {
    listen 127.0.0.1:%[1]d;
    server_name %[2]s;
    location / {
        return 200 "app\n";
    }
}`, port, appNames)
	}
	tr := cloudflaredTransport(tunnelOrigin{keepAliveTimeout: 90 * time.Second})
	defer tr.CloseIdleConnections()

	dir, port := workDir(t), realserver.FreePort(t)
	conf := realserver.WriteNginxConf(t, dir, servers(port, "app.example.test"))
	realserver.StartNginx(t, dir, conf, port)
	service := fmt.Sprintf("http://127.0.0.1:%d", port)
	broken := tunnelConfig(t, workDir(t), "", "app.example.test", service, "httpHostHeader: app.internal\nkeepAliveTimeout: 30s")
	got, err := tunnelGet(t, tr, service+"/", "app.internal")
	if err != nil || got != "200 www" {
		t.Fatalf("Host app.internal: %q, %v; want the default server's 200 www", got, err)
	}
	t.Logf("cloudflared with httpHostHeader app.internal: %s (the default server, not the application)", got)
	lintFilesFinds(t, ruleTunnelHost, broken, "httpHostHeader: app.internal", conf)

	fixedDir, fixedPort := workDir(t), realserver.FreePort(t)
	fixedConf := realserver.WriteNginxConf(t, fixedDir, servers(fixedPort, "app.example.test app.internal"))
	realserver.StartNginx(t, fixedDir, fixedConf, fixedPort)
	fixedService := fmt.Sprintf("http://127.0.0.1:%d", fixedPort)
	fixed := tunnelConfig(t, workDir(t), "", "app.example.test", fixedService, "httpHostHeader: app.internal\nkeepAliveTimeout: 30s")
	got, err = tunnelGet(t, tr, fixedService+"/", "app.internal")
	if err != nil || got != "200 app" {
		t.Fatalf("fixed, Host app.internal: %q, %v; want 200 app", got, err)
	}
	t.Logf("with app.internal in server_name: %s", got)
	lintFilesSilent(t, ruleTunnelHost, fixed, fixedConf)
}
