package remind_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/jobs"
	"github.com/canhgiac/canhgiac/internal/mail"
	"github.com/canhgiac/canhgiac/internal/mail/mailtest"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

func TestReminders_ReachARealSMTPServerExactlyOnceEach(t *testing.T) {
	smtp := mailtest.Start(t)
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFixed(time.Date(2024, 5, 20, 2, 0, 0, 0, time.UTC))
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		o := org.NewService(db, clk)
		p := plan.NewService(db, clk, o)
		a := activity.NewService(db, clk, o)
		r := report.NewService(db, clk, o, a, p)
		au := auth.NewService(db, clk, o)
		if err := demo.LoadUnits(ctx, o); err != nil {
			t.Fatal(err)
		}
		sys := access.With(ctx, access.System())
		// The Fatherland Front's officer will be reminded; the police's
		// officer will not, because the police will have reported.
		before := smtp.Messages()
		mk := func(name, unit, email string) {
			if _, _, err := au.Create(sys, auth.NewUser{Username: name, UnitCode: unit, Email: email, Roles: []access.Role{access.RoleOfficer}, Password: "mot-mat-khau-du-dai"}); err != nil {
				t.Fatal(err)
			}
		}
		tag := t.Name()[strings.LastIndex(t.Name(), "/")+1:]
		mk("mttq", "cao-bang-mttq", "mttq-"+tag+"@caobang.example")
		mk("congan", "cao-bang-ca", "congan-"+tag+"@caobang.example")
		sender := mail.SMTP{Addr: smtp.Addr, From: "canhgiac@caobang.example", Timeout: 5 * time.Second}
		newService := func() *remind.Service {
			q := jobs.New(db, clk, log, jobs.Options{})
			return remind.New(db, clk, log, o, au, r, q, sender)
		}
		s := newService()
		added, err := s.Schedule(ctx, 2024)
		if err != nil || added != 8 {
			t.Fatalf("schedule: %d, %v; want 2 units × 2 periods × 2 reminders", added, err)
		}
		if again, _ := s.Schedule(ctx, 2024); again != 0 {
			t.Fatalf("scheduling again added %d", again)
		}
		// A plan above the units asking for 10 days instead of 7 schedules
		// new "due soon" jobs; the old ones stand down when they run.
		lead := 0
		s.LeadTime = func(context.Context, int64) (int, error) { return lead, nil }
		lead = 10
		if n, _ := s.Schedule(ctx, 2024); n != 4 {
			t.Fatalf("a new lead time scheduled %d jobs, want 4", n)
		}
		lead = 7
		runAll := func(s *remind.Service) {
			t.Helper()
			q := jobs.New(db, clk, log, jobs.Options{})
			rs := remind.New(db, clk, log, o, au, r, q, sender)
			rs.LeadTime = s.LeadTime
			if _, err := q.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		runAll(s)
		if got := len(smtp.Messages()) - len(before); got != 0 {
			t.Fatalf("%d mails before any reminder was due", got)
		}
		// The police report on time.
		rep, err := r.Open(sys, "cao-bang-ca", "2024-H1")
		if err != nil {
			t.Fatal(err)
		}
		r.SaveNarrative(sys, rep.ID, report.Narrative{Results: "Đã triển khai."})
		r.Sign(sys, rep.ID)
		if _, err := r.Submit(sys, rep.ID); err != nil {
			t.Fatal(err)
		}
		clk.Set(time.Date(2024, 5, 29, 2, 0, 0, 0, time.UTC)) // 7 days before 05/6
		runAll(s)
		runAll(newService()) // a restart runs the queue again: nothing is sent twice
		msgs := smtp.Wait(len(before)+1, 5*time.Second)[len(before):]
		if len(msgs) != 1 || msgs[0].To[0] != "mttq-"+tag+"@caobang.example" || !strings.Contains(msgs[0].Subject, "Nhắc hạn") || !strings.Contains(msgs[0].Text, "05/06/2024") {
			t.Fatalf("before the due date: %+v; want one reminder to the Front", msgs)
		}
		clk.Set(time.Date(2024, 6, 6, 2, 0, 0, 0, time.UTC)) // the day after
		runAll(s)
		runAll(newService())
		msgs = smtp.Wait(len(before)+2, 5*time.Second)[len(before):]
		if len(msgs) != 2 || !strings.Contains(msgs[1].Subject, "Quá hạn") {
			t.Fatalf("after the due date: %d mails %+v; want one overdue reminder more", len(msgs), msgs)
		}
		time.Sleep(200 * time.Millisecond)
		if n := len(smtp.Messages()) - len(before); n != 2 {
			t.Fatalf("%d mails in all, want 2", n)
		}
		ctxU := access.With(ctx, &access.Actor{UserID: 1, Username: "mttq"})
		notices, unread, err := s.Notices(ctxU, 10)
		if err != nil || len(notices) != 2 || unread != 2 {
			t.Fatalf("in-app notices: %d unread %d, %v", len(notices), unread, err)
		}
	})
}
