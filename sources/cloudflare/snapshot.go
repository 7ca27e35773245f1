package cloudflare

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// Format is the marker a snapshot file starts with; Version is the
// snapshot format version this package writes and reads.
const (
	Format  = "edgelint-cloudflare-snapshot"
	Version = 1
)

// Snapshot is what the API returned for a set of zones: the `result`
// payloads verbatim (API-shaped JSON), so a snapshot decodes exactly like a
// live read.
type Snapshot struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// IPs is the result of GET /ips (read once per run).
	IPs json.RawMessage `json:"ips,omitempty"`
	// Accounts hold account-level load-balancing pools and monitors, read
	// once per account.
	Accounts []Account `json:"accounts,omitempty"`
	Zones    []Zone    `json:"zones"`
	// Errors are the zones or objects that could not be read when the
	// snapshot was written; loading the snapshot reports them again so an
	// offline check cannot pass on an incomplete read.
	Errors []SnapshotError `json:"errors,omitempty"`

	// file is the display path the snapshot was read from ("" when live).
	file string
	once sync.Once
	cfgs []*lint.Config
	errs []lint.LoadError
}

// Account is one account's load-balancing objects.
type Account struct {
	ID       string            `json:"id"`
	Name     string            `json:"name,omitempty"`
	Pools    []json.RawMessage `json:"pools"`
	Monitors []json.RawMessage `json:"monitors"`
}

// Zone holds one zone's API results. Rulesets maps a phase name to its
// entrypoint ruleset; a phase without an entrypoint (API 404, code 10003)
// is absent.
type Zone struct {
	Zone          json.RawMessage            `json:"zone"`
	Settings      []json.RawMessage          `json:"settings"`
	DNSRecords    []json.RawMessage          `json:"dns_records"`
	LoadBalancers []json.RawMessage          `json:"load_balancers"`
	Rulesets      map[string]json.RawMessage `json:"rulesets,omitempty"`
	// PageRules are the results of GET /zones/{id}/pagerules. A snapshot
	// written before page rules were read has none: it loads as it did,
	// as a zone without page rules.
	PageRules []json.RawMessage `json:"page_rules,omitempty"`
	// UniversalSSL is the result of GET /zones/{id}/ssl/universal/settings
	// ({"enabled": …}). When it is off, CertificatePacks (GET
	// /zones/{id}/ssl/certificate_packs?status=all) and CustomCertificates
	// (GET /zones/{id}/custom_certificates) are the zone's other edge
	// certificates, each a JSON array. Absent means not read: a snapshot
	// written before edgelint read them makes no claim about certificates.
	UniversalSSL       json.RawMessage `json:"universal_ssl,omitempty"`
	CertificatePacks   json.RawMessage `json:"certificate_packs,omitempty"`
	CustomCertificates json.RawMessage `json:"custom_certificates,omitempty"`
}

// SnapshotError records a read that failed.
type SnapshotError struct {
	Resource string `json:"resource"`
	Message  string `json:"message"`
}

// Configs returns one lint.Config per zone. Problems decoding the payloads
// are returned by Fetch and Load, which call the same decoder.
func (s *Snapshot) Configs() []*lint.Config {
	cfgs, _ := s.decoded()
	return cfgs
}

func (s *Snapshot) decoded() ([]*lint.Config, []lint.LoadError) {
	s.once.Do(func() { s.cfgs, s.errs = decode(s) })
	return s.cfgs, s.errs
}

