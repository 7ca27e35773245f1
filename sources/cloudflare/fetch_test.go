package cloudflare_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/cfapitest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/cloudflare"
	"github.com/edgelint/edgelint/sources/input"
)

var examples = filepath.Join("..", "..", "examples", "cloudflare")

func fetch(t *testing.T, srv *cfapitest.Server, o cloudflare.FetchOptions) (*cloudflare.Snapshot, []lint.LoadError) {
	t.Helper()
	o.BaseURL = srv.URL
	if o.Token == "" {
		o.Token = srv.Token
	}
	return cloudflare.Fetch(context.Background(), o)
}

// audit runs the CDN and cross-layer rules the way `edgelint audit
// cloudflare --origin DIR` does: the zones plus the origin's configs.
func audit(t *testing.T, zones []*lint.Config, origin string) []lint.Finding {
	t.Helper()
	cfgs := append([]*lint.Config{}, zones...)
	if origin != "" {
		res := sources.Load([]string{origin}, "", input.Options{})
		for _, e := range res.Errors {
			t.Fatalf("origin: %v", e)
		}
		cfgs = append(cfgs, res.Configs...)
	}
	var cdnRules []*lint.Rule
	for _, r := range rules.All() {
		if slices.Contains(r.Sources, lint.Cloudflare) {
			cdnRules = append(cdnRules, r)
		}
	}
	r := &lint.Runner{Rules: cdnRules}
	fs, errs := r.Run(cfgs)
	for _, e := range errs {
		t.Errorf("rule error: %v", e)
	}
	return fs
}

func where(f lint.Finding) string {
	if f.Pos.File() != "" {
		return fmt.Sprintf("%s:%d", filepath.Base(f.Pos.File()), f.Pos.Line)
	}
	return f.Pos.Resource()
}

func summary(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.RuleID+" "+where(f))
	}
	sort.Strings(out)
	return out
}

// The broken example, served by the fake API and read through the SDK,
// shows every CDN and cross-layer problem at its resource.
func TestAuditReportsEveryProblem(t *testing.T) {
	srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{})
	for _, e := range errs {
		t.Errorf("fetch: %v", e)
	}
	got := summary(audit(t, snap.Configs(), filepath.Join(examples, "broken", "origin")))
	want := brokenFindings
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// brokenFindings are what the live audit of examples/cloudflare/broken
// finds with examples/cloudflare/broken/origin.
var brokenFindings = []string{
	"EL1201 cloudflare:zone/example.com/dns_records/app.example.com",
	"EL1202 cloudflare:zone/example.com/dns_records/api.example.com",
	"EL1202 cloudflare:zone/example.com/dns_records/old.example.com",
	"EL1206 cloudflare:zone/example.com/pools/primary/origins/app-4",
	"EL1207 cloudflare:zone/example.com/rulesets/http_request_origin/billing",
	"EL1301 cloudflare:zone/example.com/pagerules/4e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b",
	"EL1301 cloudflare:zone/example.com/rulesets/http_config_settings/legacy-flexible",
	"EL1302 nginx.conf:11",
	"EL2301 cloudflare:zone/example.com/pagerules/5f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c",
	"EL2301 cloudflare:zone/example.com/pools/primary/origins/app-2",
	"EL2301 cloudflare:zone/example.com/rulesets/http_request_origin/internal-host",
	"EL2302 cloudflare:zone/example.com/dns_records/shop.example.com",
	"EL3201 cloudflare:zone/example.com/pools/primary",
	"EL3202 cloudflare:zone/example.com/pools/drained",
	"EL3203 cloudflare:zone/example.com/monitors/f1aba936b94213e5b8dca0c0dbf1f9cc",
	"EL4301 nginx.conf:18",
	"EL4301 nginx.conf:22",
	"EL5301 nginx.conf:4",
	"EL7201 cloudflare:zone/example.net/settings/ssl",
	"EL7203 cloudflare:zone/example.org/dns_records/example.org",
}

