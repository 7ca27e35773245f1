package lint

import (
	"strings"
	"time"
)

// SourceKind names where a Config came from.
type SourceKind string

const (
	Nginx      SourceKind = "nginx"
	Apache     SourceKind = "apache"
	Cloudflare SourceKind = "cloudflare"
)

// Config is one loaded include tree (nginx, Apache) or one zone (Cloudflare).
type Config struct {
	Source SourceKind
	// Root is the entry file (display path) or the zone's resource.
	Root string
	// Files lists every file the tree read, entry first, in display form.
	Files []string
	// Fragment is true when the entry is an included snippet loaded without
	// the tree that includes it: rules that need the whole tree skip it.
	Fragment bool
	// Unread lists includes the server reads that the lint could not
	// (outside the repository, templates); see Incomplete.
	Unread  []Unread
	Product Product

	Sites     []*Site
	Upstreams []*Upstream
	// Edge is the CDN layer (Cloudflare zones); nil for origin configs.
	Edge *Edge
	// Backends are the application servers behind the proxy (PHP-FPM
	// pools); see Backend.
	Backends []*Backend
	// Services are the containers of an orchestrator's project (Docker
	// Compose files); see Service.
	Services []*Service
	// Tunnel is a cloudflared configuration (Cloudflare Tunnel); see Tunnel.
	Tunnel *Tunnel

	// Comments are the comments of the tree, in file order; the suppression
	// processor reads edgelint directives from them.
	Comments []Comment

	// Directives lists every directive of the tree in file order, with the
	// blocks that enclose it, for source-specific rules that the model does
	// not cover (NGINX Plus-only directives, buffer arithmetic). A file
	// included in several places is listed once per distinct chain of
	// enclosing blocks (two server{} blocks including one snippet list it
	// once): rules that need every inclusion walk Tree.
	Directives []*Directive

	// Tree is the block structure with every inclusion of every file and
	// what each include read (nginx); nil for sources that do not give
	// one (Apache, Cloudflare).
	Tree *Tree `json:"-"`

	// Text is each file of Files as the source read it, by display path,
	// so a finding's line can be quoted (for its fingerprint) without
	// reading the file again once it may have changed. Nil for live zones.
	Text map[string][]byte `json:"-"`

	dirIndex *directiveIndex
}

// Directive is one directive as written.
type Directive struct {
	// Name as written (Apache names keep their case; compare with
	// strings.EqualFold).
	Name string
	Args []string
	Pos  Position
	// Blocks are the enclosing block names, outermost first
	// (["http", "server", "location"]; ["VirtualHost", "Location"]).
	Blocks []string
	// Block is true when the directive opens a block; Pos.EndLine is then
	// the line of its closing brace or tag.
	Block bool
}

// Product identifies the server the configuration is written for.
type Product struct {
	Name    string  // "nginx", "apache", "cloudflare"
	Version Version // target version; zero when unknown
	// VersionAssumed is true when Version is the source's documented
	// default assumption rather than one the user gave (--nginx-version),
	// so version-dependent rules can say so or hold back.
	VersionAssumed bool
	Edition        string // "oss" or "plus" for nginx
	// Modules lists loaded modules where the source knows them (Apache
	// LoadModule plus built-ins), lower case, e.g. "proxy_hcheck_module".
	Modules map[string]bool
}

// Comment is a source comment. Scope is the directive (or whole block) it
// governs: the next directive for a comment on its own line, the same
// directive for a trailing comment.
type Comment struct {
	Pos      Position
	Text     string // without the leading '#', trimmed
	Trailing bool   // on the same line as a directive (nginx only)
	// Scope covers the governed directive: File, Line .. EndLine.
	Scope Position
	// BeforeFirstDirective is true for comments above the file's first
	// directive (where ignore-file directives must stand).
	BeforeFirstDirective bool
}

