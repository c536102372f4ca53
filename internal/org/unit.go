// Package org owns the tree of units that take part in the campaign and its
// history: dated versions of each unit (name, type, parent) and restructure
// events (rename, move, merge, split, dissolve) with the succession they
// leave behind, so that a merged unit's history rolls up to its successor.
// It also decides which units an actor may see or change: a grant covers the
// subtree of its scope unit as of today, plus every predecessor of a unit in
// it (read only). It does not know about HTTP.
package org

import (
	"regexp"
	"strings"
	"time"
)

// Type is the kind of a unit.
type Type string

const (
	TypeMinistry   Type = "ministry"   // Bộ, cơ quan trung ương
	TypeBureau     Type = "bureau"     // Cục, vụ thuộc bộ
	TypeProvince   Type = "province"   // tỉnh, thành phố trực thuộc trung ương (UBND)
	TypeDepartment Type = "department" // sở, ban, ngành, công an tỉnh
	TypeDistrict   Type = "district"   // huyện, thành phố thuộc tỉnh (until 30/6/2025)
	TypeCommune    Type = "commune"    // xã, phường, đặc khu
	TypeSubunit    Type = "subunit"    // trường học, chi cục, trung tâm, phòng, chi nhánh
	TypeMassOrg    Type = "massorg"    // Mặt trận, đoàn thể
	TypeTelecom    Type = "telecom"    // doanh nghiệp viễn thông
	TypeBank       Type = "bank"       // ngân hàng
	TypePress      Type = "press"      // báo, đài
)

// Types lists every type in display order.
var Types = []Type{TypeMinistry, TypeBureau, TypeProvince, TypeDepartment, TypeDistrict, TypeCommune, TypeSubunit, TypeMassOrg, TypeTelecom, TypeBank, TypePress}

var typeLabels = map[Type][2]string{
	TypeMinistry:   {"Bộ, cơ quan trung ương", "Ministry"},
	TypeBureau:     {"Cục, đơn vị thuộc bộ", "Bureau"},
	TypeProvince:   {"Tỉnh, thành phố", "Province"},
	TypeDepartment: {"Sở, ban, ngành", "Department"},
	TypeDistrict:   {"Huyện, thành phố thuộc tỉnh", "District"},
	TypeCommune:    {"Xã, phường, đặc khu", "Commune"},
	TypeSubunit:    {"Đơn vị trực thuộc", "Sub-unit"},
	TypeMassOrg:    {"Mặt trận, đoàn thể", "Mass organisation"},
	TypeTelecom:    {"Doanh nghiệp viễn thông", "Telecom"},
	TypeBank:       {"Ngân hàng", "Bank"},
	TypePress:      {"Báo chí, phát thanh, truyền hình", "Press"},
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { _, ok := typeLabels[t]; return ok }

// Label is the type's name in lang ("en" or Vietnamese).
func (t Type) Label(lang string) string {
	l, ok := typeLabels[t]
	if !ok {
		return string(t)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// Unit is a unit as it stands at one date (its version in force then).
type Unit struct {
	ID         int64
	Code       string
	Name       string
	ShortName  string
	Type       Type
	ParentID   int64
	ParentCode string
	ParentName string
	ValidFrom  string // YYYY-MM-DD, vn.Beginning if unknown
	ValidTo    string // YYYY-MM-DD exclusive, vn.Forever if still in force
	VersionID  int64
}

// Active reports whether the version is in force on date d (YYYY-MM-DD).
func (u Unit) Active(d string) bool { return u.ValidFrom <= d && d < u.ValidTo }

// Node is a unit in a tree with its children at the same date.
type Node struct {
	Unit
	Children []*Node
}

// Event is a dated restructure.
type Event struct {
	ID        int64
	Kind      Kind
	Effective string
	Basis     string // legal basis, e.g. "Nghị quyết 202/2025/QH15"
	Note      string
	CreatedAt time.Time
}

// Succession links a unit that ended to the unit that took over its duties
// and history.
type Succession struct {
	Predecessor Unit
	Successor   Unit
	EventID     int64
	Kind        Kind
	Effective   string
	Basis       string
}

// Detail is everything the unit page shows.
type Detail struct {
	Unit         Unit // the version at the asked date, or the last one
	ActiveAtDate bool
	Versions     []Unit // oldest first
	Children     []Unit // at the asked date
	Predecessors []Succession
	Successors   []Succession
	CanEdit      bool
}

// UnitInput is what a person types to create or correct a unit.
type UnitInput struct {
	Code       string
	Name       string
	ShortName  string
	Type       Type
	ParentCode string
	ValidFrom  string // date as typed; empty means today (create) or unchanged
}

var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,39}$`)

func (in *UnitInput) normalise() {
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	in.ShortName = strings.Join(strings.Fields(in.ShortName), " ")
	in.ParentCode = strings.ToLower(strings.TrimSpace(in.ParentCode))
	in.ValidFrom = strings.TrimSpace(in.ValidFrom)
}
