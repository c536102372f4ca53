#!/usr/bin/env bash
# The portal benchmark (Step 5). One run: the real server with the demo
# data (embedded SQLite), and a bare net/http handler serving the same
# bytes as each page, both driven by wrk on loopback. Prints RESULT lines:
# req/s and p99 for the home page and a handbook page, and the ratios to
# the bare handler (goal ≥ 0.7). See README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${CANHGIAC_BENCH_DURATION:-10s}
CONNS=${CANHGIAC_BENCH_CONNS:-64}
THREADS=${CANHGIAC_BENCH_THREADS:-2}
PORT=${CANHGIAC_BENCH_PORT:-18180}

log() { printf '== %s\n' "$*" >&2; }
result() { printf 'RESULT %s=%s\n' "$1" "$2"; }
if ! command -v wrk >/dev/null; then
  log "installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d /tmp/canhgiac-bench-portal.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

log "building"
go build -o "$work/canhgiac" ./cmd/canhgiac
go build -o "$work/bare" ./bench/bare

base="http://127.0.0.1:$PORT"
"$work/canhgiac" serve --demo --data "$work/data" --addr "127.0.0.1:$PORT" --log-level warn >"$work/serve.log" 2>&1 & pids+=($!)
for _ in $(seq 1 600); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done
item=$(curl -fsS "$base/cam-nang" | grep -o 'href="/cam-nang/[^"]*"' | head -n 1 | sed 's/^href="//; s/"$//')

to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2fms", n }'; }
drive() { # name url [lua script] → sets rps_name
  local out script=()
  [ -n "${3:-}" ] && script=(-s "$3")
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${script[@]}" "$2")
  echo "$out" >&2
  if echo "$out" | grep -q "Non-2xx"; then echo "failed responses for $1" >&2; exit 1; fi
  local rps p99
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  result "${1}_rps" "$rps"; result "${1}_p99" "$(to_ms "$p99")"
  eval "rps_$1=$rps"
}

# pictures FILE: the same-origin pictures a page loads (img src, srcset,
# SVG image href), one path a line. Pictures drawn inline in the page are
# already in its bytes.
pictures() {
  grep -oE '(src|srcset|href)="[^"]+"' "$1" | sed -E 's/^[a-z]+="//; s/"$//' | tr ',' '\n' | awk '{print $1}' |
    grep -E '^/[^/][^?#]*\.(svg|png|jpe?g|webp|avif|gif)([?#].*)?$' | sort -u || true
}

port=$((PORT + 1))
for page in home item; do
  path=/; [ "$page" = item ] && path=$item
  curl -fsS "$base$path" -o "$work/$page.html"
  result "${page}_bytes" "$(stat -c %s "$work/$page.html")"
  "$work/bare" -addr "127.0.0.1:$port" -file "$work/$page.html" -type "text/html; charset=utf-8" & bp=$!; pids+=($bp)
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.05; done
  wrk -t"$THREADS" -c"$CONNS" -d2s "$base$path" >/dev/null # warm-up
  drive "bare_$page" "http://127.0.0.1:$port/"
  drive "portal_$page" "$base$path"
  eval "b=\$rps_bare_$page p=\$rps_portal_$page"
  result "ratio_portal_vs_bare_$page" "$(awk -v a="$p" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
  kill "$bp"; wait "$bp" 2>/dev/null || true
  port=$((port + 1))
done

# The home page as a first visit loads it: the page, then each picture it
# shows, requested in turn on every connection, against the bare server
# holding the same bytes at the same paths.
mapfile -t pics < <(pictures "$work/home.html")
result home_pictures "${#pics[@]}"
total=$(stat -c %s "$work/home.html")
mkdir -p "$work/site"
lua="$work/home.lua"
{ printf 'local paths = {"/"'; for p in "${pics[@]}"; do printf ', "%s"' "$p"; done; printf '}\n'
  printf 'local i = 0\nrequest = function()\n  i = i %% #paths + 1\n  return wrk.format("GET", paths[i])\nend\n'; } >"$lua"
for p in "${pics[@]}"; do
  f="$work/site${p%%[?#]*}"
  curl -fsS --create-dirs "$base$p" -o "$f"
  total=$((total + $(stat -c %s "$f")))
done
result home_with_pictures_bytes "$total"
if [ "${#pics[@]}" -gt 0 ]; then
  "$work/bare" -addr "127.0.0.1:$port" -file "$work/home.html" -type "text/html; charset=utf-8" -dir "$work/site" & bp=$!; pids+=($bp)
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.05; done
  wrk -t"$THREADS" -c"$CONNS" -d2s -s "$lua" "$base/" >/dev/null # warm-up
  drive bare_home_pictures "http://127.0.0.1:$port" "$lua"
  drive portal_home_pictures "$base" "$lua"
  result ratio_portal_vs_bare_home_pictures "$(awk -v a="$rps_portal_home_pictures" -v b="$rps_bare_home_pictures" 'BEGIN { printf "%.2f", a / b }')"
  kill "$bp"; wait "$bp" 2>/dev/null || true
else
  log "the home page loads no picture file: home_pictures=0, the page alone is measured"
fi
log "done"