// Site is a virtual host: an nginx server{} or an Apache <VirtualHost>.
type Site struct {
	Pos       Position
	Names     []Name
	Listeners []Listener
	// Default is true when the site is the default for one of its listeners.
	Default bool
	Routes  []*Route
	// Access lists allow/deny or Require ip rules that apply to the whole site.
	Access []AccessRule
	// ClientKeepalive is how long idle client connections stay open
	// (nginx keepalive_timeout, Apache KeepAliveTimeout; 0 = keep-alive off).
	ClientKeepalive Duration
	// TLS describes the site's own certificate setup (for CDN→origin rules).
	TLS SiteTLS
}

// Name is a server name (server_name, ServerName, ServerAlias).
type Name struct {
	Value string
	Pos   Position
}

// Listener is an address a site accepts connections on.
type Listener struct {
	Addr    string // "" for all addresses
	Port    int
	TLS     bool
	HTTP2   bool
	Default bool
	Unix    string
	Pos     Position
}

// SiteTLS is the site's own TLS configuration.
type SiteTLS struct {
	Certificate Setting[string]
	Key         Setting[string]
	// VerifyClient is the client certificate verification of the site's
	// TLS handshakes, as written: nginx ssl_verify_client (on, off,
	// optional, optional_no_ca), Apache SSLVerifyClient (none, optional,
	// require, optional_no_ca) of the virtual host.
	VerifyClient Setting[string]
}

// AccessRule is one client allow/deny rule (nginx allow/deny, Apache Require ip).
type AccessRule struct {
	Allow bool
	// CIDR is the address or range; "all" for everything.
	CIDR string
	Pos  Position
}

// Protocol is the protocol spoken to the upstream.
type Protocol string

const (
	ProtoHTTP    Protocol = "http"
	ProtoFastCGI Protocol = "fastcgi"
	ProtoUWSGI   Protocol = "uwsgi"
	ProtoSCGI    Protocol = "scgi"
	ProtoGRPC    Protocol = "grpc"
	ProtoOther   Protocol = "other"
)

// Route is one place where requests are passed to an upstream: an nginx
// location (or server) with a *_pass, an Apache ProxyPass, ProxyPassMatch,
// RewriteRule [P] or SetHandler proxy:….
type Route struct {
	Pos Position
	// Site is the enclosing site (nil for routes outside any site).
	Site *Site `json:"-"`
	// Match is the location or path pattern ("/api/", "~ \\.php$", "" for the whole site).
	Match    string
	Protocol Protocol
	Target   Target

	Timeouts Timeouts
	// Headers are the effective request headers set towards the upstream
	// (proxy_set_header after inheritance; RequestHeader for Apache).
	Headers []Header
	// Host is the effective Host header sent upstream, after defaults:
	// "$proxy_host" for nginx, the worker's host for Apache without
	// ProxyPreserveHost, "$host"/"client" when the client's Host is kept.
	Host Setting[string]
	// PreserveHost is Apache's ProxyPreserveHost.
	PreserveHost Setting[bool]
	// HTTPVersion to the upstream ("1.0", "1.1", "2").
	HTTPVersion Setting[string]
	TLS         UpstreamTLS
	Buffers     Buffers
	Retry       Retry
	// Resolver is the DNS resolver in scope (nginx resolver), empty if none.
	Resolver Setting[[]string]
	// KeepConn is fastcgi_keep_conn.
	KeepConn Setting[bool]
	// RequestBuffering is proxy_request_buffering.
	RequestBuffering Setting[bool]
	// Access rules in effect for this route (allow/deny, Require ip).
	Access []AccessRule
}

// Header is a request header set towards the upstream.
type Header struct {
	Name  string
	Value string
	Pos   Position
}

// Target is the address a route passes to.
type Target struct {
	Pos Position
	// Directive is what passes the request, as written ("proxy_pass",
	// "fastcgi_pass", "ProxyPass", "BalancerMember", "RewriteRule").
	Directive string
	// Raw is the argument as written ("http://backend:8080/x").
	Raw string
	// Scheme in lower case: http, https, grpc, grpcs, fcgi, uwsgi, scgi,
	// unix, balancer, ws, wss, ajp, or "" when none was written.
	Scheme string
	Host   string
	Port   int
	// PortSet is false when the port is the scheme's default.
	PortSet bool
	// UnixPath is the socket path without any "unix:" prefix.
	UnixPath string
	Path     string
	// Variables is true when the address contains a runtime variable
	// ($backend), so it is resolved per request.
	Variables bool
	// Upstream is the named pool the host refers to, if any.
	Upstream *Upstream `json:"-"`
	// Params are per-target parameters (Apache ProxyPass key=value).
	Params map[string]Setting[string]
}

