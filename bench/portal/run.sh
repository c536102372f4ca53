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
drive() { # name url → sets rps_name
  local out; out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$2")
  echo "$out" >&2
  if echo "$out" | grep -q "Non-2xx"; then echo "failed responses for $1" >&2; exit 1; fi
  local rps p99
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  result "${1}_rps" "$rps"; result "${1}_p99" "$(to_ms "$p99")"
  eval "rps_$1=$rps"
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
log "done"
