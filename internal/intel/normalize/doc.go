// Package normalize owns the normal form of every indicator the scam-check
// service stores or looks up: phone numbers, URLs, bank accounts (typed or
// read from a VietQR payload), social-network accounts and crypto wallets.
//
// Two reports of the same scam must meet on the same key whatever way the
// citizen or partner typed it ("0912.345.678", "+84 912 345 678" and
// "84912345678" are one phone; "HTTP://Evil.COM:80/a/../b#x" and
// "evil.com/b" are one URL), so every function here returns a canonical
// string and, for invalid input, a Vietnamese sentence saying why. Nothing
// in this package panics on user input; fuzz tests hold it to that.
//
// Normal forms are fixed points: feeding a Result.Normalized back through
// Detect (or the specific function) yields the same Normalized value. Stores
// rely on that to re-normalise old rows safely when rules change.
package normalize

// Kind is the type of indicator an input was recognised as.
type Kind string

// The kinds of indicator. KindInvalid carries a Reason.
const (
	KindPhone   Kind = "phone"
	KindURL     Kind = "url"
	KindBank    Kind = "bank"
	KindSocial  Kind = "social"
	KindWallet  Kind = "wallet"
	KindInvalid Kind = "invalid"
)

// kindLabels are the words a person reads for each kind of indicator.
var kindLabels = map[Kind]string{
	KindPhone:   "Số điện thoại",
	KindURL:     "Đường link",
	KindBank:    "Tài khoản ngân hàng",
	KindSocial:  "Tài khoản mạng xã hội",
	KindWallet:  "Ví tiền mã hóa",
	KindInvalid: "Không nhận ra",
}

// Label is the kind in words, for pages; an unknown kind reads "Chỉ dấu khác".
func (k Kind) Label() string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return "Chỉ dấu khác"
}

// Result is the outcome of normalising one input.
type Result struct {
	Kind Kind
	// Normalized is the canonical key: phone "+84912345678"; url the Safe
	// Browsing canonical URL; bank "970436:0011004455667"; social
	// "facebook:profile.id"; wallet "eth:0x…", "btc:…", "tron:T…".
	Normalized string
	// Reason says, in Vietnamese, why the input is invalid; "" otherwise.
	Reason string
	// Phone is the E.164 number as an integer (no '+'), for compact indexes.
	Phone uint64
	// Host is the canonical host of a URL; Domain its registrable domain
	// (eTLD+1), empty for IP hosts or when the suffix list has no answer.
	Host   string
	Domain string
	// Expressions are the Safe Browsing host-suffix × path-prefix lookups
	// for a URL (at most 5 × 6), most specific first.
	Expressions []string
}

// invalid builds an invalid Result; kept tiny so call sites read as prose.
func invalid(reason string) Result {
	return Result{Kind: KindInvalid, Reason: reason}
}

// quote shows the user's input back to them inside a reason, shortened so a
// pasted novel does not end up in logs and API responses.
func quote(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) > max {
		s = string(r[:max]) + "…"
	}
	return "\"" + s + "\""
}
