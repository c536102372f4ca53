package activity

import (
	"reflect"
	"testing"
)

func TestCompact_RoundTripsASummary(t *testing.T) {
	s := NewSummary()
	s.Activities = 3
	s.Reach = Reach{Participants: 120, Copies: 5000, Views: 1250, Messages: 0}
	s.ByForm["meeting"], s.ByForm["sms"] = 2, 1
	s.ByTactic["fraud"] = 3
	s.ByAudience["Học sinh, sinh viên"] = 120
	s.ByDuty[42] = 1
	got := NewSummary()
	got.AddCompact(s.Compact())
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip: %+v, want %+v", got, s)
	}
	got.AddCompact(s.Compact())
	if got.Activities != 6 || got.Reach.Copies != 10000 || got.ByForm["meeting"] != 4 {
		t.Fatalf("adding twice: %+v", got)
	}
}
