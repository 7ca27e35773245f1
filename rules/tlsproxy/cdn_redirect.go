package tlsproxy

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/pairing"
)

//go:embed docs/cdn-flexible-origin-https-redirect.md
var redirectDoc string

// CDNFlexibleHTTPSRedirect reports an origin that redirects every plain-HTTP
// request to HTTPS behind a zone whose SSL mode sends Cloudflare's requests
// over plain HTTP: the visitor bounces between the two forever.
var CDNFlexibleHTTPSRedirect = &lint.Rule{
	ID:       "EL7301",
	Name:     "cdn-flexible-origin-https-redirect",
	Category: lint.CategoryTLS,
	Title:    "Flexible SSL mode in front of an origin that redirects HTTP to HTTPS: redirect loop",
	Doc:      redirectDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache},
	Cross:    true,
	Check:    checkRedirect,
}

// siteDirectives returns the directives written directly in a site's
// block (not in a nested location, if or section), in its own file.
func siteDirectives(c *lint.Config, s *lint.Site) []*lint.Directive {
	open := c.DirectiveAt(s.Pos)
	if open == nil || !open.Block || open.Pos.EndLine == 0 {
		return nil
	}
	depth := len(open.Blocks) + 1
	var out []*lint.Directive
	for _, d := range c.Inside(open) {
		if len(d.Blocks) == depth {
			out = append(out, d)
		}
	}
	return out
}

// httpsRedirect finds a directive that sends every request of the site to
// an https:// URL unconditionally.
func httpsRedirect(c *lint.Config, s *lint.Site) *lint.Directive {
	for _, d := range siteDirectives(c, s) {
		a := d.Args
		switch {
		case c.Source == lint.Nginx && d.Name == "return" && len(a) == 2 && strings.HasPrefix(a[0], "30") &&
			strings.HasPrefix(strings.ToLower(a[1]), "https://"):
			return d
		case c.Source == lint.Nginx && d.Name == "rewrite" && len(a) == 3 && (a[0] == "^" || a[0] == "^(.*)$" || a[0] == "^/(.*)$" || a[0] == "^/?(.*)$") &&
			strings.HasPrefix(strings.ToLower(a[1]), "https://") && (a[2] == "permanent" || a[2] == "redirect"):
			return d
		case c.Source == lint.Apache && (strings.EqualFold(d.Name, "Redirect") || strings.EqualFold(d.Name, "RedirectPermanent")):
			// Redirect [status] /path URL
			if len(a) >= 2 && a[len(a)-2] == "/" && strings.HasPrefix(strings.ToLower(a[len(a)-1]), "https://") {
				return d
			}
		}
	}
	return nil
}

func checkRedirect(p *lint.Pass) error {
	o, pairs := pairing.Of(p)
	if o == nil {
		return nil
	}
	reported := map[lint.Position]bool{}
	for _, pr := range pairs {
		e := pr.Edge
		if e.ConfigRulesUnread || e.PageRulesUnread {
			continue // a rule that could not be read may set another mode
		}
		type modeAt struct {
			mode string
			pos  lint.Position
			what string
			page *lint.PageRule
		}
		var modes []modeAt
		modes = append(modes, modeAt{e.SSLMode.Value, e.SSLMode.Pos, "SSL mode " + e.SSLMode.Value, nil})
		for _, r := range e.ConfigRules {
			if r.Enabled && r.SSLMode != "" {
				modes = append(modes, modeAt{r.SSLMode, r.Pos, "configuration rule " + r.ID + "'s SSL mode " + r.SSLMode, nil})
			}
		}
		for _, r := range e.PageRules {
			if r.Enabled && r.SSLMode != "" && r.ResolveOverride == "" && !r.Forward {
				modes = append(modes, modeAt{r.SSLMode, r.Pos, "page rule " + r.ID + " (" + r.Target + ")'s SSL mode " + r.SSLMode, r})
			}
		}
		for _, h := range pr.Hosts {
			sites := pr.Served[h.Name]
			if len(sites) == 0 {
				continue
			}
			// Configuration rules take precedence over page rules, and
			// the page rule of highest priority over the zone's mode.
			eff := e.PageRulesFor(h.Name, sslPageRule)
			for _, m := range modes {
				if m.mode != "flexible" && m.mode != "off" {
					continue
				}
				switch {
				case m.page != nil:
					// The page rule must certainly take some of the
					// host's requests, and no configuration rule set the
					// mode of all of them.
					if !contains(eff.Sure, m.page) || modeOverridden(pr, h.Name) {
						continue
					}
				case m.pos == e.SSLMode.Pos:
					// The zone's mode must certainly reach some requests.
					if eff.Rest != lint.YesMatch || modeOverridden(pr, h.Name) {
						continue
					}
				default:
					// A configuration rule must apply to the host; whether
					// it covers every path does not matter: the redirect
					// does.
					if !ruleCovers(pr, m.pos, h.Name) {
						continue
					}
				}
				s, ok := siteOnPort80(sites)
				if !ok {
					continue
				}
				d := httpsRedirect(s.Cfg, s.Site)
				if d == nil || reported[d.Pos] {
					continue
				}
				reported[d.Pos] = true
				p.Report(d.Pos, fmt.Sprintf("%s redirects every request for %s to HTTPS, but %s makes Cloudflare fetch https:// pages from the origin over plain HTTP → the origin redirects again: ERR_TOO_MANY_REDIRECTS for every visitor",
					strings.TrimSpace(d.Name+" "+strings.Join(d.Args, " ")), h.Name, m.what),
					lint.Related{Pos: m.pos, Message: "Cloudflare SSL mode"})
			}
		}
	}
	return nil
}

// sslPageRule says whether a page rule decides the SSL mode of the
// requests it takes, or sends them elsewhere (another origin, a redirect).
func sslPageRule(r *lint.PageRule) bool {
	return r.SSLMode != "" || r.ResolveOverride != "" || r.Forward
}

func contains(rs []*lint.PageRule, r *lint.PageRule) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// modeOverridden reports whether configuration rules set the SSL mode of
// every request to host.
func modeOverridden(pr *pairing.Pairing, host string) bool {
	for _, r := range pr.Edge.ConfigRules {
		sc := pairing.ParseScope(r.Expression)
		if r.Enabled && r.SSLMode != "" && sc.Known && sc.Paths == nil && sc.CoversHost(host) == pairing.YesMatch {
			return true
		}
	}
	return false
}

func ruleCovers(pr *pairing.Pairing, pos lint.Position, host string) bool {
	for _, r := range pr.Edge.ConfigRules {
		if r.Pos == pos {
			return pairing.ParseScope(r.Expression).CoversHost(host) == pairing.YesMatch
		}
	}
	return false
}

// siteOnPort80 picks the site that answers host's plain-HTTP requests on
// port 80: one of the sites serving it by name, else none (the default
// server for port 80 is then another site's business).
func siteOnPort80(sites []pairing.Site) (pairing.Site, bool) {
	for _, s := range sites {
		for _, l := range s.Site.Listeners {
			if l.Port == 80 && !l.TLS && l.Unix == "" {
				return s, true
			}
		}
	}
	return pairing.Site{}, false
}
