// Package cdn holds the Cloudflare-only rules: problems visible in a zone's
// own configuration (DNS records, load-balancer pools and monitors, SSL
// settings) without looking at the origin behind it.
package cdn

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	ProxiedRecordPrivate,
	ProxiedCNAMEUnresolvable,
	PoolWithoutMonitor,
	PoolCannotBeHealthy,
	MonitorCannotPass,
	SSLOffWithHTTPSRedirect,
}

var cloudflareOnly = []lint.SourceKind{lint.Cloudflare}

// edge returns the zone a rule checks, or nil when the zone is paused
// (Cloudflare then answers DNS only and proxies nothing).
func edge(p *lint.Pass) *lint.Edge {
	if e := p.Config.Edge; e != nil && !e.Paused {
		return e
	}
	return nil
}
