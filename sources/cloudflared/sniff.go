package cloudflared

import "github.com/edgelint/edgelint/sources/input"

// notTunnel are top-level keys of the YAML files that share the name
// config.yml with cloudflared's (Compose, Kubernetes manifests, Helm
// values): a file with one is never a tunnel's configuration.
var notTunnel = map[string]bool{
	"services": true, "apiVersion": true, "kind": true, "metadata": true, "spec": true,
}

// Sniff claims a YAML file with a top-level ingress: and a tunnel: or
// credentials-file:, and no key of Compose or Kubernetes: 2 for it, 0 for
// anything else.
func Sniff(path string, head []byte) int {
	ingress, tunnel, other := false, false, false
	mapping := input.YAMLTopKeys(path, head, func(k string, _ []byte) bool {
		switch {
		case k == "ingress":
			ingress = true
		case k == "tunnel", k == "credentials-file":
			tunnel = true
		case notTunnel[k]:
			other = true
			return false
		}
		return true
	})
	if mapping && !other && ingress && tunnel {
		return 2
	}
	return 0
}
