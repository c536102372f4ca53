package publicstats

// Province is one of the 34 provinces and cities of 1 July 2025 as the tile
// map draws it: a square in its rough place on a hand-made grid (no
// boundary data), with its population to turn reports into a rate.
type Province struct {
	Name       string // as vn.Provinces names it
	Abbr       string // the few letters written in its square
	Col, Row   int    // 0-based, 6 columns × 12 rows, north at the top
	Population int
}

// Population, source.
//
// The 23 provinces and cities formed by merging carry the "quy mô dân số"
// that Nghị quyết 202/2025/QH15 (Quốc hội, 12/6/2025), Điều 1, states for
// each of them. All 23 figures were checked in December 2026 and none
// needed changing. The official text in Công báo was not reachable; the
// figures were compared with copies and reports of the resolution:
// English translations of Điều 1 (english.luatvietnam.vn,
// www.vietnam.vn/en); the 34-unit tables of news.laodong.vn (12/6/2025),
// vietnam.travel and cvs-praha.cz; en.wikipedia.org for Cần Thơ, Vĩnh
// Long and Đồng Tháp, wikimili.com for An Giang, realtier.net for Cà Mau;
// and the table in GitHub tvanlam/bag_shop,
// frontend/bagshop/DANH_SACH_34_TINH_THANH.md. Every one of these that
// gives a figure gives the same number as below. (Reports of the April 2025
// drafts, e.g. the project approved by Quyết định 759/QĐ-TTg, carry other,
// older numbers; those are not the resolution's.)
//
// The 11 units the resolution leaves unchanged (Hà Nội, Huế, Cao Bằng,
// Điện Biên, Lai Châu, Sơn La, Lạng Sơn, Quảng Ninh, Thanh Hóa, Nghệ An,
// Hà Tĩnh) get no figure in the resolution. Their figures here are NOT
// verified. The Government dossier they are said to come from was not
// found, and the public sources disagree:
//   - the cvs-praha.cz table (and some GitHub tables) matches ten of the
//     figures below, but gives Sơn La 1,404,587;
//   - the news.laodong.vn table of 12/6/2025 (its rows for these 11 are
//     told apart by their areas) gives Sơn La 1,327,430 (the figure used
//     here until December 2026), and so does en.vreview.vn, which cites the Ministry of
//     Agriculture and Environment's map data. For the other ten the
//     Lao Động table gives lower numbers (for example Hà Nội 8,718,000,
//     Thanh Hóa 3,760,650, Nghệ An 3,470,988, Huế 1,236,393). Only Hà
//     Tĩnh (1,622,901) is the same in both tables.
//
// Decision: the 11 follow one series, the cvs-praha.cz table's, because
// that table gives the resolution's own figures for the 23 merged units
// (so it was likely drawn from the same dossier); Sơn La was moved to its
// 1,404,587 to match the other ten. Depending on which series is right,
// these 11 squares' rates could be off by up to about 16% (Huế, Thanh
// Hóa). The counts are unaffected, and the map's note says which figures
// come from where.
var Provinces = []Province{
	{"Lai Châu", "LC", 1, 0, 512_601},
	{"Lào Cai", "LCa", 2, 0, 1_778_785},
	{"Tuyên Quang", "TQ", 3, 0, 1_865_270},
	{"Cao Bằng", "CB", 4, 0, 573_119},
	{"Điện Biên", "ĐB", 0, 1, 673_091},
	{"Sơn La", "SL", 1, 1, 1_404_587},
	{"Phú Thọ", "PT", 2, 1, 4_022_638},
	{"Thái Nguyên", "TN", 3, 1, 1_799_489},
	{"Lạng Sơn", "LS", 4, 1, 881_384},
	{"Quảng Ninh", "QN", 5, 1, 1_497_447},
	{"Thành phố Hà Nội", "HN", 2, 2, 8_807_523},
	{"Bắc Ninh", "BN", 3, 2, 3_619_433},
	{"Thành phố Hải Phòng", "HP", 4, 2, 4_664_124},
	{"Thanh Hóa", "TH", 2, 3, 4_324_783},
	{"Ninh Bình", "NB", 3, 3, 4_412_264},
	{"Hưng Yên", "HY", 4, 3, 3_567_943},
	{"Nghệ An", "NA", 2, 4, 3_831_694},
	{"Hà Tĩnh", "HT", 3, 4, 1_622_901},
	{"Quảng Trị", "QT", 3, 5, 1_870_845},
	{"Thành phố Huế", "Huế", 4, 5, 1_432_986},
	{"Thành phố Đà Nẵng", "ĐN", 4, 6, 3_065_628},
	{"Quảng Ngãi", "QNg", 4, 7, 2_161_755},
	{"Gia Lai", "GL", 5, 7, 3_583_693},
	{"Đắk Lắk", "ĐL", 5, 8, 3_346_853},
	{"Lâm Đồng", "LĐ", 4, 8, 3_872_999},
	{"Đồng Nai", "ĐNa", 3, 9, 4_491_408},
	{"Khánh Hòa", "KH", 5, 9, 2_243_554},
	{"Tây Ninh", "TNi", 2, 10, 3_254_170},
	{"Thành phố Hồ Chí Minh", "HCM", 3, 10, 14_002_598},
	{"An Giang", "AG", 0, 10, 4_952_238},
	{"Đồng Tháp", "ĐT", 1, 10, 4_370_046},
	{"Cà Mau", "CM", 0, 11, 2_606_672},
	{"Thành phố Cần Thơ", "CT", 1, 11, 4_199_824},
	{"Vĩnh Long", "VL", 2, 11, 4_257_581},
}

// GridCols and GridRows are the tile grid's size.
const GridCols, GridRows = 6, 12
