package probeplan_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	realprobe "github.com/edgelint/edgelint/internal/netprobe"
	"github.com/edgelint/edgelint/internal/testsupport/netprobetest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/hosthdr"
	"github.com/edgelint/edgelint/rules/internal/probeplan"
	"github.com/edgelint/edgelint/rules/reach"
	"github.com/edgelint/edgelint/rules/tlsproxy"
)

// counting wraps the real prober and records what was contacted and how
// many operations were in flight at once.
type counting struct {
	lint.Prober
	mu       sync.Mutex
	dials    map[string]int
	lookups  map[string]int
	inflight atomic.Int64
	peak     atomic.Int64
}

func newCounting(dnsAddr string) *counting {
	return &counting{
		Prober:  realprobe.New(realprobe.Options{Resolver: dnsAddr}),
		dials:   map[string]int{},
		lookups: map[string]int{},
	}
}

func (c *counting) enter() func() {
	n := c.inflight.Add(1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			break
		}
	}
	return func() { c.inflight.Add(-1) }
}

func (c *counting) LookupHost(ctx context.Context, host string) ([]string, error) {
	defer c.enter()()
	c.mu.Lock()
	c.lookups[host]++
	c.mu.Unlock()
	return c.Prober.LookupHost(ctx, host)
}

func (c *counting) Dial(ctx context.Context, network, address string) (net.Conn, error) {
	defer c.enter()()
	c.mu.Lock()
	c.dials[network+" "+address]++
	c.mu.Unlock()
	return c.Prober.Dial(ctx, network, address)
}

func (c *counting) Handshake(ctx context.Context, conn net.Conn, cfg *tls.Config) (*tls.ConnectionState, error) {
	defer c.enter()()
	return c.Prober.Handshake(ctx, conn, cfg)
}

// builder makes model configs by hand, one directive per line of a
// pretend file, so tests do not depend on a source adapter.
type builder struct {
	cfg  *lint.Config
	line int
}

func newBuilder(kind lint.SourceKind) *builder {
	return &builder{cfg: &lint.Config{Source: kind, Root: "test.conf", Files: []string{"test.conf"}}}
}

func (b *builder) pos() lint.Position {
	b.line++
	return lint.At("test.conf", b.line, 1)
}

func splitAddr(t testing.TB, raw string) (host string, port int) {
	h, p, err := net.SplitHostPort(raw)
	if err != nil {
		t.Fatal(err)
	}
	port, _ = strconv.Atoi(p)
	return h, port
}

func (b *builder) upstream(t testing.TB, name string, servers ...string) *lint.Upstream {
	up := &lint.Upstream{Name: name, Pos: b.pos(), Kind: "upstream"}
	for _, s := range servers {
		ep := &lint.Endpoint{Pos: b.pos(), Raw: s}
		if path, ok := strings.CutPrefix(s, "unix:"); ok {
			ep.UnixPath = path
		} else {
			ep.Host, ep.Port = splitAddr(t, s)
			ep.PortSet = true
		}
		up.Endpoints = append(up.Endpoints, ep)
	}
	b.cfg.Upstreams = append(b.cfg.Upstreams, up)
	return up
}

func (b *builder) site() *lint.Site {
	s := &lint.Site{Pos: b.pos()}
	b.cfg.Sites = append(b.cfg.Sites, s)
	return s
}

// route adds `location / { proxy_pass URL; }` to s; a URL whose host is an
// upstream's name points at that upstream.
func (b *builder) route(t testing.TB, s *lint.Site, rawURL string) *lint.Route {
	r := &lint.Route{Pos: b.pos(), Site: s, Protocol: lint.ProtoHTTP, Match: "/"}
	scheme, rest, _ := strings.Cut(rawURL, "://")
	r.Target = lint.Target{Pos: b.pos(), Raw: rawURL, Scheme: scheme}
	switch {
	case strings.HasPrefix(rest, "unix:"):
		r.Target.UnixPath = strings.TrimPrefix(rest, "unix:")
	case strings.Contains(rest, ":"):
		r.Target.Host, r.Target.Port = splitAddr(t, rest)
		r.Target.PortSet = true
	default:
		r.Target.Host = rest
		r.Target.Port = probeplan.PortOf(0, scheme)
	}
	for _, up := range b.cfg.Upstreams {
		if up.Name == r.Target.Host {
			r.Target.Upstream = up
			up.UsedBy = append(up.UsedBy, r)
		}
	}
	s.Routes = append(s.Routes, r)
	return r
}

