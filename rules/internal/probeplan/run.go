package probeplan

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"strconv"
	"sync"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// Options are shared by the probe rules (each rule reads its own copy from
// the user's configuration).
type Options struct {
	// ConnectTimeout bounds each DNS lookup and each connection attempt:
	// an endpoint that has not answered by then is reported as a timeout.
	ConnectTimeout time.Duration `yaml:"connect-timeout"`
	// HandshakeTimeout bounds each TLS handshake.
	HandshakeTimeout time.Duration `yaml:"handshake-timeout"`
	// Concurrency is the most DNS lookups, connections and handshakes in
	// flight at once.
	Concurrency int `yaml:"concurrency"`
	// MaxAddresses is how many addresses of one name are connected to.
	MaxAddresses int `yaml:"max-addresses"`
}

// DefaultOptions: with 128 operations in flight and 2 s per connection, a
// probe of 1,000 endpoints of which 200 are black holes ends in about
// 200/128 × 2 s ≈ 3 s; everything that answers takes milliseconds. Each
// operation holds one socket, so the bound also caps descriptors.
func DefaultOptions() *Options {
	return &Options{ConnectTimeout: 2 * time.Second, HandshakeTimeout: 3 * time.Second, Concurrency: 128, MaxAddresses: 8}
}

// RuleOptions declares the options of each probe rule.
var RuleOptions = lint.OptionsOf(func() Options { return *DefaultOptions() })

// Validate: a timeout or bound of zero or less would probe nothing.
func (o *Options) Validate() error {
	for _, d := range []struct {
		key string
		v   time.Duration
	}{{"connect-timeout", o.ConnectTimeout}, {"handshake-timeout", o.HandshakeTimeout}} {
		if d.v <= 0 {
			return lint.BadOption(d.key, lint.FormatDuration(d.v), "is not a positive duration like 2s")
		}
	}
	for _, n := range []struct {
		key string
		v   int
	}{{"concurrency", o.Concurrency}, {"max-addresses", o.MaxAddresses}} {
		if n.v <= 0 {
			return lint.BadOption(n.key, strconv.Itoa(n.v), "is not a positive whole number")
		}
	}
	return nil
}

// OptionsOf returns the pass's options.
func OptionsOf(p *lint.Pass) Options { return *lint.Opts[Options](p) }

// AddrResult is what happened at one address of an endpoint.
type AddrResult struct {
	Addr    string
	DialErr error
	TLSErr  error
	// Cert is the leaf certificate the endpoint presented.
	Cert *x509.Certificate
}

// Result is what happened to one endpoint.
type Result struct {
	DNSErr error
	Addrs  []AddrResult
}

// Outcome maps every planned endpoint to its result.
type Outcome struct {
	Uses    []Use
	Results map[Endpoint]*Result
}

// probeKey identifies one probe of a config: the probe rules, which the
// runner runs in parallel, share it through Pass.Shared, so each endpoint
// is contacted once per run, not once per rule.
type probeKey struct {
	cfg  *lint.Config
	opts Options
}

// Probe plans and probes p.Config (once per run, config and options).
func Probe(p *lint.Pass) *Outcome {
	opts := OptionsOf(p)
	return p.Shared(probeKey{p.Config, opts}, func() any {
		uses := Plan(p.Config)
		return &Outcome{Uses: uses, Results: probeAll(p.Probe, uses, opts)}
	}).(*Outcome)
}

// probeAll probes every distinct endpoint with at most opts.Concurrency
// network operations in flight, each bounded by its own timeout.
func probeAll(pr lint.Prober, uses []Use, opts Options) map[Endpoint]*Result {
	results := map[Endpoint]*Result{}
	for _, u := range uses {
		if results[u.EP] == nil {
			results[u.EP] = &Result{}
		}
	}
	sem := make(chan struct{}, opts.Concurrency)
	acquire := func() { sem <- struct{}{} }
	release := func() { <-sem }

	// Names are looked up once, whatever number of endpoints use them.
	type lookup struct {
		once  sync.Once
		addrs []string
		err   error
	}
	var mu sync.Mutex
	lookups := map[string]*lookup{}
	resolve := func(host string) ([]string, error) {
		mu.Lock()
		l := lookups[host]
		if l == nil {
			l = &lookup{}
			lookups[host] = l
		}
		mu.Unlock()
		l.once.Do(func() {
			acquire()
			defer release()
			ctx, cancel := context.WithTimeout(context.Background(), opts.ConnectTimeout)
			defer cancel()
			l.addrs, l.err = pr.LookupHost(ctx, host)
		})
		return l.addrs, l.err
	}

	var wg sync.WaitGroup
	for ep, res := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ep.Network == "unix" {
				res.Addrs = []AddrResult{connect(pr, ep, "unix", ep.Path, opts, acquire, release)}
				return
			}
			addrs, err := resolve(ep.Host)
			if err != nil {
				res.DNSErr = err
				return
			}
			if len(addrs) > opts.MaxAddresses {
				addrs = addrs[:opts.MaxAddresses]
			}
			res.Addrs = make([]AddrResult, len(addrs))
			var inner sync.WaitGroup
			for i, a := range addrs {
				inner.Add(1)
				go func() {
					defer inner.Done()
					res.Addrs[i] = connect(pr, ep, "tcp", joinPort(a, ep.Port), opts, acquire, release)
				}()
			}
			inner.Wait()
		}()
	}
	wg.Wait()
	return results
}

// connect dials one address and, for TLS endpoints, runs the handshake the
// proxy would run: the SNI it sends, no chain verification (the proxy's
// trust store is its own business; the name is checked by the rules).
func connect(pr lint.Prober, ep Endpoint, network, addr string, opts Options, acquire, release func()) AddrResult {
	acquire()
	defer release()
	r := AddrResult{Addr: addr}
	ctx, cancel := context.WithTimeout(context.Background(), opts.ConnectTimeout)
	conn, err := pr.Dial(ctx, network, addr)
	cancel()
	if err != nil {
		r.DialErr = err
		return r
	}
	defer conn.Close()
	if !ep.TLS {
		return r
	}
	ctx, cancel = context.WithTimeout(context.Background(), opts.HandshakeTimeout)
	defer cancel()
	st, err := pr.Handshake(ctx, conn, clientConfig(ep.SNI))
	if err != nil {
		r.TLSErr = err
		return r
	}
	if len(st.PeerCertificates) > 0 {
		r.Cert = st.PeerCertificates[0]
	}
	return r
}

// clientConfig offers what proxies built on OpenSSL offer, old suites
// included, so a backend that nginx can talk to is not reported because Go
// is stricter by default.
func clientConfig(sni string) *tls.Config {
	var suites []uint16
	for _, s := range tls.CipherSuites() {
		suites = append(suites, s.ID)
	}
	for _, s := range tls.InsecureCipherSuites() {
		suites = append(suites, s.ID)
	}
	return &tls.Config{
		ServerName:         sni,
		InsecureSkipVerify: true, // only the name is checked, by the rule
		MinVersion:         tls.VersionTLS10,
		CipherSuites:       suites,
	}
}