// A part of a zone that cannot be read (403 on its endpoint) is reported
// at its own resource, in the audit and in the snapshot; the findings that
// depend on it are not reported, and the others still are.
func TestPartReadFailures(t *testing.T) {
	for _, tc := range []struct {
		forbid string
		errs   []string // resources of the reported errors
		gone   []string // findings that depend on the part
	}{
		{"/pagerules", []string{"example.com/pagerules", "example.net/pagerules", "example.org/pagerules"}, []string{
			"EL1301 cloudflare:zone/example.com/pagerules/4e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b",
			"EL1301 cloudflare:zone/example.com/rulesets/http_config_settings/legacy-flexible",
			"EL2301 cloudflare:zone/example.com/pagerules/5f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c",
			"EL2301 cloudflare:zone/example.com/pools/primary/origins/app-2",
			"EL2301 cloudflare:zone/example.com/rulesets/http_request_origin/internal-host",
			"EL2302 cloudflare:zone/example.com/dns_records/shop.example.com",
		}},
		{"/rulesets/phases/http_config_settings/", []string{"example.com/rulesets/http_config_settings", "example.net/rulesets/http_config_settings", "example.org/rulesets/http_config_settings"}, []string{
			"EL1301 cloudflare:zone/example.com/pagerules/4e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b",
			"EL1301 cloudflare:zone/example.com/rulesets/http_config_settings/legacy-flexible",
		}},
		{"/rulesets/phases/http_request_origin/", []string{"example.com/rulesets/http_request_origin", "example.net/rulesets/http_request_origin", "example.org/rulesets/http_request_origin"}, []string{
			"EL1207 cloudflare:zone/example.com/rulesets/http_request_origin/billing",
			"EL1301 cloudflare:zone/example.com/pagerules/4e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b",
			"EL1301 cloudflare:zone/example.com/rulesets/http_config_settings/legacy-flexible",
			"EL2301 cloudflare:zone/example.com/pagerules/5f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c",
			"EL2301 cloudflare:zone/example.com/pools/primary/origins/app-2",
			"EL2301 cloudflare:zone/example.com/rulesets/http_request_origin/internal-host",
			"EL2302 cloudflare:zone/example.com/dns_records/shop.example.com",
		}},
		{"/rulesets/phases/http_request_cache_settings/", []string{"example.com/rulesets/http_request_cache_settings", "example.net/rulesets/http_request_cache_settings", "example.org/rulesets/http_request_cache_settings"}, []string{
			"EL4301 nginx.conf:18",
			"EL4301 nginx.conf:22",
		}},
		{"/load_balancers", []string{"example.com/load_balancers", "example.net/load_balancers", "example.org/load_balancers"}, []string{
			"EL1202 cloudflare:zone/example.com/dns_records/old.example.com",
			"EL1206 cloudflare:zone/example.com/pools/primary/origins/app-4",
			"EL2301 cloudflare:zone/example.com/pools/primary/origins/app-2",
			"EL2302 cloudflare:zone/example.com/dns_records/shop.example.com",
			"EL3201 cloudflare:zone/example.com/pools/primary",
			"EL3202 cloudflare:zone/example.com/pools/drained",
			"EL3203 cloudflare:zone/example.com/monitors/f1aba936b94213e5b8dca0c0dbf1f9cc",
		}},
	} {
		t.Run(tc.forbid, func(t *testing.T) {
			srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
			srv.Forbid(tc.forbid)
			snap, errs := fetch(t, srv, cloudflare.FetchOptions{})
			var got []string
			for _, e := range errs {
				if !strings.Contains(e.Message, "403") {
					t.Errorf("%s: %s", e.Pos, e.Message)
				}
				got = append(got, strings.TrimPrefix(e.Pos.Resource(), "cloudflare:zone/"))
			}
			if strings.Join(got, " ") != strings.Join(tc.errs, " ") {
				t.Errorf("errors at %v, want %v", got, tc.errs)
			}
			if n := len(snap.Configs()); n != 3 {
				t.Fatalf("%d zones, want all 3", n)
			}
			var want []string
			for _, f := range brokenFindings {
				if !slices.Contains(tc.gone, f) {
					want = append(want, f)
				}
			}
			live := summary(audit(t, snap.Configs(), filepath.Join(examples, "broken", "origin")))
			if strings.Join(live, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(live, "\n"), strings.Join(want, "\n"))
			}
			// The snapshot carries the failure, so an offline check holds
			// back the same findings and fails the same way.
			var buf bytes.Buffer
			if err := cloudflare.WriteSnapshot(&buf, snap); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "s.json")
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			cfgs, lerrs := cloudflare.Load(path, input.Options{})
			if len(lerrs) != len(tc.errs) {
				t.Errorf("offline errors: %v", lerrs)
			}
			offline := summary(audit(t, cfgs, filepath.Join(examples, "broken", "origin")))
			if strings.Join(offline, "\n") != strings.Join(want, "\n") {
				t.Errorf("offline findings:\n%s\nwant:\n%s", strings.Join(offline, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// Universal SSL off: the certificates are read, and EL7203 reports the
// names none covers; a certificate read that fails is reported at its
// resource and leaves the rule quiet, live and offline.
func TestEdgeCertificates(t *testing.T) {
	data := cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json"))
	data.Zones = data.Zones[:1] // example.com
	data.Zones[0].UniversalSSL = json.RawMessage(`{"enabled":false}`)
	data.Zones[0].CertificatePacks = json.RawMessage(`[{"id":"cp1","type":"advanced","status":"active","hosts":["example.com","*.example.com"]}]`)
	data.Zones[0].CustomCertificates = json.RawMessage(`[]`)
	for _, tc := range []struct {
		name, forbid string
		packs        string
		errs         []string
		want         []string
	}{
		{"covered", "", "", nil, nil},
		{"apex only", "", `[{"id":"cp1","type":"advanced","status":"active","hosts":["example.com"]}]`, nil, []string{
			"EL7203 cloudflare:zone/example.com/dns_records/api.example.com",
			"EL7203 cloudflare:zone/example.com/dns_records/app.example.com",
			"EL7203 cloudflare:zone/example.com/dns_records/old.example.com",
			"EL7203 cloudflare:zone/example.com/dns_records/shop.example.com",
			"EL7203 cloudflare:zone/example.com/dns_records/www.example.com",
			"EL7203 cloudflare:zone/example.com/load_balancers/lb.example.com",
		}},
		{"packs forbidden", "/ssl/certificate_packs", `[]`, []string{"cloudflare:zone/example.com/ssl/certificate_packs"}, nil},
		{"custom forbidden", "/custom_certificates", `[]`, []string{"cloudflare:zone/example.com/custom_certificates"}, nil},
		{"universal forbidden", "/ssl/universal", `[]`, []string{"cloudflare:zone/example.com/ssl/universal"}, nil},
		// A plan without custom certificates has none: the packs decide.
		{"custom not entitled", "custom_certificates not entitled", `[{"id":"cp1","type":"advanced","status":"active","hosts":["example.com"]}]`, nil, []string{
			"EL7203 cloudflare:zone/example.com/dns_records/api.example.com",
			"EL7203 cloudflare:zone/example.com/dns_records/app.example.com",
			"EL7203 cloudflare:zone/example.com/dns_records/old.example.com",
			"EL7203 cloudflare:zone/example.com/dns_records/shop.example.com",
			"EL7203 cloudflare:zone/example.com/dns_records/www.example.com",
			"EL7203 cloudflare:zone/example.com/load_balancers/lb.example.com",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := data
			d.Zones = []cfapitest.Zone{data.Zones[0]}
			if tc.packs != "" {
				d.Zones[0].CertificatePacks = json.RawMessage(tc.packs)
			}
			srv := cfapitest.New(t, d)
			switch {
			case tc.forbid == "custom_certificates not entitled":
				srv.Fail("/custom_certificates", 403, 1002, "Custom SSL is not entitled for this zone's plan")
			case tc.forbid != "":
				srv.Forbid(tc.forbid)
			}
			snap, errs := fetch(t, srv, cloudflare.FetchOptions{})
			var res []string
			for _, e := range errs {
				res = append(res, e.Pos.Resource())
			}
			if strings.Join(res, " ") != strings.Join(tc.errs, " ") {
				t.Errorf("errors %v, want at %v", errs, tc.errs)
			}
			if n := srv.ZoneRequests("example.com"); n != 11 && tc.forbid != "/ssl/universal" && tc.forbid != "/ssl/certificate_packs" {
				t.Errorf("%d requests, want 11", n)
			}
			for _, cfgs := range [][]*lint.Config{snap.Configs(), offline(t, snap)} {
				var got []string
				independent := false // a finding that needs no certificate stays
				for _, f := range audit(t, cfgs, "") {
					if f.RuleID == "EL7203" {
						got = append(got, f.RuleID+" "+where(f))
					}
					independent = independent || f.RuleID+" "+where(f) == "EL1201 cloudflare:zone/example.com/dns_records/app.example.com"
				}
				if !independent {
					t.Error("EL1201 on app.example.com is gone")
				}
				sort.Strings(got)
				if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
					t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
			}
		})
	}
}

// offline writes snap and loads it back, as `dump` then `check` does.
func offline(t *testing.T, snap *cloudflare.Snapshot) []*lint.Config {
	t.Helper()
	var buf bytes.Buffer
	if err := cloudflare.WriteSnapshot(&buf, snap); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgs, _ := cloudflare.Load(path, input.Options{})
	return cfgs
}

// The fixed twin is clean.
func TestAuditFixedIsClean(t *testing.T) {
	srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "fixed", "snapshot.json")))
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{})
	for _, e := range errs {
		t.Errorf("fetch: %v", e)
	}
	if n := len(snap.Configs()); n != 3 {
		t.Fatalf("%d zones, want 3", n)
	}
	for _, f := range audit(t, snap.Configs(), filepath.Join(examples, "fixed", "origin")) {
		t.Errorf("unexpected finding %s %s: %s", f.RuleID, where(f), f.Message)
	}
}

// dump then check gives what the live audit gives, and the token is in
// neither the snapshot nor the progress output.
func TestDumpThenCheckMatchesLive(t *testing.T) {
	srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	var progress bytes.Buffer
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{Progress: &progress, Concurrency: 2})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	origin := filepath.Join(examples, "broken", "origin")
	live := audit(t, snap.Configs(), origin)

	var buf bytes.Buffer
	if err := cloudflare.WriteSnapshot(&buf, snap); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte(srv.Token)) || strings.Contains(progress.String(), srv.Token) {
		t.Fatal("the token leaked into the snapshot or the progress output")
	}
	if cloudflare.Sniff("x.json", buf.Bytes()) != 2 {
		t.Fatal("a written snapshot is not recognised by Sniff")
	}
	path := filepath.Join(t.TempDir(), "snapshot.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res := sources.Load([]string{path}, "", input.Options{})
	for _, e := range res.Errors {
		t.Fatalf("load: %v", e)
	}
	offline := audit(t, res.Configs, origin)
	if a, b := strings.Join(messages(live), "\n"), strings.Join(messages(offline), "\n"); a != b || len(live) == 0 {
		t.Errorf("live and offline findings differ:\nlive:\n%s\noffline:\n%s", a, b)
	}
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if len(lines) != 3 || !strings.Contains(progress.String(), "cloudflare: example.com: 9 requests, 8 DNS records, 1 load balancers") {
		t.Errorf("progress:\n%s", progress.String())
	}
}

