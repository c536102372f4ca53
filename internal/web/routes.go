package web

import (
	"github.com/canhgiac/canhgiac/internal/content"
	"net/http"

	"github.com/canhgiac/canhgiac/internal/access"
)

// signedIn marks console routes open to any signed-in user; every other
// console route names the permission it needs. The services check the unit
// scope again: this table only keeps people away from pages of no use to them.
const signedIn access.Permission = ""

// ConsoleRoutes lists the patterns of every console route, so tests can
// check that each one is covered.
func (s *Server) ConsoleRoutes() []string { return s.consoleRoutes }

// PublicRoutes lists the patterns of the portal's and sign-in's routes, so
// tests can walk each one.
func (s *Server) PublicRoutes() []string { return s.publicRoutes }

// ConsolePermission returns the permission a console route needs ("" for
// any signed-in user), so tests can derive who reaches it.
func (s *Server) ConsolePermission(pattern string) access.Permission { return s.consolePerms[pattern] }

// The query parameters each cached page reads (see cachedFor): any other
// parameter is left out of the page cache's key and of the request the page
// is made from. A page that starts reading a new parameter names it here.
var (
	listReads   = []string{"loai", "doi-tuong", "dia-ban"} // portalList's filters
	searchReads = []string{"q"}                            // portalSearch
	verifyReads = []string{"ma"}                           // portalVerify without a code in the path
	statsReads  = []string{"tu", "den"}                    // the window of /thong-ke and its CSVs (statsWindowOf)
)

