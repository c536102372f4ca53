package sanitize_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/sanitize"
)

// anyOutput marks a vector whose exact output is not pinned, only checked.
const anyOutput = "?"

// xssVectors are inputs that try to get script or a foreign URL through.
// want is the exact output where it is worth pinning; report is a message
// Changed must give.
var xssVectors = []struct {
	name, in, want, report string
}{
	{"script", `<script>alert(1)</script>Xin chào`, `Xin chào`, "thẻ <script>"},
	{"script uppercase", `<SCRIPT SRC=//evil.example/x.js></SCRIPT>`, ``, "thẻ <script>"},
	{"javascript href", `<a href="javascript:alert(1)">bấm</a>`, `bấm`, "liên kết javascript:"},
	{"javascript mixed case", `<a href="JaVaScRiPt:alert(1)">bấm</a>`, `bấm`, "liên kết javascript:"},
	{"javascript leading space", `<a href="  javascript:alert(1)">bấm</a>`, `bấm`, "liên kết javascript:"},
	{"javascript leading control", "<a href=\"\x01javascript:alert(1)\">bấm</a>", `bấm`, "liên kết javascript:"},
	{"javascript tab entity", `<a href="jav&#x09;ascript:alert(1)">bấm</a>`, `bấm`, "liên kết javascript:"},
	{"javascript newline entity", `<a href="jav&#10;ascript:alert(1)">bấm</a>`, `bấm`, "liên kết javascript:"},
	{"javascript raw tab", "<a href=\"java\tscript:alert(1)\">bấm</a>", `bấm`, "liên kết javascript:"},
	{"javascript decimal entities", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">bấm</a>`, `bấm`, "liên kết javascript:"},
	{"javascript hex entities no semicolon", `<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">bấm</a>`, `bấm`, "liên kết javascript:"},
	{"javascript named colon", `<a href="javascript&colon;alert(1)">bấm</a>`, `bấm`, "liên kết javascript:"},
	{"javascript NUL", "<a href=\"java\x00script:alert(1)\">bấm</a>", `bấm`, "liên kết không hợp lệ"},
	{"vbscript", `<a href="vbscript:msgbox(1)">bấm</a>`, `bấm`, "liên kết vbscript:"},
	{"data href", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>`, `bấm`, "liên kết data:"},
	{"scheme-relative", `<a href="//evil.example/x">bấm</a>`, `bấm`, "liên kết không hợp lệ"},
	{"backslash scheme-relative", `<a href="/\evil.example/x">bấm</a>`, `bấm`, "liên kết không hợp lệ"},
	{"unquoted href", `<a href=javascript:alert(1)>bấm</a>`, `bấm`, "liên kết javascript:"},
	{"img onerror", `<img src=x onerror=alert(1)>`, ``, "thuộc tính onerror"},
	{"img onerror good src", `<img src="https://anh.canhgiac.vn/a.png" onerror="alert(1)">`, `<img src="https://anh.canhgiac.vn/a.png">`, "thuộc tính onerror"},
	{"img data", `<img src="data:image/svg+xml;base64,PHN2Zy8+">`, ``, "ảnh có địa chỉ data:"},
	{"img javascript", `<img src="javascript:alert(1)">`, ``, "ảnh có địa chỉ javascript:"},
	{"img http", `<img src="http://anh.example/a.png">`, ``, "ảnh có địa chỉ http:"},
	{"img media traversal", `<img src="/media/../quan-tri/x">`, ``, "ảnh có địa chỉ không hợp lệ"},
	{"img media encoded traversal", `<img src="/media/%2e%2e/quan-tri/x">`, ``, "ảnh có địa chỉ không hợp lệ"},
	{"img dimensions", `<img src="/media/a.png" width="100%" height="50" style="x">`, `<img src="/media/a.png" height="50">`, "thuộc tính width không phải số"},
	{"svg onload", `<svg onload=alert(1)><circle r="1"/></svg>`, ``, "thẻ <svg>"},
	{"svg script", `<svg><script>alert(1)</script></svg>chữ`, `chữ`, "thẻ <svg>"},
	{"math href", `<math><mi xlink:href="javascript:alert(1)">x</mi></math>`, ``, "thẻ <math>"},
	{"iframe", `<iframe src="javascript:alert(1)"></iframe>`, ``, "thẻ <iframe>"},
	{"iframe srcdoc", `<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>`, ``, "thẻ <iframe>"},
	{"object embed", `<object data="x.swf"></object><embed src="x.swf">`, ``, "thẻ <object>"},
	{"style element", `<style>@import 'http://evil.example/x.css';</style>`, ``, "thẻ <style>"},
	{"style attribute", `<p style="background:url(javascript:alert(1))">Chữ</p>`, `<p>Chữ</p>`, "thuộc tính style"},
	{"event handlers", `<p onclick="alert(1)" onmouseover="alert(2)" class="x" id="y">Chữ</p>`, `<p>Chữ</p>`, "thuộc tính onclick"},
	{"template", `<template><img src=x onerror=alert(1)></template>`, ``, "thẻ <template>"},
	{"form", `<form action="javascript:alert(1)"><input type=submit value="Gửi"></form>`, ``, "thẻ <form> (giữ lại chữ)"},
	{"base meta link", `<base href="javascript:alert(1)//"><meta http-equiv="refresh" content="0;url=javascript:alert(1)"><link rel="import" href="x">`, ``, "thẻ <base> (giữ lại chữ)"},
	{"comment", `<!-- <img src=x onerror=alert(1)> -->chữ`, `chữ`, "chú thích HTML"},
	{"conditional comment", `<!--[if IE]><script>alert(1)</script><![endif]-->chữ`, `chữ`, "chú thích HTML"},
	{"cdata", `<![CDATA[<img src=x onerror=alert(1)>]]>chữ`, `]]&gt;chữ`, "chú thích HTML"},
	{"noscript mxss", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, `"&gt;`, "thẻ <noscript>"},
	{"noscript style mxss", `<noscript><style></noscript><img src=x onerror=alert(1)>`, ``, "thẻ <noscript>"},
	{"select style mxss", `<select><style></select><img src=x onerror=alert(1)></style></select>`, ``, "thẻ <select> (giữ lại chữ)"},
	{"textarea", `<textarea><img src=x onerror=alert(1)></textarea>`, `&lt;img src=x onerror=alert(1)&gt;`, "thẻ <textarea> (giữ lại chữ)"},
	{"xmp", `<xmp></xmp><img src=x onerror=alert(1)></xmp>`, ``, "thẻ <xmp> (giữ lại chữ)"},
	{"plaintext", `<plaintext><a href="javascript:alert(1)">x</a>`, `&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;`, "thẻ <plaintext> (giữ lại chữ)"},
	{"nested script split", `<scr<script>ipt>alert(1)</scr</script>ipt>`, `ipt&gt;alert(1)ipt&gt;`, "thẻ <scr<script> (giữ lại chữ)"},
	{"double open", `<<script>script>alert(1)<</script>/script>`, `&lt;/script&gt;`, "thẻ <script>"},
	{"unclosed", `<p>Chưa đóng <b>đậm <i>nghiêng`, `<p>Chưa đóng <b>đậm <i>nghiêng</i></b></p>`, ""},
	{"misnested", `<b><i>a</b>b</i>`, `<b><i>a</i></b><i>b</i>`, ""},
	{"target and rel", `<a href="https://canhgiac.vn" target="_blank" rel="opener">Trang chủ</a>`, `<a href="https://canhgiac.vn" rel="nofollow noopener">Trang chủ</a>`, "thuộc tính target"},
	{"anchor without href", `<a name="muc-1">Mục 1</a>`, `Mục 1`, "thuộc tính name"},
	{"fragment link", `<a href="#muc-1">Mục 1</a>`, `Mục 1`, "liên kết không hợp lệ"},
	{"duplicate href", `<a href="https://canhgiac.vn" href="javascript:alert(1)">x</a>`, `<a href="https://canhgiac.vn" rel="nofollow noopener">x</a>`, ""},
	{"attribute breaking quote", `<a href='https://canhgiac.vn/"onmouseover="alert(1)'>x</a>`, `<a href="https://canhgiac.vn/&#34;onmouseover=&#34;alert(1)" rel="nofollow noopener">x</a>`, ""},
	{"p around ul via button", `<p>a<button><ul><li>b</li></ul></button></p>`, anyOutput, "thẻ <button> (giữ lại chữ)"},
	{"heading in heading via span", `<h2>a<span><h3>b</h3></span></h2>`, anyOutput, "thẻ <span> (giữ lại chữ)"},
	{"table caption text", `<table><caption>Tiêu đề</caption><tr><td>a</td></tr></table>`, anyOutput, "thẻ <caption> (giữ lại chữ)"},
}