func messages(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.RuleID+" "+f.Pos.String()+" "+f.Message)
	}
	return out
}

// Requests per zone are few and constant: one bulk settings read however
// many settings the rules check, two DNS pages (the last one empty), the
// load balancers, the page rules (one request, however many rules), the
// Universal SSL setting, and one entrypoint per ruleset phase: 9. Only a
// zone with Universal SSL off has its other edge certificates read: two
// more (certificate packs, custom certificates). Pools and monitors are
// read once per account that has load balancers; /ips once per run.
// docs/CLI.md gives the count: a change that adds requests fails here
// first.
func TestRequestsPerZone(t *testing.T) {
	data := cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json"))
	srv := cfapitest.New(t, data)
	if _, errs := fetch(t, srv, cloudflare.FetchOptions{}); len(errs) > 0 {
		t.Fatal(errs)
	}
	// example.org has Universal SSL off: its certificates are read too.
	for z, want := range map[string]int{"example.com": 9, "example.org": 11, "example.net": 9} {
		if n := srv.ZoneRequests(z); n != want {
			t.Errorf("%s: %d requests, want %d\n%s", z, n, want, srv.Routes())
		}
	}
	for route, want := range map[string]int{
		"GET /accounts/{account}/load_balancers/pools":    1, // two zones of the account have load balancers
		"GET /accounts/{account}/load_balancers/monitors": 1,
		"GET /ips":                             1,
		"GET /zones/{zone}/settings":           3,
		"GET /zones/{zone}/settings/{setting}": 0,
		"GET /zones/{zone}/rulesets/phases/http_request_origin/entrypoint": 3,
		"GET /zones/{zone}/pagerules":                                      3, // one per zone
	} {
		if n := srv.Count(route); n != want {
			t.Errorf("%s: %d requests, want %d", route, n, want)
		}
	}
	if n := srv.AccountRequests("9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"); n != 0 {
		t.Errorf("the account without load balancers got %d requests", n)
	}

	// Fifty more settings and forty page rules on every zone change
	// nothing: page rules are one request however many there are.
	for i := range data.Zones {
		for j := range 50 {
			data.Zones[i].Settings = append(data.Zones[i].Settings,
				json.RawMessage(fmt.Sprintf(`{"id":"extra_%d","value":"on","editable":true,"modified_on":null}`, j)))
		}
		for j := range 40 {
			data.Zones[i].PageRules = append(data.Zones[i].PageRules, json.RawMessage(fmt.Sprintf(
				`{"id":"pr%d","status":"active","priority":%d,"targets":[{"target":"url","constraint":{"operator":"matches","value":"nothing%d.example/*"}}],"actions":[{"id":"always_use_https"}]}`, j, j+1, j)))
		}
	}
	srv2 := cfapitest.New(t, data)
	snap, errs := fetch(t, srv2, cloudflare.FetchOptions{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if n := srv2.ZoneRequests("example.com"); n != 9 {
		t.Errorf("with 59 settings and 40 page rules: %d requests, want 9", n)
	}
	if n := len(snap.Configs()[0].Edge.PageRules); n != 43 {
		t.Errorf("%d page rules decoded, want 43 (the example's 3 and 40 more)", n)
	}
	// Universal SSL on again: the certificates are not read.
	data.Zones[1].UniversalSSL = json.RawMessage(`{"enabled":true}`)
	srv3 := cfapitest.New(t, data)
	if _, errs := fetch(t, srv3, cloudflare.FetchOptions{}); len(errs) > 0 {
		t.Fatal(errs)
	}
	if n := srv3.ZoneRequests("example.org"); n != 9 {
		t.Errorf("Universal SSL on: %d requests, want 9\n%s", n, srv3.Routes())
	}

	// The snapshot keeps every setting; the model only those rules read.
	if got := snap.Zones[0].Settings; len(got) != 59 || !strings.Contains(string(got[58]), `"extra_49"`) {
		t.Errorf("bulk settings not kept: %d, last %s", len(got), got[len(got)-1])
	}
}

// A 429 with Retry-After is retried and the audit completes.
func TestRateLimitIsRetried(t *testing.T) {
	srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	srv.RateLimitOnce("GET /zones/{zone}/dns_records")
	srv.RateLimitOnce("GET /zones/{zone}/settings")
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{Zones: []string{"example.com"}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if n := srv.Count("GET /zones/{zone}/dns_records"); n != 3 {
		t.Errorf("dns_records: %d requests, want 3 (429, page, empty page)", n)
	}
	if n := srv.Count("GET /zones/{zone}/settings"); n != 2 {
		t.Errorf("settings: %d requests, want 2 (429, retry)", n)
	}
	e := snap.Configs()[0].Edge
	if len(e.Records) != 8 || e.SSLMode.Value != "full" {
		t.Errorf("after retries: %d records, ssl %q", len(e.Records), e.SSLMode.Value)
	}
}

// A token without permission for one zone fails that zone clearly and
// leaves the others; a token without any permission fails the listing.
func TestForbidden(t *testing.T) {
	srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	srv.Forbid("/zones/5c3e9f7a2b4d6f8a0c2e4a6c8e0a2c4e/") // example.net
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{})
	if len(errs) != 1 || errs[0].Pos.Resource() != "cloudflare:zone/example.net" ||
		!strings.Contains(errs[0].Message, "403") || !strings.Contains(errs[0].Message, "lacks permission") {
		t.Fatalf("errors: %v", errs)
	}
	if n := len(snap.Configs()); n != 2 {
		t.Errorf("%d zones read, want the 2 permitted ones", n)
	}
	// The error travels with the snapshot so an offline check fails too.
	var buf bytes.Buffer
	if err := cloudflare.WriteSnapshot(&buf, snap); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, lerrs := cloudflare.Load(path, input.Options{}); len(lerrs) != 1 || lerrs[0].Pos.Resource() != "cloudflare:zone/example.net" {
		t.Errorf("offline errors: %v", lerrs)
	}

	bad, errs := fetch(t, srv, cloudflare.FetchOptions{Token: "not-the-token"})
	if len(errs) != 1 || errs[0].Pos.Resource() != "cloudflare:zones" || !strings.Contains(errs[0].Message, "403") ||
		strings.Contains(errs[0].Message, "not-the-token") || len(bad.Configs()) != 0 {
		t.Errorf("bad token: %v", errs)
	}

	// Without Load Balancing permission on the account, the zones stay
	// and the error names the pools.
	srv2 := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	srv2.Forbid("/load_balancers/pools")
	snap, errs = fetch(t, srv2, cloudflare.FetchOptions{})
	var res []string
	for _, e := range errs {
		res = append(res, e.Pos.Resource())
	}
	if strings.Join(res, " ") != "cloudflare:zone/example.com/pools cloudflare:zone/example.org/pools" || len(snap.Configs()) != 3 {
		t.Errorf("pool errors: %v", errs)
	}
}

// A phase without an entrypoint (404, code 10003) means no rules; asking
// for an unknown zone is an error at that zone.
func TestMissingPhasesAndZones(t *testing.T) {
	srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{Zones: []string{"example.org", "missing.example", "Example.org."}})
	if len(errs) != 1 || errs[0].Pos.Resource() != "cloudflare:zone/missing.example" {
		t.Fatalf("errors: %v", errs)
	}
	if n := srv.Count("GET /zones/{zone}/rulesets/phases/http_config_settings/entrypoint"); n != 1 {
		t.Errorf("phase requests: %d", n)
	}
	if n := len(snap.Configs()); n != 1 {
		t.Fatalf("%d zones for one name given twice", n)
	}
	e := snap.Configs()[0].Edge
	if e.Zone != "example.org" || len(e.OriginRules)+len(e.ConfigRules)+len(e.CacheRules) != 0 {
		t.Errorf("zone %s has rules: %+v", e.Zone, e)
	}
	if len(e.Pools) != 1 || len(e.Monitors) != 1 || len(e.IPRanges) != 22 {
		t.Errorf("pools %d monitors %d ranges %d", len(e.Pools), len(e.Monitors), len(e.IPRanges))
	}
}

// Thousands of records are read in a few pages and all decoded.
func TestThousandsOfRecords(t *testing.T) {
	data := cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json"))
	data.Zones = data.Zones[:1]
	data.Zones[0].DNSRecords = append(data.Zones[0].DNSRecords, cfapitest.Records("example.com", 12000)...)
	srv := cfapitest.New(t, data)
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if n := len(snap.Configs()[0].Edge.Records); n != 12008 {
		t.Errorf("%d records, want 12008", n)
	}
	if n := srv.Count("GET /zones/{zone}/dns_records"); n != 4 {
		t.Errorf("%d DNS requests, want 4 (3 pages of 5000 and the empty last page)", n)
	}
}

func TestLoadReportsPositions(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, body, want string
		line, col        int
	}{
		{"syntax.json", "{\"format\": \"edgelint-cloudflare-snapshot\", \"version\": 1,\n \"zones\": [}\n", "invalid JSON", 2, 12},
		{"type.json", "{\"format\": \"edgelint-cloudflare-snapshot\",\n \"version\": \"one\"}\n", "version", 2, 13},
		{"version.json", "{\"format\": \"edgelint-cloudflare-snapshot\", \"version\": 9, \"zones\": []}", "version 9 is not supported", 1, 1},
		{"short.json", "{\"format\": \"edgelint-cloudflare-snapshot\", \"zones\": [", "unexpected end", 1, 54},
	} {
		_, errs := cloudflare.Load(write(tc.name, tc.body), input.Options{})
		if len(errs) != 1 || !strings.Contains(errs[0].Message, tc.want) || int(errs[0].Pos.Line) != tc.line || int(errs[0].Pos.Col) != tc.col {
			t.Errorf("%s: %+v", tc.name, errs)
		}
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]int{
		`{"format": "edgelint-cloudflare-snapshot", "version": 1}`: 2,
		"\n  {\n  \"format\":\"edgelint-cloudflare-snapshot\"":     2,
		`{"result": []}`: 0,
		`http { }`:       0,
		`# "format": "edgelint-cloudflare-snapshot"`: 0,
	} {
		if got := cloudflare.Sniff("f", []byte(head)); got != want {
			t.Errorf("Sniff(%q) = %d, want %d", head, got, want)
		}
	}
}

