package hosthdr

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/modproxy"
)

//go:embed docs/apache-preserve-host-https.md
var preserveHostDoc string

// ApachePreserveHostHTTPS: with ProxyPreserveHost On, mod_proxy uses the
// client's Host both as SNI and as the name SSLProxyCheckPeerName checks,
// so an https backend whose certificate does not carry the public name
// fails the handshake: 500 (AH00898, seen on 2.4.71).
var ApachePreserveHostHTTPS = &lint.Rule{
	ID:       "EL2101",
	Name:     "apache-preserve-host-https",
	Category: lint.CategoryHostHeader,
	Title:    "ProxyPreserveHost On to an https backend checks the client's Host against the backend certificate",
	Doc:      preserveHostDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		done := modproxy.Seen{}
		for r, m := range modproxy.Workers(p.Config) {
			if !r.PreserveHost.Value || !r.TLS.Engine.Value || !r.TLS.CheckPeerName.Value || modproxy.PeerNameCheckUnknown(p.Config, r) {
				continue
			}
			if !lint.Apache.TLSScheme(m.Scheme) || servesOwnNames(r.Site, m.Host) || !done.First(m.Pos) {
				continue
			}
			p.Report(m.Pos, fmt.Sprintf("ProxyPreserveHost On sends the client's Host to %s as SNI and checks the backend certificate against it → 500 (AH00898: Error during SSL Handshake with remote server) unless that certificate also covers the site's public names", m.Raw),
				lint.Related{Pos: r.PreserveHost.Pos, Message: "ProxyPreserveHost On here"})
		}
		return nil
	},
}

// servesOwnNames reports whether the backend host is the only name
// clients use for the site (then the client's Host is the backend's name
// and its certificate fits).
func servesOwnNames(s *lint.Site, host string) bool {
	if len(s.Names) == 0 {
		return false
	}
	for _, n := range s.Names {
		if !strings.EqualFold(n.Value, host) {
			return false
		}
	}
	return true
}
