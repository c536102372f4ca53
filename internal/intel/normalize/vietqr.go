package normalize

import "strings"

// VietQR payloads are EMVCo merchant-presented QR codes. Scam victims
// often only have the QR image they were told to pay to, so decoding it to
// the same "BIN:account" key as a typed report is what links the two.
//
// The CRC is checked and a mismatch is an error, never "probably fine":
// a partly misread QR could point to someone else's account.

const (
	qrTagMerchantVietQR = "38"
	qrTagCRC            = "63"
	vietQRGUID          = "A000000727" // NAPAS AID
)

const qrBadCRC = "mã QR bị sai (CRC không khớp)"

// tlv walks an EMVCo "IIllvalue…" list, calling fn with each id, value and
// the offset just after the 4-character header; false aborts. It reports
// whether the list was well formed to its end.
func tlv(s string, fn func(id, val string, at int) bool) bool {
	for i := 0; i < len(s); {
		if len(s)-i < 4 || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
			return false
		}
		id := s[i : i+2]
		n := int(s[i+2]-'0')*10 + int(s[i+3]-'0')
		if len(s)-i-4 < n {
			return false
		}
		if !fn(id, s[i+4:i+4+n], i+4) {
			return true
		}
		i += 4 + n
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// crc16CCITTFalse is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no
// reflection, no final xor), the checksum EMVCo mandates for tag 63.
func crc16CCITTFalse(s string) uint16 {
	crc := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// VietQR decodes the beneficiary bank and account from a VietQR payload.
func VietQR(payload string) Result {
	s := strings.TrimSpace(payload)
	if !strings.HasPrefix(s, "000201") {
		return invalid("không phải mã VietQR (phải bắt đầu bằng 000201)")
	}
	var merchant string
	crcOK, sawCRC := false, false
	wellFormed := tlv(s, func(id, val string, at int) bool {
		switch id {
		case qrTagMerchantVietQR:
			merchant = val
		case qrTagCRC:
			sawCRC = true
			// CRC covers everything up to and including "6304", and tag
			// 63 must be the last field.
			crcOK = len(val) == 4 && at+4 == len(s) && hexEqual(val, crc16CCITTFalse(s[:at]))
			return false
		}
		return true
	})
	if !sawCRC || !crcOK {
		return invalid(qrBadCRC)
	}
	if !wellFormed {
		return invalid("mã QR bị hỏng (cấu trúc EMVCo không hợp lệ)")
	}
	var guid, beneficiary string
	tlv(merchant, func(id, val string, _ int) bool {
		switch id {
		case "00":
			guid = val
		case "01":
			beneficiary = val
		}
		return true
	})
	if !strings.EqualFold(guid, vietQRGUID) || beneficiary == "" {
		return invalid("mã QR không phải VietQR chuyển khoản ngân hàng (thiếu thông tin người nhận)")
	}
	var bin, account string
	tlv(beneficiary, func(id, val string, _ int) bool {
		switch id {
		case "00":
			bin = val
		case "01":
			account = val
		}
		return true
	})
	if bin == "" || account == "" {
		return invalid("mã QR không có mã ngân hàng hoặc số tài khoản người nhận")
	}
	return Bank(bin, account)
}

// hexEqual compares 4 hex characters, either case, with a CRC value.
func hexEqual(h string, crc uint16) bool {
	var v uint16
	for i := 0; i < len(h); i++ {
		if !isHex(h[i]) {
			return false
		}
		v = v<<4 | uint16(unhex(h[i]))
	}
	return v == crc
}
