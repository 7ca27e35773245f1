package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
)

// repoRoot is the repository this test file belongs to.
var repoRoot = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Dir(filepath.Dir(wd))
}()

const badConf = `events {}
http {
    server {
        listen 80;
        server_name example.com;
        location / {
            proxy_pass http://127.0.0.1:8080;
            proxy_set_header Host $host;
            proxy_read_timeout 5s;
        }
    }
}
`

const cleanConf = `events {}
http {
    server {
        listen 80;
        server_name example.com;
        location / {
            return 200 "ok\n";
        }
    }
}
`

// buildBinary builds edgelint once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "edgelint")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

func writeConf(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The built binary runs the real rules and exits with the contract's codes.
func TestBinary(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	run := func(args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "NO_COLOR=")
		out, err := cmd.CombinedOutput()
		return string(out), exitCode(err)
	}
	writeConf(t, dir, badConf)
	out, code := run("check")
	if code != 1 || !strings.Contains(out, "EL4001 upstream-read-timeout-short") || !strings.Contains(out, "nginx.conf") {
		t.Errorf("bad config: exit %d\n%s", code, out)
	}
	writeConf(t, dir, cleanConf)
	if out, code := run("check", "."); code != 0 || !strings.Contains(out, "no findings in 1 file") {
		t.Errorf("clean config: exit %d\n%s", code, out)
	}
	if out, code := run("check", "--frobnicate"); code != 3 {
		t.Errorf("unknown flag: exit %d\n%s", code, out)
	}
	writeConf(t, dir, "http {\n")
	if out, code := run("check"); code != 2 {
		t.Errorf("broken config: exit %d\n%s", code, out)
	}
	if out, code := run("version"); code != 0 || !strings.HasPrefix(out, "edgelint ") {
		t.Errorf("version: exit %d %q", code, out)
	}
}

// Colour appears on a terminal and never with NO_COLOR or --no-color. The
// terminal is a pseudo-terminal from script(1).
func TestColourOnlyOnATerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed; it provides the pseudo-terminal")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	writeConf(t, dir, badConf)
	onTTY := func(noColor string, args ...string) string {
		cmd := exec.Command(script, "-qec", strings.Join(append([]string{bin}, args...), " "), "/dev/null")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "NO_COLOR="+noColor, "TERM=xterm")
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	if out := onTTY("", "check"); !strings.Contains(out, "\x1b[") || !strings.Contains(out, "EL4001") {
		t.Errorf("no colour on a terminal:\n%q", out)
	}
	if out := onTTY("1", "check"); strings.Contains(out, "\x1b[") || !strings.Contains(out, "EL4001") {
		t.Errorf("colour with NO_COLOR:\n%q", out)
	}
	if out := onTTY("", "check", "--no-color"); strings.Contains(out, "\x1b[") || !strings.Contains(out, "EL4001") {
		t.Errorf("colour with --no-color:\n%q", out)
	}
}

