package lint

import (
	"context"
	"crypto/tls"
	"net"
)

// Prober is the network as the opt-in probe sees it. It is an interface so
// tests can point it at loopback listeners and a local DNS server.
type Prober interface {
	// LookupHost resolves a name to addresses.
	LookupHost(ctx context.Context, host string) ([]string, error)
	// Dial connects to network ("tcp", "unix") address.
	Dial(ctx context.Context, network, address string) (net.Conn, error)
	// Handshake runs a TLS client handshake over conn with cfg.
	Handshake(ctx context.Context, conn net.Conn, cfg *tls.Config) (*tls.ConnectionState, error)
}
