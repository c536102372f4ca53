package audience

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// ImportResult says what an import did, row by row.
type ImportResult struct {
	// Added counts the rows received: people added or updated in the
	// unit's area, and people already subscribed elsewhere, who are left
	// where they are (said apart, the count would tell where they are).
	Added    int
	Problems []RowProblem // rows left out, with why
}

// RowProblem is a row of an import that was left out.
type RowProblem struct {
	Row int
	Msg string
}

// The columns an import may have (header names, any case, with or
// without diacritics): phone / so_dien_thoai, email, zalo, province /
// tinh, groups / nhom (codes separated by ";"), consent / dong_y ("có",
// "x", "1", "yes"). A row is kept only with consent: an import records
// people who already agreed elsewhere (a paper form, an event), and says
// so in the source.
var importColumns = map[string]string{
	"phone": "phone", "so dien thoai": "phone", "so_dien_thoai": "phone", "dien thoai": "phone",
	"email": "email", "thu dien tu": "email",
	"zalo":     "zalo",
	"province": "province", "tinh": "province", "tinh thanh pho": "province", "tinh/thanh pho": "province",
	"groups": "groups", "nhom": "groups",
	"consent": "consent", "dong y": "consent", "dong_y": "consent",
	"name": "name", "ho ten": "name", "ho va ten": "name", "ten": "name",
}

// MaxImportRows is the most rows an import file may have (the header
// included); the read stops past it.
const MaxImportRows = 50_000

// ParseFile reads an import file (.csv or .xlsx, by content) into rows
// with their row numbers as a spreadsheet shows them. An .xlsx goes through
// the upload guard (zip limits, streamed, at most MaxImportRows rows).
func ParseFile(name string, data []byte) ([]map[string]string, []int, error) {
	var records [][]string
	tooMany := errs.InvalidField("file", fmt.Sprintf("%s có hơn %s dòng, quá nhiều cho một lần nhập; hãy chia thành nhiều tệp.", name, vn.FormatInt(MaxImportRows)))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		wb, err := upload.OpenWorkbook(bytes.NewReader(data), int64(len(data)), upload.Sheets(MaxImportRows))
		if errors.Is(err, upload.ErrZip) {
			return nil, nil, errs.InvalidField("file", fmt.Sprintf("Tệp “%s” %s.", name, err.Error()))
		} else if err != nil {
			return nil, nil, errs.InvalidField("file", fmt.Sprintf("Không đọc được %s như một tệp Excel (.xlsx).", name))
		}
		// Rows keep their place: a blank row in the sheet stays a blank
		// record, so row numbers match what the person sees.
		err = wb.Rows(func(line int, cells []upload.Cell) error {
			for len(records) < line-1 {
				records = append(records, nil)
			}
			rec := make([]string, len(cells))
			for i, c := range cells {
				rec[i] = c.Text
			}
			records = append(records, rec)
			return nil
		})
		if errors.Is(err, upload.ErrTooManyRows) {
			return nil, nil, tooMany
		} else if err != nil {
			return nil, nil, errs.InvalidField("file", "Không đọc được trang tính đầu của "+name+".")
		}
	default:
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
		r.FieldsPerRecord = -1
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, nil, errs.InvalidField("file", fmt.Sprintf("%s không phải tệp .csv hoặc .xlsx đọc được (%v). Hãy lưu bảng tính dưới dạng .xlsx hoặc .csv (UTF-8).", name, err))
			}
			if len(records) >= MaxImportRows {
				return nil, nil, tooMany
			}
			records = append(records, rec)
		}
	}
	if len(records) == 0 {
		return nil, nil, errs.InvalidField("file", name+" trống.")
	}
	head := make([]string, len(records[0]))
	known := 0
	for i, h := range records[0] {
		key := strings.ReplaceAll(vn.Fold(strings.TrimSpace(h)), "_", " ")
		if col, ok := importColumns[key]; ok {
			head[i] = col
			known++
		} else if col, ok := importColumns[strings.ReplaceAll(key, " ", "_")]; ok {
			head[i] = col
			known++
		}
	}
	if known == 0 {
		return nil, nil, errs.InvalidField("file", "Dòng đầu của "+name+" phải là tiêu đề cột: phone (hoặc so_dien_thoai), email, zalo, province (tinh), groups (nhom), consent (dong_y).")
	}
	var rows []map[string]string
	var nums []int
	for i, rec := range records[1:] {
		row := map[string]string{}
		empty := true
		for j, v := range rec {
			if j < len(head) && head[j] != "" {
				row[head[j]] = strings.TrimSpace(v)
				empty = empty && strings.TrimSpace(v) == ""
			}
		}
		if empty {
			continue
		}
		rows = append(rows, row)
		nums = append(nums, i+2)
	}
	return rows, nums, nil
}

// Import subscribes every row that passes the same checks as the portal's
// form; the others are listed by row with the reason, and nothing of the
// good rows is lost because of a bad one.
func (s *Service) Import(ctx context.Context, name string, data []byte) (*ImportResult, error) {
	area, err := s.area(ctx)
	if err != nil {
		return nil, err
	}
	rows, nums, err := ParseFile(name, data)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{}
	for i, row := range rows {
		in := Input{Phone: row["phone"], Email: row["email"], Zalo: row["zalo"], Province: row["province"], Name: row["name"], Source: "nhập tệp " + name}
		for _, g := range strings.FieldsFunc(row["groups"], func(r rune) bool { return r == ';' || r == ',' }) {
			in.Groups = append(in.Groups, strings.TrimSpace(g))
		}
		switch vn.Fold(strings.TrimSpace(row["consent"])) {
		case "co", "x", "1", "yes", "dong y", "true":
			in.Consent = true
		}
		keep := importGuard(area, &in)
		if _, err := s.subscribe(ctx, in, keep); errors.Is(err, errElsewhere) {
			res.Added++ // received like any row; the subscription elsewhere is not touched
			continue
		} else if err != nil {
			f := errs.FieldsOf(err)
			if f == nil {
				var e *errs.Error
				if !asErr(err, &e) {
					return nil, err
				}
				res.Problems = append(res.Problems, RowProblem{nums[i], e.VI})
				continue
			}
			var msgs []string
			for _, k := range []string{"phone", "email", "zalo", "province", "name", "groups", "consent"} {
				if m := f[k]; m != "" {
					if k == "consent" {
						m = "không có đồng ý nhận tin (cột consent/dong_y phải là “có”)"
					}
					msgs = append(msgs, m)
				}
			}
			res.Problems = append(res.Problems, RowProblem{nums[i], strings.Join(msgs, "; ")})
			continue
		}
		res.Added++
	}
	return res, nil
}
