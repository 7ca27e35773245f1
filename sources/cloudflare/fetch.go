package cloudflare

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cloudflare/cloudflare-go/v7/custom_certificates"
	"github.com/cloudflare/cloudflare-go/v7/dns"
	"github.com/cloudflare/cloudflare-go/v7/ips"
	"github.com/cloudflare/cloudflare-go/v7/load_balancers"
	"github.com/cloudflare/cloudflare-go/v7/option"
	"github.com/cloudflare/cloudflare-go/v7/page_rules"
	"github.com/cloudflare/cloudflare-go/v7/rulesets"
	"github.com/cloudflare/cloudflare-go/v7/ssl"
	"github.com/cloudflare/cloudflare-go/v7/zones"

	"github.com/edgelint/edgelint/lint"
)

// FetchOptions say what to read and how.
type FetchOptions struct {
	// Token is a read-only API token. It is sent as a bearer token and never
	// printed, logged or written.
	Token string
	// BaseURL overrides the API base URL (a local test server, a proxy).
	BaseURL string
	// Zones are zone names; empty means every zone the token can read.
	Zones []string
	// Account limits the zone listing to one account ID.
	Account string
	// Concurrency bounds how many zones are read at once (default 4).
	Concurrency int
	// Progress, when not nil, gets one terse line per zone.
	Progress io.Writer
	// ZoneDone, when not nil, is called with the number of zones read so
	// far and the number to read: once before the first, then after each
	// (from several goroutines, one call at a time).
	ZoneDone func(done, total int)
	// HTTPClient replaces http.DefaultClient.
	HTTPClient *http.Client
}

const (
	defaultConcurrency = 4
	// dnsPerPage keeps a zone with thousands of records to a few requests
	// (the API allows up to 5,000,000 per page).
	dnsPerPage = 5000
	// zonesPerPage is the API's maximum for the zone list.
	zonesPerPage = 50
	maxRetries   = 3
)

// Fetch reads zones through the Cloudflare API. Errors are per zone (a
// LoadError at the zone's resource) and never stop the other zones; an
// error that concerns the whole run (no token, the zone list refused) is
// returned alone.
func Fetch(ctx context.Context, o FetchOptions) (*Snapshot, []lint.LoadError) {
	s := &Snapshot{Format: Format, Version: Version}
	if strings.TrimSpace(o.Token) == "" {
		return s, []lint.LoadError{{Pos: at("cloudflare:api"), Message: "no API token: set CLOUDFLARE_API_TOKEN to a read-only token"}}
	}
	opts := []option.RequestOption{
		option.WithAPIToken(o.Token),
		option.WithMaxRetries(maxRetries), // the SDK honours Retry-After on 429
		option.WithRequestTimeout(60 * time.Second),
	}
	if o.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(o.BaseURL))
	} else {
		opts = append(opts, option.WithEnvironmentProduction())
	}
	if o.HTTPClient != nil {
		opts = append(opts, option.WithHTTPClient(o.HTTPClient))
	}
	f := &fetcher{opts: opts, progress: o.Progress}

	var (
		wg     sync.WaitGroup
		ipsErr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		res, err := ips.NewIPService(opts...).List(ctx, ips.IPListParams{})
		if err != nil {
			ipsErr = err
			return
		}
		s.IPs = json.RawMessage(res.JSON.RawJSON())
	}()

	list, errs := f.listZones(ctx, o)
	n := o.Concurrency
	if n <= 0 {
		n = defaultConcurrency
	}
	results := make([]zoneResult, len(list))
	sem := make(chan struct{}, n)
	var doneMu sync.Mutex
	done := 0
	if o.ZoneDone != nil {
		o.ZoneDone(0, len(list))
	}
	for i, z := range list {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = f.readZone(ctx, z)
			if o.ZoneDone != nil {
				doneMu.Lock()
				done++
				o.ZoneDone(done, len(list))
				doneMu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ipsErr != nil {
		errs = append(errs, lint.LoadError{Pos: at("cloudflare:ips"), Message: "reading Cloudflare IP ranges: " + describe(ipsErr)})
	}

	// Pools and monitors belong to accounts: read them once per account
	// that has a zone with load balancers.
	accounts := map[string]string{}
	var order []string
	for _, r := range results {
		if r.err == nil && len(r.zone.LoadBalancers) > 0 {
			if _, seen := accounts[r.account]; !seen {
				order = append(order, r.account)
			}
			accounts[r.account] = r.accountName
		}
	}
	sort.Strings(order)
	accts := make([]Account, len(order))
	acctErr := make([]error, len(order))
	for i, id := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			accts[i], acctErr[i] = f.readAccount(ctx, id, accounts[id])
		}()
	}
	wg.Wait()
	failed := map[string]error{}
	for i, id := range order {
		if notEntitled(acctErr[i]) {
			acctErr[i] = nil // no Load Balancing on the account: no pools
		}
		if acctErr[i] != nil {
			failed[id] = acctErr[i]
			continue
		}
		s.Accounts = append(s.Accounts, accts[i])
	}

	for _, r := range results {
		if r.err != nil {
			e := lint.LoadError{Pos: at(Resource(r.name)), Message: r.err.Error()}
			errs = append(errs, e)
			s.Errors = append(s.Errors, SnapshotError{Resource: e.Pos.Resource(), Message: e.Message})
			continue
		}
		for _, pe := range r.partErrs {
			errs = append(errs, lint.LoadError{Pos: at(pe.resource), Message: pe.err.Error()})
		}
		if err, bad := failed[r.account]; bad && len(r.zone.LoadBalancers) > 0 {
			// The zone stays: without its pools the pool rules see nothing,
			// which cannot produce a false finding; the error still fails the run.
			e := lint.LoadError{Pos: at(Resource(r.name, "pools")), Message: "reading the account's load-balancing pools and monitors: " + describe(err)}
			errs = append(errs, e)
			s.Errors = append(s.Errors, SnapshotError{Resource: e.Pos.Resource(), Message: e.Message})
		}
		s.Zones = append(s.Zones, r.zone)
	}
	// Every error travels with the snapshot (zone errors are already
	// there), so `check` of a dump fails where `audit` failed.
	recorded := map[string]bool{}
	for _, e := range s.Errors {
		recorded[e.Resource+"\x00"+e.Message] = true
	}
	for _, e := range errs {
		if !recorded[e.Pos.Resource()+"\x00"+e.Message] {
			s.Errors = append(s.Errors, SnapshotError{Resource: e.Pos.Resource(), Message: e.Message})
		}
	}
	_, derrs := s.decoded()
	errs = append(errs, derrs...)
	// decoded() re-reports s.Errors; keep each error once.
	lint.SortErrors(errs)
	return s, dedup(errs)
}

