package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// SARIF 2.1.0, the subset edgelint fills.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	SemanticVer    string      `json:"semanticVersion,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 *sarifText        `json:"help,omitempty"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	Category string   `json:"category"`
	Tags     []string `json:"tags"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Properties          map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysical         `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int32 `json:"startLine"`
	StartColumn int32 `json:"startColumn,omitempty"`
}

type sarifLogicalLocation struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

const (
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	// srcRoot is the base relative paths resolve against: the working
	// directory edgelint ran in (the repository root in CI).
	srcRoot = "SRCROOT"
	// FingerprintKey names edgelint's line-independent fingerprint.
	FingerprintKey = "edgelint/v1"
)

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, r *Report) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: r.Tool.Name, Version: r.Tool.Version, SemanticVer: r.Tool.Version,
			InformationURI: r.Tool.InformationURI, Rules: []sarifRule{},
		}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
	}
	if wd, err := os.Getwd(); err == nil {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: fileURI(wd) + "/"}}
	}
	index := map[string]int{}
	for _, rule := range r.Rules {
		index[rule.ID] = len(run.Tool.Driver.Rules)
		docs := ""
		if r.DocsURL != nil {
			docs = r.DocsURL(rule)
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: rule.ID, Name: rule.Name,
			ShortDescription:     sarifText{Text: rule.Title},
			FullDescription:      sarifText{Text: fullDescription(rule)},
			Help:                 &sarifText{Text: rule.Doc, Markdown: rule.Doc},
			HelpURI:              docs,
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(rule.Severity)},
			Properties:           sarifRuleProperty{Category: string(rule.Category), Tags: []string{string(rule.Category)}},
		})
	}
	occurrence := map[string]int{}
	for _, f := range r.Findings {
		// identical problems in one file share a fingerprint; the
		// occurrence number (in line order) keeps their alerts apart, as
		// GitHub's own primaryLocationLineHash does
		var fps map[string]string
		if f.Fingerprint != "" {
			occurrence[f.Fingerprint]++
			fps = map[string]string{FingerprintKey: fmt.Sprintf("%s:%d", f.Fingerprint, occurrence[f.Fingerprint])}
		}
		idx, ok := index[f.RuleID]
		if !ok {
			// a finding of a rule the registry does not list still needs
			// metadata for ruleIndex to point at
			idx = len(run.Tool.Driver.Rules)
			index[f.RuleID] = idx
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
				ID: f.RuleID, Name: f.Name, ShortDescription: sarifText{Text: f.Name}, FullDescription: sarifText{Text: f.Name},
				HelpURI: f.Docs, DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(f.Severity)},
				Properties: sarifRuleProperty{Category: string(f.Category), Tags: []string{string(f.Category)}},
			})
		}
		res := sarifResult{
			RuleID: f.RuleID, RuleIndex: idx, Level: sarifLevel(f.Severity),
			Message:             sarifText{Text: instanceMessage(f.Pos, f.Message)},
			Locations:           []sarifLocation{sarifLoc(f.Pos, "")},
			PartialFingerprints: fps,
			Properties:          map[string]string{"category": string(f.Category), "source": string(f.Source)},
		}
		for j, rel := range f.Related {
			loc := sarifLoc(rel.Pos, rel.Message)
			id := j + 1
			loc.ID = &id
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		run.Results = append(run.Results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0}
	for _, e := range r.Errors {
		n := sarifNotification{Level: "error", Message: sarifText{Text: e.Message}}
		if !e.Pos.IsZero() {
			n.Locations = []sarifLocation{sarifLoc(e.Pos, "")}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	for _, no := range r.Notices {
		n := sarifNotification{Level: "note", Message: sarifText{Text: no.Message}}
		if !no.Pos.IsZero() {
			n.Locations = []sarifLocation{sarifLoc(no.Pos, "")}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	run.Invocations = []sarifInvocation{inv}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifLoc gives files a physical location and live objects a logical one
// (a snapshot finding has both); a value in a Terraform module instance
// has the instance as a logical location of kind "module" too.
func sarifLoc(p lint.Position, message string) sarifLocation {
	var loc sarifLocation
	if p.File() != "" {
		phys := &sarifPhysical{ArtifactLocation: artifact(p.File())}
		if p.Line > 0 {
			phys.Region = &sarifRegion{StartLine: p.Line, StartColumn: p.Col}
		}
		loc.PhysicalLocation = phys
	}
	if p.Resource() != "" {
		loc.LogicalLocations = []sarifLogicalLocation{{FullyQualifiedName: p.Resource(), Kind: "resource"}}
	}
	if p.Module() != "" {
		loc.LogicalLocations = append(loc.LogicalLocations, sarifLogicalLocation{FullyQualifiedName: p.Module(), Kind: "module"})
	}
	if message != "" {
		loc.Message = &sarifText{Text: message}
	}
	return loc
}

func artifact(file string) sarifArtifactLoc {
	if filepath.IsAbs(file) {
		return sarifArtifactLoc{URI: fileURI(file)}
	}
	u := url.URL{Path: filepath.ToSlash(file)}
	// a colon in the first segment would read as a scheme
	uri := strings.ReplaceAll(u.EscapedPath(), ":", "%3A")
	return sarifArtifactLoc{URI: uri, URIBaseID: srcRoot}
}

func fileURI(abs string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	return u.String()
}

// firstParagraph is the rule doc's first prose paragraph (after the
// "# ELnnnn name" heading), the full description code-scanning UIs show.
func firstParagraph(doc string) string {
	var para []string
	for _, line := range strings.Split(doc, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "#"):
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
		case t == "":
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
		default:
			para = append(para, t)
		}
	}
	return strings.Join(para, " ")
}

func fullDescription(rule *lint.Rule) string {
	if p := firstParagraph(rule.Doc); p != "" {
		return p
	}
	return rule.Title
}