// Errors outside any zone (a zone that does not exist) are recorded in the
// snapshot too.
func TestSnapshotRecordsEveryError(t *testing.T) {
	srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{Zones: []string{"nope.example", "example.net"}})
	if len(errs) != 1 || len(snap.Errors) != 1 || snap.Errors[0].Resource != "cloudflare:zone/nope.example" {
		t.Errorf("errors %v, recorded %v", errs, snap.Errors)
	}
}

// `edgelint check examples/cloudflare/broken` (snapshot and origin found
// in one directory) reports what the live audit of the same zones reports;
// the fixed twin reports nothing.
func TestExamplesOffline(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		clean bool
	}{{"broken", false}, {"fixed", true}} {
		dir := filepath.Join(examples, tc.dir)
		res := sources.Load([]string{dir}, "", input.Options{})
		for _, e := range res.Errors {
			t.Fatalf("%s: %v", tc.dir, e)
		}
		offline := audit(t, res.Configs, "")
		srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(dir, "snapshot.json")))
		snap, errs := fetch(t, srv, cloudflare.FetchOptions{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		live := audit(t, snap.Configs(), filepath.Join(dir, "origin"))
		if a, b := strings.Join(summary(offline), "\n"), strings.Join(summary(live), "\n"); a != b {
			t.Errorf("%s: offline\n%s\nlive\n%s", tc.dir, a, b)
		}
		if tc.clean != (len(offline) == 0) {
			t.Errorf("%s: %d findings", tc.dir, len(offline))
		}
	}
}

