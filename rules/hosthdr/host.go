package hosthdr

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/upstream-block-name-as-host.md
var hostDoc string

// HostOptions tune upstream-block-name-as-host.
type HostOptions struct {
	// NameBasedOnly limits the rule to upstream blocks whose servers are
	// written as host names (name-based virtual hosts, where the wrong Host
	// selects the wrong site), leaving pools of IP addresses and sockets
	// alone.
	NameBasedOnly bool `yaml:"name-based-only"`
}

// BlockNameAsHost: without proxy_set_header Host, nginx sends
// Host: $proxy_host, which for proxy_pass http://backend is the block name.
var BlockNameAsHost = &lint.Rule{
	ID:       "EL2003",
	Name:     "upstream-block-name-as-host",
	Category: lint.CategoryHostHeader,
	Title:    "backend receives the upstream block name as Host",
	Doc:      hostDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx},
	// A setting missing here may be set in the http block of the tree
	// that includes a fragment: judge only whole trees.
	WholeTree: true,
	Options:   func() any { return &HostOptions{} },
	Check:     checkBlockNameAsHost,
}

// hostSet reports whether the route sends something other than $proxy_host.
// An empty value (no Host header at all) is a deliberate choice too.
func hostSet(r *lint.Route) bool {
	if r.Host.Set {
		return !proxyHost(r.Host.Value)
	}
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "Host") {
			return !proxyHost(h.Value)
		}
	}
	return false
}

func proxyHost(v string) bool {
	v = strings.TrimSpace(v)
	return v == "$proxy_host" || strings.HasPrefix(v, "$proxy_host:")
}

func checkBlockNameAsHost(p *lint.Pass) error {
	opts, _ := p.Options.(*HostOptions)
	if opts == nil {
		opts = &HostOptions{}
	}
	for _, s := range p.Config.Sites {
		for _, r := range s.Routes {
			up := r.Target.Upstream
			if r.Protocol != lint.ProtoHTTP || up == nil || r.Target.Variables || dnsName(up.Name) || hostSet(r) {
				continue
			}
			want := endpointName(up)
			var msg string
			switch {
			case want != "":
				msg = fmt.Sprintf("the backend receives \"Host: %s\" (the upstream block name; no proxy_set_header Host) although its servers are addressed by name (%s) → a name-based backend answers from the wrong virtual host: 404, 421 or its default site's 5xx; set proxy_set_header Host %s (or $host)",
					up.Name, want, want)
			case !opts.NameBasedOnly:
				msg = fmt.Sprintf("the backend receives \"Host: %s\" (the upstream block name; no proxy_set_header Host) → backends that check Host or build URLs from it (Django ALLOWED_HOSTS, Rails hosts, virtual hosts) reject the request (400/403/404) or link to http://%s/; set proxy_set_header Host $host",
					up.Name, up.Name)
			default:
				continue
			}
			// The block name comes from the proxy_pass address, so the
			// finding points there (or at an explicit Host $proxy_host).
			pos := r.Target.Pos
			if r.Host.Set || pos.IsZero() {
				pos = r.Host.Pos
			}
			if pos.IsZero() {
				pos = r.Pos
			}
			p.Report(pos, msg, upstreamRelated(up))
		}
	}
	return nil
}
