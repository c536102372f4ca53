package demo

import (
	"context"
	"embed"
	"fmt"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/planimport"
)

//go:embed seeds/*.txt
var seeds embed.FS

// importSeed reads a seed plan through the importer, as a person uploading
// it would, and saves it for the unit; issued ones are recorded as issued.
func importSeed(ctx context.Context, p *plan.Service, file, unit string, parent int64, issued bool) (*plan.Plan, error) {
	b, err := seeds.ReadFile("seeds/" + file)
	if err != nil {
		return nil, err
	}
	r := planimport.Parse(string(b))
	pl, err := p.Import(ctx, unit, parent, r)
	if err != nil {
		return nil, fmt.Errorf("seed %s: %w", file, err)
	}
	if issued {
		if pl, err = p.RecordIssued(ctx, pl.ID); err != nil {
			return nil, fmt.Errorf("seed %s: %w", file, err)
		}
	}
	return pl, nil
}

// implementing are the demo's own implementing plans of 940/KH-UBND: some on
// time, one late, one still a draft; the other addressed units have none,
// so the compliance view has something to show. Numbers and signers are
// fictional.
var implementing = []struct {
	unit, number, symbol, date, title, name string
}{
	{"cao-bang-ca", "112", "KH-CAT-PA05", "03/05/2024", "GIÁM ĐỐC", "Lê Văn Hùng"},
	{"cao-bang-sgddt", "845", "KH-SGDĐT", "10/05/2024", "GIÁM ĐỐC", "Hà Thị Lan"},
	{"cao-bang-tp", "57", "KH-UBND", "17/05/2024", "CHỦ TỊCH", "Đinh Văn Thắng"},
	{"cao-bang-sct", "67", "KH-SCT", "28/05/2024", "GIÁM ĐỐC", "Triệu Minh Quân"},
	{"cao-bang-stttt", "", "", "", "", ""},
}

// LoadPlans loads the seed plans, linked as they cite each other, and the
// demo's implementing plans of 940/KH-UBND.
func LoadPlans(ctx context.Context, p *plan.Service) error {
	ctx = access.With(ctx, access.System())
	ref578, err := p.AddReference(ctx, "bca", "578", "KH-BCA-A05", "2023-11-17",
		"Triển khai “Chiến dịch tuyên truyền, đấu tranh phòng, chống hoạt động tội phạm trên không gian mạng”")
	if err != nil {
		return err
	}
	p940, err := importSeed(ctx, p, "001.txt", "cao-bang", ref578.ID, true)
	if err != nil {
		return err
	}
	if _, err := importSeed(ctx, p, "004.txt", "cao-bang-snnptnt", p940.ID, true); err != nil {
		return err
	}
	ref42, err := p.AddReference(ctx, "kien-giang", "42", "KH-UBND", "2024-02-05",
		"Tuyên truyền, đấu tranh phòng, chống tội phạm trên không gian mạng trên địa bàn tỉnh Kiên Giang")
	if err != nil {
		return err
	}
	if _, err := importSeed(ctx, p, "000.txt", "kien-giang-sldtbxh", ref42.ID, true); err != nil {
		return err
	}
	if _, err := importSeed(ctx, p, "002.txt", "dak-nong-skhcn", 0, false); err != nil {
		return err
	}
	if err := loadNewsPlan(ctx, p); err != nil {
		return err
	}
	for _, x := range implementing {
		d, err := p.Derive(ctx, p940.ID, x.unit)
		if err != nil {
			return fmt.Errorf("demo plan of %s: %w", x.unit, err)
		}
		if x.number == "" {
			continue
		}
		if _, err := p.Issue(ctx, d.Plan.ID, plan.IssueInput{Number: x.number, Symbol: x.symbol, IssuedOn: x.date, Place: "Cao Bằng",
			Authority: "", Title: x.title, Name: x.name}); err != nil {
			return fmt.Errorf("demo plan of %s: %w", x.unit, err)
		}
	}
	return nil
}

// loadNewsPlan records 89/KH-TBATANM, known to the demo only through the
// news item of seed 003: a reference with the duties the news lists.
func loadNewsPlan(ctx context.Context, p *plan.Service) error {
	b, err := seeds.ReadFile("seeds/003.txt")
	if err != nil {
		return err
	}
	r := planimport.Parse(string(b))
	number, symbol, date, title := "89", "KH-TBATANM", "2024-06-07", "Tuyên truyền nâng cao nhận thức về an ninh, an toàn thông tin và phòng, chống tội phạm trên không gian mạng trên địa bàn tỉnh Quảng Nam"
	if r.About != nil && r.About.Title != "" {
		title = r.About.Title
	}
	_, err = p.AddReference(ctx, "quang-nam-tbatanm", number, symbol, date, title)
	return err
}
