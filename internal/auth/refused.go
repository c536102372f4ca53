package auth

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// The refused-password list: what people choose most and what guessing
// tools try first, written here from the well-known patterns (digit runs,
// keyboard walks, years and birth dates, "matkhau", names and places, banks
// and brands) rather than copied from a published breach list. It is built
// once, on first use: a few hundred words and runs, each refused alone and
// with the usual tails and years before or after it, which covers some
// tens of thousands of passwords.
//
// A password is compared by its key: folded like a search (no diacritics,
// lower case) with spaces and punctuation dropped, so "Mật khẩu 123!" and
// "matkhau123" are the same password to an attacker and to this list. A
// second key undoes the usual letter-for-symbol swaps (P@ssw0rd).

// refusedWords are words people build passwords from. Each is refused
// alone and with a short tail (refusedTails or a year) before or after it.
var refusedWords = []string{
	// the obvious
	"password", "passwd", "pass", "matkhau", "mk", "admin", "administrator", "quantri", "root", "user", "guest", "test", "demo",
	"login", "dangnhap", "welcome", "letmein", "master", "secret", "default", "changeme", "doimatkhau", "batkhau",
	// love and family, in both languages
	"iloveyou", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "thuongem", "nhoem", "tinhyeu", "hanhphuc", "giadinh", "bame", "bomecon",
	"mama", "baba", "conyeu", "baby", "bebi", "princess", "honey", "forever", "maimai",
	// greetings and pastimes
	"hello", "xinchao", "chaoban", "sunshine", "dragon", "monkey", "football", "bongda", "superman", "batman", "pokemon", "naruto",
	"starwars", "shadow", "killer", "hacker",
	// places and the state
	"vietnam", "vietnamvodich", "hanoi", "saigon", "hochiminh", "danang", "haiphong", "cantho", "caobang", "angiang", "congan",
	"canhsat", "bocongan", "canhgiac", "luadao", "chongluadao", "baomat", "anninh", "quandoi", "chinhphu", "ubnd", "sonnmt",
	// brands people see every day
	"samsung", "iphone", "apple", "google", "facebook", "zalo", "viettel", "vinaphone", "mobifone", "vietcombank", "techcombank",
	"agribank", "bidv", "vietinbank", "momo", "gmail", "yahoo", "microsoft", "windows",
	// the commonest family and given names
	"nguyen", "tran", "hoang", "pham", "phan", "dang", "duong", "minh", "linh", "trang", "huong", "hung", "dung", "tuan",
	"long", "thanh", "phuong", "thao", "ngoc", "quang", "hieu", "khanh", "duc", "huyen",
	// keyboard walks and alphabet runs
	"qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm", "qazwsx", "qazwsxedc", "1qaz2wsx", "1qaz2wsx3edc",
	"1q2w3e4r", "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4", "q1w2e3r4t5", "zaq12wsx", "zaq1xsw2", "qweasd", "qweasdzxc", "qwe123",
	"abc", "abcd", "abcde", "abcdef", "abcdefgh", "abcdefghij", "aaa", "aaaaaa", "asd", "zxc",
}

// refusedTails follow a word: numbers people append and the usual symbols.
var refusedTails = []string{"", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "1234567890",
	"01", "111", "000", "999", "69", "88", "99", "2k", "a", "abc", "@", "!", "#", "@123", "123@", "!@#", "vn"}

// refusedRuns are refused whole: digit runs, repeats and keypad walks.
var refusedRuns = []string{"0123456789", "1234567890", "9876543210", "0987654321", "147258369", "741852963", "159753",
	"123123123", "112233445566", "123qwe", "qwe123", "1qazxsw2", "password1", "p4ssw0rd"}

var refusedKeys = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, w := range refusedWords {
		set[w] = true
	}
	for _, r := range refusedRuns {
		set[r] = true
	}
	// Every run of the digit sequence (and its reverse) of 6 digits or more.
	for _, seq := range []string{"01234567890123", "98765432109876"} {
		for n := 6; n <= len(seq); n++ {
			for i := 0; i+n <= len(seq); i++ {
				set[seq[i:i+n]] = true
			}
		}
	}
	return set
})

// onList reports whether a key is on the list, alone or as a listed word
// with a tail (or a year from 1950 to 2039) after it or before it.
func onList(key string) bool {
	set := refusedKeys()
	if set[key] {
		return true
	}
	isWord := func(s string) bool { return s != "" && set[s] }
	for _, t := range refusedTails[1:] {
		if (strings.HasSuffix(key, t) && isWord(key[:len(key)-len(t)])) || (strings.HasPrefix(key, t) && isWord(key[len(t):])) {
			return true
		}
	}
	if n := len(key); n > 4 {
		if y, err := strconv.Atoi(key[n-4:]); err == nil && y >= 1950 && y <= 2039 && isWord(key[:n-4]) {
			return true
		}
		if y, err := strconv.Atoi(key[:4]); err == nil && y >= 1950 && y <= 2039 && isWord(key[4:]) {
			return true
		}
	}
	return false
}

// passwordKey folds a password to what the list compares: no diacritics,
// lower case, letters and digits only.
func passwordKey(pw string) string {
	var sb strings.Builder
	for _, r := range vn.Fold(pw) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// unleet undoes the common swaps of letters for digits and symbols, before
// punctuation is dropped.
var unleet = strings.NewReplacer("@", "a", "4", "a", "0", "o", "3", "e", "1", "i", "!", "i", "$", "s", "5", "s", "7", "t")

// unleetKey is the key of the password with the swaps undone, except in
// the digits that end it ("P@ssw0rd1" is "password1").
func unleetKey(pw string) string {
	lo := strings.ToLower(pw)
	i := len(lo)
	for i > 0 && lo[i-1] >= '0' && lo[i-1] <= '9' {
		i--
	}
	return passwordKey(unleet.Replace(lo[:i]) + lo[i:])
}

// refusedReason says in Vietnamese why a password is on the refused list,
// or "" when it is not.
func refusedReason(pw string) string {
	key := passwordKey(pw)
	switch {
	case onList(key) || onList(unleetKey(pw)):
		return "Mật khẩu này nằm trong danh sách mật khẩu phổ biến mà kẻ gian thử đầu tiên (như 123456789, matkhau2024, Anhyeuem@123). Hãy chọn một cụm vài từ mà chỉ bạn biết."
	case isDigits(key) && len(key) < 13:
		return "Mật khẩu chỉ gồm chữ số và ngắn hơn 13 số (như số điện thoại, ngày sinh) rất dễ bị dò. Hãy thêm chữ, hoặc chọn một cụm vài từ."
	case distinct(key) < 5:
		return "Mật khẩu lặp lại quá ít ký tự khác nhau. Hãy chọn một cụm vài từ mà chỉ bạn biết."
	}
	return ""
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}
