package cloudflare

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cloudflare/cloudflare-go/v7/load_balancers"
	"github.com/cloudflare/cloudflare-go/v7/rulesets"
	"github.com/cloudflare/cloudflare-go/v7/zones"

	"github.com/edgelint/edgelint/lint"
)

// Ruleset phases read per zone.
const (
	PhaseOrigin = "http_request_origin"
	PhaseConfig = "http_config_settings"
	PhaseCache  = "http_request_cache_settings"
)

var phases = []string{PhaseOrigin, PhaseConfig, PhaseCache}

// Resource returns the resource name of a zone object:
// Resource("example.com", "settings", "ssl") is
// "cloudflare:zone/example.com/settings/ssl".
func Resource(zone string, parts ...string) string {
	return "cloudflare:" + strings.Join(append([]string{"zone", zone}, parts...), "/")
}

func at(res string) lint.Position { return lint.AtResource(res) }

// decode turns API payloads into one Config per zone. It is the only
// decoder: Fetch and Load both go through it.
func decode(s *Snapshot) ([]*lint.Config, []lint.LoadError) {
	var errs []lint.LoadError
	for _, e := range s.Errors {
		errs = append(errs, lint.LoadError{Pos: at(e.Resource), Message: e.Message})
	}
	ranges, err := decodeIPs(s.IPs)
	if err != nil {
		errs = append(errs, lint.Errorf(lint.AtFile(s.file).WithResource("cloudflare:ips"), "%v", err))
	}
	pools := map[string]load_balancers.Pool{}
	monitors := map[string]load_balancers.Monitor{}
	for _, a := range s.Accounts {
		for _, raw := range a.Pools {
			var p load_balancers.Pool
			if err := json.Unmarshal(raw, &p); err != nil {
				errs = append(errs, lint.Errorf(lint.AtFile(s.file).WithResource("cloudflare:account/"+a.ID+"/pools"), "pool: %v", err))
				continue
			}
			pools[p.ID] = p
		}
		for _, raw := range a.Monitors {
			var m load_balancers.Monitor
			if err := json.Unmarshal(raw, &m); err != nil {
				errs = append(errs, lint.Errorf(lint.AtFile(s.file).WithResource("cloudflare:account/"+a.ID+"/monitors"), "monitor: %v", err))
				continue
			}
			monitors[m.ID] = m
		}
	}
	var cfgs []*lint.Config
	for i, z := range s.Zones {
		cfg, zerrs := decodeZone(z, pools, monitors, s.file)
		for j := range zerrs {
			if zerrs[j].Pos.Resource() == "" {
				zerrs[j].Pos.SetResource(fmt.Sprintf("cloudflare:zones[%d]", i))
			}
		}
		errs = append(errs, zerrs...)
		if cfg == nil {
			continue
		}
		cfg.Edge.IPRanges = ranges
		// A part of the zone that could not be read is unknown, not empty.
		e := cfg.Edge
		for _, se := range s.Errors {
			switch se.Resource {
			case Resource(e.Zone, "load_balancers"):
				e.LoadBalancersUnread = true
			case Resource(e.Zone, "pagerules"):
				e.PageRulesUnread = true
			case Resource(e.Zone, "rulesets", PhaseOrigin):
				e.OriginRulesUnread = true
			case Resource(e.Zone, "rulesets", PhaseConfig):
				e.ConfigRulesUnread = true
			case Resource(e.Zone, "rulesets", PhaseCache):
				e.CacheRulesUnread = true
			case Resource(e.Zone, "ssl", "universal"), Resource(e.Zone, "ssl", "certificate_packs"), Resource(e.Zone, "custom_certificates"):
				e.EdgeCertsUnread = true
			}
		}
		cfgs = append(cfgs, cfg)
	}
	return cfgs, errs
}

