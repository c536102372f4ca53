package api

import "net/http"

// mux registers every API route. Check is the hot path.
func (s *Server) mux() *http.ServeMux {
	mux := http.NewServeMux()
	route := func(pattern string, h http.Handler) {
		s.routes = append(s.routes, pattern)
		mux.Handle(pattern, h)
	}
	route("GET /api/v1/check", s.adapt(s.check))
	route("POST /api/v1/check", s.adapt(s.check))
	route("POST /api/v1/screen-call", s.adapt(s.screen))
	route("POST /api/v1/reports", s.adapt(s.reports))
	route("GET /api/v1/openapi.json", s.adapt(s.openAPI))
	route("GET /api/v1/feeds/{kind}", s.adapt(s.feed))
	route("GET /api/v1/feeds/url-prefixes", s.adapt(s.urlPrefixes))
	route("GET /api/v1/feeds/url-hashes", s.adapt(s.urlHashes))
	route("GET /api/v1/feeds/stix", s.adapt(s.stix))
	if s.opt.ZaloWebhook != nil {
		// Zalo's delivery events, signed with the OA's secret key.
		route("POST /api/v1/zalo/events", s.opt.ZaloWebhook)
	}
	route("/api/", s.adapt(s.notFound))
	return mux
}