// Timeouts to the upstream.
type Timeouts struct {
	Connect Duration
	Send    Duration
	Read    Duration
	// Idle is how long a pooled upstream connection may stay idle
	// (upstream keepalive_timeout, Apache ttl=).
	Idle Duration
}

// UpstreamTLS is how the proxy talks TLS to an https upstream.
type UpstreamTLS struct {
	// Engine is Apache's SSLProxyEngine; always on for nginx.
	Engine Setting[bool]
	// SNI: proxy_ssl_server_name; Apache sends SNI automatically.
	SNI Setting[bool]
	// Name used for SNI and the certificate check (proxy_ssl_name).
	Name Setting[string]
	// Verify: proxy_ssl_verify / SSLProxyVerify require.
	Verify Setting[bool]
	// CheckPeerName: Apache SSLProxyCheckPeerName.
	CheckPeerName Setting[bool]
	// TrustedCertificate: proxy_ssl_trusted_certificate / SSLProxyCACertificateFile.
	TrustedCertificate Setting[string]
}

// Buffers hold the response from the upstream.
type Buffers struct {
	// BufferSize must hold the whole response header (proxy_buffer_size).
	BufferSize Setting[Size]
	// Count and Size of proxy_buffers.
	Count         Setting[int]
	Size          Setting[Size]
	BusySize      Setting[Size]
	Buffering     Setting[bool]
	TempFileWrite Setting[Size]
	// FieldSize is Apache's responsefieldsize.
	FieldSize Setting[Size]
}

// Retry is how the proxy retries a failed request on another server.
type Retry struct {
	NextUpstream Setting[[]string]
	Tries        Setting[int]
	Timeout      Duration
}

// Upstream is a named pool of servers: an nginx upstream{} or an Apache
// balancer. Literal single addresses in a route do not get an Upstream.
type Upstream struct {
	Name string
	Pos  Position
	// Kind: "upstream" (nginx), "balancer" (Apache).
	Kind      string
	Endpoints []*Endpoint
	// Keepalive is the number of idle connections cached per worker (0 = off).
	Keepalive         Setting[int]
	KeepaliveTimeout  Duration
	KeepaliveRequests Setting[int]
	Zone              Setting[string]
	Resolver          Setting[[]string]
	// Method is the balancing method (round_robin, least_conn, ip_hash, byrequests…).
	Method      Setting[string]
	HealthCheck HealthCheck
	// Params holds source-specific pool parameters (Apache ProxySet).
	Params map[string]Setting[string]
	// UsedBy lists the routes that pass to this pool.
	UsedBy []*Route `json:"-"`
}

// HealthCheck describes active health checking of a pool.
type HealthCheck struct {
	// Active is true when something probes the servers (NGINX Plus
	// health_check, Apache hcmethod other than None).
	Active   Setting[bool]
	Method   Setting[string]
	URI      Setting[string]
	Interval Duration
	Fails    Setting[int]
	Passes   Setting[int]
}

// Endpoint is one server of a pool (nginx server, Apache BalancerMember).
type Endpoint struct {
	Pos Position
	// Raw is the address as written.
	Raw     string
	Scheme  string
	Host    string
	Port    int
	PortSet bool
	// UnixPath is the socket path without any "unix:" prefix.
	UnixPath string

	Weight      Setting[int]
	MaxFails    Setting[int]
	FailTimeout Duration
	Backup      Setting[bool]
	Down        Setting[bool]
	// Resolve is the nginx `resolve` parameter (re-resolve the name at run time).
	Resolve  Setting[bool]
	Service  Setting[string]
	Timeouts Timeouts
	// Params holds all parameters as written (weight=, hcmethod=, ttl=…),
	// with lower-case keys, for source-specific rules.
	Params map[string]Setting[string]
}

