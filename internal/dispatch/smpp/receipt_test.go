package smpp

import (
	"testing"
	"time"

	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

func TestParseReceiptText(t *testing.T) {
	tests := []struct {
		name string
		text string
		want receipt
	}{
		{
			name: "standard",
			text: "id:5A00002B sub:001 dlvrd:001 submit date:2611230114 done date:2611230115 stat:DELIVRD err:000 text:Canh giac lua dao",
			want: receipt{ID: "5A00002B", Stat: "DELIVRD", Err: "000", Done: time.Date(2026, 11, 23, 1, 15, 0, 0, vnTime)},
		},
		{
			name: "failed, seconds in dates",
			text: "id:77 sub:001 dlvrd:000 submit date:261123011402 done date:261123011559 stat:UNDELIV err:001 text:",
			want: receipt{ID: "77", Stat: "UNDELIV", Err: "001", Done: time.Date(2026, 11, 23, 1, 15, 59, 0, vnTime)},
		},
		{
			name: "capitalised keys, text that looks like fields",
			text: "id:abc Sub:001 Dlvrd:000 Submit date:2611230114 Done date:2611230115 Stat:expired Err:000 Text:id:evil stat:DELIVRD",
			want: receipt{ID: "abc", Stat: "EXPIRED", Err: "000", Done: time.Date(2026, 11, 23, 1, 15, 0, 0, vnTime)},
		},
		{
			name: "no done date",
			text: "id:9 stat:REJECTD err:010",
			want: receipt{ID: "9", Stat: "REJECTD", Err: "010"},
		},
		{
			name: "not a receipt",
			text: "Xin chao",
			want: receipt{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseReceiptText(tt.text)
			if got.ID != tt.want.ID || got.Stat != tt.want.Stat || got.Err != tt.want.Err || !got.Done.Equal(tt.want.Done) {
				t.Errorf("parseReceiptText(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestReceiptOf_FallsBackToTLVs(t *testing.T) {
	p := pdu.NewDeliverSM().(*pdu.DeliverSM)
	p.EsmClass = data.SM_SMSC_DLV_RCPT_TYPE
	p.RegisterOptionalParam(pdu.Field{Tag: pdu.TagReceiptedMessageID, Data: []byte("5A0000FF\x00")})
	p.RegisterOptionalParam(pdu.Field{Tag: pdu.TagMessageStateOption, Data: []byte{5}})
	r, ok := receiptOf(p)
	if !ok || r.ID != "5A0000FF" || r.Stat != "UNDELIV" {
		t.Errorf("receiptOf = %+v, %v; want id 5A0000FF, UNDELIV", r, ok)
	}
}

func TestReceiptBook_SinglePartPassesThrough(t *testing.T) {
	b := newReceiptBook(time.Hour)
	done := time.Date(2026, 11, 23, 1, 15, 0, 0, vnTime)
	got, ok := b.report(receipt{ID: "42", Stat: "DELIVRD", Done: done})
	want := dispatch.Receipt{ChannelID: "42", Delivered: true, Status: "DELIVRD", At: done}
	if !ok || got != want {
		t.Errorf("report = %+v, %v; want %+v", got, ok, want)
	}
}

func TestReceiptBook_LongMessageReportsOnceWhenAllPartsHave(t *testing.T) {
	tests := []struct {
		name          string
		stats         []string
		finishFirst   bool
		wantDelivered bool
		wantStatus    string
	}{
		{"all delivered, receipts after Send returned", []string{"DELIVRD", "DELIVRD", "DELIVRD"}, true, true, "DELIVRD"},
		{"all delivered, receipts before Send returned", []string{"DELIVRD", "DELIVRD", "DELIVRD"}, false, true, "DELIVRD"},
		{"one part undeliverable", []string{"DELIVRD", "UNDELIV", "EXPIRED"}, true, false, "UNDELIV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newReceiptBook(time.Hour)
			m := b.begin(3)
			for _, id := range []string{"a", "b", "c"} {
				b.add(m, id)
			}
			var got []dispatch.Receipt
			if tt.finishFirst {
				if r, ok := b.finish(m, "c"); ok {
					got = append(got, r)
				}
			}
			for i, id := range []string{"a", "b", "c"} {
				if r, ok := b.report(receipt{ID: id, Stat: tt.stats[i]}); ok {
					got = append(got, r)
				}
			}
			if !tt.finishFirst {
				if r, ok := b.finish(m, "c"); ok {
					got = append(got, r)
				}
			}
			if len(got) != 1 {
				t.Fatalf("got %d receipts %+v, want 1", len(got), got)
			}
			if got[0].ChannelID != "c" || got[0].Delivered != tt.wantDelivered || got[0].Status != tt.wantStatus {
				t.Errorf("receipt %+v, want channel id c, delivered %v, status %s", got[0], tt.wantDelivered, tt.wantStatus)
			}
		})
	}
}

func TestReceiptBook_AbandonedMessageReportsNothing(t *testing.T) {
	b := newReceiptBook(time.Hour)
	m := b.begin(2)
	b.add(m, "a")
	b.abandon(m)
	// "a" is no longer known, so it passes through as itself; the
	// dispatch layer has no row with that id and ignores it.
	if r, ok := b.report(receipt{ID: "a", Stat: "DELIVRD"}); !ok || r.ChannelID != "a" {
		t.Errorf("report after abandon = %+v, %v", r, ok)
	}
	if _, ok := b.finish(m, "b"); ok {
		t.Error("an abandoned message produced a receipt")
	}
}

func TestReceiptBook_ForgetsOldLongMessages(t *testing.T) {
	b := newReceiptBook(time.Hour)
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, vnTime)
	b.now = func() time.Time { return now }
	m := b.begin(2)
	b.add(m, "old")
	now = now.Add(2 * time.Hour)
	b.begin(2) // sweeps
	if _, kept := b.byPart["old"]; kept {
		t.Error("a long message older than the TTL is still held")
	}
}