func TestHTML_XSSVectors(t *testing.T) {
	for _, tt := range xssVectors {
		t.Run(tt.name, func(t *testing.T) {
			out, removed := sanitize.Changed(tt.in)
			if bad := unsafe(out); bad != "" {
				t.Fatalf("HTML(%q) = %q contains %s", tt.in, out, bad)
			}
			if strings.Contains(strings.ToLower(out), "<script") || strings.Contains(strings.ToLower(out), "onerror=\"") {
				t.Errorf("HTML(%q) = %q looks executable", tt.in, out)
			}
			if tt.want != anyOutput && out != tt.want {
				t.Errorf("HTML(%q)\n = %q\nwant %q", tt.in, out, tt.want)
			}
			if tt.report != "" && !slices.Contains(removed, tt.report) {
				t.Errorf("Changed(%q) removed = %q, want it to include %q", tt.in, removed, tt.report)
			}
			if tt.report == "" && len(removed) > 0 {
				t.Errorf("Changed(%q) removed = %q, want nothing", tt.in, removed)
			}
			if again := sanitize.HTML(out); again != out {
				t.Errorf("not idempotent:\nHTML(x)       = %q\nHTML(HTML(x)) = %q", out, again)
			}
		})
	}
}

// entry is a handbook entry as the console's editor produces it, already
// in the canonical form HTML renders.
const entry = `<h2>Thủ đoạn giả danh công an</h2>` +
	`<p>Kẻ gian gọi điện, xưng là cán bộ <strong>Công an quận Hoàn Kiếm</strong>, thông báo bạn liên quan đến một vụ án &amp; yêu cầu “phối hợp điều tra”.</p>` +
	`<h3>Dấu hiệu nhận biết</h3>` +
	`<ul><li>Yêu cầu chuyển tiền vào <em>tài khoản tạm giữ</em>.</li><li>Đề nghị cài ứng dụng lạ qua đường link.<ul><li>Thường là tệp <code>.apk</code>.</li></ul></li></ul>` +
	`<blockquote>Công an không làm việc qua điện thoại.</blockquote>` +
	`<p>Gọi ngay <a href="tel:113" rel="nofollow noopener">113</a> hoặc xem <a href="/cam-nang/gia-danh-cong-an" rel="nofollow noopener">cẩm nang</a>, ` +
	`<a href="https://canhgiac.vn/canh-bao?loai=1&amp;trang=2" rel="nofollow noopener">cảnh báo</a>.<br>Thư: <a href="mailto:lienhe@canhgiac.vn" rel="nofollow noopener">lienhe@canhgiac.vn</a></p>` +
	`<figure><img src="/media/2025/canh-bao.png" alt="Ảnh minh họa: cuộc gọi giả mạo" width="640" height="360"><figcaption>Cuộc gọi video giả mạo</figcaption></figure>` +
	`<table><thead><tr><th>Cơ quan</th><th>Số điện thoại</th></tr></thead><tbody><tr><td>Công an</td><td>113</td></tr></tbody></table>` +
	"<pre>Bước 1: Gác máy.\nBước 2: Gọi lại số chính thức.</pre><hr><h4>Căn cứ</h4><p>Điều 174 Bộ luật Hình sự &lt;2015&gt;.</p>"

