package vn

import (
	"math"
	"strconv"
	"strings"
)

// FormatInt formats n with Vietnamese digit grouping: a dot every three
// digits, "1.234.567" (Vietnamese uses the dot for thousands and the comma
// for decimals, the reverse of English).
func FormatInt(n int64) string {
	// strconv handles math.MinInt64, whose magnitude does not fit in int64,
	// so group its output instead of doing arithmetic on -n.
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + groupThousands(s[1:])
	}
	return groupThousands(s)
}

// FormatPercent formats x, which is already in percent (94.6 means 94.6 %,
// not 9460 %), rounded to decimals places, with a decimal comma, dotted
// thousands and a space before the sign: FormatPercent(94.6, 1) ==
// "94,6 %". Negative decimals are treated as 0. Rounding is
// strconv.FormatFloat's: correct rounding of the binary value, so an exact
// tie such as 3.25 goes to even ("3,2 %").
//
// The space before % is a plain ASCII space (U+0020), not a no-break space.
// Output goes into CSV exports and log lines and gets compared in tests,
// where an invisible U+00A0 causes confusing mismatches; templates that need
// a no-break space can substitute it where the line-wrapping matters.
//
// NaN and infinities are rendered as strconv does ("NaN %", "+Inf %").
// A value that rounds to zero is shown without a minus sign ("0,0 %").
func FormatPercent(x float64, decimals int) string {
	if decimals < 0 {
		decimals = 0
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64) + " %"
	}
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
		// "-0,0 %" reads as a real negative figure; drop the sign when
		// rounding left nothing but zeros.
		if strings.Trim(s, "0.") == "" {
			neg = false
		}
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	out := groupThousands(intPart)
	if hasFrac {
		out += "," + frac
	}
	if neg {
		out = "-" + out
	}
	return out + " %"
}

// groupThousands inserts '.' between groups of three in a string of ASCII
// digits with no sign.
func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(len(digits) + (len(digits)-1)/3)
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteByte('.')
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// Share writes n of of as a percentage with one decimal and a decimal
// comma, "85,7 %": the one way pages and exports show a share. A share of
// nothing cannot be computed and shows as "—", never as "0,0 %".
func Share(n, of int) string {
	if of == 0 {
		return "—"
	}
	return FormatPercent(float64(n)*100/float64(of), 1)
}
