package dispatch

import (
	"context"
	"database/sql"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/csvsafe"
)

// StateLabel says a message state in Vietnamese.
func StateLabel(state string) string {
	switch state {
	case MsgQueued:
		return "Chờ gửi"
	case MsgSending:
		return "Đang gửi"
	case MsgSubmitted:
		return "Đã gửi, chưa có báo nhận"
	case MsgDelivered:
		return "Đã đến người nhận"
	case MsgFailed:
		return "Không đến được"
	case MsgUnknown:
		return "Không rõ kết quả, chờ quyết định"
	case MsgSkipped:
		return "Không gửi"
	}
	return state
}

// Stats are a campaign's delivery figures beyond its counts.
type Stats struct {
	ByChannel []CarrierStat // campaigns on several channels: by channel (Name is the channel's label)
	ByCarrier []CarrierStat // SMS and webhook messages: by mobile network
	Reasons   []Reason      // why messages failed or were not sent, most first
	// Delivery time (submitted → receipt) of delivered messages.
	Median, P90 time.Duration
	Receipts    int // delivered messages with a receipt time
}

// CarrierStat is one network's share of a campaign.
type CarrierStat struct {
	Name                                  string
	Total, Sent, Delivered, Failed, Other int
}

// Reason is a failure or skip reason and how many messages it covers.
type Reason struct {
	State, Text string
	N           int
}

