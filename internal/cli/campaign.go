package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp"
	"github.com/canhgiac/canhgiac/internal/sms"
)

// campaignSend runs a one-off SMS campaign through the same pipeline the
// console uses: rows checked and listed by number, one stored message per
// recipient, the crash-safe runner, delivery receipts.
func campaignSend(ctx context.Context, args []string, s IO) error {
	var smppURL, text, to, brand string
	var tps, conns int
	var wait time.Duration
	cfg, _, err := loadConfig("campaign send", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&smppURL, "smpp", "", "trung tâm tin nhắn: smpp://SYSTEM_ID:MẬT_KHẨU@MÁY:CỔNG")
		fs.IntVar(&tps, "tps", 100, "số tin mỗi giây tối đa (0: không giới hạn)")
		fs.IntVar(&conns, "conns", 2, "số kết nối SMPP")
		fs.StringVar(&text, "text", "", "nội dung; {tên_cột} lấy giá trị từ cột cùng tên của tệp")
		fs.StringVar(&to, "to", "", "tệp .csv có dòng tiêu đề và cột phone")
		fs.StringVar(&brand, "brandname", "", "tên thương hiệu gửi tin (tối đa 11 ký tự)")
		fs.DurationVar(&wait, "wait", 30*time.Second, "chờ báo cáo phát tin (delivery receipt) tối đa sau tin cuối")
	})
	if err != nil {
		return err
	}
	if smppURL == "" || text == "" || to == "" {
		return usageError{errors.New("cách dùng: canhgiac campaign send --smpp smpp://SYSTEM_ID:MẬT_KHẨU@MÁY:CỔNG --tps N --text NỘI_DUNG --to TỆP.csv")}
	}
	if brand != "" {
		if err := sms.ValidBrandname(brand); err != nil {
			return err
		}
	}
	rows, err := readRecipients(to)
	if err != nil {
		return err
	}
	ok, problems := dispatch.Preview("sms", text, rows)
	for _, p := range problems {
		fmt.Fprintf(s.Err, "dòng %d: %s\n", p.Row, p.Msg)
	}
	if len(ok) == 0 {
		return errors.New("không còn người nhận hợp lệ nào trong " + to)
	}
	if len(problems) > 0 {
		fmt.Fprintf(s.Out, "bỏ qua %d dòng không hợp lệ (liệt kê ở trên), gửi %d người nhận\n", len(problems), len(ok))
	}
	info := sms.Analyze(text)
	fmt.Fprintf(s.Out, "nội dung: %s, %d phần mỗi tin\n", info.Encoding, info.Parts)

	sender, err := dialSMPP(smppURL, tps, conns, brand)
	if err != nil {
		return err
	}
	defer sender.Close()

	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	st := a.Campaigns // the one service, scoped and logging, that the console uses
	if n, err := st.Recover(ctx); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(s.Out, "%d tin của lần gửi trước không rõ kết quả: giữ lại để người phụ trách quyết định, không gửi lại\n", n)
	}
	c, err := st.Create(ctx, dispatch.Campaign{Name: "Gửi từ dòng lệnh: " + to, Channel: "sms", Template: text, Brandname: brand, State: dispatch.StateRunning, TPS: tps,
		QuietStart: 0, QuietEnd: 0, DailyCap: 100}, ok)
	if err != nil {
		return err
	}
	dctx, stopDeliveries := context.WithCancel(ctx)
	defer stopDeliveries()
	delivered := make(chan struct{})
	go func() { defer close(delivered); st.Deliveries(dctx, sender.Receipts()) }()
	r := &dispatch.Runner{Campaigns: st, Sender: sender, Concurrency: max(16, conns*64), Fatal: func(err error) bool { return errors.Is(err, smpp.ErrAuth) }, Progress: func(n dispatch.Counts) {
		fmt.Fprintf(s.Out, "đã gửi %d/%d · đã phát %d · lỗi %d · không rõ %d · chờ %d\n", n.Sent(), n.Total-n.Skipped, n.Delivered, n.Failed, n.Unknown, n.Queued+n.Sending)
	}}
	if err := r.Run(ctx, c.ID); err != nil {
		stopDeliveries()
		return err
	}
	// Receipts come after the submits: wait for them, up to --wait.
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		n, err := st.Counts(ctx, c.ID)
		if err != nil {
			return err
		}
		if n.Submitted == 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	stopDeliveries()
	<-delivered
	n, err := st.Counts(ctx, c.ID)
	if err != nil {
		return err
	}
	if n.Unknown > 0 {
		list, _ := st.Unknown(ctx, c.ID)
		fmt.Fprintf(s.Out, "không rõ kết quả (không gửi lại): %s\n", strings.Join(list, ", "))
	}
	fmt.Fprintf(s.Out, "sent=%d delivered=%d failed=%d unknown=%d\n", n.Sent(), n.Delivered, n.Failed, n.Unknown)
	return nil
}

// readRecipients reads a CSV with a header row and a "phone" column; the
// other columns are the template's values. Row numbers count the header
// as row 1, as a spreadsheet shows them.
func readRecipients(path string) ([]dispatch.Recipient, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("không mở được %s: %w", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: không đọc được dòng tiêu đề: %w", path, err)
	}
	col := -1
	for i, h := range head {
		head[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if strings.EqualFold(head[i], "phone") {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("%s: thiếu cột phone ở dòng tiêu đề (có: %s)", path, strings.Join(head, ", "))
	}
	var out []dispatch.Recipient
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s dòng %d: %w", path, row, err)
		}
		rc := dispatch.Recipient{Row: row, Vars: map[string]string{}}
		for i, v := range rec {
			if i < len(head) {
				rc.Vars[head[i]] = v
			}
		}
		if col < len(rec) {
			rc.To = rec[col]
		}
		out = append(out, rc)
	}
}

// parseSMPPURL reads smpp://SYSTEM_ID:PASSWORD@HOST:PORT.
func parseSMPPURL(raw string) (addr, systemID, password string, err error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smpp" || u.Host == "" || u.User == nil {
		return "", "", "", fmt.Errorf("--smpp %q: cần dạng smpp://SYSTEM_ID:MẬT_KHẨU@MÁY:CỔNG", redact(raw))
	}
	if _, port, _ := strings.Cut(u.Host, ":"); port == "" {
		return "", "", "", fmt.Errorf("--smpp: thiếu cổng (thường là 2775)")
	} else if _, err := strconv.Atoi(port); err != nil {
		return "", "", "", fmt.Errorf("--smpp: cổng %q không hợp lệ", port)
	}
	pw, _ := u.User.Password()
	return u.Host, u.User.Username(), pw, nil
}

// redact hides the password of an SMPP URL in messages.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		u.User = url.UserPassword(u.User.Username(), "***")
		return u.String()
	}
	return "smpp://…"
}

// smppSender is what campaign send needs of an SMPP connection.
type smppSender interface {
	dispatch.Sender
	dispatch.Receipts
	Close() error
}

// dialSMPP binds to the message centre: wrong credentials end here with
// one clear message; an unreachable centre is retried in the background.
func dialSMPP(rawURL string, tps, conns int, brand string) (smppSender, error) {
	addr, id, pw, err := parseSMPPURL(rawURL)
	if err != nil {
		return nil, err
	}
	return smpp.New(smpp.Config{Addr: addr, SystemID: id, Password: pw, Conns: conns, TPS: tps, SourceAddr: brand})
}
