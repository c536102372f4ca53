package planimport

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	// maskRe finds dates and years, which are blanked before looking for
	// report periods so "ngày 22 tháng 4 năm 2024" does not read as a
	// "4 năm" report.
	maskRe   = regexp.MustCompile(`(?i)tháng\s+(?:sau|kế tiếp|tiếp theo)|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}\s*/\s*\d{4}|\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?|năm\s+(?:19|20)\d\d`)
	periodRe = regexp.MustCompile(`(?i)(?:hằng|hàng|mỗi)\s+(tuần|tháng|quý|năm|học kỳ)|(\d{1,2})\s+(tháng|năm|tuần)|(đột xuất)|(?:định kỳ|,|và|hoặc|báo cáo)\s+(quý|tháng|năm|học kỳ)(?:\s|\(|,|;|\.|$)`)
	dueRe    = regexp.MustCompile(`(?i)ngày\s+(\d{1,2}(?:/\d{1,2}(?:/\d{4})?)?)((?:\s*(?:,|và|;)\s*(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?)*)(\s+tháng)?`)
	dueOneRe = regexp.MustCompile(`\d{1,2}/\d{1,2}(?:/\d{4})?`)
	toRe     = regexp.MustCompile(`(?:^|\s)(?:gửi về|gửi cho|gửi lên|gửi|về|lên|cho)\s+(\p{Lu}[^()\[\];,.:]*)`)
	reportRe = regexp.MustCompile(`(?:^|\s)báo cáo\s+(\p{Lu}[^()\[\];,.:]*)`)
	toStops  = []string{" để ", " trước ", " qua ", " theo ", " trong ", " định kỳ", " hoặc ", " chậm", " vào ", " kết quả", " tình hình", " về ", " khi ", " hằng ", " hàng "}
	yearNum  = regexp.MustCompile(`(?:19|20)\d\d`)
)

// readRegime reads the reporting regime wherever the plan states it: in a
// "Chế độ báo cáo" part, or inside a unit's duties ("Báo cáo … định kỳ 06
// tháng (trước ngày 01/6) … gửi về Sở …"), in which case the unit is the
// one that reports.
func (p *parser) readRegime() {
	skip := map[int]bool{}
	for _, r := range p.topParts("kinh phi") {
		for i := r.start; i < r.end; i++ {
			skip[i] = true
		}
	}
	seen := map[Period]bool{}
	for i := p.secStart; i < p.secEnd; i++ {
		if skip[i] {
			continue
		}
		unit := p.duty[i]
		if unit == "" {
			unit, _ = subjectUnit(p.body[i].body) // "Các tổ chuyên môn báo cáo …"
		}
		for _, per := range readPeriods(p.body[i].body, unit) {
			if seen[per] {
				continue
			}
			seen[per] = true
			if len(p.res.Regime.Periods) == 0 {
				p.source("regime", p.body[i].n)
			}
			p.res.Regime.Periods = append(p.res.Regime.Periods, per)
		}
	}
}

// readPeriods reads the report periods of one paragraph, or none when the
// paragraph is not about periodic reports.
func readPeriods(text, unit string) []Period {
	f := fold(text)
	if !strings.Contains(f, "bao cao") {
		return nil
	}
	masked := maskRe.ReplaceAllStringFunc(text, func(s string) string { return strings.Repeat("#", len(s)) })
	ms := periodRe.FindAllStringSubmatchIndex(masked, -1)
	if len(ms) == 0 {
		return nil
	}
	regular := strings.Contains(f, "dinh ky") || strings.Contains(f, "dot xuat") ||
		strings.Contains(f, "hang quy") || strings.Contains(f, "hang thang") || strings.Contains(f, "hang nam")
	var out []Period
	for k, m := range ms {
		name := periodName(text, m)
		end := len(text)
		if k+1 < len(ms) {
			end = ms[k+1][0]
		} else {
			end = min(end, m[1]+80)
		}
		dues := findDues(text[m[1]:end])
		if len(dues) > 0 {
			regular = true
		}
		if len(dues) == 0 {
			dues = []string{""}
		}
		for _, d := range dues {
			out = append(out, Period{Name: name, Due: d, Unit: unit})
		}
	}
	if !regular {
		return nil
	}
	// Prefer "gửi về X" after the periods, then anywhere; only then a
	// bare "báo cáo X", which often names the next level up.
	after := text[ms[len(ms)-1][1]:]
	to := reportTo(toRe, after)
	for _, try := range []func() string{
		func() string { return reportTo(toRe, text) },
		func() string { return reportTo(reportRe, after) },
		func() string { return reportTo(reportRe, text) },
	} {
		if to == "" {
			to = try()
		}
	}
	for i := range out {
		out[i].To = to
	}
	return out
}

