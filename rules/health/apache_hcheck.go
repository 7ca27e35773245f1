package health

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// hcParams are the worker parameters mod_proxy_hcheck adds.
var hcParams = []string{"hcmethod", "hcuri", "hcinterval", "hcpasses", "hcfails", "hcexpr", "hctemplate"}

const hcheckModule = "proxy_hcheck_module"

//go:embed docs/apache-balancer-without-health-check.md
var balancerHCDoc string

// ApacheBalancerWithoutHealthCheck: with mod_proxy_hcheck loaded, members are
// only checked when hcmethod= (default None) says how; a pool whose members
// set hc* parameters but no hcmethod, or a pool of two or more members with
// no hcmethod at all, is not checked. An explicit hcmethod=None is taken as
// a decision.
var ApacheBalancerWithoutHealthCheck = &lint.Rule{
	ID:        "EL3101",
	Name:      "apache-balancer-without-health-check",
	Category:  lint.CategoryHealthCheck,
	Title:     "balancer members not health-checked although mod_proxy_hcheck is loaded",
	Doc:       balancerHCDoc,
	Severity:  lint.Warning,
	Sources:   []lint.SourceKind{lint.Apache},
	WholeTree: true,
	Check: func(p *lint.Pass) error {
		if !p.Config.Product.Modules[hcheckModule] {
			return nil
		}
		for _, u := range p.Config.Upstreams {
			checked := 0
			var stray []lint.Setting[string]
			for _, e := range u.Endpoints {
				if _, ok := e.Params["hctemplate"]; ok {
					checked++ // the template may carry hcmethod
					continue
				}
				if _, ok := e.Params["hcmethod"]; ok {
					// hcmethod=None written out is a decision, not an oversight.
					checked++
					continue
				}
				for _, k := range hcParams {
					if v, ok := e.Params[k]; ok {
						stray = append(stray, v)
						break
					}
				}
			}
			for _, v := range stray {
				p.Report(v.Pos, fmt.Sprintf("%s%s without hcmethod= on this BalancerMember: hcmethod defaults to None, so mod_proxy_hcheck never checks it and a failing member keeps receiving requests", v.Directive, v.Value))
			}
			if len(stray) == 0 && checked == 0 && len(u.Endpoints) >= 2 {
				p.Report(u.Pos, fmt.Sprintf("balancer://%s has %d members and none sets hcmethod=: mod_proxy_hcheck is loaded but checks nothing (hcmethod defaults to None), so a member that answers with errors or hangs keeps receiving requests", u.Name, len(u.Endpoints)))
			}
		}
		return nil
	},
}

//go:embed docs/apache-hcheck-not-loaded.md
var hcheckNotLoadedDoc string

// ApacheHCheckNotLoaded: the hc* worker parameters exist only when
// mod_proxy_hcheck is loaded; without it httpd refuses the configuration
// ("BalancerMember unknown Worker parameter", seen on 2.4.71).
var ApacheHCheckNotLoaded = &lint.Rule{
	ID:        "EL3102",
	Name:      "apache-hcheck-not-loaded",
	Category:  lint.CategoryHealthCheck,
	Title:     "health-check parameters without mod_proxy_hcheck loaded",
	Doc:       hcheckNotLoadedDoc,
	Severity:  lint.Error,
	Sources:   []lint.SourceKind{lint.Apache},
	WholeTree: true,
	Check: func(p *lint.Pass) error {
		mods := p.Config.Product.Modules
		if mods == nil || mods[hcheckModule] {
			return nil
		}
		for _, e := range p.Config.Endpoints() {
			var keys []string
			for k := range e.Params {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if !strings.HasPrefix(k, "hc") {
					continue
				}
				v := e.Params[k]
				p.Report(v.Pos, fmt.Sprintf("%s%s needs mod_proxy_hcheck, which this configuration does not load → httpd refuses to start (BalancerMember unknown Worker parameter)", v.Directive, v.Value))
				break
			}
		}
		return nil
	},
}
