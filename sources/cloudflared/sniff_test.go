package cloudflared

import "testing"

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		path, head string
		want       int
	}{
		{"config.yml", "tunnel: t\ncredentials-file: /c.json\ningress:\n  - service: http_status:404\n", 2},
		{"cloudflared/config.yaml", "# tunnel\ncredentials-file: /c.json\nwarp-routing:\n  enabled: true\ningress:\n  - service: http_status:404\n", 2},
		// ingress: alone, or beside Compose or Kubernetes keys, is not a tunnel's.
		{"config.yml", "ingress:\n  enabled: true\n", 0},
		{"docker-compose.yml", "services:\n  tunnel:\n    image: cloudflare/cloudflared\ntunnel: x\ningress: []\n", 0},
		{"ingress.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\ntunnel: x\ningress: []\n", 0},
		{"values.yaml", "cloudflared:\n  tunnel: t\n  ingress:\n    - service: http_status:404\n", 0},
		{"config.json", "tunnel: t\ningress:\n", 0},
		{"config.yml", "tunnel t\ningress:\n", 0},
	} {
		if got := Sniff(c.path, []byte(c.head)); got != c.want {
			t.Errorf("Sniff(%s, %q) = %d, want %d", c.path, c.head, got, c.want)
		}
	}
}
