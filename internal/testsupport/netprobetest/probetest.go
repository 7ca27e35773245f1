// Package probetest builds the loopback network the probe's tests run
// against: a DNS server for a test zone, listening, closed and
// black-hole TCP addresses, unix sockets and TLS servers that insist on
// SNI. Everything binds to 127.0.0.0/8; nothing leaves the machine.
package netprobetest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Zone is what the test DNS server answers.
type Zone struct {
	// Hosts maps a name to its IPv4/IPv6 addresses (A and AAAA records).
	Hosts map[string][]string
	// ServFail names are answered with SERVFAIL.
	ServFail []string
	// Drop names are never answered (the resolver times out).
	Drop []string
}

// DNS is a running test DNS server.
type DNS struct {
	// Addr is host:port, UDP and TCP.
	Addr string

	mu      sync.Mutex
	queries []string
}

// Queries returns the names asked so far, lower case, without the final dot.
func (d *DNS) Queries() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.queries...)
}

func fqdnKey(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, "."))
}

// ServeDNS starts a DNS server for z on 127.0.0.1 (UDP and TCP on the same
// random port) and stops it when the test ends. Names not in the zone get
// NXDOMAIN.
func ServeDNS(t testing.TB, z Zone) *DNS {
	t.Helper()
	hosts := map[string][]net.IP{}
	for name, addrs := range z.Hosts {
		for _, a := range addrs {
			ip := net.ParseIP(a)
			if ip == nil {
				t.Fatalf("zone: %q is not an IP", a)
			}
			hosts[fqdnKey(name)] = append(hosts[fqdnKey(name)], ip)
		}
	}
	servfail, drop := map[string]bool{}, map[string]bool{}
	for _, n := range z.ServFail {
		servfail[fqdnKey(n)] = true
	}
	for _, n := range z.Drop {
		drop[fqdnKey(n)] = true
	}
	d := &DNS{}
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		if len(req.Question) != 1 {
			return
		}
		q := req.Question[0]
		key := fqdnKey(q.Name)
		d.mu.Lock()
		d.queries = append(d.queries, key)
		d.mu.Unlock()
		if drop[key] {
			return
		}
		m := new(dns.Msg)
		m.SetReply(req)
		m.Authoritative = true
		switch {
		case servfail[key]:
			m.Rcode = dns.RcodeServerFailure
		case hosts[key] == nil:
			m.Rcode = dns.RcodeNameError
		default:
			for _, ip := range hosts[key] {
				hdr := dns.RR_Header{Name: q.Name, Class: dns.ClassINET, Ttl: 60}
				if v4 := ip.To4(); v4 != nil && q.Qtype == dns.TypeA {
					hdr.Rrtype = dns.TypeA
					m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: v4})
				} else if v4 == nil && q.Qtype == dns.TypeAAAA {
					hdr.Rrtype = dns.TypeAAAA
					m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: ip})
				}
			}
		}
		_ = w.WriteMsg(m)
	})
	var lastErr error
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			lastErr = err
			continue
		}
		udp := &dns.Server{PacketConn: pc, Handler: handler}
		tcp := &dns.Server{Listener: l, Handler: handler}
		var started sync.WaitGroup
		started.Add(2)
		udp.NotifyStartedFunc = started.Done
		tcp.NotifyStartedFunc = started.Done
		go func() { _ = udp.ActivateAndServe() }()
		go func() { _ = tcp.ActivateAndServe() }()
		started.Wait()
		t.Cleanup(func() {
			_ = udp.Shutdown()
			_ = tcp.Shutdown()
		})
		d.Addr = pc.LocalAddr().String()
		return d
	}
	t.Fatalf("no port free for UDP and TCP DNS: %v", lastErr)
	return nil
}

// Listener is a TCP or unix listener that accepts and counts connections,
// then closes them (or hands them to Serve when set).
type Listener struct {
	Addr     string
	accepted atomic.Int64
}

// Accepted is the number of connections accepted so far.
func (l *Listener) Accepted() int64 { return l.accepted.Load() }

