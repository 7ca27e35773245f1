module github.com/edgelint/edgelint

go 1.26.8
