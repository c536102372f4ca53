package sms

import "fmt"

// MaxParts is the most parts a concatenated SMS can have: the header counts
// them in one octet. Operators may cap it much lower.
const MaxParts = 255

// ESMClassUDHI is the esm_class bit of submit_sm that says short_message
// starts with a user data header (SMPP 3.4 §5.2.12).
const ESMClassUDHI byte = 0x40

// UDH returns the user data header of part seq (1-based) of total parts of
// a concatenated SMS with 8-bit reference ref (3GPP TS 23.040 §9.2.3.24.1):
// header length 05, information element 00 (concatenation, 8-bit
// reference) of length 03, then ref, total and seq. Every part of one
// message shares ref; messages sent to the same phone close together need
// different refs, or the handset joins the wrong parts.
//
// UDH panics unless 1 ≤ seq ≤ total ≤ MaxParts: that is a bug in the
// caller, which Parts never has.
func UDH(ref uint8, total, seq int) []byte {
	if total < 1 || total > MaxParts || seq < 1 || seq > total {
		panic(fmt.Sprintf("sms.UDH: part %d of %d", seq, total))
	}
	return []byte{0x05, 0x00, 0x03, ref, byte(total), byte(seq)}
}

// Part is one submit_sm's worth of a message.
type Part struct {
	// UDH is the concatenation header, nil when the message fits one SMS.
	// When it is set, submit_sm needs esm_class with ESMClassUDHI and
	// short_message = UDH followed by Payload (see ShortMessage).
	UDH []byte
	// Payload is the part's text, encoded as Split describes.
	Payload []byte
	// DataCoding is submit_sm's data_coding: DataCodingDefault (0x00) for
	// the GSM-7 default alphabet, DataCodingUCS2 (0x08) for UCS-2.
	DataCoding byte
}

// ShortMessage returns the short_message field: the header, if any, then
// the payload.
func (p Part) ShortMessage() []byte {
	b := make([]byte, 0, len(p.UDH)+len(p.Payload))
	return append(append(b, p.UDH...), p.Payload...)
}

// Parts splits text into submit_sm-ready parts sharing the concatenation
// reference ref. It refuses empty text (ErrEmpty) and text needing more
// than MaxParts parts (ErrTooLong).
func Parts(text string, ref uint8) ([]Part, error) {
	enc, payloads := Split(text)
	switch n := len(payloads); {
	case n == 0:
		return nil, refuse(ErrEmpty, "Nội dung tin nhắn đang trống.")
	case n > MaxParts:
		return nil, refuse(ErrTooLong, fmt.Sprintf("Tin nhắn quá dài: cần %d tin ghép, tối đa %d.", n, MaxParts))
	}
	parts := make([]Part, len(payloads))
	for i, p := range payloads {
		parts[i] = Part{Payload: p, DataCoding: enc.DataCoding()}
		if len(payloads) > 1 {
			parts[i].UDH = UDH(ref, len(payloads), i+1)
		}
	}
	return parts, nil
}
