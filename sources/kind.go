package sources

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
)

// Files that sit beside web-server configuration in a repository but that
// no web server reads: pages, documentation, code, scripts, compose and
// Kubernetes YAML, PHP-FPM pools, Terraform. A directory walk passes them
// over without a word; naming one on the command line is an error that
// says what it is.

// notConfigExts maps extensions to what such a file is.
var notConfigExts = map[string]string{}

func init() {
	for what, exts := range map[string]string{
		"an HTML page":         ".html .htm .xhtml .shtml",
		"documentation":        ".md .markdown .rst .adoc .asciidoc",
		"Lua code":             ".lua",
		"PHP code":             ".php .phtml",
		"JavaScript":           ".js .mjs .cjs .ts .jsx .tsx",
		"source code":          ".py .rb .pl .pm .go .java .c .h .rs .css .scss .less",
		"a script":             ".sh .bash .zsh .ps1 .bat .cmd",
		"YAML":                 ".yml .yaml",
		"Terraform":            ".tf .tfvars .hcl",
		"a certificate or key": ".pem .crt .cer .key .csr .p12 .pfx",
		"an archive":           ".zip .gz .bz2 .xz .tar .tgz",
		"an image":             ".png .jpg .jpeg .gif .svg .ico .webp",
		"data":                 ".xml .csv .sql",
		"a systemd unit":       ".service .socket .timer",
	} {
		for _, e := range strings.Fields(exts) {
			notConfigExts[e] = what
		}
	}
}

var (
	iniSection = regexp.MustCompile(`^\[[A-Za-z0-9_.:$ -]+\]$`)
	iniKey     = regexp.MustCompile(`^[A-Za-z0-9_.\[\]-]+\s*=`)
	yamlKey    = regexp.MustCompile(`^[A-Za-z0-9_.-]+:(\s|$)`)
)

// notConfig says what a file is when it is plainly not web-server
// configuration, from its name and first bytes; "" when it may be.
func notConfig(path string, head []byte) string {
	base := strings.ToLower(filepath.Base(path))
	switch base {
	case "dockerfile", "makefile", "vagrantfile", "gemfile", "rakefile", "procfile":
		return "a " + base
	}
	if strings.HasPrefix(base, "dockerfile.") || strings.HasSuffix(base, ".dockerfile") {
		return "a dockerfile"
	}
	if what := notConfigExts[filepath.Ext(base)]; what != "" {
		return what
	}
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	lower := bytes.ToLower(t[:min(len(t), 64)])
	switch {
	case bytes.HasPrefix(t, []byte("#!")):
		return "a script"
	case bytes.HasPrefix(t, []byte("<?php")):
		return "PHP code"
	case bytes.HasPrefix(lower, []byte("<!doctype")), bytes.HasPrefix(lower, []byte("<html")):
		return "an HTML page"
	case bytes.HasPrefix(t, []byte("<?xml")):
		return "data"
	}
	return keyValue(head)
}

// keyValue recognises INI files (PHP-FPM pools: "[www]", "listen =
// 127.0.0.1:9000") and YAML (compose files: "services:"), whose lines
// read as "key = value" or "key:" where nginx and Apache have
// directives.
func keyValue(head []byte) string {
	var ini, yaml, other, sections int
	for _, line := range bytes.Split(head, []byte{'\n'}) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || t[0] == ';' {
			continue
		}
		switch {
		case iniSection.Match(t):
			sections++
			ini++
		case iniKey.Match(t):
			ini++
		case yamlKey.Match(t) || bytes.HasPrefix(t, []byte("- ")):
			yaml++
		default:
			other++
		}
	}
	switch {
	case ini > 0 && sections > 0 && ini >= 2*other:
		return "an INI file (a PHP-FPM pool?)"
	case ini >= 3 && other == 0 && yaml == 0:
		return "an INI file"
	case yaml >= 3 && yaml >= 4*other && ini == 0:
		return "YAML"
	}
	return ""
}