func dedup(es []lint.LoadError) []lint.LoadError {
	seen := map[lint.LoadError]bool{}
	var out []lint.LoadError
	for _, e := range es {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

type fetcher struct {
	opts     []option.RequestOption
	progress io.Writer
	mu       sync.Mutex // serialises progress lines
}

type zoneRef struct {
	id, name, account, accountName string
	raw                            json.RawMessage
}

type zoneResult struct {
	name, account, accountName string
	zone                       Zone
	err                        error // the zone could not be read
	// partErrs are the parts of the zone that could not be read (load
	// balancers, page rules, a ruleset phase), by resource: the zone
	// stays, and what depends on the part is held back.
	partErrs []partErr
}

type partErr struct {
	resource string
	err      error
}

func (f *fetcher) listZones(ctx context.Context, o FetchOptions) ([]zoneRef, []lint.LoadError) {
	svc := zones.NewZoneService(f.opts...)
	list := func(name string) ([]zoneRef, error) {
		var p zones.ZoneListParams
		p.PerPage.Value, p.PerPage.Present = zonesPerPage, true
		if name != "" {
			p.Name.Value, p.Name.Present = name, true
		}
		if o.Account != "" {
			var a zones.ZoneListParamsAccount
			a.ID.Value, a.ID.Present = o.Account, true
			p.Account.Value, p.Account.Present = a, true
		}
		var out []zoneRef
		it := svc.ListAutoPaging(ctx, p)
		for it.Next() {
			z := it.Current()
			out = append(out, zoneRef{id: z.ID, name: z.Name, account: z.Account.ID, accountName: z.Account.Name,
				raw: json.RawMessage(z.JSON.RawJSON())})
		}
		return out, it.Err()
	}
	if len(o.Zones) == 0 {
		out, err := list("")
		if err != nil {
			return nil, []lint.LoadError{{Pos: at("cloudflare:zones"), Message: "listing zones: " + describe(err)}}
		}
		if len(out) == 0 {
			return nil, []lint.LoadError{{Pos: at("cloudflare:zones"), Message: "the API token can read no zones (give it Zone → Zone → Read on the zones to audit)"}}
		}
		return out, nil
	}
	var out []zoneRef
	var errs []lint.LoadError
	seen := map[string]bool{}
	for _, name := range o.Zones {
		name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
		if seen[name] {
			continue
		}
		seen[name] = true
		got, err := list(name)
		switch {
		case err != nil:
			errs = append(errs, lint.LoadError{Pos: at(Resource(name)), Message: "looking up the zone: " + describe(err)})
		case len(got) == 0:
			errs = append(errs, lint.LoadError{Pos: at(Resource(name)), Message: "no such zone, or the API token cannot read it"})
		default:
			out = append(out, got...)
		}
	}
	return out, errs
}

// readZone reads one zone with a fixed number of requests: the bulk
// settings, the DNS records (one page per 5,000 records plus the empty last
// page), the load balancers, the page rules, the Universal SSL setting
// (and the certificates when it is off) and one entrypoint per ruleset
// phase. The settings and records are the zone: without them it is not
// read. Each other part that fails is reported at its own resource and
// marks only itself unread.
func (f *fetcher) readZone(ctx context.Context, z zoneRef) zoneResult {
	r := zoneResult{name: z.name, account: z.account, accountName: z.accountName}
	r.zone = Zone{Zone: z.raw, Settings: []json.RawMessage{}, DNSRecords: []json.RawMessage{}, LoadBalancers: []json.RawMessage{}}
	var requests atomic.Int64
	opts := append(append([]option.RequestOption{}, f.opts...), option.WithMiddleware(
		func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
			requests.Add(1)
			return next(req)
		}))
	step := func(what string, err error) error {
		if err == nil {
			return nil
		}
		if f.progress != nil {
			f.mu.Lock()
			fmt.Fprintf(f.progress, "cloudflare: %s: failed reading %s\n", z.name, what)
			f.mu.Unlock()
		}
		return fmt.Errorf("reading %s: %s", what, describe(err))
	}

	settings, err := bulkSettings(ctx, z.id, opts)
	if r.err = step("zone settings", err); r.err != nil {
		return r
	}
	r.zone.Settings = settings

	records, err := dnsRecords(ctx, z.id, opts)
	if r.err = step("DNS records", err); r.err != nil {
		return r
	}
	r.zone.DNSRecords = records

	part := func(what string, err error, parts ...string) {
		r.partErrs = append(r.partErrs, partErr{Resource(z.name, parts...), step(what, err)})
	}

	var lp load_balancers.LoadBalancerListParams
	lp.ZoneID.Value, lp.ZoneID.Present = z.id, true
	page, err := load_balancers.NewLoadBalancerService(opts...).List(ctx, lp)
	switch {
	case notEntitled(err):
		// No Load Balancing on this zone's plan: no load balancers.
	case err != nil:
		// Without load balancers the zone's other checks still hold (the
		// load-balancer rules just see none), so the zone stays and the
		// error is reported on its own.
		part("load balancers", err, "load_balancers")
	default:
		for _, lb := range page.Result {
			r.zone.LoadBalancers = append(r.zone.LoadBalancers, json.RawMessage(lb.JSON.RawJSON()))
		}
	}

	// Page rules: one request, kept as raw JSON (the SDK's action type is
	// a union the snapshot decoder reads itself).
	var prs struct {
		Result []json.RawMessage `json:"result"`
	}
	var pp page_rules.PageRuleListParams
	pp.ZoneID.Value, pp.ZoneID.Present = z.id, true
	if _, err := page_rules.NewPageRuleService(opts...).List(ctx, pp, option.WithResponseBodyInto(&prs)); err != nil {
		part("page rules", err, "pagerules")
	} else {
		r.zone.PageRules = append([]json.RawMessage{}, prs.Result...)
	}

	f.readCertificates(ctx, z, &r, opts, part)

	ps := rulesets.NewPhaseService(opts...)
	for _, phase := range phases {
		var pp rulesets.PhaseGetParams
		pp.ZoneID.Value, pp.ZoneID.Present = z.id, true
		rs, err := ps.Get(ctx, rulesets.Phase(phase), pp)
		if noEntrypoint(err) {
			continue // the phase has no rules
		}
		if err != nil {
			part("the "+phase+" rules", err, "rulesets", phase)
			continue
		}
		if r.zone.Rulesets == nil {
			r.zone.Rulesets = map[string]json.RawMessage{}
		}
		r.zone.Rulesets[phase] = json.RawMessage(rs.JSON.RawJSON())
	}
	if f.progress != nil {
		f.mu.Lock()
		fmt.Fprintf(f.progress, "cloudflare: %s: %d requests, %d DNS records, %d load balancers\n",
			z.name, requests.Load(), len(r.zone.DNSRecords), len(r.zone.LoadBalancers))
		f.mu.Unlock()
	}
	return r
}

// readCertificates reads whether Universal SSL is on (one request) and,
// only when it is off, the zone's other edge certificates: certificate
// packs of every status and uploaded custom certificates (one request
// each while a page comes back full). With Universal SSL on, every
// proxied name of the apex or one label below it has a certificate, and
// nothing more is read.
func (f *fetcher) readCertificates(ctx context.Context, z zoneRef, r *zoneResult, opts []option.RequestOption, part func(string, error, ...string)) {
	var us ssl.UniversalSettingGetParams
	us.ZoneID.Value, us.ZoneID.Present = z.id, true
	var env struct {
		Result json.RawMessage `json:"result"`
	}
	if _, err := ssl.NewUniversalSettingService(opts...).Get(ctx, us, option.WithResponseBodyInto(&env)); err != nil {
		part("Universal SSL settings", err, "ssl", "universal")
		return
	}
	r.zone.UniversalSSL = env.Result
	var u struct {
		Enabled *bool `json:"enabled"`
	}
	if json.Unmarshal(env.Result, &u) != nil || u.Enabled == nil || *u.Enabled {
		return
	}
	packs, err := pages(func(page int, into any) error {
		var p ssl.CertificatePackListParams
		p.ZoneID.Value, p.ZoneID.Present = z.id, true
		p.Status.Value, p.Status.Present = ssl.CertificatePackListParamsStatusAll, true
		p.PerPage.Value, p.PerPage.Present = certsPerPage, true
		p.Page.Value, p.Page.Present = float64(page), true
		_, err := ssl.NewCertificatePackService(opts...).List(ctx, p, option.WithResponseBodyInto(into))
		return err
	})
	if err != nil {
		part("certificate packs", err, "ssl", "certificate_packs")
		return
	}
	r.zone.CertificatePacks = packs
	custom, err := pages(func(page int, into any) error {
		var p custom_certificates.CustomCertificateListParams
		p.ZoneID.Value, p.ZoneID.Present = z.id, true
		p.PerPage.Value, p.PerPage.Present = certsPerPage, true
		p.Page.Value, p.Page.Present = float64(page), true
		_, err := custom_certificates.NewCustomCertificateService(opts...).List(ctx, p, option.WithResponseBodyInto(into))
		return err
	})
	switch {
	case notEntitled(err):
		// Custom certificates are not part of the zone's plan: none.
		custom = json.RawMessage(`[]`)
	case err != nil:
		part("custom certificates", err, "custom_certificates")
		return
	}
	r.zone.CustomCertificates = custom
}

// certsPerPage is the API's largest page of certificate packs and custom
// certificates; a zone rarely has more than a few.
const certsPerPage = 50

// pages reads a paginated list page by page until a page comes back less
// than full, and returns the items as one JSON array.
func pages(get func(page int, into any) error) (json.RawMessage, error) {
	items := []json.RawMessage{}
	for page := 1; ; page++ {
		var env struct {
			Result []json.RawMessage `json:"result"`
		}
		if err := get(page, &env); err != nil {
			return nil, err
		}
		items = append(items, env.Result...)
		if len(env.Result) < certsPerPage {
			b, err := json.Marshal(items)
			return b, err
		}
	}
}

// dnsRecords pages through the zone's records until a page comes back
// empty (which is how the API ends a listing). The pages are kept as raw
// JSON: the SDK's record type decodes about a millisecond per record
// (a union over every record type), which would make a zone with ten
// thousand records take seconds, so the SDK sends and checks the request
// and the payload is decoded once, by the snapshot decoder.
func dnsRecords(ctx context.Context, zoneID string, opts []option.RequestOption) ([]json.RawMessage, error) {
	svc := dns.NewRecordService(opts...)
	out := []json.RawMessage{}
	for page := 1; ; page++ {
		var env struct {
			Result []json.RawMessage `json:"result"`
		}
		var p dns.RecordListParams
		p.ZoneID.Value, p.ZoneID.Present = zoneID, true
		p.PerPage.Value, p.PerPage.Present = dnsPerPage, true
		p.Page.Value, p.Page.Present = float64(page), true
		if _, err := svc.List(ctx, p, option.WithResponseBodyInto(&env)); err != nil {
			return nil, err
		}
		if len(env.Result) == 0 {
			return out, nil
		}
		out = append(out, env.Result...)
	}
}

// bulkSettings reads every zone setting with one GET /zones/{id}/settings.
// SDK v7.9.0 has a method per setting but none for the bulk endpoint, and
// its generic Get lives in the root package we do not import (it pulls in
// every service). So the call goes through the per-setting Get with a
// middleware that drops the setting from the path: the SDK still provides
// authentication, the base URL, retries on 429 and error decoding.
func bulkSettings(ctx context.Context, zoneID string, opts []option.RequestOption) ([]json.RawMessage, error) {
	const anchor = "ssl"
	var env struct {
		Result []json.RawMessage `json:"result"`
	}
	var p zones.SettingGetParams
	p.ZoneID.Value, p.ZoneID.Present = zoneID, true
	_, err := zones.NewSettingService(opts...).Get(ctx, anchor, p,
		option.WithMiddleware(func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
			req.URL.Path = strings.TrimSuffix(req.URL.Path, "/"+anchor)
			req.URL.RawPath = ""
			return next(req)
		}),
		option.WithResponseBodyInto(&env))
	if err != nil {
		return nil, err
	}
	if env.Result == nil {
		env.Result = []json.RawMessage{}
	}
	return env.Result, nil
}

