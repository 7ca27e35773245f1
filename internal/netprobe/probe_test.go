package netprobe_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/edgelint/edgelint/internal/netprobe"
	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
)

func TestLookupHostThroughResolver(t *testing.T) {
	d := netprobetest.ServeDNS(t, netprobetest.Zone{
		Hosts:    map[string][]string{"app.test": {"127.0.0.7", "::1"}},
		ServFail: []string{"broken.test"},
		Drop:     []string{"silent.test"},
	})
	p := netprobe.New(netprobe.Options{Resolver: d.Addr, DialTimeout: 300 * time.Millisecond})
	ctx := context.Background()

	addrs, err := p.LookupHost(ctx, "app.test")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(addrs)
	if strings.Join(addrs, ",") != "127.0.0.7,::1" {
		t.Errorf("app.test = %v, want 127.0.0.7 and ::1", addrs)
	}

	_, err = p.LookupHost(ctx, "missing.test")
	var de *net.DNSError
	if !errors.As(err, &de) || !de.IsNotFound {
		t.Errorf("missing.test: %v, want a not-found DNS error", err)
	}

	_, err = p.LookupHost(ctx, "broken.test")
	if !errors.As(err, &de) || de.IsNotFound || de.IsTimeout {
		t.Errorf("broken.test: %v, want a server failure", err)
	}

	tctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	_, err = p.LookupHost(tctx, "silent.test")
	if !errors.As(err, &de) || !de.IsTimeout {
		t.Errorf("silent.test: %v, want a timeout", err)
	}

	// An IP literal never reaches the DNS server.
	if addrs, err := p.LookupHost(ctx, "127.0.0.9"); err != nil || addrs[0] != "127.0.0.9" {
		t.Errorf("literal: %v %v", addrs, err)
	}
	for _, q := range d.Queries() {
		if q == "127.0.0.9" {
			t.Errorf("the IP literal was sent to the DNS server")
		}
	}
}

func TestDial(t *testing.T) {
	p := netprobe.New(netprobe.Options{DialTimeout: 300 * time.Millisecond})
	ctx := context.Background()

	l := netprobetest.Listen(t, "tcp", "127.0.0.1:0")
	c, err := p.Dial(ctx, "tcp", l.Addr)
	if err != nil {
		t.Fatalf("listening: %v", err)
	}
	c.Close()

	if _, err := p.Dial(ctx, "tcp", netprobetest.Closed(t)); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("closed: %v, want connection refused", err)
	}

	_, err = p.Dial(ctx, "tcp", netprobetest.Blackhole(t, ""))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("blackhole: %v, want a timeout", err)
	}

	sock := filepath.Join(t.TempDir(), "app.sock")
	if _, err := p.Dial(ctx, "unix", sock); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("missing socket: %v, want no such file", err)
	}
	netprobetest.Listen(t, "unix", sock)
	c, err = p.Dial(ctx, "unix", sock)
	if err != nil {
		t.Fatalf("unix: %v", err)
	}
	c.Close()

	if _, err := p.Dial(ctx, "udp", l.Addr); err == nil {
		t.Errorf("udp dial allowed; the probe only connects over tcp and unix")
	}
}

func TestHandshakeSendsTheGivenSNI(t *testing.T) {
	cert := netprobetest.NewCert(t, "backend.test")
	l := netprobetest.TLSListen(t, "127.0.0.1:0", netprobetest.SNIConfig(cert))
	p := netprobe.New(netprobe.Options{})
	ctx := context.Background()

	hs := func(sni string) (*tls.ConnectionState, error) {
		c, err := p.Dial(ctx, "tcp", l.Addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return p.Handshake(ctx, c, &tls.Config{ServerName: sni, InsecureSkipVerify: true})
	}
	st, err := hs("backend.test")
	if err != nil {
		t.Fatalf("with SNI: %v", err)
	}
	if err := st.PeerCertificates[0].VerifyHostname("backend.test"); err != nil {
		t.Error(err)
	}
	_, err = hs("")
	if err == nil || !strings.Contains(err.Error(), "unrecognized name") {
		t.Errorf("without SNI: %v, want the unrecognized_name alert", err)
	}
}

func TestHandshakeTimeout(t *testing.T) {
	// A listener that accepts and never speaks: the handshake must end at
	// HandshakeTimeout, not hang.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	p := netprobe.New(netprobe.Options{HandshakeTimeout: 200 * time.Millisecond})
	c, err := p.Dial(context.Background(), "tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Handshake(context.Background(), c, &tls.Config{ServerName: "x.test", InsecureSkipVerify: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("silent server: %v, want the handshake deadline", err)
	}
}
