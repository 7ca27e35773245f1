// Package reach holds the reachability rules: addresses the proxy cannot
// connect to, names it cannot resolve (at start or per request), and
// protocol/port combinations that cannot work — in nginx and Apache
// configurations, in Cloudflare zones (proxied records that lead nowhere),
// between a zone and its origin (an SSL mode no origin port answers, an
// origin allowlist that refuses the CDN), between the proxy and the
// application server behind it (a PHP-FPM socket no pool listens on or
// the proxy may not open) and, with --probe, on the network.
package reach

import "github.com/edgelint/edgelint/lint"

// Rules of this package, registered in rules.All.
var Rules = []*lint.Rule{
	VariablePassWithoutResolver,
	AddressInvalid,
	PoolUnusable,
	UpstreamNameUnknown,
	ResolveIncomplete,
	ResolveUnsupported,
	SchemePortMismatch,
	NameResolvedOnce,
	ContainerPortNotDeclared,
	ApacheUndefinedBalancer,
	ApacheInvalidPort,
	ApacheProxyPassShadowed,
	ApacheProxyPassURLGlued,
	ApacheProxyPassDoubleSlash,
	ProxiedRecordPrivate,
	ProxiedCNAMEUnresolvable,
	LBPoolOriginUnroutable,
	OriginRulePrivateOverride,
	TunnelNoCatchAll,
	TunnelRuleAfterCatchAll,
	TunnelOriginNotListening,
	CDNSSLModeListener,
	OriginAllowlistBlocksCDN,
	FastCGINoPool,
	FastCGISocketPermission,
	FastCGIClientNotAllowed,
	DBConnectionsBelowWorkers,
	BackendWorkersBelowConcurrency,
	ProbeUnreachable,
	ProbeLBOriginUnresolvable,
	ProbeCNAMETargetUnresolvable,
}
