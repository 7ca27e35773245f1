package backend_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/testsupport/backend"
	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
)

func get(t *testing.T, c *http.Client, url string) *http.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestModes(t *testing.T) {
	b := backend.Start(t, backend.Options{})
	c := &http.Client{}
	resp := get(t, c, fmt.Sprintf("http://%s/?header=6000&delay=10ms", b.Addr))
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || len(resp.Header.Get("Set-Cookie")) != len("big=")+6000 {
		t.Errorf("status %d, Set-Cookie of %d bytes", resp.StatusCode, len(resp.Header.Get("Set-Cookie")))
	}
	if want := "ok host=" + b.Addr + "\n"; string(body) != want {
		t.Errorf("body %q, want %q", body, want)
	}
	if hs := b.Hosts(); len(hs) != 1 || hs[0] != b.Addr {
		t.Errorf("hosts %v", hs)
	}
}

func TestUnix(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "b.sock")
	backend.Start(t, backend.Options{Unix: sock})
	c := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	if resp := get(t, c, "http://app/"); resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestTLSRejectsHandshakeWithoutSNI(t *testing.T) {
	cert := netprobetest.NewCert(t, "backend.test")
	b := backend.Start(t, backend.Options{TLS: netprobetest.SNIConfig(cert)})
	dial := func(sni string) error {
		c, err := tls.DialWithDialer(&net.Dialer{Timeout: 2 * time.Second}, "tcp", b.Addr, &tls.Config{ServerName: sni, InsecureSkipVerify: true})
		if err == nil {
			c.Close()
		}
		return err
	}
	if err := dial("backend.test"); err != nil {
		t.Errorf("with SNI: %v", err)
	}
	if err := dial(""); err == nil || !strings.Contains(err.Error(), "unrecognized name") {
		t.Errorf("without SNI: %v, want alert 112 unrecognized name", err)
	}
}

// CloseKeepalive answers the first request of a connection and drops the
// connection when a second one arrives on it.
func TestCloseKeepalive(t *testing.T) {
	b := backend.Start(t, backend.Options{CloseKeepalive: true})
	c, err := net.DialTimeout("tcp", b.Addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 || resp.Close {
		t.Fatalf("first request: %d, close=%v; want 200 kept alive", resp.StatusCode, resp.Close)
	}
	fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
	if _, err := http.ReadResponse(br, nil); err == nil {
		t.Fatal("second request on the connection was answered; want the connection dropped")
	}
	if b.Requests() != 1 || b.Dropped() != 1 {
		t.Errorf("%d requests answered and %d dropped, want 1 and 1", b.Requests(), b.Dropped())
	}
}
