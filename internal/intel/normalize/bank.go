package normalize

import (
	"strings"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// Bank accounts are keyed "BIN:account" because the same account number
// can exist at two banks, and because VietQR payloads identify the bank by
// its NAPAS BIN, not by name: typed reports and scanned QR codes must meet.

// bankInfo is one row of the NAPAS / State Bank of Vietnam BIN list.
type bankInfo struct {
	BIN     string
	Name    string   // common brand name
	Aliases []string // short names and older names people still type
}

// banks lists BINs we are sure of (NAPAS list as published for VietQR).
// Banks whose BIN we could not confirm are left out on purpose: a wrong BIN
// would silently split one scam account into two keys.
var banks = []bankInfo{
	{"970436", "Vietcombank", []string{"VCB", "Ngoại thương Việt Nam"}},
	{"970415", "VietinBank", []string{"CTG", "ICB", "Công thương Việt Nam"}},
	{"970418", "BIDV", []string{"Đầu tư và Phát triển Việt Nam"}},
	{"970405", "Agribank", []string{"VBA", "Nông nghiệp và Phát triển Nông thôn"}},
	{"970407", "Techcombank", []string{"TCB", "Kỹ thương Việt Nam"}},
	{"970422", "MB", []string{"MBBank", "MBB", "Quân đội"}},
	{"970416", "ACB", []string{"Á Châu"}},
	{"970432", "VPBank", []string{"VPB", "Việt Nam Thịnh Vượng"}},
	{"970403", "Sacombank", []string{"STB", "Sài Gòn Thương Tín"}},
	{"970423", "TPBank", []string{"TPB", "Tiên Phong"}},
	{"970441", "VIB", []string{"Quốc tế Việt Nam"}},
	{"970443", "SHB", []string{"Sài Gòn Hà Nội"}},
	{"970437", "HDBank", []string{"HDB", "Phát triển TP.HCM"}},
	{"970448", "OCB", []string{"Phương Đông"}},
	{"970426", "MSB", []string{"Maritime Bank", "Hàng Hải"}},
	{"970440", "SeABank", []string{"SEAB", "Đông Nam Á"}},
	{"970431", "Eximbank", []string{"EIB", "Xuất Nhập khẩu Việt Nam"}},
	{"970449", "LPBank", []string{"LPB", "LienVietPostBank", "Lộc Phát"}},
	{"970428", "Nam A Bank", []string{"NAB", "Nam Á"}},
	{"970409", "BacABank", []string{"BAB", "Bắc Á"}},
	{"970425", "ABBANK", []string{"ABB", "An Bình"}},
	{"970427", "VietABank", []string{"VAB", "Việt Á"}},
	{"970419", "NCB", []string{"Quốc Dân"}},
	{"970412", "PVcomBank", []string{"PVCB", "Đại chúng Việt Nam"}},
	{"970400", "Saigonbank", []string{"SGICB", "Sài Gòn Công Thương"}},
	{"970452", "KienlongBank", []string{"KLB", "Kiên Long"}},
	{"970438", "BaoViet Bank", []string{"BVB", "Bảo Việt"}},
	{"970433", "VietBank", []string{"VBB", "Việt Nam Thương Tín"}},
	{"970430", "PGBank", []string{"PGB", "Thịnh vượng và Phát triển"}},
	{"546034", "Cake", []string{"Cake by VPBank"}},
	{"963388", "Timo", []string{"Timo by Bản Việt"}},
	{"546035", "UBank", []string{"Ubank by VPBank"}},
}

// bankKey folds a bank name for matching: no case, no diacritics, no
// spaces or punctuation, and without the generic words people prepend
// ("Ngân hàng TMCP …", "NH …") or append ("… Bank").
func bankKey(s string) string {
	f := vn.Fold(s)
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if c := f[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	k := b.String()
	for _, p := range []string{"nganhang", "tmcp", "thuongmaicophan", "nh"} {
		if strings.HasPrefix(k, p) && len(k) > len(p)+1 {
			k = k[len(p):]
		}
	}
	if strings.HasSuffix(k, "bank") && len(k) > len("bank")+1 {
		k = strings.TrimSuffix(k, "bank")
	}
	return k
}

// bankIndex maps every folded name, alias and BIN to its row.
var bankIndex = func() map[string]*bankInfo {
	m := make(map[string]*bankInfo)
	for i := range banks {
		b := &banks[i]
		m[b.BIN] = b
		m[bankKey(b.Name)] = b
		for _, a := range b.Aliases {
			m[bankKey(a)] = b
		}
	}
	return m
}()

// lookupBank finds a bank by BIN, name or short name; nil when unknown.
func lookupBank(nameOrBIN string) *bankInfo {
	k := bankKey(nameOrBIN)
	if k == "" {
		return nil
	}
	return bankIndex[k]
}

// Bank normalises a bank account to "BIN:account".
func Bank(bankNameOrBIN, account string) Result {
	b := lookupBank(bankNameOrBIN)
	if b == nil {
		return invalid("không nhận ra ngân hàng " + quote(strings.TrimSpace(bankNameOrBIN)) +
			": hãy ghi tên ngân hàng (ví dụ Vietcombank, BIDV), tên viết tắt (VCB, TCB, MB) hoặc mã BIN 6 số (970436)")
	}
	acc, ok := accountDigits(account)
	if !ok {
		return invalid("số tài khoản " + quote(strings.TrimSpace(account)) +
			" không hợp lệ: chỉ gồm chữ số, dài từ 6 đến 19 số")
	}
	return Result{Kind: KindBank, Normalized: b.BIN + ":" + acc}
}

// accountDigits strips the separators people type and checks the length
// range Vietnamese banks use (6–19 digits, card numbers included).
func accountDigits(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == ' ' || c == '-' || c == '.' || c == '\t':
		default:
			return "", false
		}
	}
	if b.Len() < 6 || b.Len() > 19 {
		return "", false
	}
	return b.String(), true
}

// BankName returns the brand name for a BIN, "" when unknown; callers use
// it to show a normalised key back to people.
func BankName(bin string) string {
	if b := bankIndex[bin]; b != nil && b.BIN == bin {
		return b.Name
	}
	return ""
}
