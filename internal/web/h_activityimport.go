package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/activityimport"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

func formLabels() []string {
	var out []string
	for _, f := range activity.Forms {
		out = append(out, f.Label)
	}
	return out
}

func (s *Server) activityTemplate(w http.ResponseWriter, r *http.Request) error {
	format := r.PathValue("format")
	if format != "xlsx" && format != "csv" {
		return errs.NotFound("Mẫu có dạng .xlsx hoặc .csv.", "Templates are .xlsx or .csv.")
	}
	var buf bytes.Buffer
	if err := activityimport.Template(&buf, format, formLabels()); err != nil {
		return err
	}
	ctype := map[string]string{"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8"}[format]
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="mau-nhap-hoat-dong.`+format+`"`)
	_, err := w.Write(buf.Bytes())
	return err
}

// ImportReport is what a spreadsheet upload did.
type ImportReport struct {
	FileName     string
	Rows         int
	Imported     int
	Problems     []activityimport.CellError
	AllOrNothing bool
	FileError    string
}

func (s *Server) activityImport(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	p, err := s.activityPage(r, activity.Input{}, nil)
	if err != nil {
		return err
	}
	unit, mode := r.PostFormValue("unit"), r.PostFormValue("mode")
	rep := &ImportReport{AllOrNothing: mode != "good"}
	p.Import, p.In.UnitCode = rep, unit
	file, err := upload.FirstFile(r, "file", maxSheetFile, "Vui lòng chọn tệp .xlsx hoặc .csv theo mẫu.")
	if fields := errs.FieldsOf(err); fields != nil {
		rep.FileName, rep.FileError = file.Name, fields["file"]
		return s.render(w, r, http.StatusUnprocessableEntity, "activities", p)
	} else if err != nil {
		return err
	}
	rep.FileName = file.Name
	tactics := map[string]string{}
	if ts, err := s.activity.Tactics(r.Context()); err == nil {
		for _, t := range ts {
			tactics[vn.Fold(t.Name)], tactics[t.Code] = t.Code, t.Code
		}
	}
	rows, problems, err := activityimport.Parse(bytes.NewReader(file.Data), file.Name, activityimport.Options{Forms: activity.FormsByLabel(), Today: s.org.Today()})
	if errors.Is(err, activityimport.ErrFile) {
		rep.FileError = err.Error()
		return s.render(w, r, http.StatusUnprocessableEntity, "activities", p)
	} else if err != nil {
		return err
	}
	rep.Rows, rep.Problems = len(rows)+countRows(problems), problems
	if len(problems) > 0 && rep.AllOrNothing {
		return s.render(w, r, http.StatusUnprocessableEntity, "activities", p)
	}
	var ins []activity.Input
	for _, row := range rows {
		var tcodes []string
		for _, t := range row.Tactics {
			if c, ok := tactics[vn.Fold(t)]; ok {
				tcodes = append(tcodes, c)
			} else {
				tcodes = append(tcodes, t)
			}
		}
		ins = append(ins, activity.Input{UnitCode: unit, Date: row.Date, DateTo: row.DateTo, Form: row.Form, Title: row.Title, Themes: row.Themes,
			Tactics: tcodes, Audience: row.Audience, Links: row.Links, Participants: strconv.FormatInt(row.Participants, 10),
			Copies: strconv.FormatInt(row.Copies, 10), Views: strconv.FormatInt(row.Views, 10), Messages: strconv.FormatInt(row.Messages, 10),
			Note: row.Note, Source: "import"})
	}
	if _, err := s.activity.LogMany(r.Context(), ins); err != nil {
		if f := errs.FieldsOf(err); f != nil {
			for k, v := range f {
				rep.FileError += k + ": " + v + " "
			}
			return s.render(w, r, http.StatusUnprocessableEntity, "activities", p)
		}
		return err
	}
	msg := fmt.Sprintf("Đã nhập %d hoạt động từ %s.", len(ins), file.Name)
	if len(problems) > 0 {
		msg += fmt.Sprintf(" %d ô có lỗi; các dòng đó chưa được nhập — sửa trong tệp rồi tải lên lại những dòng đó.", len(problems))
		rep.Imported = len(ins)
		p, err := s.activityPage(r, activity.Input{UnitCode: unit}, nil)
		if err != nil {
			return err
		}
		p.Import = rep
		p.Flash = &Flash{Kind: "warn", Text: msg}
		return s.render(w, r, http.StatusOK, "activities", p)
	}
	return s.redirectWithFlash(w, r, "/quan-tri/hoat-dong", "ok", msg)
}

// countRows counts the distinct data rows that have problems.
func countRows(ps []activityimport.CellError) int {
	seen := map[int]bool{}
	for _, p := range ps {
		if p.Row > 1 {
			seen[p.Row] = true
		}
	}
	return len(seen)
}
