package activity

import (
	"strconv"
	"strings"
)

// Compact writes a summary as "key=value" pairs joined by ";": the form in
// which submitted reports keep their totals, because an aggregate of
// thousands of units reads it far faster than JSON. Keys: a (activities),
// p, c, v, m (reach), f.<form>, t.<tactic>, u.<audience>, d.<duty id>.
func (s Summary) Compact() string {
	var b strings.Builder
	add := func(k string, v int64) {
		if v == 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(';')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strconv.FormatInt(v, 10))
	}
	add("a", int64(s.Activities))
	add("p", s.Reach.Participants)
	add("c", s.Reach.Copies)
	add("v", s.Reach.Views)
	add("m", s.Reach.Messages)
	for k, v := range s.ByForm {
		add("f."+k, int64(v))
	}
	for k, v := range s.ByTactic {
		add("t."+k, int64(v))
	}
	for k, v := range s.ByAudience {
		add("u."+strings.NewReplacer(";", ",", "=", "-").Replace(k), v)
	}
	for k, v := range s.ByDuty {
		add("d."+strconv.FormatInt(k, 10), int64(v))
	}
	return b.String()
}

// AddCompact adds a summary written by Compact into s.
func (s *Summary) AddCompact(text string) {
	for len(text) > 0 {
		pair := text
		if i := strings.IndexByte(text, ';'); i >= 0 {
			pair, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		eq := strings.IndexByte(pair, '=')
		if eq < 1 {
			continue
		}
		k := pair[:eq]
		v, err := strconv.ParseInt(pair[eq+1:], 10, 64)
		if err != nil {
			continue
		}
		switch {
		case k == "a":
			s.Activities += int(v)
		case k == "p":
			s.Reach.Participants += v
		case k == "c":
			s.Reach.Copies += v
		case k == "v":
			s.Reach.Views += v
		case k == "m":
			s.Reach.Messages += v
		case strings.HasPrefix(k, "f."):
			s.ByForm[k[2:]] += int(v)
		case strings.HasPrefix(k, "t."):
			s.ByTactic[k[2:]] += int(v)
		case strings.HasPrefix(k, "u."):
			s.ByAudience[k[2:]] += v
		case strings.HasPrefix(k, "d."):
			if id, err := strconv.ParseInt(k[2:], 10, 64); err == nil {
				s.ByDuty[id] += int(v)
			}
		}
	}
}
