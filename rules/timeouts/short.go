package timeouts

import (
	_ "embed"
	"fmt"
	"regexp"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// ShortOptions configure the short read and send timeout rules.
type ShortOptions struct {
	// Floor is the shortest explicit timeout not reported. For the read
	// timeout 15s, the shortest common application-side default
	// (rack-timeout's service timeout; PHP max_execution_time and gunicorn
	// --timeout are 30s): below it the proxy is stricter than any common
	// application default and cuts responses that are merely slow. An
	// explicit value from 15s up to the 30s limits is usually a latency
	// budget someone chose (15s in front of a monitoring UI, 20s on a load
	// balancer); without the application's own limit the linter cannot
	// tell it from a mistake. Users who want the proxy held above the
	// 30s limits set floor: 30s. The nginx and Apache defaults (60s) are
	// above either, so defaults never fire.
	Floor time.Duration `yaml:"floor"`
	// IgnoreLocations are regular expressions matched against the route's
	// location or path; short timeouts on health and metrics endpoints are
	// deliberate (a probe should fail fast).
	IgnoreLocations []string `yaml:"ignore-locations"`
}

// Validate: a floor of zero or less would report nothing, and a pattern
// that does not compile would make the rule fail on every config.
func (o *ShortOptions) Validate() error {
	if o.Floor <= 0 {
		return lint.BadOption("floor", lint.FormatDuration(o.Floor), "is not a positive duration like 15s")
	}
	for i, re := range o.IgnoreLocations {
		if err := lint.RegexpOption(fmt.Sprintf("ignore-locations[%d]", i), re); err != nil {
			return err
		}
	}
	return nil
}

// DefaultIgnoreLocations match probe, status and metrics endpoints, where
// a short timeout is the point (a probe should fail fast), in every form
// the route's match takes:
//
//   - a path segment or regex group that is one of the names
//     ("= /healthz", "/api/v1/status", "~ ^/(status|ping)$", "/_health",
//     "^/\.healthz$"), also with the product prefixes of status pages
//     ("/php_status", "/fpm-status", "/nginx_status", "/server-status");
//   - a named location whose name has one of them as a word
//     ("@healthcheck", "@backend_health").
//
// A name is a whole word: "/statusboard", "/status-updates" and "/shealth"
// are application routes. Only a segment or a group's first alternative
// counts, so a front controller such as
// "~ ^/(index|remote|status|ocs)\.php" stays an application route.
var DefaultIgnoreLocations = []string{
	`(?i)(?:^|[/= ~*^(.])(?:_+|php[-_]?|fpm[-_]|php-fpm[-_]|nginx[-_]|stub[-_]|basic[-_]|server[-_])?(?:health|healthz|healthy|healthcheck|healthchecks|health-check|health_check|heartbeat|ready|readyz|readiness|live|livez|liveness|ping|status|metrics)(?:$|[^a-z0-9_-])`,
	`(?i)^@(?:[a-z0-9]+[_-])*(?:health[a-z0-9]*|heartbeat|ready|readyz|readiness|live|livez|liveness|alive|ping|status|metrics|probe)(?:$|[_-])`,
}

func defaultReadOptions() ShortOptions {
	return ShortOptions{Floor: 15 * time.Second, IgnoreLocations: append([]string(nil), DefaultIgnoreLocations...)}
}

// The send timeout runs only while a request body larger than the socket
// buffers is being written and the backend reads none of it: ten seconds
// of that is a stalled backend, not a slow one, so the send floor is lower.
func defaultSendOptions() ShortOptions {
	return ShortOptions{Floor: 10 * time.Second, IgnoreLocations: append([]string(nil), DefaultIgnoreLocations...)}
}

var (
	//go:embed docs/upstream-read-timeout-short.md
	readDoc string
	//go:embed docs/upstream-send-timeout-short.md
	sendDoc string
)

// ReadTimeoutShort reports explicit read timeouts below the floor.
var ReadTimeoutShort = &lint.Rule{
	ID:       "EL4001",
	Name:     "upstream-read-timeout-short",
	Category: lint.CategoryTimeout,
	Title:    "explicit upstream read timeout shorter than the floor",
	Doc:      readDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx, lint.Apache},
	Options:  lint.OptionsOf(defaultReadOptions),
	Check: func(p *lint.Pass) error {
		return checkShort(p, func(t *lint.Timeouts) lint.Duration { return t.Read }, "the backend takes longer than %s to answer")
	},
}

