package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/planimport"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// readPlanFile reads one plan file — .docx, PDF or text, told apart by
// content — refusing a file over the size limit before reading it, and a
// zip (.docx) whose directory breaks the upload guard's limits before
// anything is unpacked.
func readPlanFile(ctx context.Context, path string, pdf *planimport.PDFReader) (planimport.Result, error) {
	st, err := os.Stat(path)
	if err != nil {
		return planimport.Result{}, fmt.Errorf("không mở được %s: %w", path, err)
	}
	if err := planimport.CheckSize(st.Size()); err != nil {
		return planimport.Result{}, fmt.Errorf("%s: %w", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return planimport.Result{}, fmt.Errorf("không đọc được %s: %w", path, err)
	}
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		if _, err := upload.OpenZip(bytes.NewReader(b), int64(len(b)), upload.OfficeLimits); err != nil {
			return planimport.Result{}, fmt.Errorf("tệp %s %s", filepath.Base(path), err.Error())
		}
	}
	d, err := planimport.ReadFile(ctx, b, pdf)
	if err != nil {
		return planimport.Result{}, fmt.Errorf("%s: %w", path, err)
	}
	return d.Result, nil
}

// importPlan reads plan texts. With --json it prints one JSON object a
// file (a JSON array for several); otherwise a summary a person reads. With
// --unit it also saves each as a draft of that unit.
func importPlan(ctx context.Context, args []string, s IO) error {
	var asJSON bool
	var unit string
	cfg, files, err := loadConfig("import plan", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "in kết quả dạng JSON")
		fs.StringVar(&unit, "unit", "", "lưu thành dự thảo của đơn vị có mã này")
	})
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{errors.New("cần ít nhất một tệp: canhgiac import plan [--json] TỆP…")}
	}
	pdf := planimport.NewPDFReader(planimport.DefaultPDFCache())
	defer pdf.Close()
	var results []planimport.Result
	for _, f := range files {
		r, err := readPlanFile(ctx, f, pdf)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	if asJSON {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if len(results) == 1 {
			return enc.Encode(results[0])
		}
		return enc.Encode(results)
	}
	for i, r := range results {
		printSummary(s, files[i], r)
	}
	if unit == "" {
		return nil
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	for i, r := range results {
		if r.Kind == planimport.KindNews {
			return fmt.Errorf("%s là bản tin nói về một kế hoạch, không phải toàn văn kế hoạch; không lưu", files[i])
		}
		p, err := a.Plan.Import(ctx, unit, 0, r)
		if err != nil {
			return fmt.Errorf("%s: %w", files[i], err)
		}
		fmt.Fprintf(s.Out, "đã lưu %s thành dự thảo số %d của %s\n", files[i], p.ID, p.UnitName)
	}
	return nil
}

func printSummary(s IO, file string, r planimport.Result) {
	date := "(không có)"
	if r.Date != nil {
		date = *r.Date
	}
	fmt.Fprintf(s.Out, "== %s\n", file)
	label := "(không có)"
	if r.Number != "" || r.Symbol != "" {
		label = r.Number + "/" + r.Symbol
	}
	fmt.Fprintf(s.Out, "loại: %s   số: %s   ngày: %s   nơi: %s\n", r.Kind, label, date, r.Place)
	fmt.Fprintf(s.Out, "cơ quan: %s\ntrích yếu: %s\n", r.Issuer, r.Title)
	for _, b := range r.Basis {
		fmt.Fprintf(s.Out, "căn cứ: %s (%s)\n", b.Number, b.Date)
	}
	fmt.Fprintf(s.Out, "mục: %d   nhiệm vụ: %d   kỳ báo cáo: %d   nơi nhận: %d\n", len(r.Sections), len(r.Duties), len(r.Regime.Periods), len(r.Recipients))
	for _, w := range r.Warnings {
		fmt.Fprintf(s.Out, "! %s\n", w)
	}
	for _, g := range r.Missing {
		fmt.Fprintf(s.Out, "? chưa đọc được %s: đã tìm ở %s\n", strings.ToLower(g.Label), g.Looked)
	}
}

// exportPlan writes a plan as .docx or .pdf.
func exportPlan(ctx context.Context, args []string, s IO) error {
	var format, out string
	cfg, rest, err := loadConfig("export plan", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "docx", "docx hoặc pdf")
		fs.StringVar(&out, "o", "", "tệp sẽ ghi")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 || out == "" {
		return usageError{errors.New("cách dùng: canhgiac export plan SỐ/KÝ-HIỆU --format docx|pdf -o TỆP")}
	}
	if format != "docx" && format != "pdf" {
		return usageError{fmt.Errorf("--format %q: chọn docx hoặc pdf", format)}
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	p, err := a.Plan.ByLabel(ctx, rest[0])
	if err != nil {
		return err
	}
	if p.Kind != plan.KindPlan {
		return fmt.Errorf("%s là văn bản tham chiếu, không có nội dung để xuất", p.Label())
	}
	doc, err := a.Plan.Document(ctx, p)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if format == "pdf" {
		err = docgen.WritePDF(f, doc)
	} else {
		err = docgen.WriteDOCX(f, doc)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "đã xuất kế hoạch %s ra %s\n", p.Label(), out)
	return nil
}

// exportReport writes a unit's report (with its sub-units' rows) for a
// period as .docx or .xlsx. --unit takes a code or the unit's exact name.
func exportReport(ctx context.Context, args []string, s IO) error {
	var unit, period, format, out string
	cfg, _, err := loadConfig("export report", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&unit, "unit", "", "mã hoặc tên đầy đủ của đơn vị")
		fs.StringVar(&period, "period", "", "kỳ báo cáo: 2024-H1, 2024-Y, 2024-AH-1")
		fs.StringVar(&format, "format", "docx", "docx hoặc xlsx")
		fs.StringVar(&out, "o", "", "tệp sẽ ghi")
	})
	if err != nil {
		return err
	}
	if unit == "" || period == "" || out == "" {
		return usageError{errors.New("cách dùng: canhgiac export report --unit MÃ --period 2024-H1 --format docx|xlsx -o TỆP")}
	}
	if format != "docx" && format != "xlsx" {
		return usageError{fmt.Errorf("--format %q: chọn docx hoặc xlsx", format)}
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	code := unit
	if found, err := a.Org.Search(ctx, unit, a.Org.Today()); err == nil {
		for _, u := range found {
			if strings.EqualFold(u.Name, strings.TrimSpace(unit)) {
				code = u.Code
			}
		}
	}
	rep, err := a.Report.Open(ctx, code, period)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if format == "xlsx" {
		err = a.Report.WriteXLSX(ctx, f, rep)
	} else {
		var doc docgen.Document
		if doc, err = a.Report.Document(ctx, rep); err == nil {
			err = docgen.WriteDOCX(f, doc)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "đã xuất %s — %s ra %s\n", rep.Period.Name, rep.UnitName, out)
	return nil
}

// setPeriod changes a reporting period's window and due dates.
func setPeriod(ctx context.Context, args []string, s IO) error {
	var w report.Period
	cfg, rest, err := loadConfig("period set", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&w.CoverFrom, "from", "", "ngày đầu kỳ, YYYY-MM-DD")
		fs.StringVar(&w.CoverTo, "to", "", "ngày cuối kỳ, YYYY-MM-DD")
		fs.StringVar(&w.Due, "due", "", "hạn gửi báo cáo lên tỉnh, YYYY-MM-DD")
		fs.StringVar(&w.InternalDue, "internal-due", "", "hạn gửi của đơn vị trực thuộc sở, YYYY-MM-DD")
		fs.StringVar(&w.OnTimeUntil, "on-time-until", "", "gửi đến hết ngày này vẫn tính là đúng hạn, YYYY-MM-DD")
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{errors.New("cách dùng: canhgiac period set 2024-H1 [--from …] [--to …] [--due …] [--internal-due …] [--on-time-until …]")}
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	p, err := a.Report.SetWindow(ctx, rest[0], w)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "%s: kỳ %s → %s, hạn %s (đơn vị trực thuộc %s), đúng hạn đến hết %s\n", p.Code, p.CoverFrom, p.CoverTo, p.Due, p.InternalDue, p.OnTimeUntil)
	return nil
}

// apikeyAdd issues a partner's API key and prints it once.
func apikeyAdd(ctx context.Context, args []string, s IO) error {
	var unit, scopes, name string
	var quota int64
	cfg, _, err := loadConfig("apikey add", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&unit, "unit", "", "mã đơn vị đối tác (nhà mạng, ngân hàng)")
		fs.StringVar(&scopes, "scopes", "check", "quyền, cách nhau bởi dấu phẩy: check, screen, report")
		fs.StringVar(&name, "name", "", "tên gợi nhớ của khóa")
		fs.Int64Var(&quota, "quota", 1_000_000, "số mục tối đa mỗi ngày")
	})
	if err != nil {
		return err
	}
	if unit == "" {
		return usageError{errors.New("cách dùng: canhgiac apikey add --unit MÃ --scopes check,screen,report [--quota N]")}
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	k, secret, err := a.Auth.CreateAPIKey(ctx, unit, name, strings.Split(scopes, ","), quota)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "đã cấp khóa %s… (quyền: %s; hạn mức %d mục/ngày)\nkhóa (chỉ hiện một lần): %s\ndùng: Authorization: Bearer %s\n", k.Prefix, strings.Join(k.Scopes, ","), k.Quota, secret, secret)
	return nil
}
