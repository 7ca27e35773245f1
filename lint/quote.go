package lint

import (
	"fmt"
	"strings"
	"time"
)

// Seconds prints a duration the way timeouts are usually written: whole
// seconds below an hour in seconds (90s rather than 1m30s, 180s rather
// than 3m), anything else as FormatDuration does (1h, 500ms).
func Seconds(d time.Duration) string {
	if d%time.Second == 0 && d < time.Hour {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return FormatDuration(d)
}

// Quote renders a duration setting in the user's own words, for messages:
// the directive as written when the setting's position holds the
// directive that set it with its one argument ("proxy_read_timeout 5s",
// "ProxyTimeout 300"); an Apache worker parameter in its whole seconds
// ("timeout=5"); else the directive and the value as format prints it. A
// setting no directive names is "the <what> <value>".
func (c *Config) Quote(s Duration, what string, format func(time.Duration) string) string {
	if d := c.DirectiveAt(s.Pos); d != nil && d.Name == s.Directive && len(d.Args) == 1 {
		return d.Name + " " + d.Args[0]
	}
	switch {
	case s.Directive == "":
		return "the " + what + " " + format(s.Value)
	case strings.HasSuffix(s.Directive, "=") && s.Value%time.Second == 0:
		return fmt.Sprintf("%s%d", s.Directive, s.Value/time.Second)
	}
	return s.Directive + " " + format(s.Value)
}
