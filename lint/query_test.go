package lint

import (
	"slices"
	"testing"
)

func TestQueries(t *testing.T) {
	pool := &Upstream{Name: "app"}
	pool.Endpoints = []*Endpoint{{Raw: "a:80"}, {Raw: "b:80"}}
	other := &Upstream{Name: "empty"}
	third := &Upstream{Name: "one", Endpoints: []*Endpoint{{Raw: "c:80"}}}
	toPool := &Route{Match: "/pool", Target: Target{Upstream: pool}}
	perRequest := &Route{Match: "/var", Target: Target{Upstream: pool, Variables: true}}
	literal := &Route{Match: "/lit", Target: Target{Host: "10.0.0.1"}}
	second := &Route{Match: "/second", Target: Target{Upstream: third}}
	c := &Config{
		Sites: []*Site{
			{Routes: []*Route{toPool, perRequest}},
			{},
			{Routes: []*Route{literal, second}},
		},
		Upstreams: []*Upstream{pool, other, third},
	}

	if got, want := slices.Collect(c.Routes()), []*Route{toPool, perRequest, literal, second}; !slices.Equal(got, want) {
		t.Errorf("Routes() = %v, want %v", matches(got), matches(want))
	}
	var routes []*Route
	var pools []*Upstream
	for r, u := range c.PooledRoutes() {
		routes, pools = append(routes, r), append(pools, u)
	}
	if want := []*Route{toPool, second}; !slices.Equal(routes, want) || !slices.Equal(pools, []*Upstream{pool, third}) {
		t.Errorf("PooledRoutes() = %v, want %v with their pools", matches(routes), matches(want))
	}
	var servers []string
	for u, e := range c.Endpoints() {
		servers = append(servers, u.Name+" "+e.Raw)
	}
	if want := []string{"app a:80", "app b:80", "one c:80"}; !slices.Equal(servers, want) {
		t.Errorf("Endpoints() = %q, want %q", servers, want)
	}

	// A rule that stops early (a break in its range) stops the walk.
	n := 0
	for range c.Routes() {
		n++
		break
	}
	for range c.PooledRoutes() {
		n++
		break
	}
	for range c.Endpoints() {
		n++
		break
	}
	if n != 3 {
		t.Errorf("break in a range over a query: %d iterations, want 3", n)
	}
	if got := slices.Collect(new(Config).Routes()); len(got) != 0 {
		t.Errorf("Routes() of an empty config = %v", got)
	}
}

func matches(rs []*Route) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Match)
	}
	return out
}