// periodName turns the matched period into its plain name: "06 tháng" →
// "6 tháng", "01 năm" and "hằng năm" → "năm".
func periodName(text string, m []int) string {
	sub := func(g int) string {
		if m[2*g] < 0 {
			return ""
		}
		return strings.ToLower(text[m[2*g]:m[2*g+1]])
	}
	switch {
	case sub(1) != "":
		return sub(1)
	case sub(3) != "":
		n, _ := strconv.Atoi(sub(2))
		if n <= 1 {
			return sub(3)
		}
		return strconv.Itoa(n) + " " + sub(3)
	case sub(4) != "":
		return "đột xuất"
	}
	return sub(5)
}

// findDues returns the due days written after a period, as written
// ("trước ngày 25/5 và 25/11" → "25/5", "25/11").
func findDues(s string) []string {
	m := dueRe.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	// "ngày 22 tháng 4" is a date in words, not a monthly due day; "ngày
	// 05 tháng sau" is one.
	if m[6] >= 0 && !nextMonthRe.MatchString(s[m[7]:]) {
		return nil
	}
	m1, m2 := s[m[2]:m[3]], s[m[4]:m[5]]
	return append([]string{m1}, dueOneRe.FindAllString(m2, -1)...)
}

var nextMonthRe = regexp.MustCompile(`^\s*(?:sau|kế tiếp|tiếp theo)`)

// reportTo returns the body reports are sent to: "gửi về Công an tỉnh để
// tổng hợp" → "Công an tỉnh".
func reportTo(re *regexp.Regexp, s string) string {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	to := m[1]
	for _, stop := range toStops {
		if j := strings.Index(to, stop); j >= 0 {
			to = to[:j]
		}
	}
	return strings.TrimSpace(to)
}

// readPhases reads stages written as "Giai đoạn 1: Từ năm 2020 đến năm
// 2022" or "Giai đoạn 2020 - 2022". Other mentions of "giai đoạn" (the
// period of a programme the plan cites) are not phases of this plan.
func (p *parser) readPhases() {
	for i := p.titleEnd; i < p.secEnd; i++ {
		t := p.body[i].body
		if !strings.HasPrefix(fold(t), "giai doan") {
			continue
		}
		years := yearNum.FindAllString(t, 2)
		if len(years) == 0 {
			continue
		}
		name := t
		if j := strings.Index(t, ":"); j > 0 && len(strings.Fields(t[:j])) <= 8 {
			name = t[:j]
		}
		for _, stop := range []string{" (", " từ ", " Từ ", " năm ", " kéo dài"} {
			if j := strings.Index(name, stop); j > 0 && fold(name[:j]) != "giai doan" {
				name = name[:j]
			}
		}
		if j := strings.Index(name, years[0]); j > 0 && strings.Count(fold(name[:j]), " ") > 1 {
			name = name[:j]
		}
		name = strings.TrimSpace(strings.TrimRight(name, " -–,"))
		if fold(name) == "giai doan" {
			name += " " + years[0] + " - " + years[len(years)-1]
		}
		ph := Phase{Name: name, From: years[0], To: years[len(years)-1]}
		p.source("phases["+strconv.Itoa(len(p.res.Phases))+"]", p.body[i].n)
		p.res.Phases = append(p.res.Phases, ph)
	}
}
