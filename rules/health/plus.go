package health

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/health-check-plus-only.md
var plusDoc string

// PlusOnly: active health checks (health_check, match) and slow_start are
// NGINX Plus features; open source nginx rejects the configuration.
var PlusOnly = &lint.Rule{
	ID:       "EL3001",
	Name:     "health-check-plus-only",
	Category: lint.CategoryHealthCheck,
	Title:    "NGINX Plus health-check directive in an open source configuration",
	Doc:      plusDoc,
	Severity: lint.Error,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkPlusOnly,
}

func checkPlusOnly(p *lint.Pass) error {
	if strings.EqualFold(p.Config.Product.Edition, "plus") {
		return nil
	}
	for _, d := range p.Config.Directives {
		switch d.Name {
		case "health_check", "match":
			p.Report(d.Pos, fmt.Sprintf("%s is an NGINX Plus directive → open source nginx refuses to load the configuration: [emerg] unknown directive \"%s\"; use passive checks (max_fails, fail_timeout) or, if the configuration is for NGINX Plus, set the nginx edition to plus",
				d.Name, d.Name))
		case "server":
			if len(d.Blocks) == 0 || d.Blocks[len(d.Blocks)-1] != "upstream" {
				continue
			}
			for _, a := range d.Args {
				if strings.HasPrefix(a, "slow_start=") {
					p.Report(d.Pos, fmt.Sprintf("server parameter %s is NGINX Plus only → open source nginx refuses to load the configuration: [emerg] invalid parameter \"%s\"", a, a))
				}
			}
		}
	}
	return nil
}
