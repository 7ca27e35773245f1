// Package health holds the rules about how the proxy or the CDN finds out
// that a server is down: nginx's active checks and passive failure
// accounting, Apache's mod_proxy_hcheck, Cloudflare's load-balancer pools
// and monitors.
package health

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	PlusOnly, NeverEjected,
	ApacheBalancerWithoutHealthCheck, ApacheHCheckNotLoaded,
	ApacheBalancerFailoverStall, ApacheBalancerPassiveFailover,
	LBPoolWithoutMonitor, LBPoolCannotBeHealthy, LBMonitorCannotPass,
}
