package realserver

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// MariaDB finds mariadbd and mariadb-install-db through the real-server
// switch (package mariadb-server).
func MariaDB(t testing.TB) (server, install string) {
	t.Helper()
	Require(t)
	var err error
	if server, err = exec.LookPath("mariadbd"); err != nil {
		if server, err = exec.LookPath("/usr/sbin/mariadbd"); err != nil {
			missing(t, "mariadbd is not installed (apt-get install mariadb-server)")
			return "", ""
		}
	}
	for _, p := range []string{"mariadb-install-db", "/usr/bin/mariadb-install-db", "mysql_install_db"} {
		if install, err = exec.LookPath(p); err == nil {
			return server, install
		}
	}
	missing(t, "mariadb-install-db is not installed (apt-get install mariadb-server)")
	return "", ""
}

// MariaDBConfig is a my.cnf for a throwaway server: its data directory,
// socket and pid file under dir, loopback on port, then the [mysqld]
// lines of extra (max_connections…).
func MariaDBConfig(dir string, port int, extra string) string {
	return fmt.Sprintf(`[mysqld]
datadir = %[1]s/data
socket = %[1]s/mysqld.sock
pid-file = %[1]s/mysqld.pid
log-error = %[1]s/mysqld.log
port = %[2]d
bind-address = 127.0.0.1
skip-name-resolve
skip-log-bin
innodb_buffer_pool_size = 16M
%[3]s
`, dir, port, extra)
}

// StartMariaDB initialises a data directory under dir and runs mariadbd
// with conf (MariaDBConfig written to a file of the test's choosing)
// until the test ends, root without a password over TCP on port. As
// root, the server runs as root (--user=root); the installation is
// bounded to a minute.
func StartMariaDB(t testing.TB, dir, conf string, port int) *Server {
	t.Helper()
	server, install := MariaDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, install, "--defaults-file="+conf, "--user=root",
		"--auth-root-authentication-method=normal", "--skip-test-db").CombinedOutput()
	if err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	s := &Server{Kind: "mariadb", Dir: dir, Conf: conf, ErrorLog: filepath.Join(dir, "mysqld.log"), Port: port}
	s.startWith(t, server, []string{"--defaults-file=" + conf, "--user=root"}, fmt.Sprintf("listen on %d", port), func() bool {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return s
}
