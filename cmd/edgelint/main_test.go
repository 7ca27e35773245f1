package main

import (
	"bytes"
	"errors"
	"fmt"
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

// Release builds set the version and commit with -ldflags, as
// .goreleaser.yaml does; `edgelint version` prints both.
func TestVersionFromLdflags(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "edgelint")
	ldflags := "-X github.com/edgelint/edgelint/internal/cli.Version=9.8.7 -X github.com/edgelint/edgelint/internal/cli.Commit=0123abcd"
	if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "edgelint 9.8.7 (commit 0123abcd, go") {
		t.Errorf("version: %v %q", err, out)
	}
	b, err := os.ReadFile(filepath.Join(repoRoot, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"internal/cli.Version={{.Version}}", "internal/cli.Commit={{.Commit}}"} {
		if !strings.Contains(string(b), want) {
			t.Errorf(".goreleaser.yaml does not set %s", want)
		}
	}
}

// Colour appears on a terminal and never with NO_COLOR or --no-color. The
// terminal is a pseudo-terminal from script(1).
func TestColourOnlyOnATerminal(t *testing.T) {
	script := realserver.Binary(t, "script") // util-linux; CI has it
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

// The repository's pre-commit hooks, driven by the real pre-commit client
// through real commits: the repository holds a tree with an old finding,
// and a commit that touches only another, clean tree passes (the hook
// lints the trees of the changed files), a commit that breaks a tree is
// blocked, and the edgelint-all hook reports the old finding. pre-commit
// builds edgelint from a clone of HEAD (language: golang) with the shared
// module cache, so it needs the Go proxy only for modules missing from the
// cache. It runs behind the real-server switch
// (internal/testsupport/realserver): CI installs pre-commit.
func TestPreCommitHook(t *testing.T) {
	precommit := realserver.Binary(t, "pre-commit")
	tmp := t.TempDir()
	clone := filepath.Join(tmp, "edgelint")
	gitRun(t, "", "clone", "-q", "--no-hardlinks", repoRoot, clone)
	rev, err := exec.Command("git", "-C", clone, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}

	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), gitIdentity...)
	env = append(env,
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"),
		"GOMODCACHE="+strings.TrimSpace(string(modcache)),
		"GOFLAGS=-mod=mod -buildvcs=false",
		"NO_COLOR=1",
	)
	project := filepath.Join(tmp, "project")
	for _, d := range []string{"broken", "clean"} {
		if err := os.MkdirAll(filepath.Join(project, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	gitRun(t, project, "init", "-q")
	writeConf(t, filepath.Join(project, "broken"), badConf)
	realserver.WriteFile(t, filepath.Join(project, ".pre-commit-config.yaml"), fmt.Sprintf(
		"repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: edgelint\n", clone, strings.TrimSpace(string(rev))))
	gitRun(t, project, "add", ".")
	gitRun(t, project, "commit", "-q", "--no-verify", "-m", "an old problem")

	cmd := func(name string, args ...string) (string, int) {
		c := exec.Command(name, args...)
		c.Dir = project
		c.Env = env
		out, err := c.CombinedOutput()
		return string(out), exitCode(err)
	}
	if out, code := cmd(precommit, "install"); code != 0 {
		t.Fatalf("pre-commit install: exit %d\n%s", code, out)
	}
	commit := func(conf string) (string, int) {
		writeConf(t, filepath.Join(project, "clean"), conf)
		gitRun(t, project, "add", "clean/nginx.conf")
		return cmd("git", "commit", "-m", "change the clean tree")
	}
	out, code := commit(cleanConf)
	if code != 0 || !regexp.MustCompile(`edgelint\.*Passed`).MatchString(out) {
		t.Fatalf("a commit of a clean tree beside a broken one was blocked (exit %d):\n%s", code, out)
	}
	out, code = commit(strings.Replace(badConf, "example.com", "example.org", 1))
	if code == 0 || !strings.Contains(out, "EL4001") || !strings.Contains(out, "clean/nginx.conf") ||
		strings.Contains(out, "broken/nginx.conf") || !regexp.MustCompile(`edgelint\.*Failed`).MatchString(out) {
		t.Fatalf("a commit that breaks a tree passed, or reported another tree (exit %d):\n%s", code, out)
	}
	gitRun(t, project, "reset", "-q", "--hard")
	out, code = cmd(precommit, "try-repo", clone, "edgelint-all", "--all-files", "--verbose")
	if code == 0 || !strings.Contains(out, "broken/nginx.conf") || !regexp.MustCompile(`edgelint \(whole repository\)\.*Failed`).MatchString(out) {
		t.Fatalf("edgelint-all passed a repository with a finding (exit %d):\n%s", code, out)
	}
}

// gitIdentity lets git commit in a test without the user's configuration.
var gitIdentity = []string{"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
	"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null"}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitIdentity...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// The files users copy or GitHub runs — the hook definitions, the action,
// the workflows, the release configuration and the CI examples — are
// well-formed YAML, wired to each other, and pin third-party actions by
// commit.
func TestCIFiles(t *testing.T) {
	read := func(name string, v any) []byte {
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
		return b
	}

	type hook struct {
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
	var hooks []hook
	read(".pre-commit-hooks.yaml", &hooks)
	byID := map[string]hook{}
	for _, h := range hooks {
		byID[h.ID] = h
		if h.Language != "golang" || !h.RequireSerial {
			t.Errorf("hook %s: %+v", h.ID, h)
		}
	}
	if h := byID["edgelint"]; h.Entry != "edgelint check --changed" || !h.PassFilenames {
		t.Errorf("hook edgelint lints the trees of the changed files: %+v", h)
	}
	if h := byID["edgelint-all"]; h.Entry != "edgelint check --all" || h.PassFilenames {
		t.Errorf("hook edgelint-all lints the whole repository: %+v", h)
	}
	files := regexp.MustCompile(byID["edgelint"].Files)
	for name, want := range map[string]bool{
		"nginx.conf": true, "deploy/nginx/nginx.conf": true, "etc/nginx/sites-enabled/app": true,
		"apache2/apache2.conf": true, "conf.d/upstreams.conf": true, "httpd/conf/httpd.conf": true,
		"etc/php/8.2/fpm/pool.d/www.conf": true, "php-fpm.d/app": true, "php-fpm.conf": true,
		"cloudflare/zones.json": true, "infra/cloudflare.tf": true, "compose.yaml": true,
		"deploy/docker-compose.prod.yml": true, "cloudflared/config.yml": true,
		".edgelint.yaml": true, "main.go": false, "README.md": false, "deploy/app.yaml": false,
	} {
		if files.MatchString(name) != want {
			t.Errorf("hook files regex on %q: %v", name, !want)
		}
	}

	type step struct {
		Name            string            `yaml:"name"`
		ID              string            `yaml:"id"`
		If              string            `yaml:"if"`
		Uses            string            `yaml:"uses"`
		With            map[string]string `yaml:"with"`
		Shell           string            `yaml:"shell"`
		Env             map[string]string `yaml:"env"`
		Run             string            `yaml:"run"`
		ContinueOnError bool              `yaml:"continue-on-error"`
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
			Steps []step `yaml:"steps"`
		} `yaml:"runs"`
	}
	actionText := read("action.yml", &action)
	if action.Runs.Using != "composite" {
		t.Errorf("action runs.using %q", action.Runs.Using)
	}
	var runs []string
	for _, s := range action.Runs.Steps {
		if s.Run != "" && s.Shell != "bash" {
			t.Errorf("step %q: composite run steps need shell: bash", s.Name)
		}
		runs = append(runs, s.Run)
		if strings.Contains(s.Uses, "upload-sarif") && (!s.ContinueOnError || !strings.Contains(s.If, "head.repo.full_name")) {
			t.Errorf("the SARIF upload must not fail the job, and is skipped on pull requests from forks: %+v", s)
		}
	}
	all := strings.Join(runs, " ")
	for _, want := range []string{
		"releases/download/$ref", "checksums.txt", "sha256sum", // the release binary, checked
		"go install ./cmd/edgelint",                                              // or the action's own source
		"edgelint check --format github --format \"sarif=", "SARIF not uploaded", // says why no upload
	} {
		if !strings.Contains(all, want) {
			t.Errorf("action.yml lacks %q", want)
		}
	}
	if !strings.Contains(string(actionText), "actions/cache@") {
		t.Error("action.yml builds without the Go build cache")
	}
	// the archive name action.yml downloads is the one GoReleaser writes
	var goreleaser struct {
		Version  int              `yaml:"version"`
		Builds   []map[string]any `yaml:"builds"`
		Archives []struct {
			NameTemplate string         `yaml:"name_template"`
			Other        map[string]any `yaml:",inline"`
		} `yaml:"archives"`
		Checksum map[string]string `yaml:"checksum"`
		Sboms    []map[string]any  `yaml:"sboms"`
		Other    map[string]any    `yaml:",inline"`
	}
	read(".goreleaser.yaml", &goreleaser)
	if goreleaser.Version != 2 || len(goreleaser.Archives) != 1 || len(goreleaser.Sboms) == 0 ||
		goreleaser.Archives[0].NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" ||
		goreleaser.Checksum["name_template"] != "checksums.txt" || !strings.Contains(all, `archive="edgelint_${ref#v}_${os}_${arch}.$ext"`) {
		t.Errorf(".goreleaser.yaml and action.yml disagree on the release assets: %+v", goreleaser)
	}
	b := goreleaser.Builds[0]
	if fmt.Sprint(b["goos"]) != "[linux darwin windows]" || fmt.Sprint(b["goarch"]) != "[amd64 arm64]" {
		t.Errorf("release targets %v %v", b["goos"], b["goarch"])
	}

	// every workflow and action: third-party actions pinned by a commit
	// with the release in a comment
	pinned := regexp.MustCompile(`^\s*-?\s*uses:\s*([^@\s]+)@([0-9a-f]{40}) # v\d+(\.\d+)*\s*$`)
	uses := regexp.MustCompile(`^\s*-?\s*uses:\s*(\S+)`)
	workflows, _ := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.yml"))
	examples, _ := filepath.Glob(filepath.Join(repoRoot, "examples", "ci", "*.yml"))
	if len(workflows) == 0 || len(examples) == 0 {
		t.Fatalf("workflows %v, examples %v", workflows, examples)
	}
	for _, path := range append(append([]string{filepath.Join(repoRoot, "action.yml")}, workflows...), examples...) {
		name, _ := filepath.Rel(repoRoot, path)
		var doc map[string]any
		text := read(name, &doc)
		if !strings.HasSuffix(name, "action.yml") && (doc["on"] == nil || doc["jobs"] == nil) {
			t.Errorf("%s: not a workflow (on, jobs)", name)
		}
		for i, line := range strings.Split(string(text), "\n") {
			m := uses.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(m[1], "./") || strings.HasPrefix(m[1], "edgelint/edgelint@") {
				continue
			}
			if !pinned.MatchString(line) {
				t.Errorf("%s:%d: %s is not pinned by commit with its version in a comment", name, i+1, strings.TrimSpace(line))
			}
		}
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
	for _, h := range precommitConfig.Repos[0].Hooks {
		if _, ok := byID[h.ID]; !ok {
			t.Errorf("example uses hook %q", h.ID)
		}
	}
	workflow := read("examples/ci/edgelint.yml", &map[string]any{})
	if !strings.Contains(string(workflow), "uses: edgelint/edgelint@") || !strings.Contains(string(workflow), "security-events: write") {
		t.Errorf("workflow example does not use the action with security-events write")
	}
	// no version that does not exist: no tag of this repository is named
	// until releases exist
	for _, name := range []string{"README.md", "examples/ci/.pre-commit-config.yaml", "examples/ci/edgelint.yml", "examples/ci/pre-commit.yml"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"v0.1.0", "@latest"} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s names %s, which cannot be installed from this repository", name, bad)
			}
		}
	}
}
