package tlsproxy

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/modproxy"
)

//go:embed docs/apache-https-without-sslproxyengine.md
var httpsWithoutEngineDoc string

// ApacheHTTPSWithoutSSLProxyEngine: mod_proxy cannot speak TLS to a backend
// unless SSLProxyEngine is on for the server handling the request; every
// request then fails with 500 (AH01961, seen on 2.4.71).
var ApacheHTTPSWithoutSSLProxyEngine = &lint.Rule{
	ID:       "EL7101",
	Name:     "apache-https-without-sslproxyengine",
	Category: lint.CategoryTLS,
	Title:    "https:// backend without SSLProxyEngine on",
	Doc:      httpsWithoutEngineDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		done := modproxy.Seen{}
		for r, m := range modproxy.Workers(p.Config) {
			// A fragment may inherit SSLProxyEngine from a main server it
			// does not contain: only an explicit off is certain there.
			if r.TLS.Engine.Value || (p.Config.Fragment && !r.TLS.Engine.Set) {
				continue
			}
			if !lint.Apache.TLSScheme(m.Scheme) || !done.First(m.Pos) {
				continue
			}
			what := modproxy.Directive(p.Config, r)
			if m.Pos != r.Target.Pos {
				what = "BalancerMember"
			}
			var rel []lint.Related
			if r.TLS.Engine.Set {
				rel = append(rel, lint.Related{Pos: r.TLS.Engine.Pos, Message: "SSLProxyEngine off here"})
			} else {
				rel = append(rel, lint.Related{Pos: r.Site.Pos, Message: "SSLProxyEngine on belongs in this server"})
			}
			if m.Pos != r.Target.Pos {
				rel = append(rel, lint.Related{Pos: r.Pos, Message: "the balancer is used here"})
			}
			p.Report(m.Pos, fmt.Sprintf("%s %s needs SSLProxyEngine on in this server → 500 on every request (AH01961: failed to enable ssl support)", what, m.Raw), rel...)
		}
		return nil
	},
}

//go:embed docs/apache-https-to-ip.md
var httpsToIPDoc string

// ApacheHTTPSToIP: to an IP literal httpd sends no SNI, and SSLProxyCheckPeerName
// (on by default) compares the certificate's DNS names and CN with the IP
// string: the handshake is refused and the client gets 500 (AH00898, seen
// on 2.4.71).
var ApacheHTTPSToIP = &lint.Rule{
	ID:       "EL7102",
	Name:     "apache-https-to-ip",
	Category: lint.CategoryTLS,
	Title:    "https:// backend addressed by IP with the peer-name check on",
	Doc:      httpsToIPDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Apache},
	Check: func(p *lint.Pass) error {
		done := modproxy.Seen{}
		for r, m := range modproxy.Workers(p.Config) {
			// Without the engine EL7101 reports; with ProxyPreserveHost
			// the client's Host is checked instead (EL2101).
			if !r.TLS.Engine.Value || !r.TLS.CheckPeerName.Value || r.PreserveHost.Value || modproxy.PeerNameCheckUnknown(p.Config, r) {
				continue
			}
			if !lint.Apache.TLSScheme(m.Scheme) || !lint.IsIP(m.Host) || !done.First(m.Pos) {
				continue
			}
			var rel []lint.Related
			if r.TLS.CheckPeerName.Set {
				rel = append(rel, lint.Related{Pos: r.TLS.CheckPeerName.Pos, Message: "SSLProxyCheckPeerName on here"})
			}
			p.Report(m.Pos, fmt.Sprintf("%s is an IP address: httpd sends no SNI and SSLProxyCheckPeerName on (the default) checks the backend certificate against %q → 500 (AH00898: Error during SSL Handshake with remote server)", m.Raw, m.Host), rel...)
		}
		return nil
	},
}