// probeRules are the rules built on the plan, run together as `edgelint
// check --probe` runs them.
var probeRules = []*lint.Rule{reach.ProbeUnreachable, tlsproxy.ProbeTLSHandshake, hosthdr.ProbeCertificateName}

func run(t testing.TB, pr lint.Prober, opts *probeplan.Options, cfgs ...*lint.Config) []lint.Finding {
	t.Helper()
	settings := map[string]lint.RuleSettings{}
	if opts != nil {
		for _, r := range probeRules {
			settings[r.ID] = lint.RuleSettings{Options: opts}
		}
	}
	runner := &lint.Runner{Rules: probeRules, Probe: pr, Settings: settings}
	fs, errs := runner.Run(cfgs)
	for _, e := range errs {
		t.Errorf("run error: %v", e)
	}
	return fs
}

func lines(fs []lint.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s", f.Pos, f.RuleID, f.Message))
	}
	return strings.Join(out, "\n")
}

// The headline case: a listening, a closed and an unresolvable upstream;
// exactly the last two are reported, at their lines.
func TestListeningClosedUnresolvable(t *testing.T) {
	live := netprobetest.Listen(t, "tcp", "127.0.0.1:0")
	_, livePort := splitAddr(t, live.Addr)
	closed := netprobetest.Closed(t)
	d := netprobetest.ServeDNS(t, netprobetest.Zone{Hosts: map[string][]string{"live.test": {"127.0.0.1"}}})

	b := newBuilder(lint.Nginx)
	up := b.upstream(t, "app", fmt.Sprintf("live.test:%d", livePort), closed, "gone.test:8080")
	b.route(t, b.site(), "http://app")

	start := time.Now()
	pr := newCounting(d.Addr)
	fs := run(t, pr, nil, b.cfg)
	t.Logf("probe took %v", time.Since(start))
	if len(fs) != 2 {
		t.Fatalf("want 2 findings, got:\n%s", lines(fs))
	}
	want := []struct {
		line int
		re   string
	}{
		{int(up.Endpoints[1].Pos.Line), `refuses connections from this host → 502 "connect\(\) failed \(111: Connection refused\)`},
		{int(up.Endpoints[2].Pos.Line), `gone.test does not resolve \(no such host\) → nginx refuses to start or reload: "host not found in upstream \\"gone.test:8080\\""`},
	}
	for i, w := range want {
		f := fs[i]
		if f.RuleID != "EL1501" || int(f.Pos.Line) != w.line || !regexpMatch(w.re, f.Message) {
			t.Errorf("finding %d = %s:%d %s %q, want line %d matching %q", i, f.Pos.File(), f.Pos.Line, f.RuleID, f.Message, w.line, w.re)
		}
	}
	if n := pr.dials["tcp 127.0.0.1:"+strconv.Itoa(livePort)]; n != 1 {
		t.Errorf("the live upstream was dialed %d times by three rules, want once", n)
	}
}

func TestDNSFailuresAreNamed(t *testing.T) {
	d := netprobetest.ServeDNS(t, netprobetest.Zone{ServFail: []string{"broken.test"}, Drop: []string{"silent.test"}})
	b := newBuilder(lint.Nginx)
	s := b.site()
	b.route(t, s, "http://broken.test:80")
	b.route(t, s, "http://silent.test:80")
	r := b.route(t, s, "http://missing.test:80")
	r.Target.Variables = true // proxy_pass http://missing.test:80$request_uri
	o := probeplan.DefaultOptions()
	o.ConnectTimeout = 500 * time.Millisecond
	fs := run(t, realprobe.New(realprobe.Options{Resolver: d.Addr}), o, b.cfg)
	got := lines(fs)
	for _, re := range []string{
		`broken.test does not resolve \(DNS server failure: server misbehaving\)`,
		`no DNS answer for silent.test \(timeout\)`,
		`missing.test does not resolve \(no such host\) → 502 "missing.test could not be resolved \(3: Host not found\)"`,
	} {
		if !regexpMatch(re, got) {
			t.Errorf("no finding matching %q in:\n%s", re, got)
		}
	}
}

