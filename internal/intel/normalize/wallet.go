package normalize

import (
	"crypto/sha256"
	"strings"

	"golang.org/x/crypto/sha3"
)

// Crypto wallets are keyed "chain:address". Checksums are verified, not
// just shapes: a report with one mistyped character would otherwise become
// a key no other report will ever match, and users deserve to be told.
//
// Decisions:
//   - Ethereum addresses are lower-cased (the EIP-55 mixed case is only a
//     checksum); mixed-case input must carry a valid EIP-55 checksum.
//     Keccak-256 comes from golang.org/x/crypto/sha3 (already a module
//     dependency) rather than a hand-rolled copy.
//   - Bitcoin bech32/bech32m addresses are lower-cased (BIP 173 forbids
//     mixed case and defines the lower-case form as canonical); base58
//     addresses are case-sensitive and kept as typed.
//   - Only mainnet prefixes are accepted; testnet coins are not scam money.

// Wallet normalises a cryptocurrency address.
func Wallet(input string) Result {
	s := strings.TrimSpace(input)
	lower := strings.ToLower(s)
	bad := func(why string) Result {
		return invalid(quote(s) + " không phải địa chỉ ví hợp lệ (" + why + ")")
	}
	switch {
	case strings.HasPrefix(lower, "eth:"):
		return Wallet(s[4:])
	case strings.HasPrefix(lower, "btc:"):
		return Wallet(s[4:])
	case strings.HasPrefix(lower, "tron:"):
		return Wallet(s[5:])
	case strings.HasPrefix(lower, "0x"):
		if len(s) != 42 || !allHex(s[2:]) {
			return bad("địa chỉ Ethereum phải gồm 0x và 40 ký tự hex")
		}
		if !eip55OK(s[2:]) {
			return bad("sai mã kiểm tra EIP-55, có thể gõ nhầm một ký tự")
		}
		return Result{Kind: KindWallet, Normalized: "eth:0x" + lower[2:]}
	case strings.HasPrefix(lower, "bc1"):
		if s != lower && s != strings.ToUpper(s) {
			return bad("địa chỉ bech32 không được trộn chữ hoa và chữ thường")
		}
		if !segwitOK(lower) {
			return bad("sai mã kiểm tra bech32, có thể gõ nhầm một ký tự")
		}
		return Result{Kind: KindWallet, Normalized: "btc:" + lower}
	case strings.HasPrefix(s, "1") || strings.HasPrefix(s, "3"):
		v, ok := base58Check(s)
		if !ok || (v != 0x00 && v != 0x05) {
			return bad("sai mã kiểm tra base58, có thể gõ nhầm một ký tự")
		}
		return Result{Kind: KindWallet, Normalized: "btc:" + s}
	case strings.HasPrefix(s, "T"):
		v, ok := base58Check(s)
		if !ok || v != 0x41 {
			return bad("sai mã kiểm tra của địa chỉ TRON")
		}
		return Result{Kind: KindWallet, Normalized: "tron:" + s}
	}
	return bad("chỉ hỗ trợ Ethereum 0x…, Bitcoin bc1…/1…/3… và TRON T…")
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// eip55OK checks the EIP-55 mixed-case checksum. All-lower or all-upper
// addresses carry no checksum and are accepted as they are.
func eip55OK(hex40 string) bool {
	lower, upper := strings.ToLower(hex40), strings.ToUpper(hex40)
	if hex40 == lower || hex40 == upper {
		return true
	}
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(lower))
	sum := h.Sum(nil)
	for i := 0; i < 40; i++ {
		c := hex40[i]
		if c >= '0' && c <= '9' {
			continue
		}
		nibble := sum[i/2] >> 4
		if i%2 == 1 {
			nibble = sum[i/2] & 15
		}
		if (nibble >= 8) != (c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

const b58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// base58Check decodes a 25-byte base58check address and returns its
// version byte when the double-SHA-256 checksum matches.
func base58Check(s string) (byte, bool) {
	if len(s) < 26 || len(s) > 35 {
		return 0, false
	}
	var buf [40]byte // 35 chars * log(58)/log(256) < 26 bytes; room to spare
	for i := 0; i < len(s); i++ {
		carry := strings.IndexByte(b58Alphabet, s[i])
		if carry < 0 {
			return 0, false
		}
		for j := len(buf) - 1; j >= 0; j-- {
			carry += 58 * int(buf[j])
			buf[j] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return 0, false
		}
	}
	// Each leading '1' is a leading zero byte the arithmetic cannot show.
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	first := 0
	for first < len(buf) && buf[first] == 0 {
		first++
	}
	n := len(buf) - first + zeros
	if n != 25 {
		return 0, false
	}
	raw := buf[len(buf)-25:]
	a := sha256.Sum256(raw[:21])
	b := sha256.Sum256(a[:])
	if string(b[:4]) != string(raw[21:]) {
		return 0, false
	}
	return raw[0], true
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if top>>i&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// segwitOK verifies a lower-case mainnet segwit address: bech32 checksum
// for witness version 0 (BIP 173), bech32m for 1..16 (BIP 350), and the
// program lengths those BIPs allow.
func segwitOK(addr string) bool {
	if len(addr) > 90 {
		return false
	}
	sep := strings.LastIndexByte(addr, '1')
	hrp, data := addr[:sep], addr[sep+1:]
	if hrp != "bc" || len(data) < 7 {
		return false
	}
	values := make([]byte, 0, 2*len(hrp)+1+len(data))
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]&31)
	}
	d := make([]byte, len(data))
	for i := 0; i < len(data); i++ {
		k := strings.IndexByte(bech32Charset, data[i])
		if k < 0 {
			return false
		}
		d[i] = byte(k)
	}
	values = append(values, d...)
	ver := d[0]
	want := uint32(1)
	if ver > 0 {
		want = 0x2bc830a3
	}
	if ver > 16 || bech32Polymod(values) != want {
		return false
	}
	// Regroup the 5-bit program into bytes; leftover bits must be zero
	// padding of fewer than 5 bits.
	acc, bits, n := uint32(0), 0, 0
	for _, v := range d[1 : len(d)-6] {
		acc = acc<<5 | uint32(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			n++
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return false
	}
	if ver == 0 {
		return n == 20 || n == 32
	}
	return n >= 2 && n <= 40
}

// looksWallet reports whether Detect should route s to Wallet.
func looksWallet(s string) bool {
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "eth:"), strings.HasPrefix(lower, "btc:"), strings.HasPrefix(lower, "tron:"):
		return true
	case strings.HasPrefix(lower, "0x"):
		return len(s) >= 40 && len(s) <= 44
	case strings.HasPrefix(lower, "bc1"):
		return len(s) >= 14
	case s != "" && (s[0] == '1' || s[0] == '3' || s[0] == 'T'):
		// Phones are at most 15 digits; base58 addresses 26–35 characters.
		if len(s) < 26 || len(s) > 35 {
			return false
		}
		for i := 0; i < len(s); i++ {
			if strings.IndexByte(b58Alphabet, s[i]) < 0 {
				return false
			}
		}
		return true
	}
	return false
}
