package dispatch

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/canhgiac/canhgiac/internal/store"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/sms"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Segment is who a campaign goes to: subscribers of an area and groups.
type Segment struct {
	Province string   // "" for the whole country
	Groups   []string // any of them; none: everyone
}

// Recipients are the subscribers of a segment who may be sent to on a
// channel (opted-out people are left out here and again at creation).
func (s *Store) Recipients(ctx context.Context, channel string, seg Segment) ([]Recipient, error) {
	col := map[string]string{"sms": "phone", "email": "email", "zalo": "zalo"}[channel]
	if col == "" {
		return nil, errs.InvalidField("channel", "Kênh gửi chưa hỗ trợ: "+channel+".")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+col+`, province, groups FROM subscribers WHERE opted_out_at IS NULL AND `+col+` <> '' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var to, prov, groups string
		if err := rows.Scan(&to, &prov, &groups); err != nil {
			return nil, err
		}
		if seg.Province != "" && prov != "" && prov != seg.Province {
			continue
		}
		if len(seg.Groups) > 0 {
			var gs []string
			json.Unmarshal([]byte(groups), &gs)
			hit := false
			for _, g := range gs {
				for _, want := range seg.Groups {
					hit = hit || g == want
				}
			}
			if !hit {
				continue
			}
		}
		out = append(out, Recipient{To: to, Vars: map[string]string{}})
	}
	return out, rows.Err()
}

// Draft is a campaign as a coordinator prepares it in the console.
type Draft struct {
	UnitID    int64
	Name      string
	Text      string
	Class     string // warning or marketing
	Brandname string
	OptOut    string // the refusal instruction marketing messages must carry
	Segment   Segment
}

// Prepare checks a draft and builds its text; the campaign waits for a
// second person's approval (Approve) before anything is sent.
func (s *Store) Prepare(ctx context.Context, d Draft) (*Campaign, int, error) {
	a := access.From(ctx)
	if a == nil || !a.Has(access.AudienceManage) {
		return nil, 0, errs.ErrForbidden
	}
	v := errs.NewInvalid()
	if strings.TrimSpace(d.Name) == "" {
		v.Field("name", "Đặt tên chiến dịch để dễ theo dõi.")
	}
	class := sms.Warning
	if d.Class == "marketing" {
		class = sms.Marketing
	}
	text, err := sms.Compose(d.Text, class, d.OptOut)
	if err != nil {
		v.Field("text", err.Error())
	}
	if d.Brandname != "" {
		if err := sms.ValidBrandname(d.Brandname); err != nil {
			v.Field("brandname", err.Error())
		}
	}
	if p := strings.TrimSpace(d.Segment.Province); p != "" {
		if name, ok := vn.Province(p); ok {
			d.Segment.Province = name
		} else {
			v.Fieldf("province", "Không nhận ra tỉnh, thành phố “%s”.", p)
		}
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	rs, err := s.Recipients(ctx, "sms", d.Segment)
	if err != nil {
		return nil, 0, err
	}
	if len(rs) == 0 {
		return nil, 0, errs.InvalidField("province", "Không có người nhận nào trong nhóm đã chọn.")
	}
	if d.Class != "marketing" {
		d.Class = "warning"
	}
	c, err := s.Create(ctx, Campaign{UnitID: d.UnitID, Name: strings.TrimSpace(d.Name), Channel: "sms", Class: d.Class, Template: text, Brandname: d.Brandname,
		State: StatePending, QuietStart: 22 * 60, QuietEnd: 7 * 60, DailyCap: 3, CreatedBy: a.UserID}, rs)
	if err != nil {
		return nil, 0, err
	}
	s.audit(ctx, c, "campaign.create", fmt.Sprintf("Soạn chiến dịch “%s” (%d người nhận), chờ duyệt", c.Name, len(rs)))
	return c, len(rs), nil
}

// Approve lets a pending campaign go: by someone who may approve over its
// unit and who did not prepare it (four eyes).
func (s *Store) Approve(ctx context.Context, id int64) error {
	a := access.From(ctx)
	if a == nil || !a.Has(access.CampaignApprove) {
		return errs.ErrForbidden
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if c.CreatedBy != 0 && c.CreatedBy == a.UserID {
		return errs.Forbidden("Người soạn không tự duyệt chiến dịch của mình; cần một người khác duyệt.", "The author cannot approve their own campaign.")
	}
	if c.State != StatePending {
		return errs.Conflict("Chiến dịch không ở trạng thái chờ duyệt.", "The campaign is not waiting for approval.")
	}
	if _, err := s.db.W.ExecContext(ctx, `UPDATE campaigns SET state = 'running', approved_by = $1, status_note = '', updated_at = $2 WHERE id = $3 AND state = 'pending'`,
		nullID(a.UserID), s.clock.Now(), id); err != nil {
		return err
	}
	s.audit(ctx, c, "campaign.approve", "Duyệt gửi chiến dịch “"+c.Name+"”")
	return nil
}

// Control pauses, resumes or cancels a campaign.
func (s *Store) Control(ctx context.Context, id int64, action string) error {
	a := access.From(ctx)
	if a == nil || !(a.Has(access.AudienceManage) || a.Has(access.CampaignApprove)) {
		return errs.ErrForbidden
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case action == "pause" && c.State == StateRunning:
		err = s.SetState(ctx, id, StatePaused, "Tạm dừng theo yêu cầu.")
	case action == "resume" && c.State == StatePaused:
		err = s.SetState(ctx, id, StateRunning, "")
	case action == "cancel" && (c.State == StatePending || c.State == StateRunning || c.State == StatePaused):
		err = s.Cancel(ctx, id)
	default:
		return errs.Conflict("Không thực hiện được thao tác này ở trạng thái hiện tại của chiến dịch.", "Not possible in the campaign's state.")
	}
	if err == nil {
		s.audit(ctx, c, "campaign."+action, map[string]string{"pause": "Tạm dừng", "resume": "Tiếp tục", "cancel": "Hủy"}[action]+" chiến dịch “"+c.Name+"”")
	}
	return err
}

// List returns the latest campaigns with their counts.
func (s *Store) List(ctx context.Context, limit int) ([]Campaign, error) {
	ids, err := store.Column[int64](s.db.R.QueryContext(ctx, `SELECT id FROM campaigns ORDER BY id DESC LIMIT $1`, limit))
	if err != nil {
		return nil, err
	}
	var out []Campaign
	for _, id := range ids {
		c, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, nil
}

func (s *Store) audit(ctx context.Context, c *Campaign, action, summary string) {
	a := access.From(ctx)
	unit := c.UnitID
	if unit == 0 && a != nil {
		unit = a.UnitID
	}
	s.db.Transact(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, s.clock.Now(), audit.Entry{Action: action, Entity: "campaign", EntityKey: fmt.Sprint(c.ID), UnitID: unit, Summary: summary}, nil, nil)
	})
}
