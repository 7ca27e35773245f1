package report

import (
	_ "embed"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/edgelint/edgelint/internal/routes"
	"github.com/edgelint/edgelint/lint"
)

// The HTML report is one self-contained file: the page, its style and
// its script are inline, and the findings and routes travel as one JSON
// block that the script renders a page at a time, so the file grows
// linearly with the input and a tree with thousands of routes opens at
// once. html/template escapes every config string into that block; the
// script only ever puts them in the page as text (textContent), never
// as markup, so a server name like "</script><script>" stays text.
//
//go:embed html/report.html.tmpl
var htmlTemplate string

var htmlPage = template.Must(template.New("report").Parse(htmlTemplate))

type htmlFinding struct {
	Rule     string   `json:"rule"`
	Name     string   `json:"name"`
	Severity string   `json:"sev"`
	Category string   `json:"cat"`
	Message  string   `json:"msg"`
	At       string   `json:"at"`
	File     string   `json:"file"`
	Docs     string   `json:"docs,omitempty"`
	Related  []string `json:"related,omitempty"`
	Routes   []int    `json:"routes,omitempty"`
}

type htmlHop struct {
	Kind     string     `json:"kind"`
	Label    string     `json:"label"`
	Name     string     `json:"name"`
	At       string     `json:"at"`
	Values   [][]string `json:"values"`
	Timeout  string     `json:"timeout,omitempty"`
	Findings []int      `json:"findings,omitempty"`
}

type htmlRoute struct {
	Host    string    `json:"host"`
	Path    string    `json:"path"`
	Aliases []string  `json:"aliases,omitempty"`
	Chain   string    `json:"chain"`
	Worst   string    `json:"worst,omitempty"`
	Hops    []htmlHop `json:"hops"`
}

type htmlData struct {
	Findings []htmlFinding `json:"findings"`
	Routes   []htmlRoute   `json:"routes"`
	Errors   []string      `json:"errors"`
}

type count struct {
	Name string
	N    int
}

type htmlView struct {
	Title      string
	Tool       Tool
	Summary    string
	Severities []count
	Categories []count
	Routes     string
	Data       htmlData
}

func writeHTML(w io.Writer, r *Report) error {
	v := htmlView{Title: "edgelint report", Tool: r.Tool, Summary: Summary(r), Routes: plural(len(r.Routes), "route", "routes")}
	if r.RoutesOnly {
		v.Title = "edgelint routes"
	}
	bySev, byCat := map[string]int{}, map[string]int{}
	// Routes first, so each finding knows the routes it breaks.
	onRoutes := map[int][]int{}
	for i, rt := range r.Routes {
		hr := htmlRoute{Host: rt.Host, Path: rt.Path, Aliases: rt.Aliases, Chain: rt.Chain(), Worst: rt.Worst()}
		for _, h := range rt.Hops {
			hh := htmlHop{Kind: h.Kind, Label: routes.Label(h), Name: h.Name, At: h.At, Values: [][]string{}}
			for _, val := range h.Values {
				hh.Values = append(hh.Values, []string{val.Key, val.Value, val.From})
			}
			if h.Timeout != nil {
				hh.Timeout = h.Timeout.Value
			}
			for _, f := range h.Findings {
				hh.Findings = append(hh.Findings, f.Index)
				if l := onRoutes[f.Index]; len(l) == 0 || l[len(l)-1] != i {
					onRoutes[f.Index] = append(l, i)
				}
			}
			hr.Hops = append(hr.Hops, hh)
		}
		v.Data.Routes = append(v.Data.Routes, hr)
	}
	for i, f := range r.Findings {
		hf := htmlFinding{Rule: f.RuleID, Name: f.Name, Severity: f.Severity.String(), Category: string(f.Category),
			Message: f.Message, At: f.Pos.Where(), File: place(f.Pos), Routes: onRoutes[i]}
		if d := r.docs(f); strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "http://") {
			hf.Docs = d
		}
		for _, rel := range f.Related {
			hf.Related = append(hf.Related, relatedWhere(f, rel)+": "+rel.Message)
		}
		bySev[hf.Severity]++
		byCat[hf.Category]++
		v.Data.Findings = append(v.Data.Findings, hf)
	}
	for _, e := range r.Errors {
		v.Data.Errors = append(v.Data.Errors, e.Error())
	}
	for _, s := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
		v.Severities = append(v.Severities, count{s.String(), bySev[s.String()]})
	}
	for c, n := range byCat {
		v.Categories = append(v.Categories, count{c, n})
	}
	sort.Slice(v.Categories, func(i, j int) bool { return v.Categories[i].Name < v.Categories[j].Name })
	if v.Data.Findings == nil {
		v.Data.Findings = []htmlFinding{}
	}
	if v.Data.Routes == nil {
		v.Data.Routes = []htmlRoute{}
	}
	return htmlPage.Execute(w, v)
}