func (f *fetcher) readAccount(ctx context.Context, id, name string) (Account, error) {
	a := Account{ID: id, Name: name, Pools: []json.RawMessage{}, Monitors: []json.RawMessage{}}
	var pp load_balancers.PoolListParams
	pp.AccountID.Value, pp.AccountID.Present = id, true
	pools, err := load_balancers.NewPoolService(f.opts...).List(ctx, pp)
	if err != nil {
		return a, err
	}
	for _, p := range pools.Result {
		a.Pools = append(a.Pools, json.RawMessage(p.JSON.RawJSON()))
	}
	var mp load_balancers.MonitorListParams
	mp.AccountID.Value, mp.AccountID.Present = id, true
	mons, err := load_balancers.NewMonitorService(f.opts...).List(ctx, mp)
	if err != nil {
		return a, err
	}
	for _, m := range mons.Result {
		a.Monitors = append(a.Monitors, json.RawMessage(m.JSON.RawJSON()))
	}
	return a, nil
}

// notEntitled reports the API's refusal for a plan without Load
// Balancing, which means "none" rather than an error. Permission errors
// (9109, 10000) are not this: they stay errors.
func notEntitled(err error) bool {
	var ae *zones.Error
	if !errors.As(err, &ae) {
		return false
	}
	for _, e := range ae.Errors {
		m := strings.ToLower(e.Message)
		if strings.Contains(m, "not enabled") || strings.Contains(m, "not entitled") || strings.Contains(m, "subscription") {
			return true
		}
	}
	return false
}

