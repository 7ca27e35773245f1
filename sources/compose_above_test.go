package sources

import (
	"fmt"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// A Compose file above the named tree is the project the tree runs in:
// it is loaded as context, up to the repository's root; one that does
// not load is left out without a word, and one beside other files is
// not context for this tree.
func TestComposeAboveTheNamedTree(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		".git/HEAD":                 "ref: refs/heads/main\n",
		"deploy/nginx/nginx.conf":   "events {}\nhttp {\n    server { listen 80; }\n}\n",
		"deploy/docker-compose.yml": "services:\n  api:\n    image: app\n",
		"compose.override.yaml":     "services:\n  api:\n    expose: [\"8000\"]\n",
		"docker-compose.bad.yml":    "services:\n  api: [\n",
		"other/compose.yml":         "services:\n  x:\n    image: y\n",
	})
	chdir(t, dir)
	res := Load([]string{"deploy/nginx"}, "", input.Options{})
	if len(res.Errors) != 0 || len(res.Notices) != 0 {
		t.Errorf("errors %v\nnotices %v", res.Errors, res.Notices)
	}
	want := "compose:compose.override.yaml compose:deploy/docker-compose.yml nginx:deploy/nginx/nginx.conf"
	if got := strings.Join(roots(res), " "); got != want {
		t.Errorf("configs %s, want %s", got, want)
	}
	// Forced to one kind, the inputs are all there is.
	if res := Load([]string{"deploy/nginx"}, "nginx", input.Options{}); len(res.Configs) != 1 {
		t.Errorf("--source nginx: configs %v", roots(res))
	}
}

// Kubernetes Service manifests beside or above the named tree are context
// too, each Service with its names and whether it is headless; other
// objects and other YAML are passed over, and a manifest that does not
// parse is left out without a word.
func TestKubernetesServicesAboveTheNamedTree(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		".git/HEAD":               "ref: refs/heads/main\n",
		"deploy/nginx/nginx.conf": "events {}\nhttp {\n    server { listen 80; }\n}\n",
		"deploy/services.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n---\n" +
			"apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  clusterIP: None\n  ports:\n    - port: 8080\n---\n" +
			"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n",
		"deploy/nginx/broken.yaml": "apiVersion: v1\nkind: Service\nmetadata: [\n",
		"deploy/values.yaml":       "replicaCount: 2\nimage:\n  tag: latest\n",
		"other/service.yaml":       "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n",
	})
	chdir(t, dir)
	res := Load([]string{"deploy/nginx"}, "", input.Options{})
	if len(res.Errors) != 0 || len(res.Notices) != 0 {
		t.Errorf("errors %v\nnotices %v", res.Errors, res.Notices)
	}
	want := "compose:deploy/services.yaml nginx:deploy/nginx/nginx.conf"
	if got := strings.Join(roots(res), " "); got != want {
		t.Fatalf("configs %s, want %s", got, want)
	}
	var got []string
	for _, c := range res.Configs {
		for _, s := range c.Services {
			var names []string
			for _, n := range s.Names {
				names = append(names, n.Name)
			}
			got = append(got, fmt.Sprintf("%s %s headless=%v %v %d:%d", s.Kind, strings.Join(names, ","), s.Headless, s.Ports, s.HeadlessPos.Line, s.HeadlessPos.Col))
		}
	}
	wantSvc := []string{
		"kubernetes api,api.shop,api.shop.svc,api.shop.svc.cluster.local headless=true [{8080 0 tcp false 8080 deploy/services.yaml:14:13}] 12:14",
		"kubernetes web headless=false [{80 0 tcp false 80 deploy/services.yaml:21:18}] 0:0",
	}
	if strings.Join(got, "\n") != strings.Join(wantSvc, "\n") {
		t.Errorf("services\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantSvc, "\n"))
	}
}