// WriteSnapshot writes s as indented JSON, format marker first so Sniff
// recognises the file from its first bytes. Nothing but API results is
// written: the token never reaches a snapshot.
func WriteSnapshot(w io.Writer, s *Snapshot) error {
	zs := s.Zones
	if zs == nil {
		zs = []Zone{}
	}
	b, err := json.MarshalIndent(struct {
		Format   string          `json:"format"`
		Version  int             `json:"version"`
		IPs      json.RawMessage `json:"ips,omitempty"`
		Accounts []Account       `json:"accounts,omitempty"`
		Zones    []Zone          `json:"zones"`
		Errors   []SnapshotError `json:"errors,omitempty"`
	}{Format, Version, s.IPs, s.Accounts, zs, s.Errors}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

var markerRE = regexp.MustCompile(`"format"\s*:\s*"` + Format + `"`)

// Sniff returns 2 (an entry point) for a JSON file carrying the snapshot
// marker in its first bytes, else 0.
func Sniff(path string, head []byte) int {
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return 0
	}
	if markerRE.Match(head) {
		return 2
	}
	return 0
}

// Load reads a snapshot file and decodes it with the decoder the live path
// uses, so `dump` then `check` finds what `audit` finds.
func Load(path string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	lim := opts.Limits
	if lim == (input.Limits{}) {
		lim = input.DefaultLimits
	}
	display := input.Display(path)
	data, err := input.ReadFile(path, lim)
	if err != nil {
		return nil, []lint.LoadError{lint.Errorf(lint.AtFile(display), "%v", err)}
	}
	s, lerr := parse(data, display)
	if lerr != nil {
		return nil, []lint.LoadError{*lerr}
	}
	cfgs, errs := s.decoded()
	return cfgs, errs
}

// parse decodes snapshot JSON, reporting syntax and type errors with line
// and column.
func parse(data []byte, display string) (*Snapshot, *lint.LoadError) {
	s := &Snapshot{file: display}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(s); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		pos := lint.AtFile(display)
		msg := err.Error()
		switch {
		case errors.As(err, &syn):
			pos.Line, pos.Col = lineCol(data, syn.Offset-1) // Offset is just past the offending byte
			msg = "invalid JSON: " + syn.Error()
		case errors.As(err, &typ):
			pos.Line, pos.Col = lineCol(data, valueStart(data, typ.Offset))
			msg = fmt.Sprintf("%s: want %s, found %s", typ.Field, jsonKind(typ.Type), jsonValue(typ.Value))
		case errors.Is(err, io.ErrUnexpectedEOF):
			pos.Line, pos.Col = lineCol(data, int64(len(data)))
			msg = "invalid JSON: unexpected end of file"
		}
		e := lint.LoadError{Pos: pos, Message: msg}
		return nil, &e
	}
	if s.Format != Format {
		e := lint.Errorf(lint.At(display, 1, 1), "not an edgelint Cloudflare snapshot (format %q, want %q)", s.Format, Format)
		return nil, &e
	}
	if s.Version != Version {
		e := lint.Errorf(lint.At(display, 1, 1), "snapshot format version %d is not supported (this edgelint reads version %d); write it again with `edgelint dump cloudflare`", s.Version, Version)
		return nil, &e
	}
	return s, nil
}

// lineCol turns a byte offset into a 1-based line and column, typed as
// lint.Position holds them.
func lineCol(data []byte, off int64) (line, col int32) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = int32(bytes.Count(before, []byte("\n")) + 1)
	col = max(int32(int(off)-bytes.LastIndexByte(before, '\n')), 1)
	return line, col
}

// valueStart walks back from the end of a JSON value (where the decoder
// reports a type error) to its first byte.
func valueStart(data []byte, end int64) int64 {
	i := min(end, int64(len(data))) - 1
	if i < 0 {
		return 0
	}
	if data[i] == '"' {
		for i--; i > 0 && (data[i] != '"' || data[i-1] == '\\'); i-- {
		}
		return max(i, 0)
	}
	for i > 0 && !bytes.ContainsRune([]byte(" \t\r\n:,[{"), rune(data[i-1])) {
		i--
	}
	return i
}

// jsonKind names what a Go type reads from, in JSON's words, so a type
// error never shows a Go type name ([]cloudflare.Zone).
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "a string"
		}
		return "an array"
	case reflect.Map, reflect.Struct:
		if t == reflect.TypeFor[json.RawMessage]() {
			return "a JSON value"
		}
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number of at least 0"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another value"
}

// jsonValue names the kind of JSON value found.
func jsonValue(v string) string {
	switch {
	case v == "array", v == "object":
		return "an " + v
	case v == "bool":
		return "true or false"
	case v == "string", strings.HasPrefix(v, "number"):
		return "a " + v
	}
	return v
}
