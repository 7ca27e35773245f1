package gentree

import (
	"path/filepath"
)

// TestCommand returns the real server's configuration-test command for the
// tree: the program name, its arguments and extra environment (KEY=VALUE).
// Everything the server writes during the test (pid file, logs, temp
// directories) goes below the tree directory.
func (t *Tree) TestCommand() (name string, args []string, env []string) {
	switch t.Kind {
	case Apache:
		return "apache2", []string{"-t", "-d", t.Dir, "-f", t.Entry}, ApacheEnv(t.Dir)
	default:
		return "nginx", []string{"-t", "-q", "-p", t.Dir + "/", "-e", "stderr", "-c", t.Entry}, nil
	}
}

// ApacheEnv is the environment Debian's apache2 binary expects from
// /etc/apache2/envvars (its apache2.conf refers to these variables), with
// every writable path below dir.
func ApacheEnv(dir string) []string {
	return []string{
		"APACHE_RUN_USER=www-data",
		"APACHE_RUN_GROUP=www-data",
		"APACHE_RUN_DIR=" + filepath.Join(dir, "run"),
		"APACHE_PID_FILE=" + filepath.Join(dir, "run", "apache2.pid"),
		"APACHE_LOCK_DIR=" + filepath.Join(dir, "lock"),
		"APACHE_LOG_DIR=" + filepath.Join(dir, "logs"),
		"LANG=C",
	}
}
