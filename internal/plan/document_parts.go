package plan

import (
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// planBlocks lays out the plan's sections and makes sure every duty of
// the plan is in the document. A duty imported from the text is already
// in its section; a duty added later in the console (a sub-unit given a
// 100 % target) is not, and would otherwise exist only on screen. Such
// duties are printed in the part that assigns the work ("TỔ CHỨC THỰC
// HIỆN", "PHÂN CÔNG NHIỆM VỤ"): under the assignee's own item when the
// part has one, else as new numbered items at the end of the part; a
// plan without such a part gets one at the end.
func planBlocks(p *Plan) []docgen.Block {
	var corpus strings.Builder
	for _, sec := range p.Content.Sections {
		corpus.WriteString(squash(sec.Text))
		corpus.WriteByte('\n')
	}
	text := corpus.String()
	var groups []*dutyGroup
	for _, du := range p.Duties {
		if t := squash(du.Task); t != "" && strings.Contains(text, t) {
			continue
		}
		who := du.UnitName
		if who == "" {
			who = du.UnitText
		}
		var g *dutyGroup
		for _, x := range groups {
			if x.keys[0] == squash(who) {
				g = x
			}
		}
		if g == nil {
			g = &dutyGroup{name: who, keys: []string{squash(who), squash(du.UnitText)}}
			groups = append(groups, g)
		}
		g.lines = append(g.lines, dutyLine(du))
	}

	duty := dutyPart(p.Content.Sections)
	var out []docgen.Block
	n1, n2 := 0, 0
	flushRest := func() {
		for _, g := range groups {
			if len(g.lines) == 0 {
				continue
			}
			n2++
			out = append(out, docgen.Block{Kind: docgen.Heading2, Text: strconv.Itoa(n2) + ". " + g.name})
			for _, t := range g.lines {
				out = append(out, docgen.Block{Kind: docgen.Bullet, Text: t})
			}
			g.lines = nil
		}
	}
	inDuty := false
	for i, sec := range p.Content.Sections {
		h := numbering.ReplaceAllString(strings.TrimSpace(sec.Heading), "")
		if sec.Level != 2 && inDuty {
			flushRest()
			inDuty = false
		}
		if h != "" {
			if sec.Level == 2 {
				n2++
				out = append(out, docgen.Block{Kind: docgen.Heading2, Text: strconv.Itoa(n2) + ". " + h})
			} else {
				n1, n2 = n1+1, 0
				out = append(out, docgen.Block{Kind: docgen.Heading1, Text: roman(n1) + ". " + strings.ToUpper(h)})
			}
		}
		if i == duty {
			inDuty = true
		}
		out = append(out, textBlocks(sec.Text)...)
		if inDuty && sec.Level == 2 {
			// Duties added for this item's assignee go under it.
			for _, g := range groups {
				if g.matches(squash(h)) {
					for _, t := range g.lines {
						out = append(out, docgen.Block{Kind: docgen.Bullet, Text: t})
					}
					g.lines = nil
				}
			}
		}
	}
	if inDuty {
		flushRest()
	}
	left := false
	for _, g := range groups {
		left = left || len(g.lines) > 0
	}
	if left {
		n1, n2 = n1+1, 0
		out = append(out, docgen.Block{Kind: docgen.Heading1, Text: roman(n1) + ". TỔ CHỨC THỰC HIỆN"})
		flushRest()
	}
	return out
}

// dutyGroup is the duties of one assignee that the plan's text lacks.
type dutyGroup struct {
	name  string
	keys  []string // the assignee's name and the name as written, squashed
	lines []string
}

// matches reports whether an item heading ("Văn phòng Sở") names the
// group's assignee ("Văn phòng Sở Nông nghiệp và Phát triển nông thôn").
func (g *dutyGroup) matches(heading string) bool {
	if heading == "" {
		return false
	}
	for _, k := range g.keys {
		if k != "" && (k == heading || strings.HasPrefix(k, heading+" ") || strings.HasPrefix(heading, k+" ")) {
			return true
		}
	}
	return false
}

// dutyPart is the index of the level-1 section that assigns the work, or
// -1: "Tổ chức thực hiện" or "Phân công", else one about "nhiệm vụ" that
// is not the plan's content ("Nội dung, nhiệm vụ" lists what is done, not
// who does it).
func dutyPart(secs []Section) int {
	fallback := -1
	for i, sec := range secs {
		if sec.Level == 2 {
			continue
		}
		f := vn.Fold(sec.Heading)
		switch {
		case strings.Contains(f, "to chuc thuc hien") || strings.Contains(f, "phan cong"):
			return i
		case fallback < 0 && strings.Contains(f, "nhiem vu") && !strings.Contains(f, "noi dung"):
			fallback = i
		}
	}
	return fallback
}

// dutyLine writes one duty as a bullet: the task, its role, deadline and
// target, so that a 100 % target is on paper as it is on screen.
func dutyLine(du Duty) string {
	t := "- " + strings.TrimSpace(du.Task)
	if du.Role == RoleSupport {
		t = "- Phối hợp: " + strings.TrimSpace(du.Task)
	}
	t = strings.TrimRight(t, ".;")
	if du.Deadline != "" {
		t += " (thời hạn: " + vnDate(du.Deadline) + ")"
	}
	if ts := du.Target.String(); ts != "" {
		t += "; chỉ tiêu: " + ts
	}
	return t + "."
}

// squash folds text for comparing a duty with the plan's text: without
// diacritics, case, punctuation or repeated spaces.
func squash(s string) string {
	f := vn.Fold(s)
	var b strings.Builder
	space := false
	for _, r := range f {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// signerOf completes the signature block the way NĐ 30 Phụ lục I writes
// it. A people's committee signs collectively, so its chairman signs "TM.
// ỦY BAN NHÂN DÂN" and a vice-chairman "TM. ỦY BAN NHÂN DÂN / KT. CHỦ
// TỊCH"; elsewhere a deputy ("PHÓ GIÁM ĐỐC") signs "KT." for the head.
// An authority the plan states (imported or typed at signing) is kept.
func signerOf(s Signer, u org.Unit) docgen.Signer {
	out := docgen.Signer{Authority: strings.TrimSpace(s.Authority), Title: strings.TrimSpace(s.Title), Name: strings.TrimSpace(s.Name)}
	if out.Authority != "" || out.Title == "" {
		return out
	}
	title := strings.ToUpper(out.Title)
	head, deputy := strings.CutPrefix(title, "PHÓ ")
	collective := strings.HasPrefix(vn.Fold(u.Name), "uy ban nhan dan")
	switch {
	case collective && deputy:
		out.Authority = "TM. ỦY BAN NHÂN DÂN\nKT. " + head
	case collective:
		out.Authority = "TM. ỦY BAN NHÂN DÂN"
	case deputy:
		out.Authority = "KT. " + head
	}
	return out
}

// recipientsOf is "Nơi nhận" for a plan that does not list its own: the
// body it reports to, every unit or group the plan gives duties to, and
// the archive.
func recipientsOf(p *Plan) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if k := squash(s); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	for _, du := range p.Duties {
		who := strings.TrimSpace(du.UnitText)
		if who == "" {
			who = du.UnitName
		}
		add(who)
	}
	return append(out, "Lưu: VT")
}
