// Downloads that take a while (exports of large reports) show what is
// happening: a link with data-progress is fetched here, the bytes received
// are shown beside it, and the file is saved when complete. Without
// JavaScript the link is an ordinary download.
(function () {
  "use strict";
  function human(n) {
    return n < 1024 * 1024 ? Math.round(n / 1024) + " KB" : (n / 1024 / 1024).toFixed(1) + " MB";
  }
  document.addEventListener("click", async function (ev) {
    const a = ev.target.closest && ev.target.closest("a[data-progress]");
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey) return;
    ev.preventDefault();
    if (a.getAttribute("aria-busy") === "true") return;
    const status = document.createElement("span");
    status.className = "muted download-status";
    status.setAttribute("role", "status");
    status.textContent = " Đang chuẩn bị tệp…";
    a.after(status);
    a.setAttribute("aria-busy", "true");
    try {
      const res = await fetch(a.href, { credentials: "same-origin" });
      if (!res.ok) throw new Error(String(res.status));
      const reader = res.body.getReader();
      const parts = [];
      let got = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        got += value.length;
        status.textContent = " Đang tải: " + human(got);
      }
      const blob = new Blob(parts, { type: res.headers.get("Content-Type") || "application/octet-stream" });
      const m = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = m ? m[1] : "tep";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      status.textContent = " Đã tải xong (" + human(got) + ").";
    } catch (e) {
      status.textContent = " Không tải được tệp (" + e.message + "); thử lại sau ít phút.";
    } finally {
      a.removeAttribute("aria-busy");
    }
  });
})();

// The report form's commune field: offer the communes of the chosen
// province while typing. Without JavaScript the field is plain text and the
// server resolves the name.
(function () {
  "use strict";
  const input = document.querySelector("input[data-communes]");
  const province = document.getElementById("province");
  const list = document.getElementById("commune-list");
  if (!input || !province || !list) return;
  async function fill() {
    list.replaceChildren();
    if (!province.value) return;
    try {
      const res = await fetch(input.dataset.communes + "?tinh=" + encodeURIComponent(province.value));
      if (!res.ok) return;
      for (const name of await res.json()) {
        const o = document.createElement("option");
        o.value = name;
        list.append(o);
      }
    } catch (e) { /* the field still works as plain text */ }
  }
  province.addEventListener("change", fill);
  fill();
})();
