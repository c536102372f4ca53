package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
)

// withSubscriber subscribes a person with every kind of contact and sends
// one message to their phone.
func withSubscriber(t *testing.T, dir string) {
	t.Helper()
	a := open(t, dir)
	defer a.Close()
	sys := access.With(context.Background(), access.System())
	if _, err := a.Audience.Subscribe(sys, audience.Input{Phone: "0912 000 777", Email: "ba.hoa@example.vn", Zalo: "zalo-ba-hoa", Name: "Trần Thị Hoa", Province: "Cao Bằng", Consent: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Campaigns.Create(sys, dispatch.Campaign{Name: "Cảnh báo", Template: "{ten}: canh giac", State: dispatch.StatePaused},
		[]dispatch.Recipient{{To: "+84912000777", Vars: map[string]string{"ten": "Trần Thị Hoa"}}}); err != nil {
		t.Fatal(err)
	}
}

// findsSubscriber checks the person is still found by each contact (the
// blind indexes follow the key) and their copy reads every value.
func findsSubscriber(t *testing.T, dir string) {
	t.Helper()
	a := open(t, dir)
	defer a.Close()
	sys := access.With(context.Background(), access.System())
	for _, c := range []string{"0912000777", "BA.HOA@example.vn", "zalo-ba-hoa"} {
		d, err := a.Audience.Subject(sys, c)
		if err != nil || d.Subscription == nil || d.Subscription.Name != "Trần Thị Hoa" || d.Subscription.Email != "ba.hoa@example.vn" ||
			len(d.Messages) != 1 || d.Messages[0].Text != "Trần Thị Hoa: canh giac" {
			t.Fatalf("the copy by %s: %+v %v", c, d, err)
		}
	}
	if ok, err := a.Audience.OptOut(sys, "0912 000 777"); !ok || err != nil {
		t.Fatalf("opt-out by the phone after rotation: %v %v", ok, err)
	}
}

func TestKeysRotate_ResealsSubscribersConsentAndMessages(t *testing.T) {
	dir := demoData(t)
	withSubscriber(t, dir)
	code, out, e := run(t, "", "keys", "status", "--data", dir)
	rows := keyRows(out)
	if code != 0 || len(rows) != 1 {
		t.Fatalf("status: exit %d %s\n%s", code, e, out)
	}
	old := rows[0][1]
	for _, col := range []string{"subscribers.phone", "subscribers.email", "subscribers.zalo", "subscribers.name", "messages.recipient", "messages.text"} {
		if !strings.Contains(out, col+": "+old+"=1") {
			t.Errorf("status does not count %s under the key:\n%s", col, out)
		}
	}
	code, out, e = run(t, "", "keys", "rotate", "--data", dir)
	for _, col := range []string{"subscribers.phone", "subscribers.name", "messages.recipient", "messages.text"} {
		if !strings.Contains(out, "đã niêm phong lại 1 giá trị của "+col) {
			t.Errorf("rotate did not re-seal %s: exit %d %s\n%s", col, code, e, out)
		}
	}
	code, out, e = run(t, "", "keys", "rotate", "--drop-old", "--data", dir)
	if code != 0 || !strings.Contains(out, "đã bỏ khóa cũ ["+old+"]") {
		t.Fatalf("drop old: exit %d %s\n%s", code, e, out)
	}
	findsSubscriber(t, dir)
}

// Rows written in clear before sealing (by an older version) are sealed
// at the next start, with their blind indexes, and found as before.
func TestStart_SealsSubscribersAndMessagesWrittenInClear(t *testing.T) {
	dir := demoData(t)
	a := open(t, dir)
	ctx := context.Background()
	var campaign int64
	err := a.DB.W.QueryRowContext(ctx, `INSERT INTO campaigns (name, channel, template, state, created_at, updated_at) VALUES ('cũ', 'sms', '{ten}: canh giac', 'done', $1, $1) RETURNING id`, a.Clock.Now()).Scan(&campaign)
	if err == nil {
		_, err = a.DB.W.ExecContext(ctx, `INSERT INTO subscribers (phone, email, zalo, name, province, groups, consent_basis, consent_text, consent_at, source, token, created_at, updated_at, confirmed_at, confirmed_channel)
			VALUES ('+84912000777', 'ba.hoa@example.vn', 'zalo-ba-hoa', 'Trần Thị Hoa', 'Cao Bằng', '[]', 'consent', 'x', $1, 'import', 'token-cu-cua-ba-hoa-1234', $1, $1, $1, 'import')`, a.Clock.Now())
	}
	if err == nil {
		_, err = a.DB.W.ExecContext(ctx, `INSERT INTO messages (campaign_id, recipient, text, state, created_at, channel) VALUES ($1, '+84912000777', 'Trần Thị Hoa: canh giac', 'delivered', $2, 'sms')`, campaign, a.Clock.Now())
	}
	a.Close()
	if err != nil {
		t.Fatal(err)
	}
	a = open(t, dir) // the start-up pass
	var phone, index, text, recipientIndex string
	a.DB.R.QueryRowContext(ctx, `SELECT phone, phone_index FROM subscribers`).Scan(&phone, &index)
	a.DB.R.QueryRowContext(ctx, `SELECT text, recipient_index FROM messages`).Scan(&text, &recipientIndex)
	a.Close()
	if !strings.HasPrefix(phone, "sv1:") || index == "" || !strings.HasPrefix(text, "sv1:") || recipientIndex != index {
		t.Fatalf("after start: phone %q index %q text %q recipient index %q", phone, index, text, recipientIndex)
	}
	findsSubscriber(t, dir)
}
