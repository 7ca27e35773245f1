package sources

import (
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