func decodeIPs(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var ips struct {
		V4 []string `json:"ipv4_cidrs"`
		V6 []string `json:"ipv6_cidrs"`
	}
	if err := json.Unmarshal(raw, &ips); err != nil {
		return nil, fmt.Errorf("ips: %v", err)
	}
	return append(ips.V4, ips.V6...), nil
}

func decodeZone(z Zone, pools map[string]load_balancers.Pool, monitors map[string]load_balancers.Monitor, file string) (*lint.Config, []lint.LoadError) {
	var zone zones.Zone
	if err := json.Unmarshal(z.Zone, &zone); err != nil || zone.Name == "" {
		if err == nil {
			err = fmt.Errorf("no name")
		}
		return nil, []lint.LoadError{lint.Errorf(lint.AtFile(file), "zone: %v", err)}
	}
	name := zone.Name
	res := Resource(name)
	var errs []lint.LoadError
	bad := func(r string, format string, args ...any) {
		errs = append(errs, lint.Errorf(lint.AtFile(file).WithResource(r), format, args...))
	}
	edge := &lint.Edge{
		Provider: "cloudflare", Zone: name, ZoneID: zone.ID, Plan: zone.Plan.Name, Pos: at(res),
		ZoneType: string(zone.Type), Paused: zone.Paused,
	}
	// A setting the zone does not list keeps the product default,
	// positioned where the setting would be.
	unset := func(id string) lint.Position { return at(Resource(name, "settings", id)) }
	edge.SSLMode = lint.Default("", unset("ssl")).By("ssl")
	edge.ReadTimeout = lint.Default(time.Duration(0), unset("proxy_read_timeout")).By("proxy_read_timeout")
	edge.AlwaysUseHTTPS = lint.Default(false, unset("always_use_https")).By("always_use_https")
	edge.HSTS = lint.Default(lint.HSTS{}, unset("security_header")).By("security_header")
	edge.OriginPulls = lint.Default(false, unset("tls_client_auth")).By("tls_client_auth")
	// The bulk settings carry global AOP (tls_client_auth) only; zone-level
	// and per-hostname AOP are other endpoints, not read.
	edge.OriginPullsPartial = true

	for _, raw := range z.Settings {
		var st struct {
			ID         string          `json:"id"`
			Value      json.RawMessage `json:"value"`
			ModifiedOn *string         `json:"modified_on"`
		}
		if err := json.Unmarshal(raw, &st); err != nil || st.ID == "" {
			bad(Resource(name, "settings"), "setting: %v", err)
			continue
		}
		pos := at(Resource(name, "settings", st.ID))
		// modified_on is null for a setting never changed from the plan's
		// default: rules must not treat such values as the user's choice.
		set := st.ModifiedOn != nil && *st.ModifiedOn != ""
		text := settingValue(st.Value)
		switch st.ID {
		case "ssl":
			edge.SSLMode = setting(text, pos, set).By(st.ID)
		case "proxy_read_timeout":
			edge.ReadTimeout = lint.Default(time.Duration(0), pos).By(st.ID)
			if secs, err := strconv.ParseFloat(text, 64); err == nil && secs > 0 {
				edge.ReadTimeout = setting(time.Duration(secs*float64(time.Second)), pos, set).By(st.ID)
			}
		case "always_use_https":
			edge.AlwaysUseHTTPS = setting(text == "on", pos, set).By(st.ID)
		case "security_header":
			// A value of another shape is no policy: HSTS stays off, as
			// a browser would see no header.
			edge.HSTS = lint.Default(lint.HSTS{}, pos).By(st.ID)
			if h, ok := decodeHSTS(text); ok {
				edge.HSTS = setting(h, pos, set).By(st.ID)
			}
		case "tls_client_auth":
			edge.OriginPulls = setting(text == "on", pos, set).By(st.ID)
		}
	}

	for _, raw := range z.DNSRecords {
		var r record
		if err := json.Unmarshal(raw, &r); err != nil {
			bad(Resource(name, "dns_records"), "DNS record: %v", err)
			continue
		}
		edge.Records = append(edge.Records, &lint.Record{
			Pos: at(Resource(name, "dns_records", r.Name)), Type: r.Type, Name: r.Name,
			Content: r.Content, Proxied: r.Proxied, TTL: int(r.TTL), PrivateRouting: r.PrivateRouting,
		})
	}

	used := map[string]bool{}
	for _, raw := range z.LoadBalancers {
		var lb load_balancers.LoadBalancer
		if err := json.Unmarshal(raw, &lb); err != nil {
			bad(Resource(name, "load_balancers"), "load balancer: %v", err)
			edge.LoadBalancersUnread = true
			continue
		}
		edge.LoadBalancers = append(edge.LoadBalancers, &lint.LoadBalancer{
			Pos: at(Resource(name, "load_balancers", lb.Name)), ID: lb.ID, Name: lb.Name,
			Enabled: lb.Enabled, Proxied: lb.Proxied, DefaultPools: lb.DefaultPools, FallbackPool: lb.FallbackPool,
		})
		for _, id := range lb.DefaultPools {
			used[id] = true
		}
		used[lb.FallbackPool] = true
		for _, m := range []map[string][]string{lb.RegionPools, lb.POPPools, lb.CountryPools} {
			for _, ids := range m {
				for _, id := range ids {
					used[id] = true
				}
			}
		}
	}
	// Pools and monitors are account objects; a zone holds those its load
	// balancers use, in a stable order.
	var poolIDs []string
	for id := range used {
		if _, ok := pools[id]; ok {
			poolIDs = append(poolIDs, id)
		}
	}
	sort.Strings(poolIDs)
	monitorUsed := map[string]bool{}
	for _, id := range poolIDs {
		p := pools[id]
		pres := Resource(name, "pools", p.Name)
		lp := &lint.Pool{Pos: at(pres), ID: p.ID, Name: p.Name, Enabled: p.Enabled,
			MinimumOrigins: int(p.MinimumOrigins), Monitor: p.Monitor}
		for _, o := range p.Origins {
			po := lint.PoolOrigin{Pos: at(pres + "/origins/" + o.Name), Name: o.Name, Address: o.Address,
				Port: int(o.Port), Enabled: o.Enabled, Weight: o.Weight, VirtualNetwork: o.VirtualNetworkID}
			if len(o.Header.Host) > 0 {
				po.HostHeader = o.Header.Host[0]
			}
			lp.Origins = append(lp.Origins, po)
		}
		edge.Pools = append(edge.Pools, lp)
		if p.Monitor != "" {
			monitorUsed[p.Monitor] = true
		}
	}
	var monIDs []string
	for id := range monitorUsed {
		if _, ok := monitors[id]; ok {
			monIDs = append(monIDs, id)
		}
	}
	sort.Strings(monIDs)
	for _, id := range monIDs {
		m := monitors[id]
		edge.Monitors = append(edge.Monitors, &lint.Monitor{
			Pos: at(Resource(name, "monitors", m.ID)), ID: m.ID, Type: string(m.Type), Method: m.Method,
			Path: m.Path, Port: int(m.Port), Timeout: time.Duration(m.Timeout) * time.Second,
			Retries: int(m.Retries), Interval: time.Duration(m.Interval) * time.Second,
			ExpectedCodes: m.ExpectedCodes, ExpectedBody: m.ExpectedBody,
			FollowRedirects: m.FollowRedirects, AllowInsecure: m.AllowInsecure, Header: m.Header,
		})
	}

	for _, phase := range phases {
		raw, ok := z.Rulesets[phase]
		if !ok || len(raw) == 0 || string(raw) == "null" {
			continue
		}
		var rs rulesets.PhaseGetResponse
		if err := json.Unmarshal(raw, &rs); err != nil {
			bad(Resource(name, "rulesets", phase), "ruleset: %v", err)
			continue
		}
		for _, rule := range rs.Rules {
			pos := at(Resource(name, "rulesets", phase, rule.ID))
			switch r := rule.AsUnion().(type) {
			case rulesets.RouteRule:
				if phase != PhaseOrigin {
					continue
				}
				edge.OriginRules = append(edge.OriginRules, &lint.OriginRule{
					Pos: pos, ID: r.ID, Expression: r.Expression, Enabled: r.Enabled,
					HostHeader: r.ActionParameters.HostHeader, OriginHost: r.ActionParameters.Origin.Host,
					OriginPort: int(r.ActionParameters.Origin.Port), SNI: r.ActionParameters.SNI.Value,
				})
			case rulesets.SetConfigRule:
				if phase != PhaseConfig {
					continue
				}
				edge.ConfigRules = append(edge.ConfigRules, &lint.ConfigRule{
					Pos: pos, ID: r.ID, Expression: r.Expression, Enabled: r.Enabled,
					SSLMode: string(r.ActionParameters.SSL),
				})
			case rulesets.SetCacheSettingsRule:
				if phase != PhaseCache {
					continue
				}
				edge.CacheRules = append(edge.CacheRules, &lint.CacheRule{
					Pos: pos, ID: r.ID, Expression: r.Expression, Enabled: r.Enabled,
					ReadTimeout: time.Duration(r.ActionParameters.ReadTimeout) * time.Second,
				})
			}
		}
	}

	decodeCertificates(z, edge, name, bad)

	for _, raw := range z.PageRules {
		pr, err := decodePageRule(raw)
		if err != nil {
			bad(Resource(name, "pagerules"), "page rule: %v", err)
			edge.PageRulesUnread = true
			continue
		}
		pr.Pos = at(Resource(name, "pagerules", pr.ID))
		edge.PageRules = append(edge.PageRules, pr)
	}

	files := []string(nil)
	if file != "" {
		files = []string{file}
	}
	return &lint.Config{
		Source: lint.Cloudflare, Root: res, Files: files,
		Product: lint.Product{Name: "cloudflare"}, Edge: edge,
	}, errs
}

