package input

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

func TestReadFileLimits(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.conf")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin.conf")
	if err := os.WriteFile(bin, []byte("events {}\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		lim  Limits
		want string
	}{
		{big, Limits{MaxFileSize: 10}, "over the 10-byte limit"},
		{bin, DefaultLimits, "binary file"},
		{"/dev/zero", DefaultLimits, "not a regular file (a device)"},
		{dir, DefaultLimits, "is a directory"},
		{filepath.Join(dir, "missing"), DefaultLimits, "no such file"},
	} {
		_, err := ReadFile(tc.path, tc.lim)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadFile(%s) = %v, want %q", tc.path, err, tc.want)
		}
	}
	if data, err := ReadFile(big, DefaultLimits); err != nil || len(data) != 100 {
		t.Errorf("ReadFile within limits = %d bytes, %v", len(data), err)
	}
}

func TestLongLine(t *testing.T) {
	if got := LongLine([]byte("ok\n"+strings.Repeat("y", 11)+"\nok"), 10); got != 2 {
		t.Errorf("LongLine = %d, want 2", got)
	}
	if got := LongLine([]byte("short\nlines\n"), 10); got != 0 {
		t.Errorf("LongLine = %d, want 0", got)
	}
}

func TestMap(t *testing.T) {
	m := []Mapping{{From: "/etc/nginx", To: "deploy/nginx"}}
	if got, ok := Map("/etc/nginx/conf.d/a.conf", m); !ok || got != "deploy/nginx/conf.d/a.conf" {
		t.Errorf("Map = %q, %v", got, ok)
	}
	if _, ok := Map("/etc/nginx2/a.conf", m); ok {
		t.Error("Map matched a prefix that is not a path prefix")
	}
}

func TestRepoOfAndWithin(t *testing.T) {
	dir := t.TempDir()
	repo := filepath.Join(dir, "repo")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(repo, "deploy", "nginx")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(sub, "site.conf")
	if err := os.WriteFile(file, []byte("server {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{repo, sub, file} {
		if got := RepoOf(p); got != repo {
			t.Errorf("RepoOf(%s) = %s, want the git work tree %s", p, got, repo)
		}
	}
	outside := filepath.Join(dir, "loose")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := RepoOf(outside); got != outside && filepath.Base(got) != "loose" {
		t.Errorf("RepoOf outside git = %s, want the directory itself", got)
	}
	if !Within(file, repo) || !Within(repo, repo) || Within("/etc/nginx/x.conf", repo) || Within(repo+"-other/x", repo) {
		t.Error("Within")
	}
}

func TestUnknownInclude(t *testing.T) {
	var got []string
	o := Options{Root: "/work/repo", Notify: func(n lint.Notice) { got = append(got, n.String()) }}
	at := lint.At("site.conf", 3, 5)
	if !o.UnknownInclude(at, "/etc/letsencrypt/options-ssl-nginx.conf", "/etc/letsencrypt/options-ssl-nginx.conf", true, false) || len(got) != 1 ||
		got[0] != `site.conf:3:5: not linted: include "/etc/letsencrypt/options-ssl-nginx.conf" is outside the repository; its settings are unknown (--strict-includes makes this an error)` {
		t.Errorf("fragment, outside: %q", got)
	}
	got = nil
	for _, c := range []struct {
		name     string
		o        Options
		path     string
		fragment bool
	}{
		{"whole tree", o, "/etc/x.conf", false},
		{"strict", Options{Root: "/work/repo", StrictIncludes: true, Notify: o.Notify}, "/etc/x.conf", true},
		{"inside the repository", o, "/work/repo/conf/x.conf", true},
	} {
		if c.o.UnknownInclude(at, c.path, c.path, c.fragment, false) {
			t.Errorf("%s: a notice instead of the error", c.name)
		}
	}
	if len(got) != 0 {
		t.Errorf("notices %q", got)
	}
	if !o.UnknownInclude(at, "snippets/ssl.conf", "/work/repo/sites/snippets/ssl.conf", true, true) || len(got) != 1 || !strings.Contains(got[0], "relative to its own prefix") {
		t.Errorf("relative: %q", got)
	}
}

func TestEntryData(t *testing.T) {
	data := []byte("server { listen 80; }\n")
	o := Options{Entry: &Entry{Path: "a.conf", Canonical: "/x/a.conf", Data: data}}
	if got := o.EntryData("a.conf", Limits{}); string(got) != string(data) {
		t.Errorf("EntryData of the entry = %q", got)
	}
	if got := o.EntryData("b.conf", Limits{}); got != nil {
		t.Errorf("EntryData of another file = %q, want nil (read it)", got)
	}
	if got := o.EntryData("a.conf", Limits{MaxFileSize: 5}); got != nil {
		t.Errorf("EntryData over the size limit = %q, want nil (ReadFile says why)", got)
	}
	bin := Options{Entry: &Entry{Path: "a.conf", Data: []byte("a\x00b")}}
	if got := bin.EntryData("a.conf", Limits{}); got != nil {
		t.Errorf("EntryData with a NUL byte = %q, want nil (ReadFile says binary)", got)
	}
	if c, err := o.EntryCanonical("a.conf"); err != nil || c != "/x/a.conf" {
		t.Errorf("EntryCanonical of the entry = %q, %v", c, err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "b.conf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want, _ := Canonical(p)
	if c, err := o.EntryCanonical(p); err != nil || c != want {
		t.Errorf("EntryCanonical of another file = %q, %v; want %q", c, err, want)
	}
}
func TestEntryDisplay(t *testing.T) {
	o := Options{Entry: &Entry{Path: "a.conf", Display: "shown/a.conf"}}
	if got := o.EntryDisplay("a.conf"); got != "shown/a.conf" {
		t.Errorf("EntryDisplay of the entry = %q", got)
	}
	if got, want := o.EntryDisplay("/b.conf"), Display("/b.conf"); got != want {
		t.Errorf("EntryDisplay of another file = %q, want %q", got, want)
	}
}

// TestDisplayIn: DisplayIn with the working directory looked up once
// names every path as Display does.
func TestDisplayIn(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a.conf", "./a.conf", "sub/../b.conf", "sub//c.conf", ".", "..", "../x", "../../y/z",
		wd, wd + "/d/e.conf", wd + "/../f", "/", "/etc/nginx/nginx.conf", "/etc//nginx/../x", filepath.Base(wd) + "/g"} {
		if got, want := DisplayIn(wd, p), Display(p); got != want {
			t.Errorf("DisplayIn(%q) = %q, Display %q", p, got, want)
		}
	}
}
