// Package conformance checks edgelint's loading of configuration trees
// from the outside, through sources.Load (the entry point the CLI uses):
//
//   - differential tests: small valid nginx and Apache configurations are
//     mutated syntactically and each variant is given to the real server
//     (`nginx -t`, `apache2 -t`) and to edgelint; where the server rejects a
//     file for a syntax or include reason edgelint must report a LoadError
//     at the same file and line, and where the server accepts it edgelint
//     must report none;
//   - limits: include depth and count, file size, symbolic-link loops,
//     binary files, very long lines, include cycles and deep nesting each
//     give a LoadError with a position, never a hang or a panic;
//   - FuzzLoadTree: random small multi-file trees never panic or hang.
//
// The package holds tests only.
package conformance
