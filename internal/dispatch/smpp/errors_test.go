package smpp

import (
	"errors"
	"strings"
	"testing"

	"github.com/linxGnu/gosmpp/data"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

func TestSubmitError_MapsStatusesToDispatchKinds(t *testing.T) {
	tests := []struct {
		status   data.CommandStatusType
		want     error
		wantName string
	}{
		{data.ESME_ROK, nil, ""},
		{data.ESME_RTHROTTLED, dispatch.ErrThrottled, "ESME_RTHROTTLED"},
		{data.ESME_RMSGQFUL, dispatch.ErrThrottled, "ESME_RMSGQFUL"},
		{data.ESME_RINVDSTADR, dispatch.ErrRejected, "ESME_RINVDSTADR"},
		{data.ESME_RSUBMITFAIL, dispatch.ErrRejected, "ESME_RSUBMITFAIL"},
		{data.CommandStatusType(0x401), dispatch.ErrRejected, "0x00000401"},
	}
	for _, tt := range tests {
		t.Run(tt.status.String(), func(t *testing.T) {
			err := submitError(tt.status)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("submitError = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("submitError = %v, want it to be %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantName) {
				t.Errorf("submitError = %q, want it to name %s", err, tt.wantName)
			}
		})
	}
}

func TestAuthError_IsAVietnameseSentence(t *testing.T) {
	err := error(&AuthError{Addr: "10.0.0.1:2775", SystemID: "canhgiac", Status: data.ESME_RINVPASWD})
	if !errors.Is(err, ErrAuth) {
		t.Error("AuthError is not ErrAuth")
	}
	for _, want := range []string{"từ chối đăng nhập SMPP", "sai system_id hoặc mật khẩu", "10.0.0.1:2775", "ESME_RINVPASWD"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}

func TestDestAddr_AcceptsOnlyE164(t *testing.T) {
	for _, to := range []string{"+84912345678", "+12025550123"} {
		a, err := destAddr(to)
		if err != nil || a.Address() != to[1:] || a.Ton() != 1 || a.Npi() != 1 {
			t.Errorf("destAddr(%q) = %v (%d/%d), %v", to, a.Address(), a.Ton(), a.Npi(), err)
		}
	}
	for _, to := range []string{"0912345678", "+84 912 345 678", "+84", "", "+8491234567890123"} {
		if _, err := destAddr(to); !errors.Is(err, dispatch.ErrRejected) {
			t.Errorf("destAddr(%q) = %v, want ErrRejected", to, err)
		}
	}
}

func TestSourceAddr_TypeOfNumber(t *testing.T) {
	tests := []struct {
		from     string
		ton, npi byte
	}{
		{"CANHGIAC", 5, 0},
		{"BoCongAn", 5, 0},
		{"8079", 3, 0},
		{"84912345678", 1, 1},
	}
	for _, tt := range tests {
		a, err := sourceAddr(tt.from)
		if err != nil || a.Ton() != tt.ton || a.Npi() != tt.npi {
			t.Errorf("sourceAddr(%q) = %d/%d, %v; want %d/%d", tt.from, a.Ton(), a.Npi(), err, tt.ton, tt.npi)
		}
	}
}
