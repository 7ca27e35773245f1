//go:build unix

package cli

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// An unreadable configuration file found by a directory scan is
// "permission denied", not "found no configuration". Root reads every
// file, so as root the test runs itself again as nobody.
func TestPermissionDeniedInAScan(t *testing.T) {
	if dir := os.Getenv("EDGELINT_SCAN_DIR"); dir != "" {
		useTestRules(t)
		r := run(t, "check", "--format", "compact", dir).expect(t, 2)
		if !strings.Contains(r.stdout, "nginx.conf: error: cannot read: permission denied") || strings.Contains(r.stdout, "found no") {
			t.Errorf("stdout %q", r.stdout)
		}
		return
	}
	dir, err := os.MkdirTemp("", "edgelint-perm-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	conf := filepath.Join(dir, "conf")
	writeFiles(t, conf, map[string]string{"nginx.conf": nginxConf()})
	for p, mode := range map[string]os.FileMode{dir: 0o755, conf: 0o755, filepath.Join(conf, "nginx.conf"): 0} {
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPermissionDeniedInAScan$", "-test.v")
	if os.Geteuid() == 0 {
		bin := filepath.Join(dir, "cli.test")
		copyFile(t, os.Args[0], bin)
		cmd = exec.Command(bin, "-test.run=^TestPermissionDeniedInAScan$", "-test.v")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "EDGELINT_SCAN_DIR="+conf, "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Errorf("as another user: %v\n%s", err, out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