// SendTimeoutShort reports explicit send timeouts below the floor.
var SendTimeoutShort = &lint.Rule{
	ID:       "EL4002",
	Name:     "upstream-send-timeout-short",
	Category: lint.CategoryTimeout,
	Title:    "explicit upstream send timeout shorter than the floor",
	Doc:      sendDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx, lint.Apache},
	Options:  lint.OptionsOf(defaultSendOptions),
	Check: func(p *lint.Pass) error {
		return checkShort(p, func(t *lint.Timeouts) lint.Duration {
			// Apache has one timeout for both directions: when the send
			// value comes from the same directive as the read value the
			// read rule already speaks for it.
			if t.Send.Pos == t.Read.Pos && t.Send.Directive == t.Read.Directive {
				return lint.Duration{}
			}
			return t.Send
		}, "the backend does not read the request for %s (busy workers, large uploads)")
	},
}

// checkShort reports every explicit timeout below the floor once, at the
// directive that sets it, with the routes it applies to as related
// positions.
func checkShort(p *lint.Pass, pick func(*lint.Timeouts) lint.Duration, when string) error {
	o := lint.Opts[ShortOptions](p)
	ignore, err := compileShared(p, o.IgnoreLocations)
	if err != nil {
		return err
	}
	type hit struct {
		s      lint.Duration
		routes []*lint.Route
	}
	var order []lint.Position
	hits := map[lint.Position]*hit{}
	for r := range p.Config.Routes() {
		s := pick(&r.Timeouts)
		if !s.Set || s.Value >= o.Floor || matchesAny(ignore, r.Match) || r.IsWebSocket() {
			continue
		}
		h := hits[s.Pos]
		if h == nil {
			h = &hit{s: s}
			hits[s.Pos] = h
			order = append(order, s.Pos)
		}
		h.routes = append(h.routes, r)
	}
	for _, pos := range order {
		h := hits[pos]
		v := lint.Seconds(h.s.Value)
		msg := fmt.Sprintf("%s is shorter than %s → %s when "+when,
			quote(p.Config, h.s), lint.Seconds(o.Floor), statuses(p.Config.Source, h.routes), v)
		var related []lint.Related
		for i, r := range h.routes {
			if i == 5 {
				break
			}
			if r.Pos != pos {
				related = append(related, lint.Related{Pos: r.Pos, Message: "applies to " + describeRoute(r)})
			}
		}
		p.Report(pos, msg, related...)
	}
	return nil
}

// timeoutStatus is what the client gets when the proxy gives up waiting:
// nginx answers 504 for every protocol; Apache's mod_proxy_http reports a
// backend timeout as 502 (AH01102), mod_proxy_fcgi as 504.
func timeoutStatus(src lint.SourceKind, proto lint.Protocol) int {
	if src == lint.Apache && proto != lint.ProtoFastCGI {
		return 502
	}
	return 504
}

// statuses names what the clients of the routes get: "504", "502", or
// "502 (504 on FastCGI routes)" when one Apache setting covers both.
func statuses(src lint.SourceKind, rs []*lint.Route) string {
	seen := map[int]bool{}
	for _, r := range rs {
		seen[timeoutStatus(src, r.Protocol)] = true
	}
	if seen[502] && seen[504] {
		return "502 (504 on FastCGI routes)"
	}
	if seen[502] {
		return "502"
	}
	return "504"
}

// quote renders a timeout the way the user wrote it ("proxy_read_timeout
// 5s", "timeout=5").
func quote(c *lint.Config, s lint.Duration) string {
	return c.Quote(s, "timeout", lint.FormatDuration)
}

func describeRoute(r *lint.Route) string {
	if r.Match == "" {
		return "this server"
	}
	return "location " + r.Match
}

// compiledKey is the Pass.Shared key of a list of patterns: the rule runs
// once per config, and a tree of many fragments would compile the same
// expressions once for each. The options are shared read-only by the
// rule's passes, so the list's backing array names it without joining
// the patterns into a string on every pass; a pointer, so that making
// it a key allocates nothing (the list is never resliced).
type compiledKey *string

type compiled struct {
	res []*regexp.Regexp
	err error
}

// compileShared is compileAll, once per run for each list of patterns.
func compileShared(p *lint.Pass, patterns []string) ([]*regexp.Regexp, error) {
	// The usual list is empty: no key to join and nothing to compile.
	if len(patterns) == 0 {
		return nil, nil
	}
	v := p.Shared(compiledKey(&patterns[0]), func() any {
		res, err := compileAll(patterns)
		return compiled{res, err}
	}).(compiled)
	return v.res, v.err
}

func compileAll(patterns []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("ignore-locations: %v", err)
		}
		out = append(out, re)
	}
	return out, nil
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
