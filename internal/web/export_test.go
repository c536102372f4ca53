package web

// HasEnglishForTest lets the external tests check the translation table.
func HasEnglishForTest(vi string) bool { _, ok := english[vi]; return ok }

// Secretless lets the external tests check what the request log keeps.
func Secretless(path string) string { return secretless(path) }

// EnglishForTest is the translation table, for the English portal's test.
func EnglishForTest() map[string]string { return english }
