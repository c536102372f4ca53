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
// The 23 provinces formed by merging: the population Nghị quyết
// 202/2025/QH15 (Quốc hội, 12/6/2025, on rearranging provincial-level
// administrative units), Điều 1, states for each new province ("quy mô dân
// số"). The 11 provinces and cities the resolution leaves as they were are
// not restated there; for them the figure is the one of the Government's
// dossier for the same resolution (Đề án sắp xếp đơn vị hành chính cấp
// tỉnh, 2025), which uses the same basis.
//
// These figures were transcribed offline, without the official text at
// hand: check them against the resolution as published in Công báo before
// relying on a rate to more than two figures. A wrong figure shifts one
// square's rate; the counts are unaffected.
var Provinces = []Province{
	{"Lai Châu", "LC", 1, 0, 512_601},
	{"Lào Cai", "LCa", 2, 0, 1_778_785},
	{"Tuyên Quang", "TQ", 3, 0, 1_865_270},
	{"Cao Bằng", "CB", 4, 0, 573_119},
	{"Điện Biên", "ĐB", 0, 1, 673_091},
	{"Sơn La", "SL", 1, 1, 1_327_430},
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
