package store

// Values is a subquery listing the strings of one JSON array parameter
// (placeholder such as "$1"), for "col IN (…)" over many values: one
// parameter instead of one each, so a statement for a page of 500 values
// is as short to parse and plan as for one.
func (db *DB) Values(placeholder string) string {
	if db.Dialect == Postgres {
		return `SELECT jsonb_array_elements_text(CAST(` + placeholder + ` AS jsonb))`
	}
	return `SELECT value FROM json_each(` + placeholder + `)`
}