// Load balancers the token may not read leave the zone's other checks
// standing; a plan without Load Balancing simply has none.
func TestLoadBalancerRefusals(t *testing.T) {
	srv := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	srv.Forbid("/load_balancers")
	snap, errs := fetch(t, srv, cloudflare.FetchOptions{Zones: []string{"example.com", "example.net"}})
	if len(errs) != 2 || errs[0].Pos.Resource() != "cloudflare:zone/example.com/load_balancers" ||
		errs[1].Pos.Resource() != "cloudflare:zone/example.net/load_balancers" || !strings.Contains(errs[0].Message, "403") {
		t.Errorf("errors: %v", errs)
	}
	if len(snap.Errors) != 2 {
		t.Errorf("snapshot records %v", snap.Errors)
	}
	if n := len(snap.Configs()); n != 2 || len(snap.Configs()[0].Edge.Records) != 8 {
		t.Errorf("%d zones kept", n)
	}

	srv2 := cfapitest.New(t, cfapitest.Load(t, filepath.Join(examples, "broken", "snapshot.json")))
	srv2.Fail("/load_balancers", 403, 1002, "Load Balancing is not enabled for this zone")
	snap, errs = fetch(t, srv2, cloudflare.FetchOptions{})
	if len(errs) != 0 || len(snap.Configs()) != 3 || len(snap.Configs()[0].Edge.LoadBalancers) != 0 {
		t.Errorf("not entitled: errors %v", errs)
	}
}