// Stats computes a campaign's delivery statistics.
func (s *Service) Stats(ctx context.Context, id int64) (*Stats, error) {
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT recipient, state, error, submitted_at, done_at, channel, carrier FROM messages WHERE campaign_id = $1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	st := &Stats{}
	carriers := map[string]*CarrierStat{}
	byChannel := map[string]*CarrierStat{}
	reasons := map[[2]string]int{}
	var times []time.Duration
	multi := len(c.ChannelList()) > 1
	for rows.Next() {
		var to, state, why, ch, carrier string
		var sub, done sql.NullTime
		if err := rows.Scan(&to, &state, &why, &sub, &done, &ch, &carrier); err != nil {
			return nil, err
		}
		if ch == "" {
			ch = c.Channel
		}
		if ch == "sms" || ch == "webhook" {
			// The carrier is kept in clear; the recipient is opened only
			// for a row written before carriers were kept.
			if carrier == "" {
				if to, err = s.open(msgRecipient, to); err != nil {
					return nil, err
				}
			}
			tally(carriers, carrierName(carrier, to), state)
		}
		if multi {
			tally(byChannel, ChannelLabel(ch), state)
		}
		if (state == MsgFailed || state == MsgSkipped || state == MsgUnknown) && why != "" {
			reasons[[2]string{state, why}]++
		}
		if state == MsgDelivered && sub.Valid && done.Valid && !done.Time.Before(sub.Time) {
			times = append(times, done.Time.Sub(sub.Time))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, cs := range carriers {
		st.ByCarrier = append(st.ByCarrier, *cs)
	}
	for _, cs := range byChannel {
		st.ByChannel = append(st.ByChannel, *cs)
	}
	sort.Slice(st.ByChannel, func(i, j int) bool { return st.ByChannel[i].Total > st.ByChannel[j].Total })
	sort.Slice(st.ByCarrier, func(i, j int) bool {
		if st.ByCarrier[i].Total != st.ByCarrier[j].Total {
			return st.ByCarrier[i].Total > st.ByCarrier[j].Total
		}
		return st.ByCarrier[i].Name < st.ByCarrier[j].Name
	})
	for k, n := range reasons {
		st.Reasons = append(st.Reasons, Reason{State: k[0], Text: k[1], N: n})
	}
	sort.Slice(st.Reasons, func(i, j int) bool {
		if st.Reasons[i].N != st.Reasons[j].N {
			return st.Reasons[i].N > st.Reasons[j].N
		}
		return st.Reasons[i].Text < st.Reasons[j].Text
	})
	if len(st.Reasons) > 10 {
		st.Reasons = st.Reasons[:10]
	}
	if len(times) > 0 {
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		st.Median, st.P90, st.Receipts = times[len(times)/2], times[len(times)*9/10], len(times)
	}
	return st, nil
}

// tally counts a message's state under a name.
func tally(m map[string]*CarrierStat, name, state string) {
	cs := m[name]
	if cs == nil {
		cs = &CarrierStat{Name: name}
		m[name] = cs
	}
	cs.Total++
	switch state {
	case MsgDelivered:
		cs.Delivered++
		cs.Sent++
	case MsgFailed:
		cs.Failed++
		cs.Sent++
	case MsgSubmitted:
		cs.Sent++
	default:
		cs.Other++
	}
}

// Export writes a campaign's messages, one row per recipient, as CSV for
// a spreadsheet. Contacts are masked: the export is for following the
// campaign, not a copy of the audience.
func (s *Service) Export(ctx context.Context, id int64, w io.Writer) error {
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, recipient, state, error, attempts, submitted_at, done_at, channel, carrier FROM messages WHERE campaign_id = $1 ORDER BY id`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	io.WriteString(w, "\ufeff") // so that spreadsheets read the file as UTF-8
	cw := csvsafe.NewWriter(w)
	cw.Write([]string{"STT", "Người nhận", "Kênh", "Nhà mạng", "Trạng thái", "Lý do", "Số lần gửi", "Gửi lúc", "Kết quả lúc", "Mã tin"})
	i := 0
	for rows.Next() {
		var mid int64
		var to, state, why, ch, carrier string
		var attempts int
		var sub, done sql.NullTime
		if err := rows.Scan(&mid, &to, &state, &why, &attempts, &sub, &done, &ch, &carrier); err != nil {
			return err
		}
		i++
		if ch == "" {
			ch = c.Channel
		}
		// Opened only to be shown masked.
		if to, err = s.open(msgRecipient, to); err != nil {
			return err
		}
		if ch == "sms" || ch == "webhook" {
			carrier = carrierName(carrier, to)
		} else {
			carrier = ""
		}
		masked := ""
		if to != "" {
			masked = audience.Mask(to)
		}
		cw.Write([]string{strconv.Itoa(i), masked, ChannelLabel(ch), carrier, StateLabel(state), why, strconv.Itoa(attempts), vnStamp(sub), vnStamp(done), strconv.FormatInt(mid, 10)})
		if i%1000 == 0 {
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func vnStamp(t sql.NullTime) string {
	if !t.Valid {
		return ""
	}
	return t.Time.In(vnTime).Format("02/01/2006 15:04:05")
}

// ExportStats writes a campaign's delivery figures as CSV: the counts by
// state, by carrier, the delivery times and the reasons.
func (s *Service) ExportStats(ctx context.Context, id int64, w io.Writer) error {
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return err
	}
	n, err := s.Counts(ctx, id)
	if err != nil {
		return err
	}
	st, err := s.Stats(ctx, id)
	if err != nil {
		return err
	}
	io.WriteString(w, "\ufeff")
	cw := csvsafe.NewWriter(w)
	itoa := strconv.Itoa
	cw.Write([]string{"Chiến dịch", c.Name})
	cw.Write([]string{"Kênh", ChannelLabel(c.Channel)})
	if c.StartedAt != nil {
		cw.Write([]string{"Bắt đầu", c.StartedAt.In(vnTime).Format("02/01/2006 15:04")})
	}
	if c.FinishedAt != nil {
		cw.Write([]string{"Kết thúc", c.FinishedAt.In(vnTime).Format("02/01/2006 15:04")})
	}
	cw.Write(nil)
	cw.Write([]string{"Trạng thái", "Số tin"})
	for _, r := range []struct {
		state string
		n     int
	}{{MsgDelivered, n.Delivered}, {MsgSubmitted, n.Submitted}, {MsgFailed, n.Failed}, {MsgUnknown, n.Unknown}, {MsgQueued, n.Queued + n.Sending}, {MsgSkipped, n.Skipped}} {
		cw.Write([]string{StateLabel(r.state), itoa(r.n)})
	}
	cw.Write([]string{"Tổng", itoa(n.Total)})
	if len(st.ByChannel) > 0 {
		cw.Write(nil)
		cw.Write([]string{"Kênh", "Người nhận", "Đã gửi", "Đã đến", "Không đến được", "Chưa có kết quả"})
		for _, cs := range st.ByChannel {
			cw.Write([]string{cs.Name, itoa(cs.Total), itoa(cs.Sent), itoa(cs.Delivered), itoa(cs.Failed), itoa(cs.Other)})
		}
	}
	if len(st.ByCarrier) > 0 {
		cw.Write(nil)
		cw.Write([]string{"Nhà mạng", "Người nhận", "Đã gửi", "Đã đến", "Không đến được", "Chưa có kết quả"})
		for _, cs := range st.ByCarrier {
			cw.Write([]string{cs.Name, itoa(cs.Total), itoa(cs.Sent), itoa(cs.Delivered), itoa(cs.Failed), itoa(cs.Other)})
		}
	}
	if st.Receipts > 0 {
		cw.Write(nil)
		cw.Write([]string{"Thời gian đến người nhận (giây)", "Trung vị", "90%", "Số báo nhận"})
		cw.Write([]string{"", strconv.FormatFloat(st.Median.Seconds(), 'f', 1, 64), strconv.FormatFloat(st.P90.Seconds(), 'f', 1, 64), itoa(st.Receipts)})
	}
	if len(st.Reasons) > 0 {
		cw.Write(nil)
		cw.Write([]string{"Trạng thái", "Lý do", "Số tin"})
		for _, r := range st.Reasons {
			cw.Write([]string{StateLabel(r.State), r.Text, itoa(r.N)})
		}
	}
	cw.Flush()
	return cw.Error()
}