// decodeCertificates reads Universal SSL and, when it is off, the other
// edge certificates. Anything not read, or not readable, leaves the
// certificates unread: no rule may take their absence for proof.
func decodeCertificates(z Zone, edge *lint.Edge, name string, bad func(string, string, ...any)) {
	pos := at(Resource(name, "ssl", "universal"))
	edge.UniversalSSL = lint.Default(true, pos).By("universal_ssl")
	edge.EdgeCertsUnread = true
	if len(z.UniversalSSL) == 0 || string(z.UniversalSSL) == "null" {
		return
	}
	var u struct {
		Enabled *bool `json:"enabled"`
	}
	if err := json.Unmarshal(z.UniversalSSL, &u); err != nil || u.Enabled == nil {
		if err == nil {
			err = fmt.Errorf("no \"enabled\"")
		}
		bad(Resource(name, "ssl", "universal"), "Universal SSL settings: %v", err)
		return
	}
	edge.UniversalSSL = lint.Explicit(*u.Enabled, pos).By("universal_ssl")
	if *u.Enabled || len(z.CertificatePacks) == 0 || len(z.CustomCertificates) == 0 ||
		string(z.CertificatePacks) == "null" || string(z.CustomCertificates) == "null" {
		return
	}
	type cert struct {
		ID     string   `json:"id"`
		Type   string   `json:"type"`
		Status string   `json:"status"`
		Hosts  []string `json:"hosts"`
	}
	var packs, custom []cert
	if err := json.Unmarshal(z.CertificatePacks, &packs); err != nil {
		bad(Resource(name, "ssl", "certificate_packs"), "certificate packs: %v", err)
		return
	}
	if err := json.Unmarshal(z.CustomCertificates, &custom); err != nil {
		bad(Resource(name, "custom_certificates"), "custom certificates: %v", err)
		return
	}
	for _, c := range packs {
		edge.EdgeCerts = append(edge.EdgeCerts, &lint.EdgeCert{Pos: at(Resource(name, "ssl", "certificate_packs", c.ID)),
			ID: c.ID, Type: c.Type, Status: c.Status, Hosts: c.Hosts})
	}
	for _, c := range custom {
		edge.EdgeCerts = append(edge.EdgeCerts, &lint.EdgeCert{Pos: at(Resource(name, "custom_certificates", c.ID)),
			ID: c.ID, Type: "custom", Status: c.Status, Hosts: c.Hosts})
	}
	edge.EdgeCertsUnread = false
}

