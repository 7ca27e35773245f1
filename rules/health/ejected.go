package health

import (
	_ "embed"
	"fmt"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/upstream-never-ejected.md
var ejectedDoc string

// NeverEjected: max_fails=0 turns off nginx's passive failure accounting;
// when every server of a pool has it, a dead server stays in rotation.
var NeverEjected = &lint.Rule{
	ID:       "EL3002",
	Name:     "upstream-never-ejected",
	Category: lint.CategoryHealthCheck,
	Title:    "every server of a multi-server upstream has max_fails=0",
	Doc:      ejectedDoc,
	Severity: lint.Info,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkNeverEjected,
}

func checkNeverEjected(p *lint.Pass) error {
	for _, up := range p.Config.Upstreams {
		if up.HealthCheck.Active.Value {
			continue
		}
		var primary int
		var related []lint.Related
		all := true
		for _, e := range up.Endpoints {
			if e.Down.Value {
				continue
			}
			if e.Backup.Value {
				continue
			}
			primary++
			if !e.MaxFails.Set || e.MaxFails.Value != 0 {
				all = false
				break
			}
			related = append(related, lint.Related{Pos: e.MaxFails.Pos, Message: "max_fails=0 here"})
		}
		if !all || primary < 2 {
			continue
		}
		p.Report(up.Pos, fmt.Sprintf("every server of upstream %s has max_fails=0, so nginx never takes a failing server out of rotation → every request sent to a dead server first waits for a failed connect (up to proxy_connect_timeout) and fails outright where it cannot be retried (502/504)", up.Name), related...)
	}
	return nil
}
