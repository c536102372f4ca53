package plan

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// numbering is the "I. " / "1. " / "a) " a heading may already carry.
var numbering = regexp.MustCompile(`^(?:[IVXLC]+|[0-9]+|[a-zđ])[.)]\s*`)

var romans = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"}

// Document lays a plan out for docgen: the issuing body and its parent at
// the plan's date, the numbered sections with every duty of the plan (see
// planBlocks), the signer's authority, title and name, and "Nơi nhận"
// from the plan's recipients or, when it has none, its addressees.
func (s *Service) Document(ctx context.Context, p *Plan) (docgen.Document, error) {
	date := p.IssuedOn
	if date == "" {
		date = s.org.Today()
	}
	u, err := s.org.Unit(ctx, p.UnitID, date)
	if err != nil {
		return docgen.Document{}, err
	}
	d := docgen.Document{IssuingBody: strings.ToUpper(u.Name), Place: p.Place, Kind: "KẾ HOẠCH", Title: p.Title, Draft: p.Status == StatusDraft,
		Recipients: p.Content.Recipients, SymbolHint: p.Symbol}
	// A provincial police department answers to the Ministry, not to the
	// committee it sits under in the tree: its papers carry no parent
	// line and its own full name ("CÔNG AN TỈNH CAO BẰNG").
	if u.Type != org.TypeProvince && u.ParentID != 0 && !strings.HasPrefix(vn.Fold(u.Name), "cong an ") {
		if parent, err := s.org.Unit(ctx, u.ParentID, date); err == nil && parent.Type != org.TypeMinistry {
			d.ParentBody = strings.ToUpper(parent.ShortName)
			if d.ParentBody == "" {
				d.ParentBody = strings.ToUpper(parent.Name)
			}
			// "Sở Giáo dục và Đào tạo tỉnh Cao Bằng" under "UBND tỉnh Cao
			// Bằng" is written "SỞ GIÁO DỤC VÀ ĐÀO TẠO": the place is above.
			if _, place, ok := strings.Cut(parent.Name, "nhân dân "); ok && parent.Type == org.TypeProvince {
				d.IssuingBody = strings.ToUpper(strings.TrimSuffix(u.Name, " "+place))
			}
		}
	}
	if p.Number != "" {
		d.Number = p.Label()
	}
	if t, err := vn.ParseISODate(p.IssuedOn); err == nil {
		d.Date, d.Year = &t, t.Year()
	} else {
		d.Year = vn.In(s.clock.Now()).Year()
	}
	for _, b := range p.Content.Basis {
		text := strings.TrimSuffix(strings.TrimSpace(b.Text), ";")
		if !strings.HasPrefix(vn.Fold(text), "can cu") {
			text = "Căn cứ " + text
		}
		d.Basis = append(d.Basis, text+";")
	}
	d.Blocks = planBlocks(p)
	d.Signer = signerOf(p.Content.Signer, u)
	if len(d.Recipients) == 0 {
		d.Recipients = recipientsOf(p)
		if p.ParentPlanID != 0 {
			if parent, err := loadPlan(ctx, s.db.R, p.ParentPlanID); err == nil {
				above := parent.IssuerName
				if above == "" {
					above = parent.UnitName
				}
				if above != "" {
					d.Recipients = append([]string{above + " (để báo cáo)"}, d.Recipients...)
				}
			}
		}
	}
	return d, nil
}

func textBlocks(text string) []docgen.Block {
	var out []docgen.Block
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
		case strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "+ "):
			out = append(out, docgen.Block{Kind: docgen.Bullet, Text: l})
		default:
			out = append(out, docgen.Block{Kind: docgen.Paragraph, Text: l})
		}
	}
	return out
}

func roman(n int) string {
	if n >= 1 && n <= len(romans) {
		return romans[n-1]
	}
	return strconv.Itoa(n)
}
