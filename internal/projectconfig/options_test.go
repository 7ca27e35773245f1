package projectconfig_test

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/projectconfig"
	"github.com/edgelint/edgelint/rules"
)

// optionCases hold, for every rule with options, a valid options mapping
// and bad ones with the error the user reads: the file, the line and
// column of the bad value, the key's path and the value as written. The
// YAML is the body of `options:` in
//
//	rules:
//	  <rule>:
//	    options:
//	      <body>
//
// so the body's first line is line 4, column 7.
var optionCases = map[string]struct {
	valid string
	bad   map[string]string // body → error
}{
	"upstream-read-timeout-short": {
		valid: "floor: 30s\nignore-locations: ['^/slow']",
		bad: map[string]string{
			"floor: banana":                       `:4:14: rules.upstream-read-timeout-short.options.floor: "banana" is not a duration like 30s`,
			"floor: 30":                           `:4:14: rules.upstream-read-timeout-short.options.floor: "30" is not a duration like 30s`,
			"floor: -5s":                          `:4:14: rules.upstream-read-timeout-short.options.floor: "-5s" is not a positive duration like 15s`,
			"ignore-locations: ['^/ok', '(']":     `:4:34: rules.upstream-read-timeout-short.options.ignore-locations[1]: "(" is not a regular expression: missing closing )`,
			"ignore-locations: /healthz":          `:4:25: rules.upstream-read-timeout-short.options.ignore-locations: want a list`,
			"floor: 30s\nignore-locations: [[a]]": `:5:26: rules.upstream-read-timeout-short.options.ignore-locations[0]: want a single value`,
		},
	},
	"backend-workers-below-concurrency": {
		valid: "expected-concurrency: 200",
		bad: map[string]string{
			"expected-concurrency: -1": `:4:29: rules.backend-workers-below-concurrency.options.expected-concurrency: "-1" is not a count of requests (0 or more)`,
		},
	},
	"upstream-send-timeout-short": {
		valid: "floor: 5s",
		bad:   map[string]string{"floor: 0s": `:4:14: rules.upstream-send-timeout-short.options.floor: "0s" is not a positive duration like 15s`},
	},
	"connect-timeout-no-effect": {
		valid: "max: 120s",
		bad:   map[string]string{"max: 0s": `:4:12: rules.connect-timeout-no-effect.options.max: "0s" is not a positive duration like 75s`},
	},
	"cdn-read-timeout-shorter-than-origin": {
		valid: "default: 100s",
		bad: map[string]string{
			"default: -1s": `:4:16: rules.cdn-read-timeout-shorter-than-origin.options.default: "-1s" is not a positive duration like 125s`,
			"default: 100": `:4:16: rules.cdn-read-timeout-shorter-than-origin.options.default: "100" is not a duration like 30s`,
		},
	},
	"buffer-arithmetic": {
		valid: "page-size: 64k",
		bad: map[string]string{
			"page-size: lots": `:4:18: rules.buffer-arithmetic.options.page-size: "lots" is not a memory page size like 4k, 16k or 64k`,
			"page-size: 5k":   `:4:18: rules.buffer-arithmetic.options.page-size: "5k" is not a memory page size like 4k, 16k or 64k`,
		},
	},
	"response-header-buffer-small": {
		valid: "floor: 8k",
		bad: map[string]string{
			"floor: big": `:4:14: rules.response-header-buffer-small.options.floor: "big" is not a positive size like 4k`,
			"floor: 0":   `:4:14: rules.response-header-buffer-small.options.floor: "0" is not a positive size like 4k`,
		},
	},
	"name-resolved-once": {
		valid: "names:\n  - {match: '\\.svc$', kind: a Kubernetes Service name}",
		bad: map[string]string{
			"names:\n  - {match: '\\.svc$'}\n  - {match: '[a-'}": `:6:19: rules.name-resolved-once.options.names[1].match: "[a-" is not a regular expression: missing closing ]`,
			"names:\n  - {kind: anything}":                       `:5:11: rules.name-resolved-once.options.names[0].match: "" matches every name`,
			"names:\n  - \\.svc$":                                `:5:11: rules.name-resolved-once.options.names[0]: want a mapping (kind, match)`,
		},
	},
	"upstream-block-name-as-host": {
		valid: "all-backends: true",
		bad:   map[string]string{"all-backends: maybe": `:4:21: rules.upstream-block-name-as-host.options.all-backends: "maybe" is not true or false`},
	},
	"retry-timeout-unbounded": {
		valid: "outer-timeout: 100s",
		bad:   map[string]string{"outer-timeout: 0s": `:4:22: rules.retry-timeout-unbounded.options.outer-timeout: "0s" is not a positive duration like 120s`},
	},
	"probe-upstream-unreachable": {
		valid: "connect-timeout: 500ms\nconcurrency: 16",
		bad: map[string]string{
			"concurrency: 0":         `:4:20: rules.probe-upstream-unreachable.options.concurrency: "0" is not a positive whole number`,
			"concurrency: many":      `:4:20: rules.probe-upstream-unreachable.options.concurrency: "many" is not a whole number`,
			"max-addresses: -2":      `:4:22: rules.probe-upstream-unreachable.options.max-addresses: "-2" is not a positive whole number`,
			"connect-timeout: 0s":    `:4:24: rules.probe-upstream-unreachable.options.connect-timeout: "0s" is not a positive duration like 2s`,
			"handshake-timeout: -1s": `:4:26: rules.probe-upstream-unreachable.options.handshake-timeout: "-1s" is not a positive duration like 2s`,
		},
	},
	"probe-upstream-certificate-name": {
		valid: "handshake-timeout: 1s",
		bad:   map[string]string{"handshake-timeout: never": `:4:26: rules.probe-upstream-certificate-name.options.handshake-timeout: "never" is not a duration like 30s`},
	},
	"probe-upstream-tls-handshake": {
		valid: "max-addresses: 2",
		bad:   map[string]string{"max-addresses: 0": `:4:22: rules.probe-upstream-tls-handshake.options.max-addresses: "0" is not a positive whole number`},
	},
	"probe-lb-origin-unresolvable": {
		valid: "connect-timeout: 5s",
		bad:   map[string]string{"concurrency: 0": `:4:20: rules.probe-lb-origin-unresolvable.options.concurrency: "0" is not a positive whole number`},
	},
	"probe-cname-target-unresolvable": {
		valid: "concurrency: 16",
		bad:   map[string]string{"connect-timeout: 0s": `:4:24: rules.probe-cname-target-unresolvable.options.connect-timeout: "0s" is not a positive duration like 2s`},
	},
}

