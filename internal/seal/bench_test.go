package seal_test

import (
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/seal"
)

// A campaign's SMS text is about 160 characters; these say what sealing
// each message row would cost the pipeline.
var smsText = strings.Repeat("Canh bao lua dao: ", 9)[:160]

func BenchmarkSeal_SMSText(b *testing.B) {
	k, _ := seal.FromConfig("", seal.NewKey())
	b.ReportAllocs()
	for b.Loop() {
		k.Seal("messages.text", smsText)
	}
}

func BenchmarkOpen_SMSText(b *testing.B) {
	k, _ := seal.FromConfig("", seal.NewKey())
	v, _ := k.Seal("messages.text", smsText)
	b.ReportAllocs()
	for b.Loop() {
		k.Open("messages.text", v)
	}
}

func BenchmarkIndex_Phone(b *testing.B) {
	k, _ := seal.FromConfig("", seal.NewKey())
	b.ReportAllocs()
	for b.Loop() {
		k.Index("+84912345678")
	}
}
