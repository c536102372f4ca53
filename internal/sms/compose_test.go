package sms_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/sms"
)

func TestValidBrandname(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string // substring of the Vietnamese message; "" for valid
	}{
		{"CANHGIAC", ""},
		{"BoCongAn", ""},
		{"Bo-CA_2025.", ""}, // 11 characters
		{"CA HANOI", ""},
		{"A", ""},
		{"", "không được để trống"},
		{"CANHGIACVIETNAM", "Tên thương hiệu (brandname) tối đa 11 ký tự; “CANHGIACVIETNAM” có 15."},
		{"CANHGIAC-VN", ""},
		{"CANHGIAC-VN1", "tối đa 11 ký tự; “CANHGIAC-VN1” có 12."},
		{"Bộ Công An", "“ộ” không được dùng"},
		{"CA@HN", "“@” không được dùng"},
		{" CANHGIAC", "không được bắt đầu hoặc kết thúc bằng dấu cách"},
		{"CANHGIAC ", "không được bắt đầu hoặc kết thúc bằng dấu cách"},
	}
	for _, tt := range tests {
		err := sms.ValidBrandname(tt.in)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ValidBrandname(%q) = %v, want nil", tt.in, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ValidBrandname(%q) = %v, want %q", tt.in, err, tt.wantErr)
		case err != nil && !errors.Is(err, sms.ErrBrandname):
			t.Errorf("ValidBrandname(%q) = %v, not ErrBrandname", tt.in, err)
		}
	}
}

func TestCompose(t *testing.T) {
	const optOut = "Tu choi: soan TC gui 1234"
	tests := []struct {
		name    string
		body    string
		class   sms.Class
		optOut  string
		want    string
		wantErr error
	}{
		{"warning is unchanged", "Canh bao: khong chuyen tien!", sms.Warning, "", "Canh bao: khong chuyen tien!", nil},
		{"warning ignores opt-out", "Canh bao", sms.Warning, optOut, "Canh bao", nil},
		{"marketing gets label and opt-out", "Hoc ky nang an toan mang", sms.Marketing, optOut,
			"[QC] Hoc ky nang an toan mang Tu choi: soan TC gui 1234", nil},
		{"opt-out spacing is normalised", "Khoa hoc mien phi", sms.Marketing, " " + optOut + " ",
			"[QC] Khoa hoc mien phi Tu choi: soan TC gui 1234", nil},
		{"label and opt-out not doubled", "[QC] Khoa hoc mien phi Tu choi: soan TC gui 1234", sms.Marketing, optOut,
			"[QC] Khoa hoc mien phi Tu choi: soan TC gui 1234", nil},
		{"marketing without opt-out is refused", "Khoa hoc", sms.Marketing, "  ", "", sms.ErrNoOptOut},
		{"empty body is refused", " ", sms.Warning, "", "", sms.ErrEmpty},
		{"unknown class is refused", "x", sms.Class(9), optOut, "", sms.ErrClass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sms.Compose(tt.body, tt.class, tt.optOut)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("Compose = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestCompose_RefusalIsVietnamese(t *testing.T) {
	_, err := sms.Compose("Khoa hoc", sms.Marketing, "")
	if err == nil || !strings.Contains(err.Error(), "hướng dẫn từ chối nhận tin") {
		t.Errorf("err = %v, want a Vietnamese sentence about the refusal instruction", err)
	}
}