// The repository's pre-commit hook, driven by the real pre-commit client
// (try-repo on a clone of HEAD), blocks a config with a finding and passes
// a clean one. pre-commit builds edgelint from source (language: golang)
// with the shared module cache, so it needs the Go proxy only for modules
// missing from the cache. It runs behind the real-server switch
// (internal/testsupport/realserver): CI installs pre-commit.
func TestPreCommitHook(t *testing.T) {
	precommit := realserver.Binary(t, "pre-commit")
	tmp := t.TempDir()
	clone := filepath.Join(tmp, "edgelint")
	gitRun(t, "", "clone", "-q", "--no-hardlinks", repoRoot, clone)

	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"),
		"GOMODCACHE="+strings.TrimSpace(string(modcache)),
		"GOFLAGS=-mod=mod -buildvcs=false",
		"NO_COLOR=1",
	)
	project := filepath.Join(tmp, "project")
	if err := os.Mkdir(project, 0o755); err != nil {
		t.Fatal(err)
	}
	gitRun(t, project, "init", "-q")
	hook := func(conf string) (string, int) {
		writeConf(t, project, conf)
		gitRun(t, project, "add", "nginx.conf")
		cmd := exec.Command(precommit, "try-repo", clone, "edgelint", "--files", "nginx.conf", "--verbose")
		cmd.Dir = project
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), exitCode(err)
	}
	out, code := hook(badConf)
	if code == 0 || !strings.Contains(out, "EL4001") || !regexp.MustCompile(`edgelint\.*Failed`).MatchString(out) {
		t.Fatalf("bad config passed the hook (exit %d):\n%s", code, out)
	}
	out, code = hook(cleanConf)
	if code != 0 || !regexp.MustCompile(`edgelint\.*Passed`).MatchString(out) {
		t.Fatalf("clean config failed the hook (exit %d):\n%s", code, out)
	}
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// The files users copy: the hook definition, the action and the CI
// examples are well-formed and wired to each other.
func TestCIFiles(t *testing.T) {
	read := func(name string, v any) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var hooks []struct {
		ID            string   `yaml:"id"`
		Name          string   `yaml:"name"`
		Description   string   `yaml:"description"`
		Entry         string   `yaml:"entry"`
		Language      string   `yaml:"language"`
		PassFilenames bool     `yaml:"pass_filenames"`
		RequireSerial bool     `yaml:"require_serial"`
		Types         []string `yaml:"types"`
		Files         string   `yaml:"files"`
	}
	read(".pre-commit-hooks.yaml", &hooks)
	if len(hooks) != 1 || hooks[0].ID != "edgelint" || hooks[0].Language != "golang" || hooks[0].Entry != "edgelint check" {
		t.Fatalf("hooks %+v", hooks)
	}
	files := regexp.MustCompile(hooks[0].Files)
	for name, want := range map[string]bool{
		"nginx.conf": true, "deploy/nginx/nginx.conf": true, "etc/nginx/sites-enabled/app": true,
		"apache2/apache2.conf": true, "conf.d/upstreams.conf": true, "httpd/conf/httpd.conf": true,
		".edgelint.yaml": true, "main.go": false, "README.md": false, "deploy/app.yaml": false,
	} {
		if files.MatchString(name) != want {
			t.Errorf("hook files regex on %q: %v", name, !want)
		}
	}

	var action struct {
		Name        string         `yaml:"name"`
		Description string         `yaml:"description"`
		Author      string         `yaml:"author"`
		Branding    map[string]any `yaml:"branding"`
		Inputs      map[string]any `yaml:"inputs"`
		Outputs     map[string]any `yaml:"outputs"`
		Runs        struct {
			Using string `yaml:"using"`
			Steps []struct {
				Name  string            `yaml:"name"`
				ID    string            `yaml:"id"`
				If    string            `yaml:"if"`
				Uses  string            `yaml:"uses"`
				With  map[string]string `yaml:"with"`
				Shell string            `yaml:"shell"`
				Env   map[string]string `yaml:"env"`
				Run   string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	read("action.yml", &action)
	var uses, runs []string
	for _, s := range action.Runs.Steps {
		if s.Uses != "" {
			uses = append(uses, s.Uses)
		}
		if s.Run != "" && s.Shell != "bash" {
			t.Errorf("step %q: composite run steps need shell: bash", s.Name)
		}
		runs = append(runs, s.Run)
	}
	all := strings.Join(uses, " ") + strings.Join(runs, " ")
	for _, want := range []string{"actions/setup-go@", "go install ./cmd/edgelint", "edgelint check --format github --format \"sarif=", "github/codeql-action/upload-sarif@"} {
		if !strings.Contains(all, want) {
			t.Errorf("action.yml lacks %q", want)
		}
	}
	if action.Runs.Using != "composite" {
		t.Errorf("action runs.using %q", action.Runs.Using)
	}

	var precommitConfig struct {
		Repos []struct {
			Repo  string `yaml:"repo"`
			Rev   string `yaml:"rev"`
			Hooks []struct {
				ID   string   `yaml:"id"`
				Args []string `yaml:"args"`
			} `yaml:"hooks"`
		} `yaml:"repos"`
	}
	read("examples/ci/.pre-commit-config.yaml", &precommitConfig)
	if h := precommitConfig.Repos[0].Hooks[0]; h.ID != hooks[0].ID {
		t.Errorf("example uses hook %q", h.ID)
	}
	var workflow map[string]any
	read("examples/ci/edgelint.yml", &workflow)
	b, _ := os.ReadFile(filepath.Join(repoRoot, "examples/ci/edgelint.yml"))
	if !strings.Contains(string(b), "uses: edgelint/edgelint@") || !strings.Contains(string(b), "security-events: write") {
		t.Errorf("workflow example does not use the action with security-events write")
	}
}
