package pairing

import (
	"slices"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

// The name index must give exactly what matching every name of every site
// gives; this is that slow reference.
func servingByScan(o *Origin, host string) (sites []int, maybe bool) {
	for i, s := range o.Sites {
		best := NoMatch
		for _, n := range s.Site.Names {
			best = max(best, nameMatches(s.Cfg.Source, n.Value, host))
		}
		switch best {
		case YesMatch:
			sites = append(sites, i)
		case MaybeMatch:
			maybe = true
		}
	}
	return sites, maybe
}

func testOrigin() []*lint.Config {
	mk := func(names ...string) *lint.Site {
		s := &lint.Site{}
		for _, n := range names {
			s.Names = append(s.Names, lint.Name{Value: n})
		}
		return s
	}
	ng := &lint.Config{Source: lint.Nginx, Sites: []*lint.Site{
		mk("example.com", "www.example.com"),
		mk(".example.org"),
		mk("*.example.com"),
		mk("mail.*"),
		mk("~^api[0-9]+\\.example\\.net"),
		mk("~^(www\\.)?example\\.io$"), // $: cannot be evaluated
		mk("~^(bad"),                   // not a Go regex
		mk("_", ""),
		mk("EXAMPLE.com."),
		mk("."),
		mk("*."),
		mk("*"),
		mk("www.example.com", "*.example.com"),
	}}
	ap := &lint.Config{Source: lint.Apache, Sites: []*lint.Site{
		mk("example.com"),
		mk("*.example.net"),
		mk("*"),
		mk("w?w.example.org"),
		mk("[a-c].example.org"),
		mk("[bad"),
		mk("*.sub*.example.com"),
		mk("x\\*y.example.com"),
	}}
	return []*lint.Config{ng, ap}
}

func TestServingIndexMatchesScan(t *testing.T) {
	o := loadOrigin(testOrigin())
	hosts := []string{
		"example.com", "EXAMPLE.COM.", "www.example.com", "a.b.example.com", "example.org",
		"x.example.org", "mail.example.de", "mail.", "mail", "api12.example.net", "API1.EXAMPLE.NET",
		"api.example.net", "example.io", "www.example.io", "anything", "", ".", "www.example.org",
		"b.example.org", "d.example.org", "x.subzone.example.com", "x*y.example.com", "a/b.example.net",
		"  padded.example.com  ", "example.com..", "*",
	}
	for _, h := range hosts {
		want, wantMaybe := servingByScan(o, h)
		got, gotMaybe := o.Serving(h)
		var gotIdx []int
		for _, s := range got {
			gotIdx = append(gotIdx, s.Idx)
		}
		if !slices.Equal(gotIdx, want) || gotMaybe != wantMaybe {
			t.Errorf("serving(%q) = %v, maybe %v; scanning every name gives %v, maybe %v", h, gotIdx, gotMaybe, want, wantMaybe)
		}
	}
}

func TestDefaultSiteIndex(t *testing.T) {
	s := func(ls ...lint.Listener) *lint.Site { return &lint.Site{Listeners: ls} }
	cfg := &lint.Config{Source: lint.Nginx, Sites: []*lint.Site{
		s(lint.Listener{Unix: "/run/a.sock", Default: true}),
		s(lint.Listener{Port: 80}, lint.Listener{Port: 443, TLS: true}),
		s(lint.Listener{Port: 80, Default: true}, lint.Listener{Port: 80, Addr: "10.0.0.1"}),
		s(lint.Listener{Port: 443, TLS: true, Default: true}),
		s(lint.Listener{Port: 443, TLS: true, Default: true}),
	}}
	o := loadOrigin([]*lint.Config{cfg})
	for _, tc := range []struct{ port, def, n int }{{80, 2, 2}, {443, 3, 3}, {8080, -1, 0}, {0, -1, 0}} {
		d, ok := o.DefaultSite(tc.port)
		if ok != (tc.def >= 0) || (ok && d.Idx != tc.def) || o.SitesOn(tc.port) != tc.n {
			t.Errorf("port %d: default %d (%v), %d sites; want %d, %d", tc.port, d.Idx, ok, o.SitesOn(tc.port), tc.def, tc.n)
		}
	}
}

// Each run pairs its own configs: rules of two runs (or two tests) never
// see each other's pairings.
func TestPairingsPerRun(t *testing.T) {
	run := func(served string) []*lint.Config {
		edge := &lint.Edge{Zone: "example.com", Records: []*lint.Record{
			{Name: "a.example.com", Type: "A", Content: "192.0.2.1", Proxied: true},
			{Name: "b.example.com", Type: "A", Content: "192.0.2.1", Proxied: true},
		}}
		return []*lint.Config{
			{Source: lint.Cloudflare, Edge: edge},
			{Source: lint.Nginx, Sites: []*lint.Site{{Names: []lint.Name{{Value: served}}}}},
		}
	}
	for _, host := range []string{"a.example.com", "b.example.com", "a.example.com"} {
		var got []*Pairing
		rule := &lint.Rule{ID: "EL9999", Name: "pairings-probe", Category: lint.CategoryOther, Title: "t", Doc: "d",
			Severity: lint.Info, Sources: []lint.SourceKind{lint.Cloudflare, lint.Nginx}, Cross: true,
			Check: func(p *lint.Pass) error { _, got = Of(p); return nil }}
		(&lint.Runner{Rules: []*lint.Rule{rule}}).Run(run(host))
		if len(got) != 1 || len(got[0].Served) != 1 || got[0].Served[host] == nil {
			t.Fatalf("pairings for an origin serving %s: %+v", host, got)
		}
	}
}
