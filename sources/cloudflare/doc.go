// Package cloudflare is edgelint's third source: the CDN in front of the
// origin. It reads zones through the Cloudflare API (cloudflare-go v7, pinned
// at v7.9.0, per-service packages only; nothing else in edgelint imports the
// SDK) or from a snapshot file, and builds one lint.Config per zone with
// Source lint.Cloudflare and the CDN layer in Config.Edge. Every object has a
// resource position such as cloudflare:zone/example.com/settings/ssl,
// .../dns_records/www.example.com, .../load_balancers/<name>,
// .../pools/<name>, .../monitors/<id>, .../pagerules/<id> or
// .../rulesets/<phase>/<rule id>.
//
// API for the CLI (audit and dump commands):
//
//	snap, errs := cloudflare.Fetch(ctx, cloudflare.FetchOptions{
//		Token: os.Getenv("CLOUDFLARE_API_TOKEN"), BaseURL: os.Getenv("CLOUDFLARE_BASE_URL"),
//		Zones: zoneFlags, Account: accountFlag, Progress: os.Stderr,
//	})
//	configs := snap.Configs()              // audit: lint these (plus --origin configs)
//	err := cloudflare.WriteSnapshot(w, snap) // dump: API-shaped JSON, no token
//
// Fetch reads every zone the token can read when Zones is empty, at most
// Concurrency zones at once (default 4). Per zone it sends a constant number
// of requests whatever the number of settings checked: one bulk GET
// /zones/{id}/settings, the DNS records (5,000 per page, plus the empty page
// that ends the listing), the load balancers, the page rules (one GET
// /zones/{id}/pagerules), the Universal SSL setting (GET
// /zones/{id}/ssl/universal/settings; only when it is off, the certificate
// packs and custom certificates too), and one entrypoint per ruleset phase (http_request_origin, http_config_settings,
// http_request_cache_settings; 404 code 10003 means "no rules"). Pools and
// monitors are account objects read once per account that has load
// balancers; /ips is read once per run. The SDK retries 429 (honouring
// Retry-After) and 5xx. Errors are LoadErrors at the zone's resource and do
// not stop other zones; a 403 says which permissions the token needs. A
// zone whose settings or DNS records cannot be read is left out (a partial
// zone could produce false findings); one whose load balancers, page rules,
// a ruleset phase, pools or monitors cannot be read is kept with an error at
// .../load_balancers, .../pagerules, .../rulesets/<phase> or .../pools, and
// the part is marked unread in the model (Edge.LoadBalancersUnread,
// PageRulesUnread, OriginRulesUnread, ConfigRulesUnread, CacheRulesUnread)
// so the rules that read it hold back; a plan without Load Balancing
// simply has none. Any
// error means exit 2, and errors are written into the snapshot so an offline
// check of an incomplete dump fails too. The token is only ever sent as the
// Authorization header: messages describe API errors by status and code,
// never by request.
//
// Load (registered in sources/adapters.go with Sniff) reads a snapshot file
// through the same decoder as the live path, so `dump` then `check` reports
// what `audit` reports; JSON errors carry line and column. Sniff returns 2
// for a JSON object whose first bytes carry "format":
// "edgelint-cloudflare-snapshot".
//
// Snapshot format (version 1): {"format", "version", "ips": /ips result,
// "accounts": [{"id", "name", "pools": [...], "monitors": [...]}], "zones":
// [{"zone": zone object, "settings": bulk settings result, "dns_records":
// [...], "load_balancers": [...], "rulesets": {phase: entrypoint},
// "page_rules": [...], "universal_ssl": {...}, "certificate_packs": [...],
// "custom_certificates": [...]}],
// "errors": [{"resource", "message"}]}. Each payload is the API's `result`
// verbatim. A snapshot written before page rules were read has no
// "page_rules" and loads as it did, as zones without page rules.
//
// Tests: package cfapitest is a fake API v4 (httptest) serving snapshot
// data with the real envelope, pagination, 404/10003, 429 Retry-After, 403
// and per-route request counters; the tests run the SDK against it.
//
// Model notes: a setting whose modified_on is null was never changed from
// the plan default and is a lint.Default (Set false); Edge.ReadTimeout is
// the proxy_read_timeout setting when changed, else zero and unset (the
// timeout rules then use their configurable default).
package cloudflare
