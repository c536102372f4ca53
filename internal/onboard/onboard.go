// Package onboard brings a province's units and staff in from a
// spreadsheet: it reads an .xlsx or .csv file (through activityimport's
// sheet reader, so the file rules, the row cap and the messages are the
// activity import's), checks each cell's form, hands the rows to org (units)
// or auth (accounts), which check them against the database and the
// importer's rights, and gathers every refused cell by row and column. It
// also writes the templates. It owns no table and no rule of who may do
// what.
package onboard

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/canhgiac/canhgiac/internal/activityimport"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The columns of the two files, named by the first row as the issue asks;
// any order, extra columns ignored.
var (
	UnitColumns = []activityimport.Column{
		{Key: "code", Header: "code", Required: true},
		{Key: "name", Header: "name", Required: true},
		{Key: "type", Header: "type", Required: true},
		{Key: "parent", Header: "parent", Required: true},
		{Key: "valid_from", Header: "valid_from"},
	}
	AccountColumns = []activityimport.Column{
		{Key: "username", Header: "username", Required: true},
		{Key: "full_name", Header: "full_name", Required: true},
		{Key: "email", Header: "email"},
		{Key: "phone", Header: "phone"},
		{Key: "unit", Header: "unit", Required: true},
		{Key: "role", Header: "role", Required: true},
	}
)

// MaxFileBytes is the largest file an import reads, from the console or
// the command line (the activity import's cap).
const MaxFileBytes = 16 << 20

// InvitationPath is the page an invitation's link opens.
func InvitationPath(token string) string { return "/dang-nhap/loi-moi/" + token }

// MaxRows is the most rows one file may hold: a province's schools and
// staff fit, a runaway export does not.
const MaxRows = 5000

// Result is what an import did, or what a preview found.
type Result struct {
	File      string
	Rows      int            // data rows read
	Added     []string       // one line per unit or account added (or to add, in a preview)
	Unchanged []string       // already there with the same data
	Invited   []auth.Invited // accounts added, with their invitation tokens
	Problems  []org.RowProblem
	Written   bool // false: nothing changed (a preview, or an all-or-nothing import refused)
}

// BadRows counts the distinct rows with a problem (the header row included
// when a column is unknown).
func (r Result) BadRows() int {
	seen := map[int]bool{}
	for _, p := range r.Problems {
		seen[p.Line] = true
	}
	return len(seen)
}

// Units reads a unit file and imports it with opt (see org.ImportUnits).
// A file that cannot be read at all is an error wrapping
// activityimport.ErrFile, with a Vietnamese message.
func Units(ctx context.Context, o *org.Service, r io.Reader, filename string, opt org.ImportOptions) (Result, error) {
	t, err := activityimport.ReadTable(r, filename, UnitColumns, MaxRows, "đơn vị")
	if err != nil {
		return Result{}, err
	}
	res := Result{File: filename, Rows: len(t.Rows), Problems: unknownColumns(t)}
	var rows []org.ImportUnit
	for _, tr := range t.Rows {
		row := org.ImportUnit{Line: tr.Line, Code: tr.Text("code"), Name: tr.Text("name"), Type: tr.Text("type"), ParentCode: tr.Text("parent")}
		if d, ok, msg := tr.Date("valid_from"); msg != "" {
			res.Problems = append(res.Problems, org.RowProblem{Line: tr.Line, Column: "valid_from", Message: msg})
			continue
		} else if ok {
			row.ValidFrom = vn.ISODate(d)
		}
		rows = append(rows, row)
	}
	// With a refused cell already, an all-or-nothing import only checks.
	check := opt
	if opt.AllOrNothing && len(res.Problems) > len(t.Unknown) {
		check.Preview = true
	}
	out, err := o.ImportUnits(ctx, rows, check)
	if err != nil {
		return Result{}, err
	}
	for _, u := range out.Added {
		res.Added = append(res.Added, fmt.Sprintf("%s — %s", u.Code, u.Name))
	}
	for _, u := range out.Unchanged {
		res.Unchanged = append(res.Unchanged, fmt.Sprintf("%s — %s", u.Code, u.Name))
	}
	res.Problems = sorted(append(res.Problems, out.Problems...))
	finish(&res, opt, len(t.Unknown))
	return res, nil
}

// Accounts reads an account file and imports it with opt (see
// auth.ImportAccounts); each account added carries its invitation.
func Accounts(ctx context.Context, a *auth.Service, r io.Reader, filename string, opt org.ImportOptions) (Result, error) {
	t, err := activityimport.ReadTable(r, filename, AccountColumns, MaxRows, "tài khoản")
	if err != nil {
		return Result{}, err
	}
	res := Result{File: filename, Rows: len(t.Rows), Problems: unknownColumns(t)}
	rows := make([]auth.ImportAccount, 0, len(t.Rows))
	for _, tr := range t.Rows {
		rows = append(rows, auth.ImportAccount{Line: tr.Line, Username: tr.Text("username"), FullName: tr.Text("full_name"),
			Email: tr.Text("email"), Phone: tr.Text("phone"), UnitCode: tr.Text("unit"), Role: tr.Text("role")})
	}
	out, err := a.ImportAccounts(ctx, rows, opt)
	if err != nil {
		return Result{}, err
	}
	for _, inv := range out.Added {
		res.Added = append(res.Added, fmt.Sprintf("%s — %s, %s, %s", inv.Username, inv.FullName, inv.Role.LabelVI(), inv.UnitName))
	}
	res.Invited = out.Added
	res.Unchanged = out.Unchanged
	res.Problems = sorted(append(res.Problems, out.Problems...))
	finish(&res, opt, len(t.Unknown))
	return res, nil
}

// finish says whether the import wrote anything: not in a preview, and
// not in an all-or-nothing import with a refused row (unknown columns are
// ignored, not refused), which then added nothing.
func finish(res *Result, opt org.ImportOptions, unknown int) {
	refused := opt.AllOrNothing && len(res.Problems) > unknown
	if refused && !opt.Preview {
		res.Added, res.Invited = nil, nil
	}
	res.Written = !opt.Preview && !refused && len(res.Added) > 0
}

func unknownColumns(t activityimport.Table) []org.RowProblem {
	var out []org.RowProblem
	for _, u := range t.Unknown {
		out = append(out, org.RowProblem{Line: u.Row, Column: u.Column, Message: u.Message})
	}
	return out
}

func sorted(ps []org.RowProblem) []org.RowProblem {
	slices.SortStableFunc(ps, func(a, b org.RowProblem) int { return a.Line - b.Line })
	return ps
}
