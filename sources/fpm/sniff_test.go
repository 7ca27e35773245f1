package fpm

import "testing"

// PHP-FPM files are told from the other INI files that sit beside web
// servers (php.ini, uWSGI, supervisord, systemd units, my.cnf, Cockpit)
// and from nginx and Apache, whose directives are not "key = value".
func TestSniff(t *testing.T) {
	for _, c := range []struct {
		name, path, head string
		want             int
	}{
		{"debian main", "php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\nerror_log = /var/log/php8.2-fpm.log\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n", 2},
		{"main by name", "php8.2-fpm.conf", "[global]\npid = /run/php.pid\n[www]\nlisten = 9000\npm = static\n", 2},
		{"pool", "www.conf", "; pool\n[www]\nuser = www-data\nlisten = 127.0.0.1:9000\npm = dynamic\n", 1},
		{"docker zz-docker.conf", "zz-docker.conf", "[global]\ndaemonize = no\n\n[www]\nlisten = 9000\n", 1},
		{"pool without a section", "x.pool.conf", "user = www-data\ngroup = www-data\nlisten = 0.0.0.0:9000\npm = dynamic\n", 1},
		{"arrays", "pool.conf", "[app]\nphp_admin_value[memory_limit] = 256M\nenv[PATH] = /usr/bin\nlisten = /run/app.sock\n", 1},
		{"php.ini", "php.ini", "[PHP]\nengine = On\nshort_open_tag = Off\nmemory_limit = 128M\nerror_log = /var/log/php.log\nuser_agent = x\n", 0},
		{"php.ini snippet", "zz-custom.ini", "[PHP]\nmemory_limit = 512M\nupload_max_filesize = 64M\n", 0},
		{"uwsgi", "app.ini", "[uwsgi]\nmodule = app:app\nmaster = true\nprocesses = 4\nsocket = /run/app.sock\nlisten = 128\nuid = www-data\n", 0},
		{"supervisord", "php.conf", "[program:php-fpm]\ncommand=php-fpm -F\nuser=root\nautostart=true\n", 0},
		{"systemd", "php-fpm.conf", "[Service]\nUser=www-data\nGroup=www-data\nExecStart=/usr/sbin/php-fpm\nRestart=always\n", 0},
		{"my.cnf", "my.cnf", "[mysqld]\nuser = mysql\npid-file = /run/mysqld.pid\nsocket = /run/mysqld.sock\nport = 3306\n", 0},
		{"cockpit", "cockpit.conf", "[WebService]\nOrigins = https://example.com\nProtocolHeader = X-Forwarded-Proto\n", 0},
		{"nginx", "php.conf", "location ~ \\.php$ {\n    fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n    include fastcgi_params;\n}\n", 0},
		{"apache", "php.conf", "<FilesMatch \\.php$>\n    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n", 0},
		{"comments only", "zzz.conf", ";;;;\n; placeholder\n;;;;\n", 0},
	} {
		if got := Sniff(c.path, []byte(c.head)); got != c.want {
			t.Errorf("%s: Sniff = %d, want %d", c.name, got, c.want)
		}
	}
}
