package timeouts

import (
	_ "embed"
	"fmt"
	"time"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/pairing"
)

//go:embed docs/cdn-read-timeout-shorter-than-origin.md
var timeoutDoc string

// CDNReadTimeoutOptions configure EL4301.
type CDNReadTimeoutOptions struct {
	// Default is the CDN's read timeout when the zone does not set
	// proxy_read_timeout. Cloudflare's pages say 100 s (the 524 page) and
	// 120 s (Connection limits, "Proxy Read Timeout"); the default is the
	// longer, so a finding holds under both.
	// The project file's cloudflare.read-timeout sets it.
	Default time.Duration `yaml:"default"`
}

// Validate: the CDN waits some time for every origin.
func (o *CDNReadTimeoutOptions) Validate() error {
	if o.Default <= 0 {
		return lint.BadOption("default", lint.FormatDuration(o.Default), "is not a positive duration like 125s")
	}
	return nil
}

// CDNReadTimeoutShorter reports origin proxy read timeouts longer than the
// CDN's read timeout on the same hostname and path.
var CDNReadTimeoutShorter = &lint.Rule{
	ID:       "EL4301",
	Name:     "cdn-read-timeout-shorter-than-origin",
	Category: lint.CategoryTimeout,
	Title:    "CDN read timeout is shorter than the origin's proxy read timeout on the same path",
	Doc:      timeoutDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Cloudflare, lint.Nginx, lint.Apache},
	Cross:    true,
	Options:  lint.OptionsOf(func() CDNReadTimeoutOptions { return CDNReadTimeoutOptions{Default: 120 * time.Second} }),
	Check:    checkTimeouts,
}

func checkTimeouts(p *lint.Pass) error {
	def := lint.Opts[CDNReadTimeoutOptions](p).Default
	_, pairs := pairing.Of(p)
	reported := map[lint.Position]bool{}
	for _, pr := range pairs {
		e := pr.Edge
		if e.CacheRulesUnread {
			continue // an unread cache rule may set a longer read timeout
		}
		base, baseWhat, basePos := def, "(Cloudflare's default)", e.ReadTimeout.Pos
		if e.ReadTimeout.Set && e.ReadTimeout.Value > 0 {
			base, baseWhat = e.ReadTimeout.Value, "(zone setting proxy_read_timeout)"
		}
		for _, h := range pr.Hosts {
			for _, s := range pr.Served[h.Name] {
				for _, r := range s.Site.Routes {
					read := r.Timeouts.Read
					if !read.Set || read.Value <= 0 || reported[read.Pos] || streams(r) {
						continue
					}
					eff, what, pos := base, baseWhat, basePos
					longest := base
					prefix, literal := pairing.LocationPrefix(r.Match)
					for _, cr := range e.CacheRules {
						if !cr.Enabled || cr.ReadTimeout <= 0 {
							continue
						}
						sc := pairing.ParseScope(cr.Expression)
						hm := sc.CoversHost(h.Name)
						pm := pairing.MaybeMatch
						if literal {
							pm = sc.CoversPath(prefix)
						}
						if hm == pairing.NoMatch || pm == pairing.NoMatch {
							continue
						}
						if hm == pairing.YesMatch && pm == pairing.YesMatch {
							// later rules override earlier ones
							eff, what, pos = cr.ReadTimeout, "(cache rule "+cr.ID+")", cr.Pos
							longest = max(longest, eff)
							continue
						}
						longest = max(longest, cr.ReadTimeout)
					}
					longest = max(longest, eff)
					if read.Value <= longest {
						continue
					}
					reported[read.Pos] = true
					path := r.Match
					if path == "" {
						path = "/"
					}
					p.Report(read.Pos, fmt.Sprintf("%s at the origin is longer than Cloudflare's read timeout %s %s for %s %s → 524 after %s while the origin is still waiting for the backend",
						s.Cfg.Quote(read, "read timeout", lint.Seconds), lint.Seconds(eff), what, h.Name, path, lint.Seconds(eff)),
						lint.Related{Pos: pos, Message: "CDN read timeout"})
				}
			}
		}
	}
	return nil
}

// streams reports routes whose long read timeout is about gaps in a
// stream, not about the first byte Cloudflare waits for: WebSocket
// upgrades and unbuffered (server-sent events, long polling) responses.
func streams(r *lint.Route) bool {
	return r.IsWebSocket() || (r.Buffers.Buffering.Set && !r.Buffers.Buffering.Value)
}
