package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// A database with the 34 provinces and a few wards of Hà Nội and Cao Bằng.
func testDB() *database {
	db := &database{}
	for i, p := range vn.Provinces() {
		db.provinces = append(db.provinces, province{Code: fmt.Sprintf("%02d", i+1), Name: p})
	}
	db.provinces[1].Name = "Tỉnh Cao Bằng" // as some sources spell it
	db.wards = []ward{
		{Code: "00004", Name: "Phường Ba Đình", Province: "01"},
		{Code: "00070", Name: norm.NFD.String("Phường  Hoàn Kiếm"), Province: "01"},
		{Code: "01273", Name: "Phường Thục Phán", Province: "02"},
	}
	return db
}

func TestBuild_RepairsMappings(t *testing.T) {
	db := testDB()
	db.mappings = []mapping{
		// Code and name agree.
		{ID: "1", OldName: "Phường Trúc Bạch", OldDistrict: "Quận Ba Đình", OldProvince: "Thành phố Hà Nội", NewCode: "00004", NewName: "Phường Ba Đình", NewProvince: "Thành phố Hà Nội"},
		// A duplicate, without the code.
		{ID: "2", OldName: "Phường Trúc Bạch", OldDistrict: "Quận Ba Đình", OldProvince: "Thành phố Hà Nội", NewCode: "", NewName: "Phường Ba Đình", NewProvince: "Thành phố Hà Nội"},
		// A code naming a commune of another province: the name wins.
		{ID: "3", OldName: "Phường Hợp Giang", OldDistrict: "Thành phố Cao Bằng", OldProvince: "Tỉnh Cao Bằng", NewCode: "00004", NewName: "Phường Thục Phán", NewProvince: "Cao Bằng"},
		// A split: both new communes kept.
		{ID: "4", OldName: "Phường Hàng Bạc", OldDistrict: "Quận Hoàn Kiếm", OldProvince: "Thành phố Hà Nội", NewCode: "00070", NewName: "Phường Hoàn Kiếm", NewProvince: "Thành phố Hà Nội"},
		{ID: "5", OldName: "Phường Hàng Bạc", OldDistrict: "Quận Hoàn Kiếm", OldProvince: "Thành phố Hà Nội", NewCode: "99999", NewName: "Phường Ba Đình", NewProvince: "Thành phố Hà Nội"},
		// No old name: dropped.
		{ID: "6", NewCode: "01273", NewName: "Phường Thục Phán", NewProvince: "Cao Bằng"},
	}
	var log bytes.Buffer
	out, err := build(db, &log, true)
	if err != nil {
		t.Fatal(err)
	}
	body := string(out[len(header):])
	want := "P\t01\tThành phố Hà Nội\n" +
		"00004\tPhường Ba Đình\n" +
		"00070\tPhường Hoàn Kiếm\n" +
		"P\t02\tCao Bằng\n" +
		"01273\tPhường Thục Phán\n" +
		"O\tThành phố Hà Nội\n" +
		"D\tQuận Ba Đình\n" +
		"Phường Trúc Bạch\t00004\n" +
		"D\tQuận Hoàn Kiếm\n" +
		"Phường Hàng Bạc\t00004,00070\n" +
		"O\tTỉnh Cao Bằng\n" +
		"D\tThành phố Cao Bằng\n" +
		"Phường Hợp Giang\t01273\n"
	if body != want {
		t.Errorf("got\n%s\nwant\n%s", body, want)
	}
	for _, s := range []string{"6 mapping rows: 1 without an old name dropped, 2 with a new_ward_code not in the ward table, 1 with one naming another commune", "mapping 3:", "1 of them listed with more than one new commune", "1 names were not NFC"} {
		if !strings.Contains(log.String(), s) {
			t.Errorf("log lacks %q:\n%s", s, log.String())
		}
	}
}

func TestBuild_Rejects(t *testing.T) {
	for name, spoil := range map[string]func(*database){
		"unknown province":    func(db *database) { db.provinces[0].Name = "Atlantis" },
		"33 provinces":        func(db *database) { db.provinces = db.provinces[1:] },
		"bad ward code":       func(db *database) { db.wards[0].Code = "4" },
		"ward without type":   func(db *database) { db.wards[0].Name = "Ba Đình" },
		"duplicate code":      func(db *database) { db.wards[1].Code = "00004" },
		"ward of no province": func(db *database) { db.wards[0].Province = "99" },
		"mapping to nothing": func(db *database) {
			db.mappings = []mapping{{ID: "1", OldName: "Xã A", OldDistrict: "Huyện B", OldProvince: "Thành phố Hà Nội", NewName: "Phường Không Có", NewProvince: "Thành phố Hà Nội"}}
		},
	} {
		db := testDB()
		spoil(db)
		if _, err := build(db, io.Discard, false); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// With the npm package at hand ($VIETNAM_ADDRESS_DB), the committed data
// file is what the generator makes of it.
func TestGenerate_ReproducesCommittedData(t *testing.T) {
	src := os.Getenv("VIETNAM_ADDRESS_DB")
	if src == "" {
		t.Skip("VIETNAM_ADDRESS_DB not set")
	}
	raw, err := readSource(src)
	if err != nil {
		t.Fatal(err)
	}
	db, err := parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	out, err := build(db, io.Discard, false)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../communes_data.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, committed) {
		t.Error("communes_data.tsv differs from what the generator makes; run go generate ./internal/vn/...")
	}
}