func optionsFile(rule, body string) []byte {
	return []byte("rules:\n  " + rule + ":\n    options:\n      " + strings.ReplaceAll(body, "\n", "\n      ") + "\n")
}

// Every rule's options are decoded and checked when .edgelint.yaml loads:
// a bad value is an error at its line, so no rule meets it at check time.
func TestEveryRuleOptions(t *testing.T) {
	reg, err := rules.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reg.Rules() {
		if r.Options == nil {
			continue
		}
		c, ok := optionCases[r.Name]
		if !ok {
			t.Errorf("%s (%s) has options but no case in optionCases", r.ID, r.Name)
			continue
		}
		t.Run(r.Name, func(t *testing.T) {
			cfg, err := projectconfig.Parse(".edgelint.yaml", optionsFile(r.Name, c.valid), reg)
			if err != nil {
				t.Fatalf("valid options rejected: %v", err)
			}
			set := cfg.Rules[r.ID]
			if set.Options == nil {
				t.Fatal("valid options not kept")
			}
			if err := r.Options.Check(set.Options); err != nil {
				t.Errorf("options kept, yet the rule rejects them: %v", err)
			}
			for body, want := range c.bad {
				_, err := projectconfig.Parse(".edgelint.yaml", optionsFile(r.Name, body), reg)
				if err == nil || !strings.HasPrefix(err.Error(), ".edgelint.yaml"+want) {
					t.Errorf("%q:\n got %v\nwant .edgelint.yaml%s", body, err, want)
				}
			}
		})
	}
	for name := range optionCases {
		if r, ok := reg.Lookup(name); !ok || r.Options == nil {
			t.Errorf("optionCases[%q]: no rule of that name with options", name)
		}
	}
}
