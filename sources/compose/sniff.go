package compose

import (
	"bytes"
	"strings"

	"github.com/edgelint/edgelint/sources/input"
)

// topLevel are the keys the Compose Specification allows at the top of a
// file (x-… extensions aside).
var topLevel = map[string]bool{
	"version": true, "name": true, "services": true, "networks": true,
	"volumes": true, "configs": true, "secrets": true, "include": true, "models": true,
}

// Sniff tells a Compose file from its name and first bytes: 2 for a YAML
// file with a top-level services: mapping (or include: list) whose other
// top-level keys are
// all Compose's own, 0 for anything else. Kubernetes manifests
// (apiVersion:, kind:), CI workflows, Ansible and Helm values have other
// top-level keys and stay passed over.
func Sniff(path string, head []byte) int {
	services, other := false, false
	mapping := input.YAMLTopKeys(path, head, func(k string, rest []byte) bool {
		switch {
		case k == "services":
			if r := bytes.TrimSpace(rest); len(r) > 0 && r[0] != '#' && r[0] != '{' && r[0] != '&' {
				other = true // services: value on the line: not a mapping of services
				return false
			}
			services = true
		case k == "include":
			services = true // a project of included files (laradock)
		case topLevel[k], strings.HasPrefix(k, "x-"):
		default:
			other = true
			return false
		}
		return true
	})
	if mapping && !other && services {
		return 2
	}
	return 0
}
