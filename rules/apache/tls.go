package apache

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/apache-https-without-sslproxyengine.md
var httpsWithoutEngineDoc string

// HTTPSWithoutSSLProxyEngine: mod_proxy cannot speak TLS to a backend
// unless SSLProxyEngine is on for the server handling the request; every
// request then fails with 500 (AH01961, seen on 2.4.71).
var HTTPSWithoutSSLProxyEngine = &lint.Rule{
	ID:       "EL7101",
	Name:     "apache-https-without-sslproxyengine",
	Category: lint.CategoryTLS,
	Title:    "https:// backend without SSLProxyEngine on",
	Doc:      httpsWithoutEngineDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		done := seen{}
		for _, s := range p.Config.Sites {
			for _, r := range s.Routes {
				// A fragment may inherit SSLProxyEngine from a main server it
				// does not contain: only an explicit off is certain there.
				if r.TLS.Engine.Value || (p.Config.Fragment && !r.TLS.Engine.Set) {
					continue
				}
				for _, m := range members(r) {
					if !tlsScheme(m.scheme) || !done.first(m.pos) {
						continue
					}
					what := directive(p.Config, r)
					if m.pos != r.Target.Pos {
						what = "BalancerMember"
					}
					var rel []lint.Related
					if r.TLS.Engine.Set {
						rel = append(rel, lint.Related{Pos: r.TLS.Engine.Pos, Message: "SSLProxyEngine off here"})
					} else {
						rel = append(rel, lint.Related{Pos: s.Pos, Message: "SSLProxyEngine on belongs in this server"})
					}
					if m.pos != r.Target.Pos {
						rel = append(rel, lint.Related{Pos: r.Pos, Message: "the balancer is used here"})
					}
					p.Report(m.pos, fmt.Sprintf("%s %s needs SSLProxyEngine on in this server → 500 on every request (AH01961: failed to enable ssl support)", what, m.raw), rel...)
				}
			}
		}
		return nil
	},
}

//go:embed docs/apache-https-to-ip.md
var httpsToIPDoc string

// HTTPSToIP: to an IP literal httpd sends no SNI, and SSLProxyCheckPeerName
// (on by default) compares the certificate's DNS names and CN with the IP
// string: the handshake is refused and the client gets 500 (AH00898, seen
// on 2.4.71).
var HTTPSToIP = &lint.Rule{
	ID:       "EL7102",
	Name:     "apache-https-to-ip",
	Category: lint.CategoryTLS,
	Title:    "https:// backend addressed by IP with the peer-name check on",
	Doc:      httpsToIPDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		done := seen{}
		for _, s := range p.Config.Sites {
			for _, r := range s.Routes {
				// Without the engine EL7101 reports; with ProxyPreserveHost
				// the client's Host is checked instead (EL2101).
				if !r.TLS.Engine.Value || !r.TLS.CheckPeerName.Value || r.PreserveHost.Value || unknownCheck(p.Config, r) {
					continue
				}
				for _, m := range members(r) {
					if !tlsScheme(m.scheme) || !isIP(m.host) || !done.first(m.pos) {
						continue
					}
					var rel []lint.Related
					if r.TLS.CheckPeerName.Set {
						rel = append(rel, lint.Related{Pos: r.TLS.CheckPeerName.Pos, Message: "SSLProxyCheckPeerName on here"})
					}
					p.Report(m.pos, fmt.Sprintf("%s is an IP address: httpd sends no SNI and SSLProxyCheckPeerName on (the default) checks the backend certificate against %q → 500 (AH00898: Error during SSL Handshake with remote server)", m.raw, m.host), rel...)
				}
			}
		}
		return nil
	},
}

// unknownCheck reports a fragment that does not set SSLProxyCheckPeerName
// itself: the main server it belongs to may turn the check off, as many
// configurations do precisely to silence AH00898.
func unknownCheck(cfg *lint.Config, r *lint.Route) bool {
	return cfg.Fragment && !r.TLS.CheckPeerName.Set
}
