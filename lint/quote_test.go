package lint

import (
	"testing"
	"time"
)

func TestSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                      "0s",
		5 * time.Second:        "5s",
		90 * time.Second:       "90s",
		3 * time.Minute:        "180s",
		59 * time.Minute:       "3540s",
		time.Hour:              "1h",
		90 * time.Minute:       "1h30m",
		500 * time.Millisecond: "500ms",
	} {
		if got := Seconds(d); got != want {
			t.Errorf("Seconds(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestQuote(t *testing.T) {
	at := func(line int) Position { return At("a.conf", line, 5) }
	c := &Config{Directives: []*Directive{
		{Name: "proxy_read_timeout", Args: []string{"5"}, Pos: at(1)},
		{Name: "ProxyTimeout", Args: []string{"300"}, Pos: at(2)},
		{Name: "timeout", Args: []string{"90"}, Pos: at(3)},
		{Name: "proxy_read_timeout", Args: []string{"5s", "x"}, Pos: at(4)},
	}}
	set := func(d time.Duration, directive string, line int) Duration {
		return Explicit(d, at(line)).By(directive)
	}
	for _, tc := range []struct {
		s      Duration
		format func(time.Duration) string
		want   string
	}{
		// The directive as written wins over any rendering of the value.
		{set(5*time.Second, "proxy_read_timeout", 1), Seconds, "proxy_read_timeout 5"},
		{set(300*time.Second, "ProxyTimeout", 2), FormatDuration, "ProxyTimeout 300"},
		// Another name at the position (Apache directives keep the case
		// they were written in) is not the setting's own words.
		{set(120*time.Second, "Timeout", 3), FormatDuration, "Timeout 2m"},
		{set(120*time.Second, "Timeout", 3), Seconds, "Timeout 120s"},
		{set(5*time.Second, "proxy_read_timeout", 4), Seconds, "proxy_read_timeout 5s"},
		{set(600*time.Second, "timeout=", 9), Seconds, "timeout=600"},
		{set(1500*time.Millisecond, "timeout=", 9), FormatDuration, "timeout= 1500ms"},
		{Explicit(2*time.Minute, at(9)), FormatDuration, "the read timeout 2m"},
		{Explicit(2*time.Minute, at(9)), Seconds, "the read timeout 120s"},
	} {
		if got := c.Quote(tc.s, "read timeout", tc.format); got != tc.want {
			t.Errorf("Quote(%s %v at line %d) = %q, want %q", tc.s.Directive, tc.s.Value, tc.s.Pos.Line, got, tc.want)
		}
	}
}