// Listen starts a listener on network ("tcp" or "unix") at address
// ("127.0.0.1:0" for a random port) that accepts connections and closes
// them at once; it stops when the test ends.
func Listen(t testing.TB, network, address string) *Listener {
	t.Helper()
	l, err := net.Listen(network, address)
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, l, func(c net.Conn) { c.Close() })
}

func serve(t testing.TB, l net.Listener, handle func(net.Conn)) *Listener {
	out := &Listener{Addr: l.Addr().String()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			out.accepted.Add(1)
			go handle(c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
	})
	return out
}

// Closed returns a loopback TCP address nothing listens on: connecting is
// refused at once. The address is on a random 127.255.x.y, not 127.0.0.1,
// so another process picking the same ephemeral port on 127.0.0.1 cannot
// turn it into a listener.
func Closed(t testing.TB) string {
	t.Helper()
	ip := fmt.Sprintf("127.255.%d.%d", 1+mrand.IntN(254), 1+mrand.IntN(254))
	l, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// Blackhole returns a loopback TCP address whose listener never accepts and
// whose accept queue is full, so the kernel drops every new SYN and a
// connect hangs until the caller's timeout, like a firewalled host.
// ip is the loopback address to bind ("127.0.0.1" when empty).
func Blackhole(t testing.TB, ip string) string {
	t.Helper()
	if ip == "" {
		ip = "127.0.0.1"
	}
	parsed := net.ParseIP(ip).To4()
	if parsed == nil || parsed[0] != 127 {
		t.Fatalf("blackhole: %q is not a 127.0.0.0/8 address", ip)
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	sa := &syscall.SockaddrInet4{}
	copy(sa.Addr[:], parsed)
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		t.Fatal(err)
	}
	// Backlog 0 leaves room for one queued connection; fill it.
	if err := syscall.Listen(fd, 0); err != nil {
		syscall.Close(fd)
		t.Fatal(err)
	}
	bound, err := syscall.Getsockname(fd)
	if err != nil {
		syscall.Close(fd)
		t.Fatal(err)
	}
	addr := net.JoinHostPort(ip, fmt.Sprint(bound.(*syscall.SockaddrInet4).Port))
	filler, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		syscall.Close(fd)
		t.Fatalf("blackhole: filling the accept queue: %v", err)
	}
	t.Cleanup(func() {
		filler.Close()
		syscall.Close(fd)
	})
	return addr
}

// Cert is a self-signed certificate for the given DNS names or IPs.
type Cert struct {
	TLS     tls.Certificate
	CertPEM []byte
	KeyPEM  []byte
	Pool    *x509.CertPool
}

// NewCert creates a self-signed certificate valid for names.
func NewCert(t testing.TB, names ...string) *Cert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: names[0]},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	c := &Cert{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}),
		Pool:    x509.NewCertPool(),
	}
	c.TLS, err = tls.X509KeyPair(c.CertPEM, c.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	c.Pool.AddCert(leaf)
	return c
}

// SNIConfig is a server tls.Config that serves cert to any client that
// sends SNI and rejects a handshake without SNI with the
// unrecognized_name alert (112), like nginx's ssl_reject_handshake on a
// default server.
func SNIConfig(cert *Cert) *tls.Config {
	return &tls.Config{
		GetCertificate: func(h *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if h.ServerName == "" {
				// With no Certificates configured, crypto/tls answers a
				// nil certificate with alert 112.
				return nil, nil
			}
			return &cert.TLS, nil
		},
	}
}

// TLSListen starts a TLS server on address with cfg that completes the
// handshake and closes the connection.
func TLSListen(t testing.TB, address string, cfg *tls.Config) *Listener {
	t.Helper()
	l, err := net.Listen("tcp", address)
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, l, func(c net.Conn) {
		defer c.Close()
		tc := tls.Server(c, cfg)
		_ = tc.SetDeadline(time.Now().Add(5 * time.Second))
		_ = tc.Handshake()
	})
}
