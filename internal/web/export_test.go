package web

// HasEnglishForTest lets the external tests check the translation table.
func HasEnglishForTest(vi string) bool { _, ok := english[vi]; return ok }
