package sources

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Files that sit beside web-server configuration in a repository but that
// no source reads: pages, documentation, code, scripts, YAML other than
// Compose files (Kubernetes manifests, CI workflows), INI files other than PHP-FPM's (php.ini), Terraform other than .tf files. A
// directory walk passes them over without a word; naming one on the
// command line is an error that says what it is.

// terraformOther is what the Terraform files beside a module's .tf files are:
// variable values (.tfvars), which the module's load reads, and other HCL
// (.terraform.lock.hcl, terragrunt.hcl). The .tf files are a source.
const terraformOther = "Terraform"

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
		terraformOther:         ".tfvars .hcl",
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

// notConfig says what a file is when it is plainly not web-server
// configuration, from its name and first bytes; "" when it may be.
func notConfig(path string, head []byte) string {
	return newSniffs(path, head).notConfig()
}

// sniffs is one file's name and head with each adapter's verdict on them,
// asked at most once: discovery asks the same sniffers whether a file is
// one of the sources of their own (notConfig) and which source it is
// (sniffHead), and some sniffers parse the whole head.
type sniffs struct {
	path  string
	head  []byte
	score [16]int8 // per adapter index: 0 not asked, else score+1
}

func newSniffs(path string, head []byte) *sniffs {
	return &sniffs{path: path, head: head}
}

// of returns adapters[i].Sniff(path, head).
func (s *sniffs) of(i int) int {
	if i >= len(s.score) {
		return adapters[i].Sniff(s.path, s.head)
	}
	if s.score[i] == 0 {
		s.score[i] = int8(adapters[i].Sniff(s.path, s.head)) + 1
	}
	return int(s.score[i]) - 1
}

// kind returns the verdict of the adapter of kind k.
func (s *sniffs) kind(k lint.SourceKind) int {
	for i := range adapters {
		if adapters[i].Kind == k {
			return s.of(i)
		}
	}
	panic("no adapter of kind " + string(k))
}

func (s *sniffs) notConfig() string {
	path, head := s.path, s.head
	base := strings.ToLower(filepath.Base(path))
	switch base {
	case "dockerfile", "makefile", "vagrantfile", "gemfile", "rakefile", "procfile":
		return "a " + base
	}
	if strings.HasPrefix(base, "dockerfile.") || strings.HasSuffix(base, ".dockerfile") {
		return "a dockerfile"
	}
	if s.kind(lint.Compose) > 0 {
		return "" // YAML, but a Compose file's: a source of its own
	}
	if s.kind(lint.Cloudflared) > 0 {
		return "" // YAML, but a tunnel's: a source of its own
	}
	if s.kind(lint.Gunicorn) > 0 {
		return "" // Python, but gunicorn's settings: a source of its own
	}
	if strings.HasSuffix(base, ".tfvars.json") {
		return terraformOther // variable values in Terraform's JSON syntax
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
	if s.kind(lint.PHPFPM) > 0 || s.kind(lint.UWSGI) > 0 || s.kind(lint.MySQL) > 0 || s.kind(lint.PgBouncer) > 0 || s.kind(lint.PostgreSQL) > 0 {
		return "" // INI, but PHP-FPM's, uWSGI's, MySQL's or PostgreSQL's: a source of its own
	}
	return keyValue(head)
}

// keyValue recognises INI files (php.ini: "[PHP]", "memory_limit =
// 128M") and YAML (compose files: "services:"), whose lines
// read as "key = value" or "key:" where nginx and Apache have
// directives. It gives up as soon as the other lines decide.
func keyValue(head []byte) string {
	var ini, yaml, other, sections int
	for line := range bytes.Lines(head) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || t[0] == ';' {
			continue
		}
		if t[0] == '[' && t[len(t)-1] == ']' && len(t) > 2 && bytes.IndexAny(t[1:len(t)-1], "[] \t") < 0 {
			sections++
			ini++
			continue
		}
		if bytes.HasPrefix(t, []byte("- ")) {
			yaml++
			continue
		}
		k := 0
		for k < len(t) && (isLetter(t[k]) || t[k] >= '0' && t[k] <= '9' || strings.IndexByte("_.-[]", t[k]) >= 0) {
			k++
		}
		rest := bytes.TrimLeft(t[k:], " \t")
		switch {
		case k > 0 && len(rest) > 0 && rest[0] == '=':
			ini++
		case k > 0 && k < len(t) && t[k] == ':' && (k+1 == len(t) || t[k+1] == ' ' || t[k+1] == '\t'):
			yaml++
		default:
			other++
		}
		if other > 8 && other > 4*(ini+yaml) {
			return "" // directives: nginx or Apache, or prose
		}
	}
	switch {
	case ini > 0 && sections > 0 && ini >= 2*other:
		return "an INI file"
	case ini >= 3 && other == 0 && yaml == 0:
		return "an INI file"
	case yaml >= 3 && yaml >= 4*other && ini == 0:
		return "YAML"
	}
	return ""
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