func TestUnixSocketsAndApacheStatuses(t *testing.T) {
	dir := t.TempDir()
	present := filepath.Join(dir, "present.sock")
	netprobetest.Listen(t, "unix", present)
	missing := filepath.Join(dir, "missing.sock")
	closed := netprobetest.Closed(t)

	for _, tc := range []struct {
		kind         lint.SourceKind
		wantMissing  string
		wantRefusing string
	}{
		{lint.Nginx, `proxy_pass http://unix:` + missing + `: the socket does not exist on this host → 502 "connect\(\) to unix:` + missing + ` failed \(2: No such file or directory\)"`, `^proxy_pass http://127.255.\d+.\d+:\d+ refuses connections from this host → 502`},
		{lint.Apache, `backend http://unix:` + missing + `: the socket does not exist on this host → 503 "AH02454`, `^backend http://127.255.\d+.\d+:\d+ refuses connections from this host → 503 "AH00957`},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			b := newBuilder(tc.kind)
			s := b.site()
			b.route(t, s, "http://unix:"+present)
			b.route(t, s, "http://unix:"+missing)
			b.route(t, s, "http://"+closed)
			fs := run(t, realprobe.New(realprobe.Options{}), nil, b.cfg)
			if len(fs) != 2 {
				t.Fatalf("want 2 findings, got:\n%s", lines(fs))
			}
			if !regexpMatch(tc.wantMissing, fs[0].Message) || fs[0].Pos.Line != 5 {
				t.Errorf("missing socket: %s %q", fs[0].Pos, fs[0].Message)
			}
			if !regexpMatch(tc.wantRefusing, fs[1].Message) || fs[1].Pos.Line != 7 {
				t.Errorf("refused: %s %q", fs[1].Pos, fs[1].Message)
			}
		})
	}
}

// Identical endpoints are contacted once, however many routes, pools and
// rules name them; nothing the configuration does not name is contacted.
func TestDeduplicatesAndContactsOnlyConfiguredEndpoints(t *testing.T) {
	live := netprobetest.Listen(t, "tcp", "127.0.0.1:0")
	_, port := splitAddr(t, live.Addr)
	d := netprobetest.ServeDNS(t, netprobetest.Zone{Hosts: map[string][]string{
		"live.test": {"127.0.0.1"}, "unused.test": {"127.0.0.1"},
	}})
	b := newBuilder(lint.Nginx)
	ep := fmt.Sprintf("live.test:%d", port)
	b.upstream(t, "a", ep)
	b.upstream(t, "b", ep, live.Addr)
	s := b.site()
	b.route(t, s, "http://a")
	b.route(t, s, "http://a")
	b.route(t, s, "http://b")
	b.route(t, s, "http://"+ep)
	b.route(t, s, "http://$backend") // per-request host: never probed
	pr := newCounting(d.Addr)
	if fs := run(t, pr, nil, b.cfg); len(fs) != 0 {
		t.Fatalf("unexpected findings:\n%s", lines(fs))
	}
	if got := pr.lookups; len(got) != 2 || got["live.test"] != 1 || got["127.0.0.1"] != 1 {
		t.Errorf("lookups = %v, want live.test and 127.0.0.1 once each", got)
	}
	if got := pr.dials; len(got) != 1 || got["tcp "+live.Addr] != 2 {
		// live.test:port and 127.0.0.1:port are two endpoints as written
		// (nginx makes two peers) but the same address.
		t.Errorf("dials = %v, want %s twice", got, live.Addr)
	}
	for _, q := range d.Queries() {
		if q != "live.test" {
			t.Errorf("DNS server asked for %q, which no target names", q)
		}
	}
}

func TestWithoutProberNothingRuns(t *testing.T) {
	b := newBuilder(lint.Nginx)
	b.route(t, b.site(), "http://gone.test:80")
	if fs := run(t, nil, nil, b.cfg); len(fs) != 0 {
		t.Errorf("probe rules ran without --probe:\n%s", lines(fs))
	}
}