// Edge is the CDN layer of one zone.
type Edge struct {
	Provider string // "cloudflare"
	Zone     string
	ZoneID   string
	Plan     string
	// ZoneType is the zone's setup: "full", "partial" (CNAME setup: the
	// authoritative DNS is elsewhere and holds records Cloudflare does not
	// see), "secondary" or "internal".
	ZoneType string
	// Paused is true when the zone does not proxy at all (DNS only).
	Paused bool
	Pos    Position
	// SSLMode: off, flexible, full, strict, origin_pull.
	SSLMode Setting[string]
	// ReadTimeout is how long the CDN waits for the origin's response.
	ReadTimeout Duration
	// AlwaysUseHTTPS: the CDN answers every http:// request with a
	// redirect to https:// (Cloudflare's always_use_https).
	AlwaysUseHTTPS Setting[bool]
	// HSTS is the Strict-Transport-Security header the CDN adds to its
	// responses (Cloudflare's security_header).
	HSTS Setting[HSTS]
	// Zone settings no rule reads are not kept: a rule that needs one adds
	// a typed field here, filled by the source, so no rule parses a
	// provider's setting text. The source's snapshot keeps them all.
	Records       []*Record
	LoadBalancers []*LoadBalancer
	Pools         []*Pool
	Monitors      []*Monitor
	OriginRules   []*OriginRule
	// ConfigRules are per-path setting overrides (ssl mode).
	ConfigRules []*ConfigRule
	// CacheRules are per-path cache settings (read_timeout).
	CacheRules []*CacheRule
	// IPRanges are the CDN's egress ranges (Cloudflare /ips).
	IPRanges []string
	// LoadBalancersUnread is true when the zone's load balancers could not
	// be read: LoadBalancers is then empty or partial, not proof of none.
	LoadBalancersUnread bool
	// PageRules are the zone's Page Rules, the older per-URL overrides of
	// settings (SSL mode, Host header, origin), in the order written.
	PageRules []*PageRule
	// PageRulesUnread is true when the zone's page rules could not be read
	// (or hold values known only later): PageRules is then not proof of
	// none, and a finding that a page rule could change is held back.
	PageRulesUnread bool
	// OriginRulesUnread, ConfigRulesUnread and CacheRulesUnread are true
	// when the zone's ruleset of that phase could not be read.
	OriginRulesUnread bool
	ConfigRulesUnread bool
	CacheRulesUnread  bool
	// OriginPulls is zone-wide Authenticated Origin Pulls: Cloudflare
	// presents its client certificate to the origin (the tls_client_auth
	// setting).
	OriginPulls Setting[bool]
	// OriginPullHosts are the hostnames with per-hostname Authenticated
	// Origin Pulls enabled.
	OriginPullHosts []string
	// OriginPullsPartial is true when only the global Authenticated Origin
	// Pulls setting was read, not zone-level (own certificate) or
	// per-hostname AOP, which are separate objects: OriginPulls false
	// then does not prove Cloudflare presents no client certificate.
	OriginPullsPartial bool
	// UniversalSSL is whether Cloudflare's Universal SSL certificate (the
	// zone's apex and its first-level wildcard) is on: unset when not read.
	UniversalSSL Setting[bool]
	// EdgeCerts are the zone's other edge certificates: advanced and
	// custom certificate packs, uploaded custom certificates. They are read
	// when Universal SSL is off.
	EdgeCerts []*EdgeCert
	// EdgeCertsUnread is true when the edge certificates were not read,
	// or not all: EdgeCerts is then not proof that none covers a name.
	EdgeCertsUnread bool
	// SettingsUnread is true when the zone's settings were not all read:
	// a Terraform module that manages a zone it does not create may leave
	// settings to the dashboard or another module, so a setting left at
	// its default is unknown, not proof of the default.
	SettingsUnread bool
}

// HSTS is a Strict-Transport-Security policy: once a browser has seen it,
// it uses HTTPS for the host for MaxAge whatever the links say.
type HSTS struct {
	Enabled           bool
	MaxAge            time.Duration
	IncludeSubdomains bool
	Preload           bool
	// NoSniff adds X-Content-Type-Options: nosniff beside it (Cloudflare
	// sets both with one setting).
	NoSniff bool
}

