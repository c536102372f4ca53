package dispatch

// SetPageSize makes the pages of a campaign's audience smaller, so tests
// see an audience written over several pages without a thousand people.
func SetPageSize(s *Service, n int) { s.page = n }
