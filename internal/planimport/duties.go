package planimport

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// dutyRootWords mark the part of a plan that assigns tasks to units.
var dutyRootWords = []string{"to chuc thuc hien", "phan cong", "trach nhiem"}

// group is one unit's block of duties.
type group struct {
	n          int
	unit       string
	support    bool // the block's own lead-in says the unit only supports
	fromBullet bool // the block was opened by a "- Unit: …" bullet
	fromPlus   bool // … or by a "+ Unit: …" item
	last       int  // index in Result.Duties of its last duty, -1 if none
}

// readDuties reads the task assignment part: each unit named by a numbered
// or lettered heading, a "Unit: …" item or a "Unit chủ trì …" sentence
// opens a group, and each bullet or paragraph under it is one duty.
func (p *parser) readDuties() {
	// The parts named for the assignment, and those laid out one unit a
	// sub-part whatever their name ("II. NHIỆM VỤ CỤ THỂ").
	roots := p.assignParts()
	for _, u := range p.unitParts() {
		if !slices.Contains(roots, u) {
			roots = append(roots, u)
		}
	}
	slices.SortFunc(roots, func(a, b part) int { return a.start - b.start })
	if len(roots) == 0 {
		p.proseDuties(p.secStart)
		return
	}
	for _, r := range roots {
		var cur *group
		for i := r.start + 1; i < r.end; i++ {
			b := p.body[i]
			switch b.kind {
			case kNum, kSubNum, kHead:
				cur = nil
				if unit, rest, ok := unitHeading(b.body, true); ok {
					cur = p.newGroup(unit, rest, i)
				}
			case kLetter:
				if unit, rest, ok := unitHeading(b.body, true); ok {
					cur = p.newGroup(unit, rest, i)
				} else if cur != nil {
					p.addDuty(cur, b.body, i)
				}
			case kPlus:
				if cur == nil || cur.fromPlus {
					// "+ Công an phường: …" items name the units themselves.
					if unit, rest, ok := unitHeading(b.body, false); ok {
						cur = p.newGroup(unit, rest, i)
						cur.fromPlus = true
						continue
					}
				}
				if cur != nil && cur.last >= 0 {
					d := &p.res.Duties[cur.last]
					d.Text += "\n+ " + b.body
					p.duty[i] = cur.unit
					p.fillDuty(d, b.body, b.n)
				} else if cur != nil {
					p.addDuty(cur, b.body, i)
				}
			default:
				if cur == nil || cur.fromBullet {
					if unit, rest, ok := unitHeading(b.body, false); ok {
						cur = p.newGroup(unit, rest, i)
						cur.fromBullet = true
						continue
					}
				}
				if cur != nil {
					p.addDuty(cur, b.body, i)
				}
			}
		}
	}
}

// unitParts returns the top-level parts that, whatever their heading
// ("III. NHIỆM VỤ CỤ THỂ"), are laid out as one sub-part per unit: at least
// two of their numbered sub-parts name a unit.
func (p *parser) unitParts() []part {
	var out []part
	for _, r := range p.topParts("") {
		n := 0
		for i := r.start + 1; i < r.end; i++ {
			if b := p.body[i]; b.kind == kNum || b.kind == kSubNum {
				if _, _, ok := unitHeading(b.body, true); ok {
					n++
				}
			}
		}
		if n >= 2 {
			out = append(out, r)
		}
	}
	return out
}

// assignRe matches a sentence handing tasks to units: "… yêu cầu các Sở,
// ban, ngành … thực hiện một số nhiệm vụ cụ thể như:".
var assignRe = regexp.MustCompile(`(?i)(?:yêu cầu|đề nghị|giao)\s+(.{3,200}?)\s+(?:thực hiện|triển khai|tập trung|chủ động|khẩn trương|tiếp tục)[^:]*:\s*$`)

