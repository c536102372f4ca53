package activity

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Recurring activities. A unit that holds the same activity every week or
// month (the Monday flag ceremony, "ngày sinh hoạt đầu tuần") logs it once
// with a last date, and each occurrence is stored as an activity of its
// own, corrected or deleted on its own. Occurrences are only those that
// have taken place: the last date may not be after today, as for any
// activity, so that no figure counts what has not happened yet.

// How an activity repeats.
const (
	RepeatWeekly  = "weekly"
	RepeatMonthly = "monthly"
)

// Repeats are the choices of the form, in order.
var Repeats = []Form{{"", "Không lặp lại"}, {RepeatWeekly, "Hằng tuần (cùng thứ)"}, {RepeatMonthly, "Hằng tháng (cùng ngày)"}}

// MaxOccurrences bounds how many occurrences one entry makes.
const MaxOccurrences = 60

// Occurrences returns the dates ("YYYY-MM-DD") from first to until
// inclusive, every week or every month on the same day (the month's last
// day when it is shorter), at most max+1 of them so that a caller can tell
// that there are too many. Dates are calendar days in Vietnam, counted
// without any zone shift.
func Occurrences(first, until, repeat string, max int) ([]string, error) {
	f, err := vn.ParseISODate(first)
	if err != nil {
		return nil, fmt.Errorf("occurrences: %w", err)
	}
	u, err := vn.ParseISODate(until)
	if err != nil {
		return nil, fmt.Errorf("occurrences: %w", err)
	}
	var out []string
	for k := 0; len(out) <= max; k++ {
		var d time.Time
		switch repeat {
		case RepeatWeekly:
			d = f.AddDate(0, 0, 7*k)
		case RepeatMonthly:
			d = sameDayOfMonth(f, k)
		default:
			return nil, fmt.Errorf("occurrences: unknown repeat %q", repeat)
		}
		if d.After(u) {
			break
		}
		out = append(out, vn.ISODate(d))
	}
	return out, nil
}

// sameDayOfMonth is f's day k months later, or that month's last day.
func sameDayOfMonth(f time.Time, k int) time.Time {
	first := time.Date(f.Year(), f.Month()+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(f.Day(), last)-1)
}

// LogSeries records a recurring activity: one activity per occurrence from
// the date typed to the last date, all or none. Without a repeat it logs
// one activity as Log does.
func (s *Service) LogSeries(ctx context.Context, in Input) ([]*Activity, error) {
	if in.Repeat == "" {
		a, err := s.Log(ctx, in)
		if err != nil {
			return nil, err
		}
		return []*Activity{a}, nil
	}
	a, err := s.check(ctx, in)
	fields := errs.FieldsOf(err)
	if err != nil && fields == nil {
		return nil, err
	}
	v := errs.NewInvalid()
	for k, m := range fields {
		v.Field(k, m)
	}
	var dates []string
	until := s.date(v, "until", in.Until, false)
	switch {
	case in.Repeat != RepeatWeekly && in.Repeat != RepeatMonthly:
		v.Field("repeat", "Vui lòng chọn lặp lại hằng tuần hoặc hằng tháng.")
	case strings.TrimSpace(in.Until) == "":
		v.Field("until", "Vui lòng nhập ngày kết thúc lặp lại (ngày của buổi cuối cùng đã diễn ra).")
	case until == "" || a.Date == "":
		// the date itself was refused; its message says why
	case until <= a.Date:
		v.Field("until", "Ngày kết thúc lặp lại phải sau ngày của buổi đầu tiên.")
	case until > s.org.Today():
		v.Fieldf("until", "Ngày kết thúc lặp lại (%s) ở tương lai: chỉ ghi nhận các buổi đã diễn ra, đến hôm nay (%s); các buổi sau hãy ghi khi đã diễn ra.",
			vn.ShowDate(until), vn.ShowDate(s.org.Today()))
	default:
		if dates, err = Occurrences(a.Date, until, in.Repeat, MaxOccurrences); err != nil {
			return nil, err
		}
		if len(dates) > MaxOccurrences {
			v.Fieldf("until", "Từ %s đến %s có hơn %d buổi, quá số buổi ghi được một lần; hãy chọn ngày kết thúc không sau %s rồi ghi tiếp phần sau.",
				vn.ShowDate(a.Date), vn.ShowDate(until), MaxOccurrences, vn.ShowDate(dates[MaxOccurrences-1]))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	span := 0
	if a.DateTo != "" {
		f, _ := vn.ParseISODate(a.Date)
		t, _ := vn.ParseISODate(a.DateTo)
		span = int(t.Sub(f).Hours() / 24)
	}
	out := make([]*Activity, len(dates))
	for i, d := range dates {
		o := *a
		o.Date, o.DateTo = d, ""
		if span > 0 {
			t, _ := vn.ParseISODate(d)
			o.DateTo = vn.ISODate(t.AddDate(0, 0, span))
		}
		out[i] = &o
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, o := range out {
			if err := s.insert(ctx, tx, o, now); err != nil {
				return err
			}
			o.SeriesID = out[0].ID
		}
		args, ph := []any{out[0].ID}, make([]string, len(out))
		for i, o := range out {
			args = append(args, o.ID)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		_, err := tx.ExecContext(ctx, `UPDATE activities SET series_id = $1 WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("activity series %s–%s: %w", a.Date, until, err)
	}
	return out, nil
}