// Record is a DNS record of the zone.
type Record struct {
	Pos     Position
	Type    string
	Name    string
	Content string
	Proxied bool
	TTL     int
	// PrivateRouting is true when Cloudflare reaches the content over its
	// private network (Cloudflare WAN), so a private address is intended.
	PrivateRouting bool
}

// LoadBalancer is a CDN load balancer for a hostname.
type LoadBalancer struct {
	Pos          Position
	ID           string
	Name         string // hostname
	Enabled      bool
	Proxied      bool
	DefaultPools []string
	FallbackPool string
}

// Pool is a CDN origin pool.
type Pool struct {
	Pos            Position
	ID             string
	Name           string
	Enabled        bool
	MinimumOrigins int
	Monitor        string
	Origins        []PoolOrigin
}

// PoolOrigin is one origin in a pool.
type PoolOrigin struct {
	Pos     Position
	Name    string
	Address string
	Port    int
	Enabled bool
	Weight  float64
	// HostHeader overrides the Host sent to this origin ("" = none).
	HostHeader string
	// VirtualNetwork is the Cloudflare virtual network the origin is
	// reached through (virtual_network_id, "" = the public internet): a
	// private address is then intended.
	VirtualNetwork string
}

// Monitor is a CDN health monitor.
type Monitor struct {
	Pos             Position
	ID              string
	Type            string
	Method          string
	Path            string
	Port            int
	Timeout         time.Duration
	Retries         int
	Interval        time.Duration
	ExpectedCodes   string
	ExpectedBody    string
	FollowRedirects bool
	AllowInsecure   bool
	Header          map[string][]string
}

// OriginRule routes matching requests to another origin, Host or SNI.
type OriginRule struct {
	Pos        Position
	ID         string
	Expression string
	Enabled    bool
	HostHeader string
	OriginHost string
	OriginPort int
	SNI        string
}

// ConfigRule overrides settings (e.g. the SSL mode) for matching requests.
type ConfigRule struct {
	Pos        Position
	ID         string
	Expression string
	Enabled    bool
	SSLMode    string
}

// CacheRule sets cache behaviour, including the origin read timeout.
type CacheRule struct {
	Pos         Position
	ID          string
	Expression  string
	Enabled     bool
	ReadTimeout time.Duration
}

// EdgeCert is a certificate Cloudflare presents to visitors for the
// hostnames it lists (exact names or "*.example.com" wildcards).
type EdgeCert struct {
	Pos    Position
	ID     string
	Type   string // advanced, total_tls, sni_custom, legacy_custom, custom…
	Status string // active, pending_validation, expired…
	Hosts  []string
}

// Covers reports whether the certificate can serve host: an exact name or
// a wildcard for one label. A deleted or expired certificate serves none.
func (c *EdgeCert) Covers(host string) bool {
	if c.Status == "deleted" || c.Status == "expired" {
		return false
	}
	host = CanonHost(host)
	for _, h := range c.Hosts {
		h = CanonHost(h)
		if h == host {
			return true
		}
		if rest, ok := strings.CutPrefix(h, "*."); ok {
			if i := strings.IndexByte(host, '.'); i > 0 && host[i+1:] == rest {
				return true
			}
		}
	}
	return false
}

// PageRule overrides settings for the URLs its target pattern matches
// ("*example.com/api/*"). Empty fields are settings the rule leaves alone.
type PageRule struct {
	Pos      Position
	ID       string
	Target   string
	Enabled  bool
	Priority int
	// SSLMode: off, flexible, full, strict.
	SSLMode string
	// HostHeader is host_header_override; ResolveOverride the origin
	// hostname the request is sent to instead (resolve_override).
	HostHeader      string
	ResolveOverride string
	AlwaysUseHTTPS  bool
	// Forward is true for a forwarding_url rule: Cloudflare answers the
	// matching requests with a redirect, and they never reach an origin.
	Forward bool
}