func TestTLS(t *testing.T) {
	cert := netprobetest.NewCert(t, "api.test")
	srv := netprobetest.TLSListen(t, "127.0.0.1:0", netprobetest.SNIConfig(cert))
	plain := netprobetest.Listen(t, "tcp", "127.0.0.1:0")
	_, port := splitAddr(t, srv.Addr)
	d := netprobetest.ServeDNS(t, netprobetest.Zone{Hosts: map[string][]string{"api.test": {"127.0.0.1"}}})
	pr := realprobe.New(realprobe.Options{Resolver: d.Addr})
	target := fmt.Sprintf("https://api.test:%d", port)

	cases := []struct {
		name  string
		kind  lint.SourceKind
		setup func(b *builder) *lint.Route
		want  string // "" = no finding
	}{
		{"nginx no SNI", lint.Nginx, func(b *builder) *lint.Route {
			return b.route(t, b.site(), target)
		}, `EL7501 proxy_pass ` + target + `: TLS handshake with 127.0.0.1:\d+ without SNI fails: remote error: tls: unrecognized name → 502 "SSL_do_handshake\(\) failed \(… tlsv1 unrecognized name … alert number 112\)"; set proxy_ssl_server_name on`},
		{"nginx SNI on", lint.Nginx, func(b *builder) *lint.Route {
			r := b.route(t, b.site(), target)
			r.TLS.SNI = lint.Explicit(true, b.pos())
			r.TLS.Verify = lint.Explicit(true, b.pos())
			return r
		}, ""},
		{"nginx pool name checked", lint.Nginx, func(b *builder) *lint.Route {
			b.upstream(t, "api_pool", fmt.Sprintf("api.test:%d", port))
			r := b.route(t, b.site(), "https://api_pool")
			r.TLS.SNI = lint.Explicit(true, b.pos())
			r.TLS.Verify = lint.Explicit(true, b.pos())
			return r
		}, `EL2501 server api.test:\d+ \(upstream api_pool\): the certificate of 127.0.0.1:\d+ is for api.test, not "api_pool" \(\$proxy_host\) which the proxy verifies → 502 "upstream SSL certificate does not match \\"api_pool\\""`},
		{"nginx pool name not verified", lint.Nginx, func(b *builder) *lint.Route {
			b.upstream(t, "api_pool", fmt.Sprintf("api.test:%d", port))
			r := b.route(t, b.site(), "https://api_pool")
			r.TLS.SNI = lint.Explicit(true, b.pos())
			return r
		}, ""},
		{"nginx proxy_ssl_name fixes it", lint.Nginx, func(b *builder) *lint.Route {
			b.upstream(t, "api_pool", fmt.Sprintf("api.test:%d", port))
			r := b.route(t, b.site(), "https://api_pool")
			r.TLS.SNI = lint.Explicit(true, b.pos())
			r.TLS.Verify = lint.Explicit(true, b.pos())
			r.TLS.Name = lint.Explicit("api.test", b.pos()).By("proxy_ssl_name")
			return r
		}, ""},
		{"nginx name with variables is skipped", lint.Nginx, func(b *builder) *lint.Route {
			r := b.route(t, b.site(), target)
			r.TLS.SNI = lint.Explicit(true, b.pos())
			r.TLS.Name = lint.Explicit("$host", b.pos())
			return r
		}, ""},
		{"https to a plain port", lint.Nginx, func(b *builder) *lint.Route {
			r := b.route(t, b.site(), "https://"+plain.Addr)
			r.TLS.SNI = lint.Explicit(true, b.pos())
			return r
		}, `EL7501 .*: TLS handshake with 127.0.0.1:\d+ without SNI fails: `},
		{"apache worker host", lint.Apache, func(b *builder) *lint.Route {
			r := b.route(t, b.site(), target)
			r.TLS.Engine = lint.Explicit(true, b.pos())
			return r
		}, ""},
		{"apache preserve host", lint.Apache, func(b *builder) *lint.Route {
			s := b.site()
			s.Names = []lint.Name{{Value: "www.example.com", Pos: b.pos()}}
			r := b.route(t, s, target)
			r.TLS.Engine = lint.Explicit(true, b.pos())
			r.PreserveHost = lint.Explicit(true, b.pos())
			return r
		}, `EL2501 backend ` + target + `: the certificate of 127.0.0.1:\d+ is for api.test, not "www.example.com" \(ProxyPreserveHost On: the client's Host www.example.com\) which the proxy verifies → 500 "AH00898`},
		{"apache peer name check off", lint.Apache, func(b *builder) *lint.Route {
			s := b.site()
			s.Names = []lint.Name{{Value: "www.example.com", Pos: b.pos()}}
			r := b.route(t, s, target)
			r.TLS.Engine = lint.Explicit(true, b.pos())
			r.PreserveHost = lint.Explicit(true, b.pos())
			r.TLS.CheckPeerName = lint.Explicit(false, b.pos())
			return r
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBuilder(tc.kind)
			tc.setup(b)
			got := lines(run(t, pr, nil, b.cfg))
			if tc.want == "" {
				if got != "" {
					t.Errorf("unexpected findings:\n%s", got)
				}
				return
			}
			if strings.Count(got, "\n") != 0 || !regexpMatch(tc.want, got) {
				t.Errorf("got:\n%s\nwant one finding matching %q", got, tc.want)
			}
		})
	}
}