// proseDuties reads duties from running text without a task part, as news
// items and short plans write them: a "… yêu cầu <units> thực hiện …:"
// sentence opens a group for the paragraphs that follow, and "Giao <unit>
// là/chủ trì …" is a duty of that unit.
func (p *parser) proseDuties(from int) {
	var cur *group
	for i := from; i < min(p.secEnd, len(p.body)); i++ {
		b := p.body[i]
		if m := assignRe.FindStringSubmatch(b.body); m != nil {
			cur = p.newGroup(cleanUnit(m[1]), "", i)
			continue
		}
		if rest, ok := strings.CutPrefix(b.body, "Giao "); ok {
			if unit, ok := subjectUnit(rest); ok {
				g := p.newGroup(unit, "", i)
				p.addDuty(g, b.body, i)
				cur = nil
				continue
			}
		}
		if cur != nil && b.kind != kRoman && b.kind != kNum {
			p.addDuty(cur, b.body, i)
		}
	}
}

func (p *parser) newGroup(unit, rest string, i int) *group {
	n := 1
	if len(p.res.Duties) > 0 {
		n = p.res.Duties[len(p.res.Duties)-1].Group + 1
	}
	g := &group{n: n, unit: unit, last: -1}
	p.duty[i] = unit
	if rest == "" {
		return g
	}
	if endsWithColon(rest) {
		g.support = strings.HasPrefix(fold(rest), "phoi hop")
		return g
	}
	p.addDuty(g, rest, i)
	return g
}

// addDuty appends one duty of g read from body paragraph i.
func (p *parser) addDuty(g *group, text string, i int) {
	if g.last < 0 && len(p.res.Duties) > 0 && p.res.Duties[len(p.res.Duties)-1].Group >= g.n {
		g.n = p.res.Duties[len(p.res.Duties)-1].Group + 1 // a group opened but left empty before
	}
	d := Duty{Unit: g.unit, Text: text, Group: g.n, Role: RoleLead}
	// Judge the role on what the unit is asked to do, not on its name.
	task := stripLead(text)
	if rest, ok := strings.CutPrefix(upperFirst(task), g.unit); ok {
		task = strings.TrimLeft(rest, " :,")
	}
	switch ft := fold(task); {
	case strings.HasPrefix(ft, "phoi hop"), strings.HasPrefix(ft, "tham gia phoi hop"):
		d.Role = RoleSupport
	case g.support && !strings.HasPrefix(ft, "chu tri"):
		d.Role = RoleSupport
	}
	p.res.Duties = append(p.res.Duties, d)
	g.last = len(p.res.Duties) - 1
	p.duty[i] = g.unit
	p.source("duties["+strconv.Itoa(g.last)+"]", p.body[i].n)
	p.fillDuty(&p.res.Duties[g.last], text, p.body[i].n)
}

func endsWithColon(s string) bool { return strings.HasSuffix(strings.TrimSpace(s), ":") }

var (
	deadlineRe = regexp.MustCompile(`(?i)(?:trước|chậm nhất(?:\s+là)?|hạn chót|hoàn thành(?:\s+trước|\s+trong)?|xong trước|thời hạn(?:\s+hoàn thành)?)\s*:?\s*(?:ngày\s+)?(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})`)
	targetRe   = regexp.MustCompile(`\d{1,3}(?:[.,]\d+)?\s?%`)
	targetStop = []string{";", ". ", ":", " (", " xây dựng", " tổ chức", " được", " có ", " tham gia", " thực hiện",
		" triển khai", " hoàn thành", " đạt", " sử dụng", " cài đặt", " tuyên truyền", " nắm", " biết", " ký ", " trong năm", " trước", " treo", " ở ", " tại "}
)

// fillDuty sets a duty's deadline and target from its text when it has
// none yet. A deadline without a year ("trước ngày 25/5") is left empty
// rather than given a guessed year.
func (p *parser) fillDuty(d *Duty, text string, n int) {
	if d.Deadline == "" {
		if m := deadlineRe.FindStringSubmatch(text); m != nil {
			date, written, _ := parseDateIn("ngày " + m[1])
			if date == "" {
				p.warn("Hạn “%s” của nhiệm vụ ở dòng %d không có thật — để trống, không đoán.", written, n)
			}
			d.Deadline = date
		}
	}
	if d.Target == "" {
		if loc := targetRe.FindStringIndex(text); loc != nil {
			rest := text[loc[1]:]
			cut := len(rest)
			for _, s := range targetStop {
				if j := strings.Index(rest, s); j >= 0 && j < cut {
					cut = j
				}
			}
			d.Target = truncRunes(strings.TrimRight(text[loc[0]:loc[1]]+rest[:cut], " ,."), 120)
		}
	}
}
