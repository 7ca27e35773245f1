package compose

import "testing"

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		path, head string
		want       int
	}{
		{"docker-compose.yml", "version: '3'\nservices:\n  web:\n    image: nginx\n", 2},
		{"stack.yaml", "# swarm\nservices:\n  web:\n    image: nginx\nx-common: &c\n  a: 1\n", 2},
		{"compose.yml", "networks:\n  a:\ninclude:\n  - a/compose.yml\n", 2},
		{"docker-compose.yml", "---\nservices: &s\n  web: {}\n", 2},
		// Kubernetes manifests, CI workflows and other YAML stay passed over.
		{"svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  clusterIP: None\n", 0},
		{"ci.yml", "jobs:\n  build:\n    services:\n      db: {}\n", 0},
		{"values.yaml", "services:\n  a: 1\nreplicaCount: 2\n", 0},
		{"compose.yml", "services: []\n", 0},
		{"nginx.conf", "services:\n  web: {}\n", 0},
		{"docker-compose.yml.j2", "services:\n  web: {}\n", 0},
	} {
		if got := Sniff(c.path, []byte(c.head)); got != c.want {
			t.Errorf("Sniff(%s, %q) = %d, want %d", c.path, c.head, got, c.want)
		}
	}
}
