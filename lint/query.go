package lint

import "iter"

// The queries below are how rules walk a Config: a rule ranges over the
// places it judges instead of nesting loops over sites, routes, pools and
// servers, so its Check reads as the condition and the report.

// Routes yields every route of the config's sites, site by site and in
// file order within each; a route's Site is the site it belongs to.
func (c *Config) Routes() iter.Seq[*Route] {
	return func(yield func(*Route) bool) {
		for _, s := range c.Sites {
			for _, r := range s.Routes {
				if !yield(r) {
					return
				}
			}
		}
	}
}

// PooledRoutes yields the routes that pass to a named pool (an nginx
// upstream{}, an Apache balancer) by a literal address, with the pool. A
// route whose address holds a variable is left out: the pool it reaches
// is only known per request.
func (c *Config) PooledRoutes() iter.Seq2[*Route, *Upstream] {
	return func(yield func(*Route, *Upstream) bool) {
		for r := range c.Routes() {
			if u := r.Target.Upstream; u != nil && !r.Target.Variables {
				if !yield(r, u) {
					return
				}
			}
		}
	}
}

// Endpoints yields every server of every pool, pool by pool in the
// order of Upstreams, with its pool.
func (c *Config) Endpoints() iter.Seq2[*Upstream, *Endpoint] {
	return func(yield func(*Upstream, *Endpoint) bool) {
		for _, u := range c.Upstreams {
			for _, e := range u.Endpoints {
				if !yield(u, e) {
					return
				}
			}
		}
	}
}
