package realserver

import (
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// PHPFPM finds php-fpm through the real-server switch: "php-fpm" on the
// PATH or in /usr/sbin, else Debian's versioned /usr/sbin/php-fpmX.Y
// (package php-fpm), the newest first.
func PHPFPM(t testing.TB) string {
	t.Helper()
	Require(t)
	for _, p := range []string{"php-fpm", "/usr/sbin/php-fpm"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	versioned, _ := filepath.Glob("/usr/sbin/php-fpm[0-9]*")
	sort.Sort(sort.Reverse(sort.StringSlice(versioned)))
	for _, p := range versioned {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	missing(t, "php-fpm is not installed")
	return ""
}

// PHPFPMConfig is a complete php-fpm.conf: the global section keeps the
// pid file and error log under dir and the master in the foreground,
// then pools (the text of one or more [pool] sections) follows. A pool
// names its own listen, pm and user.
func PHPFPMConfig(dir, pools string) string {
	return fmt.Sprintf(`[global]
pid = %[1]s/php-fpm.pid
error_log = %[1]s/php-fpm.log
log_level = notice
daemonize = no

%[2]s
`, dir, Indent(pools, ""))
}

// WritePHPFPMConf writes PHPFPMConfig(dir, pools) to dir/php-fpm.conf and
// returns its path.
func WritePHPFPMConf(t testing.TB, dir, pools string) string {
	t.Helper()
	conf := filepath.Join(dir, "php-fpm.conf")
	WriteFile(t, conf, PHPFPMConfig(dir, pools))
	return conf
}

// PHPFPMTest runs `php-fpm -t -y conf`: what php-fpm says and whether it
// accepts the configuration.
func PHPFPMTest(t testing.TB, conf string) (string, bool) {
	t.Helper()
	out, err := exec.Command(PHPFPM(t), "-t", "-y", conf).CombinedOutput()
	return string(out), err == nil
}

// StartPHPFPM runs `php-fpm -F -y conf` (conf written by WritePHPFPMConf
// under dir) until the test ends, and waits until ready accepts a
// connection: a unix socket path or a loopback "127.0.0.1:port". Started
// as root, the master stays root (it creates the sockets) and each pool's
// workers take the pool's user.
func StartPHPFPM(t testing.TB, dir, conf, ready string) *Server {
	t.Helper()
	bin := PHPFPM(t)
	s := &Server{Kind: "php-fpm", Dir: dir, Conf: conf, ErrorLog: filepath.Join(dir, "php-fpm.log")}
	s.startWith(t, bin, []string{"-F", "-y", conf}, "accept connections on "+ready, func() bool {
		network := "unix"
		if !filepath.IsAbs(ready) {
			network = "tcp"
		}
		c, err := net.DialTimeout(network, ready, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return true
		}
		return false
	})
	return s
}