// pageRule is a page rule as the API gives it (GET /zones/{id}/pagerules).
type pageRule struct {
	ID      string `json:"id"`
	Targets []struct {
		Target     string `json:"target"`
		Constraint struct {
			Operator string `json:"operator"`
			Value    string `json:"value"`
		} `json:"constraint"`
	} `json:"targets"`
	Actions []struct {
		ID    string          `json:"id"`
		Value json.RawMessage `json:"value"`
	} `json:"actions"`
	Priority float64 `json:"priority"`
	Status   string  `json:"status"`
}

// decodePageRule reads one page rule. A target of another shape than one
// URL pattern leaves the rule's target empty: where it applies is then
// unknown, and the rules hold back.
func decodePageRule(raw json.RawMessage) (*lint.PageRule, error) {
	var r pageRule
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	pr := &lint.PageRule{ID: r.ID, Enabled: r.Status == "active", Priority: int(r.Priority)}
	if len(r.Targets) == 1 && r.Targets[0].Target == "url" && r.Targets[0].Constraint.Operator == "matches" {
		pr.Target = r.Targets[0].Constraint.Value
	}
	for _, a := range r.Actions {
		text := settingValue(a.Value)
		switch a.ID {
		case "ssl":
			pr.SSLMode = text
		case "host_header_override":
			pr.HostHeader = text
		case "resolve_override":
			pr.ResolveOverride = text
		case "always_use_https":
			pr.AlwaysUseHTTPS = true
		case "forwarding_url":
			pr.Forward = true
		}
	}
	return pr, nil
}