// thousand builds 1,000 distinct endpoints: 200 black holes (each its own
// loopback listener with a full accept queue), 300 closed ports and 500
// names that resolve to live listeners, spread over 10 upstreams.
func thousand(t testing.TB) (*lint.Config, string, int) {
	var live []string
	hosts := map[string][]string{}
	for i := range 50 {
		l := netprobetest.Listen(t, "tcp", "127.0.0.1:0")
		_, port := splitAddr(t, l.Addr)
		for j := range 10 {
			name := fmt.Sprintf("live-%d-%d.test", i, j)
			hosts[name] = []string{"127.0.0.1"}
			live = append(live, fmt.Sprintf("%s:%d", name, port))
		}
	}
	var servers []string
	for range 200 {
		servers = append(servers, netprobetest.Blackhole(t, ""))
	}
	// Refusing addresses on loopback IPs nobody binds, so another process
	// picking an ephemeral port cannot turn one into a listener.
	for i := 0; len(servers) < 500; i++ {
		a := fmt.Sprintf("127.0.%d.%d:9", 2+i/250, 1+i%250)
		if c, err := net.DialTimeout("tcp", a, time.Second); err == nil {
			c.Close()
			t.Fatalf("%s is expected to refuse connections but accepts them", a)
		}
		servers = append(servers, a)
	}
	servers = append(servers, live...)
	d := netprobetest.ServeDNS(t, netprobetest.Zone{Hosts: hosts})
	b := newBuilder(lint.Nginx)
	s := b.site()
	for i := range 10 {
		name := fmt.Sprintf("pool%d", i)
		b.upstream(t, name, servers[i*100:(i+1)*100]...)
		b.route(t, s, "http://"+name)
	}
	return b.cfg, d.Addr, 500
}

func TestThousandEndpointsManyBlackholes(t *testing.T) {
	if testing.Short() {
		t.Skip("binds 750 loopback listeners")
	}
	cfg, dnsAddr, wantFindings := thousand(t)
	pr := newCounting(dnsAddr)
	o := probeplan.DefaultOptions()
	start := time.Now()
	fs := run(t, pr, o, cfg)
	elapsed := time.Since(start)
	t.Logf("1,000 endpoints (200 black holes, 300 refused, 500 live): %v, %d findings, peak %d operations in flight",
		elapsed, len(fs), pr.peak.Load())

	if len(fs) != wantFindings {
		t.Errorf("%d findings, want %d", len(fs), wantFindings)
	}
	var timeouts, refused int
	for _, f := range fs {
		switch {
		case strings.Contains(f.Message, "does not answer within 2s (connect timed out) from this host → 504"):
			timeouts++
		case strings.Contains(f.Message, "refuses connections"):
			refused++
		}
	}
	if timeouts != 200 || refused != 300 {
		t.Errorf("%d timeouts and %d refusals, want 200 and 300", timeouts, refused)
	}
	// Bounded: never more than Concurrency operations at once, and the
	// bound is actually used (the probe is parallel, not sequential).
	if peak := pr.peak.Load(); peak > int64(o.Concurrency) || peak < int64(o.Concurrency) {
		t.Errorf("peak in-flight operations %d, want exactly the limit %d", peak, o.Concurrency)
	}
	n := 0
	for _, c := range pr.dials {
		n += c
	}
	if n != 1000 {
		t.Errorf("%d dials, want 1000 (one per endpoint, shared by the three rules)", n)
	}
}