// noEntrypoint reports the API's answer for a phase nobody configured:
// 404 with code 10003.
func noEntrypoint(err error) bool {
	var ae *zones.Error
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound {
		return false
	}
	for _, e := range ae.Errors {
		if e.Code == 10003 {
			return true
		}
	}
	return false
}

// describe renders an API error without the request (whose headers hold
// the token) and says what a 403 means.
func describe(err error) string {
	var ae *zones.Error
	if !errors.As(err, &ae) {
		if errors.Is(err, context.DeadlineExceeded) {
			return "timed out"
		}
		return err.Error()
	}
	var parts []string
	for _, e := range ae.Errors {
		parts = append(parts, fmt.Sprintf("code %d: %s", e.Code, e.Message))
	}
	msg := fmt.Sprintf("%d %s", ae.StatusCode, http.StatusText(ae.StatusCode))
	if len(parts) > 0 {
		msg += " (" + strings.Join(parts, "; ") + ")"
	}
	switch ae.StatusCode {
	case http.StatusForbidden, http.StatusUnauthorized:
		msg += ": the API token lacks permission; give it read access to Zone, Zone Settings, DNS, Page Rules, SSL and Certificates, Load Balancers, Load Balancing: Monitors and Pools, and Config/Cache/Origin Rules"
	case http.StatusTooManyRequests:
		msg += ": rate limited even after retries; try again later or with a lower --concurrency"
	}
	return msg
}
