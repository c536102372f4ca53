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

// An audience group written with the separators of the compact form is
// kept readable and its figure is not lost.
func TestCompact_AudienceWithSeparatorsKeepsItsFigure(t *testing.T) {
	s := NewSummary()
	s.Activities = 1
	s.ByAudience["Phụ huynh; giáo viên = cán bộ"] = 75
	got := NewSummary()
	got.AddCompact(s.Compact())
	if got.Activities != 1 || got.ByAudience["Phụ huynh, giáo viên - cán bộ"] != 75 || len(got.ByAudience) != 1 {
		t.Fatalf("%+v, want the 75 under “Phụ huynh, giáo viên - cán bộ”", got.ByAudience)
	}
}
