//go:build !unix

package cli

import "os"

// ttyWidth is 0 where there is no TIOCGWINSZ: COLUMNS decides.
func ttyWidth(*os.File) int { return 0 }
