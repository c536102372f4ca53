package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/jobs"
	"github.com/canhgiac/canhgiac/internal/mail"
	"github.com/canhgiac/canhgiac/internal/onboard"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// inviteMailKind is the job that e-mails an imported account its
// invitation. The job carries the account only: the token is made when the
// mail goes (a second invitation beside the one shown to the
// administrator), so no secret waits in the queue.
const inviteMailKind = "auth.invite_mail"

type inviteMail struct {
	UserID int64 `json:"user_id"`
}

// mailInvitations sends invitations by e-mail when SMTP is configured.
func mailInvitations(a *auth.Service, q *jobs.Queue, m mail.Sender, baseURL string) {
	if m == nil {
		return
	}
	a.OnInvite = func(ctx context.Context, tx *sql.Tx, userID int64) error {
		_, err := q.Enqueue(ctx, tx, inviteMailKind, fmt.Sprintf("user:%d", userID), time.Time{}, inviteMail{UserID: userID})
		return err
	}
	base := strings.TrimRight(baseURL, "/")
	q.Handle(inviteMailKind, func(ctx context.Context, j jobs.Job) error {
		var p inviteMail
		if err := j.Decode(&p); err != nil {
			return jobs.Permanent(err)
		}
		inv, err := a.Reinvite(access.With(ctx, access.System()), p.UserID)
		if errors.Is(err, auth.ErrNoInvitation) {
			return nil // the person has set a password meanwhile, or has no address
		} else if err != nil {
			return err
		}
		text := fmt.Sprintf("Kính gửi %s,\n\nTài khoản %s của %s trên hệ thống Cảnh Giác đã được tạo. "+
			"Hãy mở đường dẫn dưới đây để tự đặt mật khẩu (dùng được một lần, đến %s):\n\n%s%s\n\n"+
			"Nếu bạn không chờ thư này, hãy bỏ qua và báo quản trị viên đơn vị. Cảnh Giác không bao giờ hỏi mật khẩu của bạn qua thư.\n",
			inv.FullName, inv.Username, inv.UnitName, vn.FormatDateTime(inv.ExpiresAt), base, onboard.InvitationPath(inv.Token))
		err = m.Send(ctx, mail.Message{To: []string{inv.Email}, Subject: "Mời đặt mật khẩu tài khoản Cảnh Giác", Text: text})
		if mail.IsPermanent(err) {
			return jobs.Permanent(err)
		}
		return err
	})
}
