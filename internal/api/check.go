package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// itemsPool keeps the slices a batch's items are read into.
var itemsPool = sync.Pool{New: func() any { s := make([]string, 0, 1024); return &s }}

// maxBatch is the largest batch of checks in one request.
const maxBatch = 10_000

// check answers one item (GET ?q=) or a batch ({"items": […]}).
func (s *Server) check(w http.ResponseWriter, r *http.Request) error {
	if r.Method == http.MethodGet {
		q := queryParam(r.URL.RawQuery, "q")
		if strings.TrimSpace(q) == "" {
			return errs.InvalidField("q", "Thiếu tham số q (số điện thoại, đường link hoặc tài khoản cần tra cứu).")
		}
		if err := s.meter(w, r, 1); err != nil {
			return err
		}
		buf := getBuf()
		defer putBuf(buf)
		*buf = s.intel.Checker().AppendCheck((*buf)[:0], q)
		return writeJSONBytes(w, *buf)
	}
	// ?form=compact names each advice by code and writes its text once.
	compact := false
	switch form := queryParam(r.URL.RawQuery, "form"); form {
	case "", "full":
	case "compact":
		compact = true
	default:
		return errs.InvalidField("form", "Tham số form chỉ nhận “full” (mặc định) hoặc “compact” (lời khuyên ghi theo mã, mỗi lời khuyên một lần).")
	}
	body := getBuf()
	defer putBuf(body)
	b, err := readBody(http.MaxBytesReader(w, r.Body, 8<<20), (*body)[:0])
	*body = b
	if err != nil {
		return err
	}
	ib := itemsPool.Get().(*[]string)
	defer func() { clear(*ib); itemsPool.Put(ib) }()
	items, ok := parseItems(b, (*ib)[:0])
	if ok {
		*ib = items
	}
	if !ok {
		var req struct {
			Items []string `json:"items"`
		}
		if err := json.Unmarshal(b, &req); err != nil {
			return errs.InvalidField("items", "Nội dung phải là JSON dạng {\"items\": [\"0912345678\", \"https://…\"]}.")
		}
		items = req.Items
	}
	if len(items) > maxBatch {
		return &errs.Error{Kind: errs.KindTooLarge, VI: fmt.Sprintf("Mỗi lần tra cứu tối đa %d mục (đã gửi %d).", maxBatch, len(items)),
			EN: fmt.Sprintf("At most %d items per request.", maxBatch)}
	}
	if err := s.meter(w, r, len(items)); err != nil {
		return err
	}
	out := getBuf()
	defer putBuf(out)
	if compact {
		*out = s.intel.Checker().AppendBatchCompact((*out)[:0], items)
	} else {
		*out = s.intel.Checker().AppendBatch((*out)[:0], items)
	}
	return writeJSONBytes(w, *out)
}
