package fpm

import (
	"bytes"
	"strings"
)

// Sniff tells a PHP-FPM file from its name and first bytes: 2 for a main
// configuration (see Main), 1 for a pool file, 0 for anything else. An
// FPM file is INI — "[section]" and "key = value" lines — whose keys are
// php-fpm's own: php.ini, a uWSGI ini or a systemd unit share the syntax
// but few keys, and nginx or Apache directives are not "key = value" at
// all.
func Sniff(path string, head []byte) int {
	var fpm, pool, otherKeys, other, sections int
	include := false
	for line := range bytes.Lines(head) {
		tb := bytes.TrimSpace(line)
		if len(tb) == 0 || tb[0] == ';' || tb[0] == '#' {
			continue
		}
		if tb[0] == '[' {
			if end := bytes.IndexByte(tb, ']'); end > 1 && !bytes.ContainsAny(tb[1:end], "[=") {
				sections++
				continue
			}
		}
		if bytes.IndexByte(tb, '=') < 0 {
			// no "key = value": an nginx or Apache directive, read
			// without copying the line
			other++
			continue
		}
		t := string(tb)
		key, _, ok := strings.Cut(t, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" || strings.ContainsAny(key, " \t{};<>") && !strings.Contains(key, "[") {
			other++
			continue
		}
		name := key
		if i := strings.IndexByte(key, '['); i > 0 && strings.HasSuffix(key, "]") {
			if !arrayOptions[key[:i]] {
				otherKeys++
				continue
			}
			fpm++
			pool++
			continue
		}
		name = strings.ToLower(name)
		_, g := globalOptions[name]
		_, p := poolOptions[name]
		switch {
		case name == "include":
			include = true
			fpm++
		case p:
			fpm++
			if poolMarks[name] {
				pool++
			}
		case g:
			fpm++
		default:
			otherKeys++
		}
	}
	if fpm < 2 || otherKeys*3 > fpm || other*4 > fpm {
		return 0
	}
	if sections == 0 && pool < 2 {
		// Without a section, a file is only a pool file when it is full
		// of pool settings (a file that continues the including pool).
		return 0
	}
	if include || Main(path, nil) && sections > 0 {
		return 2
	}
	return 1
}

// poolMarks are the settings that say "a pool" most plainly.
var poolMarks = map[string]bool{
	"listen": true, "pm": true, "pm.max_children": true, "user": true, "group": true,
	"listen.owner": true, "listen.group": true, "listen.mode": true, "pm.max_requests": true,
	"request_terminate_timeout": true, "pm.start_servers": true, "catch_workers_output": true,
}
