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
	// AnyBackend reports every upstream block without a Host header, not
	// only those whose servers are addressed by host name (name-based
	// virtual hosts). Off by default: app servers behind IP addresses or
	// sockets usually ignore Host.
	AnyBackend bool `yaml:"any-backend"`
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
	Options:  func() any { return &HostOptions{} },
	Check:    checkBlockNameAsHost,
}

// hostSet reports whether the route sends something other than $proxy_host.
func hostSet(r *lint.Route) bool {
	if r.Host.Set && !defaultName(r.Host) {
		return true
	}
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, "Host") {
			return !defaultName(lint.Explicit(h.Value, h.Pos))
		}
	}
	return false
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
			case opts.AnyBackend:
				msg = fmt.Sprintf("the backend receives \"Host: %s\" (the upstream block name; no proxy_set_header Host) → host checks and name-based virtual hosts reject or misroute the request; set proxy_set_header Host $host",
					up.Name)
			default:
				continue
			}
			pos := r.Host.Pos
			if pos.IsZero() {
				pos = r.Pos
			}
			p.Report(pos, msg, upstreamRelated(up))
		}
	}
	return nil
}
