// Package activityimport owns the spreadsheet side of bulk-importing
// outreach activities (hoạt động tuyên truyền): it reads an .xlsx or .csv
// file into rows, validates every cell and reports each problem by row and
// column in Vietnamese, and writes the downloadable template that such a
// file starts from.
//
// It knows nothing about the database, units or permissions: the caller
// supplies the accepted forms, the reporting window and today's date in
// Options, and decides what to do with the valid rows and the problems.
package activityimport
