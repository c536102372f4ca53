package sms_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/sms"
)

func TestUDH_Bytes(t *testing.T) {
	tests := []struct {
		ref        uint8
		total, seq int
		want       []byte
	}{
		{0x2A, 3, 2, []byte{0x05, 0x00, 0x03, 0x2A, 0x03, 0x02}},
		{0x00, 2, 1, []byte{0x05, 0x00, 0x03, 0x00, 0x02, 0x01}},
		{0xFF, 255, 255, []byte{0x05, 0x00, 0x03, 0xFF, 0xFF, 0xFF}},
	}
	for _, tt := range tests {
		if got := sms.UDH(tt.ref, tt.total, tt.seq); !bytes.Equal(got, tt.want) {
			t.Errorf("UDH(%d, %d, %d) = % X, want % X", tt.ref, tt.total, tt.seq, got, tt.want)
		}
	}
}

func TestUDH_PanicsOnImpossiblePart(t *testing.T) {
	for _, c := range [][2]int{{0, 1}, {2, 0}, {2, 3}, {256, 1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("UDH(1, %d, %d) did not panic", c[0], c[1])
				}
			}()
			sms.UDH(1, c[0], c[1])
		}()
	}
}

func TestParts_ConcatenatedGSM7(t *testing.T) {
	text := strings.Repeat("a", 161)
	parts, err := sms.Parts(text, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2", len(parts))
	}
	for i, p := range parts {
		if want := sms.UDH(7, 2, i+1); !bytes.Equal(p.UDH, want) {
			t.Errorf("part %d UDH = % X, want % X", i+1, p.UDH, want)
		}
		if p.DataCoding != 0x00 {
			t.Errorf("part %d data_coding = %#x, want 0x00", i+1, p.DataCoding)
		}
	}
	sm := parts[0].ShortMessage()
	if len(sm) != 6+153 || !bytes.Equal(sm[:6], parts[0].UDH) || !bytes.Equal(sm[6:], parts[0].Payload) {
		t.Errorf("ShortMessage = % X, want UDH then 153 septets", sm)
	}
}

func TestParts_SingleUCS2HasNoHeader(t *testing.T) {
	parts, err := sms.Parts("Cảnh báo lừa đảo", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0].UDH != nil || parts[0].DataCoding != 0x08 || len(parts[0].Payload) != 32 {
		t.Errorf("Parts = %+v, want one UCS-2 part of 32 octets without UDH", parts)
	}
	if !bytes.Equal(parts[0].ShortMessage(), parts[0].Payload) {
		t.Errorf("ShortMessage without UDH should be the payload")
	}
}

func TestParts_Refusals(t *testing.T) {
	tests := []struct {
		name string
		text string
		want error
	}{
		{"empty", "", sms.ErrEmpty},
		{"more than 255 parts", strings.Repeat("a", 255*153+1), sms.ErrTooLong},
	}
	for _, tt := range tests {
		_, err := sms.Parts(tt.text, 1)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := sms.Parts(strings.Repeat("a", 255*153), 1); err != nil {
		t.Errorf("255 full parts: %v", err)
	}
}