// routes registers every route of the program, with the permission it needs
// beside it.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	public := func(pattern string, h handlerFunc) {
		s.publicRoutes = append(s.publicRoutes, pattern)
		mux.Handle(pattern, s.adapt(h))
	}
	console := func(pattern string, p access.Permission, h handlerFunc) {
		s.consoleRoutes = append(s.consoleRoutes, pattern)
		if s.consolePerms == nil {
			s.consolePerms = map[string]access.Permission{}
		}
		s.consolePerms[pattern] = p
		mux.Handle(pattern, s.adapt(s.require(p, h)))
	}

	// Public portal and machinery. Lookups and public forms are metered
	// per address (meter.go); a refusal shows the form again.
	// The home page shows the week's reports and the map: kept at most
	// statsTTL, like the statistics page.
	public("GET /{$}", s.cachedFor(statsTTL, nil, s.home))
	public("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.metrics.Handler(s.opt.MetricsAccess))
	mux.Handle("GET /static/{file}", s.assets)
	public("POST /ngon-ngu", s.setLanguage)
	public("GET /ngon-ngu", s.setLanguage)
	public("GET /tra-cuu", s.lookupMetered(s.checkPage))
	public("POST /tra-cuu", s.lookupMetered(s.checkPhoto))
	public("GET /to-giac", s.tipForm)
	public("POST /to-giac", s.formMetered("to-giac", s.tipSubmit, s.tipAgain))
	public("GET /to-giac/{code}", s.tipStatus)
	public("POST /to-giac/{code}/bo-sung", s.formMetered("bo-sung", s.tipAdd, s.tipAddAgain))
	public("GET /dia-ban/xa", s.communes)
	// Read-only portal pages are served from each instance's page cache
	// (see pagecache.go) to visitors who are not signed in.
	for _, k := range content.Kinds {
		public("GET /"+k.Path(), s.cached(listReads, s.portalList(k)))
		public("GET /"+k.Path()+"/{slug}", s.cached(nil, s.portalItem(k)))
	}
	public("GET /tim-kiem", s.cached(searchReads, s.portalSearch))
	// The public statistics move with every report: kept at most statsTTL.
	// Each window not in the cache is counted by the database, so those
	// are metered per address (a page in the cache costs nothing).
	public("GET /thong-ke", s.cachedFor(statsTTL, statsReads, s.statsMetered(s.publicStats, s.statsAgain)))
	public("GET /thong-ke/tuan.csv", s.cachedFor(statsTTL, statsReads, s.statsMetered(s.statsCSV("tuan"), statsCSVAgain)))
	public("GET /thong-ke/thu-doan.csv", s.cachedFor(statsTTL, statsReads, s.statsMetered(s.statsCSV("thu-doan"), statsCSVAgain)))
	public("GET /thong-ke/tinh.csv", s.cachedFor(statsTTL, statsReads, s.statsMetered(s.statsCSV("tinh"), statsCSVAgain)))
	public("GET /tep/{sum}", s.contentFile)
	public("GET /xac-minh", s.cached(verifyReads, s.portalVerify))
	public("GET /xac-minh/{code}", s.cached(nil, s.portalVerify))
	public("GET /xac-minh/qr/{file}", s.portalQR)
	public("GET /dang-ky", s.subscribeForm)
	public("POST /dang-ky", s.formMetered("dang-ky", s.contactMetered(s.subscribe, s.subscribeAgain), s.subscribeAgain))
	public("GET /dang-ky/xac-nhan/{ref}", s.confirmForm)
	public("POST /dang-ky/xac-nhan/{ref}", s.confirm)
	public("GET /huy-dang-ky/{token}", s.mySubscription)
	public("POST /huy-dang-ky/{token}", s.unsubscribe)
	public("GET /huy-dang-ky/{token}/du-lieu", s.myData)
	public("POST /huy-dang-ky/{token}/xoa", s.myErase)
	public("GET /trac-nghiem", s.cached(nil, s.quizList))
	public("GET /trac-nghiem/{slug}", s.quizForm)
	public("POST /trac-nghiem/{slug}", s.quizTake)
	public("GET /feed.atom", s.feed)
	public("GET /cap/alerts.xml", s.capIndex)
	public("GET /cap/{file}", s.capAlert)
	public("GET /yeu-cau-go-canh-bao", s.removalForm)
	public("POST /yeu-cau-go-canh-bao", s.formMetered("go-canh-bao", s.removalSubmit, s.removalAgain))
	public("GET /yeu-cau-go-canh-bao/{code}", s.removalStatus)
	public("/", s.notFound)

	// Signing in and out.
	public("GET /dang-nhap", s.loginForm)
	public("POST /dang-nhap", s.login)
	public("GET /dang-nhap/xac-thuc", s.totpForm)
	public("POST /dang-nhap/xac-thuc", s.totpVerify)
	public("GET /dang-nhap/thiet-lap-xac-thuc", s.enrolForm)
	public("POST /dang-nhap/thiet-lap-xac-thuc", s.enrol)
	public("GET /dang-nhap/doi-mat-khau", s.newPasswordForm)
	public("POST /dang-nhap/doi-mat-khau", s.newPassword)
	public("GET /dang-nhap/loi-moi/{token}", s.invitationForm)
	public("POST /dang-nhap/loi-moi/{token}", s.invitationAccept)
	public("POST /dang-xuat", s.logout)

	// Staff console.
	console("GET /quan-tri/{$}", signedIn, s.consoleHome)
	console("GET /quan-tri/don-vi", access.UnitView, s.unitTree)
	console("GET /quan-tri/don-vi/moi", access.UnitEdit, s.unitNewForm)
	console("GET /quan-tri/don-vi/nhap", access.UnitEdit, s.onboardForm(unitImport))
	console("POST /quan-tri/don-vi/nhap", access.UnitEdit, s.onboardImport(unitImport))
	console("GET /quan-tri/don-vi/nhap/mau/{format}", access.UnitEdit, s.onboardTemplate(unitImport))
	console("POST /quan-tri/don-vi", access.UnitEdit, s.unitCreate)
	console("GET /quan-tri/don-vi/{code}", access.UnitView, s.unitPage)
	console("GET /quan-tri/don-vi/{code}/sua", access.UnitEdit, s.unitEditForm)
	console("POST /quan-tri/don-vi/{code}/sua", access.UnitEdit, s.unitUpdate)
	console("GET /quan-tri/don-vi/{code}/sap-xep", access.UnitRestructure, s.restructureForm)
	console("POST /quan-tri/don-vi/{code}/sap-xep", access.UnitRestructure, s.restructure)
	console("GET /quan-tri/tai-khoan", access.UserView, s.userList)
	console("GET /quan-tri/tai-khoan/moi", access.UserManage, s.userNewForm)
	console("GET /quan-tri/tai-khoan/nhap", access.UserManage, s.onboardForm(accountImport))
	console("POST /quan-tri/tai-khoan/nhap", access.UserManage, s.onboardImport(accountImport))
	console("GET /quan-tri/tai-khoan/nhap/mau/{format}", access.UserManage, s.onboardTemplate(accountImport))
	console("POST /quan-tri/tai-khoan", access.UserManage, s.userCreate)
	console("GET /quan-tri/tai-khoan/{username}", access.UserView, s.userPage)
	console("POST /quan-tri/tai-khoan/{username}", access.UserManage, s.userUpdate)
	console("POST /quan-tri/tai-khoan/{username}/dat-lai-mat-khau", access.UserManage, s.userResetPassword)
	console("POST /quan-tri/tai-khoan/{username}/xoa-xac-thuc-hai-lop", access.UserManage, s.userClearTOTP)
	console("GET /quan-tri/khoa-api", access.UserManage, s.apiKeys)
	console("POST /quan-tri/khoa-api/{id}/thu-hoi", access.UserManage, s.apiKeyRevoke)
	console("POST /quan-tri/khoa-api/{id}/doi", access.UserManage, s.apiKeyRotate)
	console("GET /quan-tri/nhat-ky", access.AuditView, s.auditLog)
	console("GET /quan-tri/ke-hoach", access.PlanView, s.planList)
	console("GET /quan-tri/ke-hoach/moi", access.PlanEdit, s.planNewForm)
	console("POST /quan-tri/ke-hoach", access.PlanEdit, s.planCreate)
	console("GET /quan-tri/ke-hoach/nhap", access.PlanEdit, s.planImportForm)
	console("POST /quan-tri/ke-hoach/nhap", access.PlanEdit, s.planImport)
	console("GET /quan-tri/ke-hoach/{id}", access.PlanView, s.planPage)
	console("GET /quan-tri/ke-hoach/{id}/sua", access.PlanEdit, s.planEditForm)
	console("POST /quan-tri/ke-hoach/{id}/sua", access.PlanEdit, s.planUpdate)
	console("GET /quan-tri/ke-hoach/{id}/ban-hanh", access.PlanIssue, s.planIssueForm)
	console("POST /quan-tri/ke-hoach/{id}/ban-hanh", access.PlanIssue, s.planIssue)
	console("POST /quan-tri/ke-hoach/{id}/xay-dung", access.PlanEdit, s.planDerive)
	console("POST /quan-tri/ke-hoach/{id}/phien-ban-moi", access.PlanEdit, s.planNewVersion)
	console("GET /quan-tri/ke-hoach/{id}/trien-khai", access.PlanView, s.planCompliance)
	console("POST /quan-tri/ke-hoach/{id}/don-doc", access.Urge, s.planUrge)
	console("GET /quan-tri/ke-hoach/{id}/tai-ve/{format}", access.PlanView, s.planDownload)
	console("GET /quan-tri/hoat-dong", access.ActivityView, s.activities)
	console("POST /quan-tri/hoat-dong", access.ActivityEdit, s.activityLog)
	console("GET /quan-tri/hoat-dong/mau/{format}", access.ActivityView, s.activityTemplate)
	console("GET /quan-tri/hoat-dong/tep/{sum}", access.ActivityView, s.evidence)
	console("POST /quan-tri/hoat-dong/nhap", access.ActivityEdit, s.activityImport)
	console("GET /quan-tri/hoat-dong/{id}", access.ActivityView, s.activityShow)
	console("POST /quan-tri/hoat-dong/{id}/sua", access.ActivityEdit, s.activityCorrect)
	console("POST /quan-tri/hoat-dong/{id}/xoa", access.ActivityEdit, s.activityDelete)
	console("GET /quan-tri/bao-cao", access.ReportView, s.reportIndex)
	console("GET /quan-tri/tong-quan", access.ReportView, s.dashboard)
	console("POST /quan-tri/bao-cao/yeu-cau", access.ReportReview, s.reportRequest)
	console("GET /quan-tri/bao-cao/{unit}/{period}", access.ReportView, s.reportView)
	console("POST /quan-tri/bao-cao/{unit}/{period}/noi-dung", access.ReportEdit, s.reportSave)
	console("POST /quan-tri/bao-cao/{unit}/{period}/dinh-kem", access.ReportEdit, s.reportAttach)
	console("GET /quan-tri/bao-cao/tep/{sum}", access.ReportView, s.reportFile)
	console("POST /quan-tri/bao-cao/{unit}/{period}/ky", access.ReportSign, s.reportAction("sign"))
	console("POST /quan-tri/bao-cao/{unit}/{period}/gui", access.ReportEdit, s.reportAction("submit"))
	console("POST /quan-tri/bao-cao/{unit}/{period}/tiep-nhan", access.ReportReview, s.reportAction("accept"))
	console("POST /quan-tri/bao-cao/{unit}/{period}/tra-lai", access.ReportReview, s.reportAction("return"))
	console("POST /quan-tri/bao-cao/{unit}/{period}/don-doc", access.Urge, s.reportUrge)
	console("GET /quan-tri/bao-cao/{unit}/{period}/tai-ve/{format}", access.ReportView, s.reportDownload)
	console("GET /quan-tri/xac-minh", access.TipReview, s.triage)
	console("POST /quan-tri/xac-minh/{id}", access.TipReview, s.triageDecide)
	console("POST /quan-tri/xac-minh/to-giac/{code}/hoi-them", access.TipReview, s.triageAsk)
	console("POST /quan-tri/xac-minh/to-giac/{code}/gop", access.TipReview, s.triageMerge)
	console("GET /quan-tri/xac-minh/tep/{sum}", access.TipReview, s.triageFile)
	console("GET /quan-tri/xac-minh/chinh-thuc", access.TipReview, s.protectedList)
	console("POST /quan-tri/xac-minh/chinh-thuc", access.TipReview, s.protectedAdd) // national level: checked in intel
	console("POST /quan-tri/xac-minh/chinh-thuc/{id}/bo", access.TipReview, s.protectedRemove)
	console("GET /quan-tri/xac-minh/go/{id}", access.TipReview, s.removalReview)
	console("POST /quan-tri/xac-minh/go/{id}", access.TipReview, s.removalDecide)
	console("GET /quan-tri/thong-ke-to-giac", access.TipReview, s.tipStats)
	console("GET /quan-tri/noi-dung", signedIn, s.contentList)
	console("GET /quan-tri/noi-dung/moi", access.ContentEdit, s.contentNew)
	console("POST /quan-tri/noi-dung", access.ContentEdit, s.contentSave)
	console("GET /quan-tri/noi-dung/{id}", signedIn, s.contentView)
	console("GET /quan-tri/noi-dung/{id}/sua", access.ContentEdit, s.contentEdit)
	console("POST /quan-tri/noi-dung/{id}/sua", access.ContentEdit, s.contentSave)
	console("POST /quan-tri/noi-dung/{id}/tep", access.ContentEdit, s.contentAttach)
	console("POST /quan-tri/noi-dung/{id}/{action}", signedIn, s.contentAction)
	console("GET /quan-tri/nguoi-nhan", access.AudienceManage, s.audiencePage)
	console("POST /quan-tri/nguoi-nhan/nhap", access.AudienceManage, s.audienceImport)
	console("POST /quan-tri/nguoi-nhan/yeu-cau", access.AudienceManage, s.audienceSubject)
	console("GET /quan-tri/hop-thu-thu", signedIn, s.inbox) // demo only; audience managers and admins (checked in the handler)
	console("POST /quan-tri/hop-thu-thu", signedIn, s.inboxSend)
	console("GET /quan-tri/chien-dich", signedIn, s.campaigns)
	console("POST /quan-tri/chien-dich", access.AudienceManage, s.campaignCreate)
	console("GET /quan-tri/chien-dich/{id}", signedIn, s.campaign)
	console("GET /quan-tri/chien-dich/{id}/{what}", signedIn, s.campaignExport) // tin-nhan.csv, so-lieu.csv
	console("POST /quan-tri/chien-dich/{id}/{action}", signedIn, s.campaignAction)
	console("GET /quan-tri/thong-bao", signedIn, s.notices)
	console("POST /quan-tri/thong-bao/da-doc", signedIn, s.noticesRead)
	console("POST /quan-tri/thong-bao/{id}/da-doc", signedIn, s.noticeRead)
	console("GET /quan-tri/ca-nhan/thong-bao", signedIn, s.noticePrefs)
	console("POST /quan-tri/ca-nhan/thong-bao", signedIn, s.noticePrefsSave)
	console("GET /quan-tri/ca-nhan", signedIn, s.accountPage)
	console("POST /quan-tri/ca-nhan/mat-khau", signedIn, s.changePassword)
	console("POST /quan-tri/ca-nhan/xac-thuc-hai-lop", signedIn, s.totpEnable)
	console("POST /quan-tri/ca-nhan/xac-thuc-hai-lop/tat", signedIn, s.totpDisable)

	// Outermost first: headers on everything, then metrics and logs, then
	// cross-origin refusal, the session, and the CSRF token check.
	var h http.Handler = mux
	h = s.checkCSRF(h)
	h = s.loadSession(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.observe(h)
	h = s.securityHeaders(h)
	return s.withAPI(h)
}
