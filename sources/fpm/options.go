package fpm

import (
	"strconv"
	"strings"
	"time"
)

// valueType is how php-fpm parses an option's value (fpm_conf.c).
type valueType int

const (
	typeString valueType = iota
	typeInteger
	typeTime
	typeBoolean
	typePM
	typeLogLevel
	typeRlimitCore
	typeSyslogFacility
)

// globalOptions and poolOptions are php-fpm's entries of the [global]
// section and of a pool (sapi/fpm/fpm/fpm_conf.c, PHP 8.x), matched
// case-insensitively as php-fpm does. Options that only some builds know
// (systemd, ACL, AppArmor, FreeBSD's setfib) are taken as known: an
// "unknown entry" error on a machine whose php-fpm has them would be
// edgelint's mistake.
var (
	globalOptions = map[string]valueType{
		"pid": typeString, "error_log": typeString, "syslog.ident": typeString,
		"syslog.facility": typeSyslogFacility, "log_buffering": typeBoolean, "log_level": typeLogLevel,
		"log_limit": typeInteger, "emergency_restart_threshold": typeInteger,
		"emergency_restart_interval": typeTime, "process_control_timeout": typeTime,
		"process.max": typeInteger, "process.priority": typeInteger, "daemonize": typeBoolean,
		"rlimit_files": typeInteger, "rlimit_core": typeRlimitCore, "events.mechanism": typeString,
		"systemd_interval": typeTime,
	}
	poolOptions = map[string]valueType{
		"prefix": typeString, "user": typeString, "group": typeString, "listen": typeString,
		"listen.backlog": typeInteger, "listen.acl_users": typeString, "listen.acl_groups": typeString,
		"listen.owner": typeString, "listen.group": typeString, "listen.mode": typeString,
		"listen.allowed_clients": typeString, "listen.setfib": typeInteger,
		"process.priority": typeInteger, "process.dumpable": typeBoolean, "pm": typePM,
		"pm.max_children": typeInteger, "pm.start_servers": typeInteger,
		"pm.min_spare_servers": typeInteger, "pm.max_spare_servers": typeInteger,
		"pm.max_spawn_rate": typeInteger, "pm.process_idle_timeout": typeTime,
		"pm.max_requests": typeInteger, "pm.status_path": typeString, "pm.status_listen": typeString,
		"ping.path": typeString, "ping.response": typeString, "access.log": typeString,
		"access.format": typeString, "slowlog": typeString, "request_slowlog_timeout": typeTime,
		"request_slowlog_trace_depth": typeInteger, "request_terminate_timeout": typeTime,
		"request_terminate_timeout_track_finished": typeBoolean, "rlimit_files": typeInteger,
		"rlimit_core": typeRlimitCore, "chroot": typeString, "chdir": typeString,
		"catch_workers_output": typeBoolean, "decorate_workers_output": typeBoolean,
		"clear_env": typeBoolean, "security.limit_extensions": typeString, "apparmor_hat": typeString,
	}
	// arrayOptions are the key[index] entries of a pool, matched
	// case-sensitively as php-fpm does.
	arrayOptions = map[string]bool{
		"env": true, "php_value": true, "php_admin_value": true, "php_flag": true,
		"php_admin_flag": true, "access.suppress_path": true,
	}
	syslogFacilities = strings.Fields("AUTH AUTHPRIV CRON DAEMON FTP KERN LPR MAIL NEWS SYSLOG USER UUCP LOCAL0 LOCAL1 LOCAL2 LOCAL3 LOCAL4 LOCAL5 LOCAL6 LOCAL7")
)

// check returns php-fpm's complaint about v as a value of type t, or "".
func check(t valueType, v string) string {
	switch t {
	case typeInteger:
		if !integer(v) {
			return "is not a valid number (greater or equal than zero)"
		}
	case typeTime:
		if v == "" {
			return "invalid time value"
		}
		if s := v[len(v)-1]; !(s >= '0' && s <= '9') && strings.IndexByte("smhd", s) < 0 {
			return "unknown suffix used in time value"
		}
	case typeBoolean:
		if v != "1" && v != "" {
			return "invalid boolean value"
		}
	case typePM:
		switch strings.ToLower(v) {
		case "static", "dynamic", "ondemand":
		default:
			return "invalid process manager (static, dynamic or ondemand)"
		}
	case typeLogLevel:
		switch strings.ToLower(v) {
		case "debug", "notice", "warning", "warn", "error", "alert":
		default:
			return "invalid value for 'log_level'"
		}
	case typeRlimitCore:
		if strings.EqualFold(v, "unlimited") {
			return ""
		}
		if !integer(v) {
			return "is not a valid number (greater or equal than zero)"
		}
		if atoi(v) < 0 {
			return "must be greater than zero or 'unlimited'"
		}
	case typeSyslogFacility:
		for _, f := range syslogFacilities {
			if strings.EqualFold(f, v) {
				return ""
			}
		}
		return "invalid value"
	}
	return ""
}

// integer is php-fpm's test: digits, with one leading '-' allowed (the
// empty string passes and reads as 0).
func integer(v string) bool {
	for i := 0; i < len(v); i++ {
		if i == 0 && v[i] == '-' {
			continue
		}
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// atoi is C's atoi: the leading number, 0 when there is none, clamped
// rather than overflowing.
func atoi(v string) int {
	v = strings.TrimLeft(v, " \t")
	neg := false
	if v != "" && (v[0] == '-' || v[0] == '+') {
		neg, v = v[0] == '-', v[1:]
	}
	n := 0
	for i := 0; i < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
		if n < 1<<30 {
			n = n*10 + int(v[i]-'0')
		}
	}
	if neg {
		return -n
	}
	return n
}

// seconds reads a time value as php-fpm does: a number with an optional
// s, m, h or d suffix.
func seconds(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	unit := time.Second
	switch v[len(v)-1] {
	case 's':
		v = v[:len(v)-1]
	case 'm':
		unit, v = time.Minute, v[:len(v)-1]
	case 'h':
		unit, v = time.Hour, v[:len(v)-1]
	case 'd':
		unit, v = 24*time.Hour, v[:len(v)-1]
	default:
		if c := v[len(v)-1]; c < '0' || c > '9' {
			return 0, false
		}
	}
	return time.Duration(atoi(v)) * unit, true
}

// octal reads listen.mode as php-fpm does (strtoul base 8).
func octal(v string) (uint32, bool) {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32)
	return uint32(n), err == nil
}
