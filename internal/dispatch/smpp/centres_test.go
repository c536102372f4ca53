package smpp_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
)

func TestParseCentres(t *testing.T) {
	cs, err := smpp.ParseCentres("smpp://vt:pw1@10.0.0.1:2775?carrier=viettel&tps=300 smpp://all:pw2@10.0.0.2:2775?conns=4", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Name != "viettel" || cs[0].Config.TPS != 300 || cs[0].Config.Password != "pw1" || cs[1].Name != "mac-dinh" || cs[1].Config.Conns != 4 || cs[1].Config.TPS != 100 {
		t.Fatalf("centres = %+v", cs)
	}
	for spec, want := range map[string]string{
		"http://x:y@h:1":                                                "smpp://SYSTEM_ID",
		"smpp://a:secretpw@h:1?carrier=orange":                          "không có nhà mạng",
		"smpp://a:b@h:1 smpp://c:d@h:2":                                 "chỉ một trung tâm",
		"smpp://a:b@h:1?tps=nhanh":                                      "không phải số",
		"smpp://a:b@h:1?carrier=viettel smpp://c:d@h:2?carrier=viettel": "hai trung tâm",
	} {
		_, err := smpp.ParseCentres(spec, 0)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "secretpw") {
			t.Errorf("ParseCentres(%q) = %v, want %q", spec, err, want)
		}
	}
	r := smpp.RouterFor(cs, map[string]string{"+84912000001": "viettel"})
	for number, want := range map[string]string{"+84961234567": "viettel", "+84321234567": "viettel", "+84912345678": "mac-dinh", "+84912000001": "viettel"} {
		if got, _ := r.Route(number); got != want {
			t.Errorf("Route(%s) = %s, want %s", number, got, want)
		}
	}
}

// Two real message centres: Viettel's numbers (and a number ported to
// Viettel) go to the first, the rest to the second, and receipts from both
// come back under ids that say which centre they belong to.
func TestRouted_TwoCentres(t *testing.T) {
	vt := smpptest.Start(t, smpptest.Options{ReceiptDelay: 50 * time.Millisecond})
	other := smpptest.Start(t, smpptest.Options{ReceiptDelay: 50 * time.Millisecond})
	cs, err := smpp.ParseCentres("smpp://"+vt.SystemID+":"+vt.Password+"@"+vt.Addr+"?carrier=viettel&conns=1 smpp://"+other.SystemID+":"+other.Password+"@"+other.Addr+"?conns=1", 0)
	if err != nil {
		t.Fatal(err)
	}
	senders := map[string]*smpp.Sender{}
	for _, c := range cs {
		s, err := smpp.New(c.Config)
		if err != nil {
			t.Fatal(err)
		}
		senders[c.Name] = s
	}
	rt := smpp.NewRouted(smpp.RouterFor(cs, map[string]string{"+84912000001": "viettel"}), senders)
	defer rt.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	to := []string{"+84961234567", "+84331234567", "+84912345678", "+84901234567", "+84912000001"}
	ids := map[string]bool{}
	for i, n := range to {
		var id string
		var err error
		for ctx.Err() == nil { // until the binds are up
			if id, err = rt.Send(ctx, dispatch.Message{ID: int64(i + 1), To: n, Text: "Canh giac lua dao"}); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("send %s: %v", n, err)
		}
		ids[id] = true
	}
	if got := vt.Counts().Submits; got != 3 {
		t.Errorf("Viettel's centre got %d submits, want 3", got)
	}
	if got := other.Counts().Submits; got != 2 {
		t.Errorf("the default centre got %d submits, want 2", got)
	}
	for len(ids) > 0 {
		select {
		case r := <-rt.Receipts():
			if !ids[r.ChannelID] {
				t.Fatalf("receipt for %q, which was not sent", r.ChannelID)
			}
			delete(ids, r.ChannelID)
		case <-ctx.Done():
			t.Fatalf("receipts missing for %v", ids)
		}
	}
	// Without a default centre, a number of another carrier is refused
	// for good, saying which carrier has no centre.
	only := &smpp.Routed{Router: smpp.RouterFor(cs[:1], nil), Senders: senders}
	if _, err := only.Send(ctx, dispatch.Message{ID: 9, To: "+84912345678", Text: "x"}); !errors.Is(err, dispatch.ErrRejected) || !strings.Contains(err.Error(), "VinaPhone") {
		t.Fatalf("unroutable number: %v", err)
	}
}