func BenchmarkThousandEndpoints(b *testing.B) {
	cfg, dnsAddr, _ := thousand(b)
	pr := realprobe.New(realprobe.Options{Resolver: dnsAddr})
	o := probeplan.DefaultOptions()
	o.ConnectTimeout = 500 * time.Millisecond
	b.ResetTimer()
	for range b.N {
		// A fresh config pointer each round, so the shared cache does not
		// answer from the previous round.
		c := *cfg
		run(b, pr, o, &c)
	}
}

func regexpMatch(re, s string) bool {
	ok, err := regexpCache(re)
	return err == nil && ok.MatchString(s)
}

func TestPlanSkipsWhatCannotBeKnown(t *testing.T) {
	b := newBuilder(lint.Nginx)
	up := b.upstream(t, "p", "127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3")
	up.Endpoints[1].Down = lint.Explicit(true, up.Endpoints[1].Pos)
	up.Endpoints[2].Service = lint.Explicit("_http._tcp", up.Endpoints[2].Pos)
	s := b.site()
	b.route(t, s, "http://p")
	r := b.route(t, s, "fcgi://php.test") // no port for FastCGI: nginx needs one
	r.Protocol = lint.ProtoFastCGI
	r.Target.Port = 0
	b.route(t, s, "http://unix:RUNFILES_PATH/site.sock") // a template placeholder
	var got []string
	for _, u := range probeplan.Plan(b.cfg) {
		got = append(got, u.EP.String())
	}
	sort.Strings(got)
	if strings.Join(got, " ") != "127.0.0.1:1" {
		t.Errorf("planned %v, want only 127.0.0.1:1", got)
	}
}

// A name with several addresses: nginx makes each a peer (a failing one
// is reported even when another works); Apache tries them in turn (only a
// name without any working address is reported).
func TestSeveralAddresses(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.71:0")
	if err != nil {
		t.Skipf("needs 127.0.0.71: %v", err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, port := splitAddr(t, l.Addr().String())
	d := netprobetest.ServeDNS(t, netprobetest.Zone{Hosts: map[string][]string{
		"half.test": {"127.0.0.71", "127.0.0.72"},
		"none.test": {"127.0.0.73", "127.0.0.74"},
	}})
	pr := realprobe.New(realprobe.Options{Resolver: d.Addr})
	for _, tc := range []struct {
		kind lint.SourceKind
		want []string
	}{
		{lint.Nginx, []string{
			fmt.Sprintf(`EL1501 proxy_pass http://half.test:%d: 1 of 2 addresses of half.test fail from this host \(127.0.0.72:%d refuses connections\) → nginx logs each attempt there and answers 502`, port, port),
			`EL1501 proxy_pass http://none.test:\d+: none of the 2 addresses of none.test answers from this host \(127.0.0.7[34]:\d+ refuses connections\) → 502`,
		}},
		{lint.Apache, []string{
			`EL1501 backend http://none.test:\d+: none of the 2 addresses of none.test answers from this host \(127.0.0.7[34]:\d+ refuses connections\) → 503`,
		}},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			b := newBuilder(tc.kind)
			s := b.site()
			b.route(t, s, fmt.Sprintf("http://half.test:%d", port))
			b.route(t, s, fmt.Sprintf("http://none.test:%d", port))
			fs := run(t, pr, nil, b.cfg)
			if len(fs) != len(tc.want) {
				t.Fatalf("got:\n%s\nwant %d findings", lines(fs), len(tc.want))
			}
			for i, w := range tc.want {
				if got := fs[i].RuleID + " " + fs[i].Message; !regexpMatch(w, got) {
					t.Errorf("finding %d = %q, want %q", i, got, w)
				}
			}
		})
	}
}
