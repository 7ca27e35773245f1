// Package fpm reads PHP-FPM configuration — php-fpm.conf and its pool
// files — into the model's backends (lint.Backend, source lint.PHPFPM):
// what each pool listens on, for whom, with how many workers and which
// limits, every value positioned file:line:col where it was written.
//
// The reading follows php-fpm's own (sapi/fpm/fpm/fpm_conf.c, PHP 8.x):
//
//   - php-fpm hands each line to PHP's INI parser on its own, so no value
//     spans lines and every error has the line it was found on. ';'
//     starts a comment (also after a value); '#' does not: php-fpm reads
//     "# x = 1" as the entry "# x" and refuses it.
//   - "[name]" starts (or reopens, case-insensitively) the pool "name";
//     "[global]" switches back to the global settings. Keys are matched
//     case-insensitively, except include and the arrays (env[],
//     php_value[], php_admin_value[], php_flag[], php_admin_flag[]).
//   - Values: double quotes (with \" \\ \$), single quotes (raw), and
//     PHP's literals (yes/on/true are "1", no/off/false/none/null
//     empty). ${NAME} is an environment variable php-fpm expands when it
//     starts: the value is unknown to the lint (Backend.Unknown) and no
//     rule judges it. $pool is the pool's name.
//   - include=PATTERN is globbed and its files read in place: the pool
//     current at the include continues into them, and the pool current
//     at their end stays current. A relative pattern is below php-fpm's
//     prefix (/usr on Debian, /usr/local in the Docker image); an
//     absolute one is the server's. Both are looked for in the
//     repository: a mapping (.edgelint.yaml mappings) says where, else
//     the copy of the path's tail beside the entry or above it
//     (rootfs/etc/php/8.2/fpm/pool.d for /etc/php/8.2/fpm/pool.d,
//     php-fpm.d/ for etc/php-fpm.d/ in the Docker layout). What is not
//     there is a notice and the configuration is read with it unknown
//     (lint.Unread); --strict-includes makes it an error. php-fpm nests
//     includes 5 files deep at most.
//
// Layouts: Debian and Ubuntu (/etc/php/<v>/fpm/php-fpm.conf including
// pool.d/*.conf), RHEL and Fedora (/etc/php-fpm.conf including
// /etc/php-fpm.d/*.conf), Alpine (/etc/php<NN>/php-fpm.conf including
// php-fpm.d/*.conf), the official Docker image (/usr/local/etc/php-fpm.conf
// including etc/php-fpm.d/*.conf, whose docker.conf and zz-docker.conf
// reopen [www] after www.conf, zz-docker.conf setting listen = 9000).
//
// A file is php-fpm's main configuration when it is named php-fpm.conf
// (php8.2-fpm.conf…) or includes others (Main); any other FPM file is a
// pool file, loaded as a fragment (lint.Config.Fragment) when no main
// configuration among the inputs includes it. A pool file without a
// section continues the pool of the file that includes it: its pool has
// no name.
//
// Errors are php-fpm's (php-fpm -t), with the file, line and column php-fpm
// only partly gives: syntax errors of PHP's INI parser, unknown entries,
// values php-fpm cannot parse ("unable to parse value for entry 'pm':
// invalid process manager (static, dynamic or ondemand)"), and, for a
// main configuration read whole, what php-fpm refuses once everything is
// read (a pool without listen or pm, pm.max_children below 1, dynamic
// spare-server limits that contradict each other, two pools on one
// address, no pool at all). Values the lint cannot know (environment
// variables, PHP expressions) are not checked. php-fpm's checks of the
// machine (users and groups that exist, directories) are not made.
//
// Templates (Jinja, ERB, @VAR@…) are left out with a notice as elsewhere,
// ';' lines counting as comments.
package fpm
