// Package cfapitest is a fake Cloudflare API v4 for tests: an httptest
// server that serves zones, settings, DNS records, load balancers, pools,
// monitors, page rules, Universal SSL settings, certificate packs, custom
// certificates, rulesets and IP ranges from data in edgelint's snapshot format,
// with the envelope, pagination, errors and rate limiting the real API and
// cloudflare-go's SDK expect. Tests run the real SDK against it, so the
// adapter and the SDK are exercised together.
//
// Behaviours:
//   - every answer is the v4 envelope with Content-Type application/json;
//   - lists paginate with page/per_page and end on an EMPTY page (the SDK's
//     auto-pager ignores total_pages);
//   - a ruleset phase without an entrypoint answers 404 with code 10003;
//   - RateLimitOnce makes the next request to a route answer 429 with
//     Retry-After: 1;
//   - a request without the server's token, or to a path Forbid matched,
//     answers 403 with code 9109 (as for a token without the permission);
//   - every request is counted per route and per zone.
package cfapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/edgelint/edgelint/sources/cloudflare"
)

// Data is what the server serves: the same JSON as an edgelint Cloudflare
// snapshot (format marker and version are ignored here).
type Data struct {
	IPs      json.RawMessage `json:"ips,omitempty"`
	Accounts []Account       `json:"accounts"`
	Zones    []Zone          `json:"zones"`
}

// Account and Zone are the snapshot's own types: the server serves what a
// snapshot holds, so fixtures and snapshots are one format.
type (
	Account = cloudflare.Account
	Zone    = cloudflare.Zone
)

// zoneHead is the part of a zone object the server routes by.
type zoneHead struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Account struct {
		ID string `json:"id"`
	} `json:"account"`
}

// Server is a running fake API.
type Server struct {
	*httptest.Server
	// Token is the bearer token the server accepts.
	Token string

	mu        sync.Mutex
	data      Data
	zones     map[string]int // zone id -> index in data.Zones
	heads     []zoneHead
	counts    map[string]int // route template -> requests
	perZone   map[string]int // zone name -> requests
	perAcct   map[string]int // account id -> requests
	limitOnce map[string]bool
	failures  []failure
}

type failure struct {
	substr       string
	status, code int
	message      string
}

// Token is the token New's server accepts unless the test changes it.
const Token = "cfapitest-token-0123456789"

