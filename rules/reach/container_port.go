package reach

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/services"
)

//go:embed docs/container-port-not-declared.md
var containerPortDoc string

// ContainerPortNotDeclared reports a pass to a Compose service on a port
// the service neither publishes nor exposes while it declares others.
// Containers on one network reach every port the process listens on —
// expose: documents, it does not open — so this is a hint, not a
// certainty: info.
var ContainerPortNotDeclared = &lint.Rule{
	ID:       "EL1009",
	Name:     "container-port-not-declared",
	Category: lint.CategoryReachability,
	Title:    "pass to a Compose service on a port it does not declare",
	Doc:      containerPortDoc,
	Severity: lint.Info,
	Sources:  []lint.SourceKind{lint.Nginx},
	Check:    checkContainerPort,
}

func checkContainerPort(p *lint.Pass) error {
	c := p.Config
	project := services.Of(p, c)
	if project == nil {
		return nil
	}
	check := func(pos lint.Position, what, host string, port int) {
		// The project's files are alternatives or layers (compose -f a
		// -f b): every service of that name must declare ports, and none
		// this one.
		var s *lint.Service
		var ports []int
		seen := map[int]bool{}
		for _, x := range project.Services {
			if x.Named(host) == nil {
				continue
			}
			if len(x.Ports) == 0 || x.Listens(port) {
				return
			}
			if _, unknown := x.Unknown["ports"]; unknown {
				return
			}
			if _, unknown := x.Unknown["expose"]; unknown {
				return
			}
			if s == nil {
				s = x
			}
			for _, sp := range x.Ports {
				if sp.Protocol != "udp" && !seen[sp.Port] {
					seen[sp.Port] = true
					ports = append(ports, sp.Port)
				}
			}
		}
		if s == nil || len(ports) == 0 {
			return
		}
		sort.Ints(ports)
		list := make([]string, len(ports))
		for i, x := range ports {
			list[i] = strconv.Itoa(x)
		}
		p.Report(pos, fmt.Sprintf("%s: the Compose service %s declares container port %s, not %d → 502 connect() failed (111: Connection refused) "+
			"unless its process also listens on %d (expose: only documents ports; containers on the network reach any port)",
			what, s.Name, strings.Join(list, ", "), port, port),
			lint.Related{Pos: s.Ports[0].Pos, Message: "ports of the Compose service " + s.Name})
	}
	for r := range c.Routes() {
		t := r.Target
		if t.Variables || t.Upstream != nil || t.Host == "" || t.UnixPath != "" || (!t.PortSet && needsPort(r.Protocol)) {
			continue
		}
		check(t.Pos, passDirective(c, r)+" "+t.Raw, t.Host, t.Port)
	}
	for u, e := range c.Endpoints() {
		if e.Host == "" || e.Port == 0 {
			continue
		}
		check(e.Pos, fmt.Sprintf("server %s in upstream %s", e.Raw, u.Name), e.Host, e.Port)
	}
	return nil
}