func TestHTML_VietnameseEntryUnchanged(t *testing.T) {
	out, removed := sanitize.Changed(entry)
	if out != entry {
		t.Errorf("HTML(entry) changed it:\n got %s\nwant %s", out, entry)
	}
	if len(removed) > 0 {
		t.Errorf("removed = %q, want nothing", removed)
	}
	nfd := norm.NFD.String(entry)
	if got := sanitize.HTML(nfd); got != nfd {
		t.Errorf("HTML changed NFD text:\n got %q\nwant %q", got, nfd)
	}
}

func TestHTML_NormalisesMarkup(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<P>Chữ &eacute; &#7841; &nbsp;x</P>`, "<p>Chữ é ạ \u00a0x</p>"},
		{`<a HREF='https://canhgiac.vn'>x</a>`, `<a href="https://canhgiac.vn" rel="nofollow noopener">x</a>`},
		{`<br/><hr/><img src="/media/a.png" alt='"Lừa" <đảo>'/>`, `<br><hr><img src="/media/a.png" alt="&#34;Lừa&#34; &lt;đảo&gt;">`},
		{`<a href=" https://canhgiac.vn/a b ">x</a>`, `<a href="https://canhgiac.vn/a b" rel="nofollow noopener">x</a>`},
		{"<pre>\n\nhai dòng</pre>", "<pre>\n\nhai dòng</pre>"},
		{"a\r\nb", "a\nb"},
		{`<table><tr><td>a<td>b</table>`, `<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>`},
		{`<li>lẻ</li>`, `<li>lẻ</li>`},
	}
	for _, tt := range tests {
		if got := sanitize.HTML(tt.in); got != tt.want {
			t.Errorf("HTML(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestHTML_UnwrappedBlocksKeepWordsApart(t *testing.T) {
	got := sanitize.HTML(`<div>Cảnh báo</div><div>lừa đảo</div><section><h1>Tiêu đề</h1></section>`)
	if want := "Cảnh báo\nlừa đảo\nTiêu đề"; got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
	if got := sanitize.HTML(`<span>lừa</span><span> đảo</span>`); got != "lừa đảo" {
		t.Errorf("HTML = %q, want inline spans joined as written", got)
	}
}

func TestChanged_ReportsEachKindOnce(t *testing.T) {
	_, removed := sanitize.Changed(`<p onclick="a" onclick="b">x</p><p onclick="c">y</p><script></script><script></script><a href="javascript:1">z</a>`)
	want := []string{"thuộc tính onclick", "thẻ <script>", "liên kết javascript:"}
	if !slices.Equal(removed, want) {
		t.Errorf("removed = %q, want %q", removed, want)
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs", `<p>Đoạn một.</p><p>Đoạn  hai
			trên hai dòng.</p>`, "Đoạn một.\n\nĐoạn hai trên hai dòng."},
		{"heading and list", `<h2>Dấu hiệu</h2><ul><li>Gọi điện lạ</li><li>Đòi <b>mã OTP</b></li></ul><p>Hết.</p>`,
			"Dấu hiệu\n\n- Gọi điện lạ\n- Đòi mã OTP\n\nHết."},
		{"ordered and nested list", `<ol><li>Bước một<ul><li>chi tiết</li></ul></li><li>Bước hai</li></ol>`,
			"- Bước một\n  - chi tiết\n- Bước hai"},
		{"line breaks", `<p>Dòng 1<br>Dòng 2<br><br>Dòng 4</p>`, "Dòng 1\nDòng 2\n\nDòng 4"},
		{"table", `<table><tr><th>Cơ quan</th><th>Số</th></tr><tr><td>Công an</td><td>113</td></tr></table>`,
			"Cơ quan | Số\nCông an | 113"},
		{"pre keeps spacing", "<p>Mẫu tin:</p><pre>  Tài khoản   bị khóa\nBấm link</pre>", "Mẫu tin:\n\n  Tài khoản   bị khóa\nBấm link"},
		{"entities decoded", `<p>A &amp; B &lt;C&gt; &quot;D&quot;</p>`, `A & B <C> "D"`},
		{"no script text", `<p>Xin chào<script>alert("x")</script></p><style>p{}</style>`, "Xin chào"},
		{"links and images", `<p>Xem <a href="https://canhgiac.vn">trang</a><img src="/media/a.png" alt="ảnh"></p>`, "Xem trang"},
		{"divs separate words", `<div>Cảnh báo</div><div>lừa đảo</div>`, "Cảnh báo lừa đảo"},
		{"NFD becomes NFC", norm.NFD.String("<p>Lừa đảo</p>"), "Lừa đảo"},
		{"blockquote and figure", `<blockquote>Trích dẫn</blockquote><figure><img src="/media/a.png"><figcaption>Chú thích</figcaption></figure>`, "Trích dẫn\n\nChú thích"},
		{"empty", ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sanitize.Text(tt.in); got != tt.want {
				t.Errorf("Text(%q)\n = %q\nwant %q", tt.in, got, tt.want)
			}
			if got, again := sanitize.Text(tt.in), sanitize.Text(sanitize.HTML(tt.in)); got != again {
				t.Errorf("Text(x) = %q but Text(HTML(x)) = %q", got, again)
			}
		})
	}
}

func TestText_Entry(t *testing.T) {
	want := "Thủ đoạn giả danh công an\n\n" +
		"Kẻ gian gọi điện, xưng là cán bộ Công an quận Hoàn Kiếm, thông báo bạn liên quan đến một vụ án & yêu cầu “phối hợp điều tra”.\n\n" +
		"Dấu hiệu nhận biết\n\n" +
		"- Yêu cầu chuyển tiền vào tài khoản tạm giữ.\n- Đề nghị cài ứng dụng lạ qua đường link.\n  - Thường là tệp .apk.\n\n" +
		"Công an không làm việc qua điện thoại.\n\n" +
		"Gọi ngay 113 hoặc xem cẩm nang, cảnh báo.\nThư: lienhe@canhgiac.vn\n\n" +
		"Cuộc gọi video giả mạo\n\n" +
		"Cơ quan | Số điện thoại\nCông an | 113\n\n" +
		"Bước 1: Gác máy.\nBước 2: Gọi lại số chính thức.\n\n" +
		"Căn cứ\n\n" +
		"Điều 174 Bộ luật Hình sự <2015>."
	if got := sanitize.Text(entry); got != want {
		t.Errorf("Text(entry) =\n%s\n\nwant\n%s", got, want)
	}
}

func TestHTML_TooDeepKeepsText(t *testing.T) {
	in := strings.Repeat("<div><b>", 600) + "Cảnh báo <script>alert(1)</script>lừa đảo" + strings.Repeat("</b></div>", 600) + "<p>Đoạn sau</p>"
	out, removed := sanitize.Changed(in)
	if want := "<p>Cảnh báo lừa đảo</p><p>Đoạn sau</p>"; out != want {
		t.Errorf("HTML = %q, want %q", out, want)
	}
	if !slices.Contains(removed, "định dạng quá phức tạp, chỉ giữ lại chữ") {
		t.Errorf("removed = %q, want the formatting loss reported", removed)
	}
	if got := sanitize.HTML(out); got != out {
		t.Errorf("not idempotent: %q", got)
	}
}
