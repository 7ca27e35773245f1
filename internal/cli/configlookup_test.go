package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The configuration follows the code: `edgelint check /srv/repo/deploy`
// run from elsewhere reads /srv/repo's .edgelint.yaml, not the working
// directory's, and says which one it read.
func TestConfigFoundFromThePath(t *testing.T) {
	useTestRules(t)
	dir := inTemp(t, map[string]string{
		"repo/.git/HEAD":           "ref: refs/heads/main\n",
		"repo/.edgelint.yaml":      "disable: [EL9902]\n",
		"repo/deploy/nginx.conf":   twoMarkers,
		"other/.edgelint.yaml":     "disable: all\n",
		"other/nginx.conf":         twoMarkers,
		"elsewhere/.edgelint.yaml": "rules: {EL9901: {severity: info}}\n",
	})
	t.Chdir(filepath.Join(dir, "elsewhere"))
	deploy := filepath.Join(dir, "repo", "deploy")

	r := run(t, "check", "--verbose", "--format", "json", deploy)
	if want := "edgelint: using configuration " + filepath.Join(dir, "repo", ".edgelint.yaml"); !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	var o struct {
		Tool     map[string]string `json:"tool"`
		Findings []struct{ Rule, Severity string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
		t.Fatal(err)
	}
	if o.Tool["config"] != filepath.Join(dir, "repo", ".edgelint.yaml") {
		t.Errorf("tool %v", o.Tool)
	}
	for _, f := range o.Findings {
		if f.Rule == "EL9902" || f.Severity != "warning" {
			t.Errorf("finding %+v: the working directory's configuration was read", f)
		}
	}
	if len(o.Findings) == 0 {
		t.Error("no findings")
	}

	// two PATHs, two configurations: one run reads one, so it says so
	r = run(t, "check", deploy, filepath.Join(dir, "other")).expect(t, 3)
	if !strings.Contains(r.stderr, "one run reads one .edgelint.yaml") {
		t.Errorf("stderr %q", r.stderr)
	}
	// --config settles it
	run(t, "check", "--config", filepath.Join(dir, "other", ".edgelint.yaml"), deploy, filepath.Join(dir, "other")).expect(t, 0)

	// the lookup stops at the repository root: a file above it is not read
	writeFiles(t, dir, map[string]string{".edgelint.yaml": "disable: all\n", "repo2/.git/HEAD": "x\n", "repo2/nginx.conf": twoMarkers})
	r = run(t, "check", "--verbose", "--format", "json", filepath.Join(dir, "repo2", "nginx.conf")).expect(t, 1)
	if !strings.Contains(r.stderr, "no .edgelint.yaml found") || strings.Contains(r.stdout, `"config"`) {
		t.Errorf("stderr %q\nstdout %s", r.stderr, r.stdout)
	}
}

// A .edgelint.yaml that cannot be the configuration stops the run: linting
// with defaults instead would pass a gate the project meant to keep.
func TestConfigThatIsNotAFile(t *testing.T) {
	useTestRules(t)
	dir := inTemp(t, map[string]string{"nginx.conf": twoMarkers, ".edgelint.yaml/x": ""})
	r := run(t, "check", "nginx.conf").expect(t, 3)
	if !strings.Contains(r.stderr, ".edgelint.yaml: is a directory") {
		t.Errorf("stderr %q", r.stderr)
	}
	if err := os.RemoveAll(filepath.Join(dir, ".edgelint.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("missing.yaml", filepath.Join(dir, ".edgelint.yaml")); err != nil {
		t.Skip("no symlinks:", err)
	}
	r = run(t, "check", "nginx.conf").expect(t, 3)
	if !strings.Contains(r.stderr, ".edgelint.yaml: is a broken symbolic link") {
		t.Errorf("stderr %q", r.stderr)
	}
	r = run(t, "check", "--config", dir, "nginx.conf").expect(t, 3)
	if !strings.Contains(r.stderr, "is a directory") {
		t.Errorf("--config DIR: stderr %q", r.stderr)
	}
}
