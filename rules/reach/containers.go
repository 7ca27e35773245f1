package reach

import (
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules/internal/services"
)

// containerEvidence tells whether a pass target's host is a container's
// name — one whose address changes when the container is recreated — and
// why the lint believes so: a service of the Compose project the tree
// lives in, a headless Kubernetes Service of the run's manifests, or, for a single-label name, the tree's own use of Docker's
// embedded DNS (resolver 127.0.0.11). Without either, a single-label
// name may be an /etc/hosts entry or a fixed host, and stays silent.
type containerEvidence struct {
	project *services.Project
	// docker is the tree's resolver 127.0.0.11, if any.
	docker *lint.Directive
	// all is the run's Kubernetes manifests, which say which Service
	// names are headless.
	all []*lint.Config
}

func containersOf(p *lint.Pass, c *lint.Config) containerEvidence {
	ev := containerEvidence{project: services.Of(p, c), all: services.Kubernetes(p)}
	for _, d := range c.Directives {
		if d.Name != "resolver" {
			continue
		}
		for _, a := range d.Args {
			if a == "127.0.0.11" || strings.HasPrefix(a, "127.0.0.11:") {
				ev.docker = d
			}
		}
	}
	return ev
}

// container returns how to name host as a container in a message ("the
// Compose service api") and where the evidence is; "" when there is none.
func (ev containerEvidence) container(host string) (string, []lint.Related) {
	if s, n := ev.project.Named(host); s != nil {
		what := "the Compose service " + s.Name
		if n.How != "service" {
			what = fmt.Sprintf("the %s of the Compose service %s", strings.ReplaceAll(n.How, "_", " "), s.Name)
		}
		return what, []lint.Related{{Pos: n.Pos, Message: what + " defined here"}}
	}
	// A headless Service's name resolves to its pods' addresses, which
	// change on every rollout; a ClusterIP Service's keeps its virtual IP.
	if s := services.Headless(ev.all, host); s != nil {
		what := "the headless Kubernetes Service " + s.Name + " (clusterIP: None: its name resolves to the pods' addresses)"
		return what, []lint.Related{{Pos: s.HeadlessPos, Message: "clusterIP: None: the Service " + s.Name + " is headless"}}
	}
	if ev.docker != nil && singleLabel(host) {
		return "a container name (the tree uses Docker's embedded DNS)", []lint.Related{{Pos: ev.docker.Pos, Message: "resolver 127.0.0.11: Docker's embedded DNS"}}
	}
	return "", nil
}

// singleLabel reports a name Docker's DNS may answer for a container: no
// dot, not an address, not localhost.
func singleLabel(host string) bool {
	return host != "" && !strings.Contains(host, ".") && !strings.Contains(host, ":") &&
		!lint.IsIP(host) && !strings.EqualFold(host, "localhost")
}
