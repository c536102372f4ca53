package web

// HasEnglishForTest lets the external tests check the translation table.
func HasEnglishForTest(vi string) bool { _, ok := english[vi]; return ok }

// Secretless lets the external tests check what the request log keeps.
func Secretless(path string) string { return secretless(path) }

// EnglishForTest is the translation table, for the English portal's test.
func EnglishForTest() map[string]string { return english }

// PageCacheBudget is the page cache's bound in bytes.
const PageCacheBudget = pageCacheBudget

// PageCacheSize says how many pages the server's page cache holds and what
// they cost in bytes.
func PageCacheSize(s *Server) (pages, bytes int) {
	s.pages.mu.Lock()
	defer s.pages.mu.Unlock()
	return len(s.pages.pages), s.pages.size
}

// SetPageCacheBudget bounds the server's page cache at n bytes (0: the
// default), so a test can reach the bound with a few pages.
func SetPageCacheBudget(s *Server, n int) {
	s.pages.mu.Lock()
	defer s.pages.mu.Unlock()
	s.pages.budget = n
}