// New starts a server for data; it is closed when the test ends.
func New(t testing.TB, data Data) *Server {
	t.Helper()
	s := &Server{Token: Token, data: data, zones: map[string]int{}, counts: map[string]int{},
		perZone: map[string]int{}, perAcct: map[string]int{}, limitOnce: map[string]bool{}}
	for i, z := range data.Zones {
		var h zoneHead
		if err := json.Unmarshal(z.Zone, &h); err != nil || h.ID == "" {
			t.Fatalf("cfapitest: zone %d has no id: %v", i, err)
		}
		s.zones[h.ID] = i
		s.heads = append(s.heads, h)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Load reads Data from a snapshot file.
func Load(t testing.TB, path string) Data {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d Data
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// RateLimitOnce makes the next request to route (a template such as
// "GET /zones/{zone}/dns_records") answer 429 with Retry-After: 1.
func (s *Server) RateLimitOnce(route string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limitOnce[route] = true
}

// Forbid makes every request whose path contains substr answer 403, as for
// a token that lacks the permission.
func (s *Server) Forbid(substr string) {
	s.Fail(substr, http.StatusForbidden, authFailed, "Unauthorized to access requested resource")
}

// Fail makes every request whose path contains substr answer status with
// one error of code and message (for refusals other than permissions,
// such as a plan without Load Balancing).
func (s *Server) Fail(substr string, status, code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{substr, status, code, message})
}

// Count returns how many requests route received (429s included).
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[route]
}

// Counts returns a copy of the per-route counters.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ZoneRequests returns how many requests addressed the zone (by its id in
// the path); zones are named by name here.
func (s *Server) ZoneRequests(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perZone[name]
}

// AccountRequests returns how many requests addressed the account by id.
func (s *Server) AccountRequests(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perAcct[id]
}

// Records generates n proxied A records named rN.<zone> pointing at
// documentation addresses (198.51.100.0/24), for volume tests.
func Records(zone string, n int) []json.RawMessage {
	out := make([]json.RawMessage, 0, n)
	for i := range n {
		out = append(out, json.RawMessage(fmt.Sprintf(
			`{"id":"rec%06d","type":"A","name":"r%d.%s","content":"198.51.100.%d","proxiable":true,"proxied":true,"ttl":1}`,
			i, i, zone, i%250+1)))
	}
	return out
}

var (
	reZone     = regexp.MustCompile(`^/zones/([^/]+)(/.*)?$`)
	reAccount  = regexp.MustCompile(`^/accounts/([^/]+)(/.*)?$`)
	reSetting  = regexp.MustCompile(`^/settings/([^/]+)$`)
	rePhase    = regexp.MustCompile(`^/rulesets/phases/([^/]+)/entrypoint$`)
	apiPrefix  = "/client/v4"
	notRouted  = 7003
	notFound   = 10003
	authFailed = 9109
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, apiPrefix)
	route, zoneID, acct := s.classify(path)
	route = r.Method + " " + route

	s.mu.Lock()
	s.counts[route]++
	if i, ok := s.zones[zoneID]; ok {
		s.perZone[s.heads[i].Name]++
	}
	if acct != "" {
		s.perAcct[acct]++
	}
	limited := s.limitOnce[route]
	delete(s.limitOnce, route)
	// /ips is public: the real API answers it without a token.
	forbidden := path != "/ips" && r.Header.Get("Authorization") != "Bearer "+s.Token
	var failed *failure
	for i, f := range s.failures {
		if failed == nil && strings.Contains(path, f.substr) {
			failed = &s.failures[i]
		}
	}
	s.mu.Unlock()

	switch {
	case limited:
		w.Header().Set("Retry-After", "1")
		fail(w, http.StatusTooManyRequests, 10429, "Rate limited. Please wait and consider throttling your request speed")
		return
	case forbidden:
		fail(w, http.StatusForbidden, authFailed, "Unauthorized to access requested resource")
		return
	case failed != nil:
		fail(w, failed.status, failed.code, failed.message)
		return
	case r.Method != http.MethodGet:
		fail(w, http.StatusMethodNotAllowed, 10000, "method not allowed in the fake API")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answer(w, r, path, zoneID, acct)
}

// classify maps a path to its route template and the zone or account it
// addresses.
func (s *Server) classify(path string) (route, zoneID, acct string) {
	if m := reZone.FindStringSubmatch(path); m != nil {
		rest := m[2]
		switch {
		case reSetting.MatchString(rest):
			rest = "/settings/{setting}"
		case rePhase.MatchString(rest):
			rest = "/rulesets/phases/" + rePhase.FindStringSubmatch(rest)[1] + "/entrypoint"
		}
		return "/zones/{zone}" + rest, m[1], ""
	}
	if m := reAccount.FindStringSubmatch(path); m != nil {
		return "/accounts/{account}" + m[2], "", m[1]
	}
	return path, "", ""
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request, path, zoneID, acct string) {
	if path == "/ips" {
		if len(s.data.IPs) == 0 {
			ok(w, json.RawMessage(`{"ipv4_cidrs":[],"ipv6_cidrs":[],"etag":""}`), nil)
			return
		}
		ok(w, s.data.IPs, nil)
		return
	}
	if path == "/zones" {
		var list []json.RawMessage
		name, account := r.URL.Query().Get("name"), r.URL.Query().Get("account.id")
		for i, h := range s.heads {
			if (name == "" || h.Name == name) && (account == "" || h.Account.ID == account) {
				list = append(list, s.data.Zones[i].Zone)
			}
		}
		page(w, r, list)
		return
	}
	if zoneID != "" {
		i, found := s.zones[zoneID]
		if !found {
			fail(w, http.StatusNotFound, 1001, "Invalid zone identifier")
			return
		}
		z := s.data.Zones[i]
		rest := reZone.FindStringSubmatch(path)[2]
		switch {
		case rest == "/settings":
			ok(w, list(z.Settings), nil)
		case reSetting.MatchString(rest):
			id := reSetting.FindStringSubmatch(rest)[1]
			for _, st := range z.Settings {
				var h struct {
					ID string `json:"id"`
				}
				if json.Unmarshal(st, &h) == nil && h.ID == id {
					ok(w, st, nil)
					return
				}
			}
			fail(w, http.StatusNotFound, 1003, "Invalid or missing zone setting: "+id)
		case rest == "/dns_records":
			page(w, r, z.DNSRecords)
		case rest == "/load_balancers":
			ok(w, list(z.LoadBalancers), nil)
		case rest == "/pagerules":
			ok(w, list(z.PageRules), nil)
		case rest == "/ssl/universal/settings":
			if len(z.UniversalSSL) == 0 {
				ok(w, json.RawMessage(`{"enabled":true}`), nil) // Cloudflare's default
				return
			}
			ok(w, z.UniversalSSL, nil)
		case rest == "/ssl/certificate_packs":
			page(w, r, items(z.CertificatePacks))
		case rest == "/custom_certificates":
			page(w, r, items(z.CustomCertificates))
		case rePhase.MatchString(rest):
			rs, has := z.Rulesets[rePhase.FindStringSubmatch(rest)[1]]
			if !has || string(rs) == "null" {
				fail(w, http.StatusNotFound, notFound, "Could not find entrypoint ruleset in the "+rePhase.FindStringSubmatch(rest)[1]+" phase")
				return
			}
			ok(w, rs, nil)
		case rest == "":
			ok(w, z.Zone, nil)
		default:
			fail(w, http.StatusNotFound, notRouted, "Could not route to "+path+", perhaps your object identifier is invalid?")
		}
		return
	}
	if acct != "" {
		rest := reAccount.FindStringSubmatch(path)[2]
		for _, a := range s.data.Accounts {
			if a.ID != acct {
				continue
			}
			switch rest {
			case "/load_balancers/pools":
				ok(w, list(a.Pools), nil)
				return
			case "/load_balancers/monitors":
				ok(w, list(a.Monitors), nil)
				return
			}
		}
		if rest == "/load_balancers/pools" || rest == "/load_balancers/monitors" {
			ok(w, json.RawMessage(`[]`), nil) // an account without load balancing has empty lists
			return
		}
	}
	fail(w, http.StatusNotFound, notRouted, "Could not route to "+path+", perhaps your object identifier is invalid?")
}

// items splits a JSON array into its elements (none for absent data).
func items(arr json.RawMessage) []json.RawMessage {
	var out []json.RawMessage
	_ = json.Unmarshal(arr, &out)
	return out
}

func list(items []json.RawMessage) json.RawMessage {
	if items == nil {
		return json.RawMessage(`[]`)
	}
	b, _ := json.Marshal(items)
	return b
}

// page answers one page of items; a page past the end is empty, which is
// what ends the SDK's auto-pager.
func page(w http.ResponseWriter, r *http.Request, items []json.RawMessage) {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if p < 1 {
		p = 1
	}
	if per < 1 {
		per = 20
	}
	lo := min((p-1)*per, len(items))
	hi := min(lo+per, len(items))
	info := map[string]int{"page": p, "per_page": per, "count": hi - lo, "total_count": len(items),
		"total_pages": (len(items) + per - 1) / per}
	ok(w, list(items[lo:hi]), info)
}

type envelope struct {
	Success    bool            `json:"success"`
	Errors     []apiError      `json:"errors"`
	Messages   []any           `json:"messages"`
	Result     json.RawMessage `json:"result"`
	ResultInfo map[string]int  `json:"result_info,omitempty"`
}

type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func ok(w http.ResponseWriter, result json.RawMessage, info map[string]int) {
	write(w, http.StatusOK, envelope{Success: true, Errors: []apiError{}, Messages: []any{}, Result: result, ResultInfo: info})
}

func fail(w http.ResponseWriter, status, code int, msg string) {
	write(w, status, envelope{Errors: []apiError{{code, msg}}, Messages: []any{}, Result: json.RawMessage("null")})
}

func write(w http.ResponseWriter, status int, e envelope) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(e)
}

// Routes lists the route templates that received requests, sorted, with
// their counts, for test failure messages.
func (s *Server) Routes() string {
	c := s.Counts()
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %d\n", k, c[k])
	}
	return b.String()
}