// record is the part of a DNS record (dns.RecordResponse) the rules read.
// It is decoded with encoding/json rather than the SDK's type, whose union
// decoding costs about a millisecond per record.
type record struct {
	Type    string  `json:"type"`
	Name    string  `json:"name"`
	Content string  `json:"content"`
	Proxied bool    `json:"proxied"`
	TTL     float64 `json:"ttl"`
	// PrivateRouting: Cloudflare reaches the address over its private network.
	PrivateRouting bool `json:"private_routing"`
}

func setting[T any](v T, pos lint.Position, set bool) lint.Setting[T] {
	if set {
		return lint.Explicit(v, pos)
	}
	return lint.Default(v, pos)
}

// decodeHSTS reads the value of security_header as settingValue renders
// it: {"strict_transport_security": {"enabled": true, "max_age": 86400, …}}.
func decodeHSTS(text string) (lint.HSTS, bool) {
	var v struct {
		STS struct {
			Enabled           bool    `json:"enabled"`
			MaxAge            float64 `json:"max_age"`
			IncludeSubdomains bool    `json:"include_subdomains"`
			Preload           bool    `json:"preload"`
			NoSniff           bool    `json:"nosniff"`
		} `json:"strict_transport_security"`
	}
	if json.Unmarshal([]byte(text), &v) != nil {
		return lint.HSTS{}, false
	}
	s := v.STS
	return lint.HSTS{Enabled: s.Enabled, MaxAge: time.Duration(s.MaxAge * float64(time.Second)),
		IncludeSubdomains: s.IncludeSubdomains, Preload: s.Preload, NoSniff: s.NoSniff}, true
}

// settingValue renders a setting's value as text: strings as they are,
// numbers and booleans in JSON form, objects as compact JSON.
func settingValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}
