package web

import (
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The portal in the visitor's language: texts through the catalogue
// (i18n.go), dates, numbers and periods through vn's labels, Vietnamese
// or English.

// Tf translates a format ("Tố giác %s") and fills it in.
func (p *Page) Tf(vi string, args ...any) string { return fmt.Sprintf(p.T(vi), args...) }

// EN tells a template the page is in English.
func (p *Page) EN() bool { return p.Lang == "en" }

// Day shows an instant's date in Vietnam: "07/12/2026" or "7 Dec 2026".
func (p *Page) Day(t time.Time) string {
	if p.EN() {
		return vn.FormatDayEN(t.In(vnZone))
	}
	return vn.FormatDay(t.In(vnZone))
}

// DateTime shows an instant (or a pointer to one; nil is "") in Vietnam's time.
func (p *Page) DateTime(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	default:
		return fmt.Sprint(v)
	}
	if p.EN() {
		return vn.FormatDateTimeEN(t)
	}
	return vn.FormatDateTime(t)
}

// Date shows a stored date ("2026-12-07").
func (p *Page) Date(d string) string {
	if p.EN() {
		return vn.ShowDateEN(d)
	}
	return vn.ShowDate(d)
}

// Num shows a whole number with the language's thousands separator.
func (p *Page) Num(v any) string {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case int32:
		n = int64(x)
	default:
		return fmt.Sprint(v)
	}
	if p.EN() {
		return vn.FormatIntEN(n)
	}
	return vn.FormatInt(n)
}

// Period says a period code in words.
func (p *Page) Period(code string) string {
	if p.EN() {
		return vn.PeriodNameEN(code)
	}
	return vn.PeriodName(code)
}

// tr translates a text a handler builds (a flash, a title) into the
// request's language; trf also fills in a format.
func tr(r *http.Request, vi string) string { return translate(state(r).lang, vi) }

func trf(r *http.Request, vi string, args ...any) string {
	return fmt.Sprintf(tr(r, vi), args...)
}

// Advice is what to do, in the page's language. The checker writes it in
// Vietnamese; the English is made here from the same verdict.
func (p *CheckPage) Advice(a *intel.Answer) string {
	if !p.EN() {
		return a.Advice
	}
	what := map[string]string{string(normalize.KindPhone): "this number", string(normalize.KindURL): "this site", string(normalize.KindBank): "this account"}[a.Kind]
	if what == "" {
		what = "this"
	}
	switch {
	case a.Verdict == "scam":
		return "The authorities have verified that " + what + " is used for scams. Do not do what they ask, do not send money, do not click links, do not give any OTP code. If you have already sent money, call your bank at once and report to the nearest police station."
	case a.LookalikeOnly() && a.Lookalike != nil:
		return "This site imitates the name " + a.Lookalike.Brand + " but is not the official site. Do not sign in or type a password, an OTP code or a card number; to do business, type the address " + a.Lookalike.Official + " yourself or use the official app. If you already typed something, call the bank's or the carrier's hotline at once to lock your account."
	case a.Verdict == "suspicious":
		return "Several citizens or independent partners have reported " + what + "; the authorities are verifying it. Be very careful: do not send money, do not give personal information."
	case a.Kind == string(normalize.KindInvalid):
		return "We could not tell whether this is a phone number, a link or an account: paste it exactly as you received it (for example 0912 345 678, https://…, Vietcombank 0011004455667)."
	case a.Shortener:
		return "This is a short link: where it leads is unknown. We do not open links to check them. Do not click it unless you know the sender; if needed, ask the sender for the full address and check again."
	case len(a.Accounts) > 0:
		return "This number has been reported as an account receiving scam money at the bank named below. Do not send money to this account."
	}
	return "No warning has been confirmed. That does NOT mean it is safe: scammers change numbers and sites all the time. Do not send money to strangers; if you see signs of a scam, report it."
}

// TV translates a name that may come from the database (a tactic, a
// category): its English when the catalogue has it, otherwise the
// Vietnamese marked lang="vi" so that it is read out as Vietnamese.
func (p *Page) TV(vi string) template.HTML {
	if en := p.T(vi); en != vi || !p.EN() {
		return template.HTML(template.HTMLEscapeString(en))
	}
	return template.HTML(`<span lang="vi">` + template.HTMLEscapeString(vi) + `</span>`)
}

// VI marks Vietnamese content (a province, a unit's name) on an English
// page, so that it is read out as Vietnamese; on a Vietnamese page the
// text is left as it is.
func (p *Page) VI(s string) template.HTML {
	if !p.EN() {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(`<span lang="vi">` + template.HTMLEscapeString(s) + `</span>`)
}
