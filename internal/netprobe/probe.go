// Package probe is the network as edgelint's opt-in probe sees it: the
// real implementation of lint.Prober behind `edgelint check --probe`.
//
// API (stable):
//
//	p := probe.New(probe.Options{
//		Resolver:         "",              // host:port of a DNS server; "" = the system resolver
//		DialTimeout:      2 * time.Second, // cap on every Dial (0 = DefaultDialTimeout)
//		HandshakeTimeout: 3 * time.Second, // cap on every TLS handshake (0 = DefaultHandshakeTimeout)
//	})
//	runner := &lint.Runner{Rules: ..., Probe: p}
//
// The prober only does what a rule asks, for addresses taken from the
// configuration: LookupHost resolves a name (through Options.Resolver when
// set, so tests can serve a zone from a local DNS server), Dial connects
// over "tcp" or "unix", Handshake runs a TLS client handshake with the
// caller's tls.Config (ServerName is the SNI the proxy would send; empty
// sends none). Each call is bounded by the caller's context and by the
// timeouts above, whichever ends first.
//
// Tests build their network on loopback with package probetest: a DNS
// server for a test zone (pass its Addr as Options.Resolver), listening,
// refusing and black-hole addresses, and TLS servers that reject
// handshakes without SNI.
package netprobe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// Defaults for a zero Options field.
const (
	DefaultDialTimeout      = 2 * time.Second
	DefaultHandshakeTimeout = 3 * time.Second
)

// Options configure the prober.
type Options struct {
	// Resolver is the host:port of the DNS server names are resolved
	// through; empty uses the system resolver (/etc/resolv.conf, /etc/hosts).
	Resolver string
	// DialTimeout caps each connection attempt (and each DNS exchange with
	// Resolver).
	DialTimeout time.Duration
	// HandshakeTimeout caps each TLS handshake.
	HandshakeTimeout time.Duration
}

type prober struct {
	resolver  *net.Resolver
	dialer    net.Dialer
	handshake time.Duration
}

// New returns the real prober.
func New(o Options) lint.Prober {
	if o.DialTimeout <= 0 {
		o.DialTimeout = DefaultDialTimeout
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = DefaultHandshakeTimeout
	}
	p := &prober{
		dialer:    net.Dialer{Timeout: o.DialTimeout},
		handshake: o.HandshakeTimeout,
		resolver:  net.DefaultResolver,
	}
	if o.Resolver != "" {
		server := o.Resolver
		d := net.Dialer{Timeout: o.DialTimeout}
		p.resolver = &net.Resolver{
			// The pure-Go resolver is the only one whose Dial we control;
			// every exchange goes to the named server, whatever address
			// the system configuration suggests.
			PreferGo: true,
			Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return d.DialContext(ctx, network, server)
			},
		}
	}
	return p
}

// LookupHost resolves host to addresses. An IP literal is returned as is.
func (p *prober) LookupHost(ctx context.Context, host string) ([]string, error) {
	if ip := net.ParseIP(host); ip != nil {
		return []string{ip.String()}, nil
	}
	return p.resolver.LookupHost(ctx, host)
}

// Dial connects to address over tcp, tcp4, tcp6 or unix.
func (p *prober) Dial(ctx context.Context, network, address string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6", "unix":
	default:
		return nil, fmt.Errorf("probe: network %q is not supported", network)
	}
	return p.dialer.DialContext(ctx, network, address)
}

// Handshake runs a TLS client handshake over conn. On success the caller
// still owns conn (and should close it); on failure conn is closed.
func (p *prober) Handshake(ctx context.Context, conn net.Conn, cfg *tls.Config) (*tls.ConnectionState, error) {
	if cfg == nil {
		return nil, errors.New("probe: nil tls.Config")
	}
	ctx, cancel := context.WithTimeout(ctx, p.handshake)
	defer cancel()
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	st := tc.ConnectionState()
	return &st, nil
}
