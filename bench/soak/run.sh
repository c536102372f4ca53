#!/usr/bin/env bash
# The soak test (Step 15): the real server with the demo data, a campaign
# sending through the simulated message centre, and half the measured
# capacity held on the check API and the portal for 30 minutes. Prints
# errors, p99 and the server's memory at the start, every interval and at
# the end. For a person to run, not for CI. See README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${SOAK_DURATION:-30m}          # how long the load is held
FRACTION=${SOAK_FRACTION:-0.5}          # of the measured capacity
SHARE=${SOAK_CHECK_SHARE:-0.5}          # of that load, the check API's part; the rest the portal's
CAP_CHECK=${SOAK_CHECK_CAPACITY:-}      # req/s; empty: measured with wrk
CAP_PORTAL=${SOAK_PORTAL_CAPACITY:-}    # req/s; empty: measured with wrk
SMS_TPS=${SOAK_SMS_TPS:-20}             # the campaign's rate; it lasts the whole soak
EVERY=${SOAK_EVERY:-1m}                 # report interval
DB=${SOAK_DB:-}                         # postgres://… (an empty database); empty: SQLite
PORT=${SOAK_PORT:-18280}

log() { printf '== %s\n' "$*" >&2; }
command -v wrk >/dev/null || { log "installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d /tmp/canhgiac-soak.XXXXXX)
srv=""
cleanup() { [ -n "$srv" ] && kill "$srv" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

log "building"
go build -o "$work/canhgiac" ./cmd/canhgiac
go build -o "$work/load" ./bench/soak/load
go build -o "$work/campaign" ./bench/soak/campaign

dbflag=(); [ -n "$DB" ] && dbflag=(--db "$DB")
base="http://127.0.0.1:$PORT"
log "the server with the demo data ($([ -n "$DB" ] && echo PostgreSQL || echo SQLite))"
"$work/canhgiac" serve --demo "${dbflag[@]}" --data "$work/data" --addr "127.0.0.1:$PORT" >"$work/serve.log" 2>&1 & srv=$!
for _ in $(seq 1 1200); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$base/healthz" || { tail -20 "$work/serve.log" >&2; exit 1; }
key=$("$work/canhgiac" apikey add "${dbflag[@]}" --data "$work/data" --unit cao-bang-viettel --scopes check --quota 1000000000000 --name soak | awk '/^dùng:/ {print $4}')
item=$(curl -fsS "$base/cam-nang" | grep -o 'href="/cam-nang/[^"]*"' | head -n 1 | sed 's/^href="//; s/"$//')

cat >"$work/check.lua" <<'LUA'
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format("/api/v1/check?q=09%08d", math.random(0, 99999999)))
end
LUA
capacity() { # name url [wrk args]: req/s over 10 s
  local name=$1 url=$2; shift 2
  wrk -t2 -c64 -d2s "$@" "$url" >/dev/null
  wrk -t2 -c64 -d10s "$@" "$url" | awk '/^Requests\/sec:/ {printf "%d", $2}'
}
[ -z "$CAP_CHECK" ] && { log "measuring the check API's capacity"; CAP_CHECK=$(capacity check "$base" -s "$work/check.lua" -H "Authorization: Bearer $key"); }
[ -z "$CAP_PORTAL" ] && { log "measuring the portal's capacity"; CAP_PORTAL=$(capacity portal "$base/"); }
rate_check=$(awk -v c="$CAP_CHECK" -v f="$FRACTION" -v s="$SHARE" 'BEGIN { printf "%d", c * f * s }')
rate_portal=$(awk -v c="$CAP_PORTAL" -v f="$FRACTION" -v s="$SHARE" 'BEGIN { printf "%d", c * f * (1 - s) }')
echo "SOAK capacity check=${CAP_CHECK}/s portal=${CAP_PORTAL}/s; held: check ${rate_check}/s + portal ${rate_portal}/s (${FRACTION} of the capacity) for $DURATION"

secs=$(awk -v d="$DURATION" 'BEGIN { n = d + 0; if (d ~ /h$/) n *= 3600; else if (d ~ /m$/) n *= 60; print int(n) }')
campaign=$("$work/campaign" "${dbflag[@]}" --data "$work/data" -n $((SMS_TPS * secs)) -tps "$SMS_TPS")
echo "SOAK campaign $campaign: $((SMS_TPS * secs)) recipients at $SMS_TPS/s through the simulated message centre"

heap() { curl -fsS "$base/metrics" | awk '$1 == "go_memstats_heap_inuse_bytes" { printf "%.1f MB", $2 / 1e6 }'; }
echo "SOAK start heap_inuse=$(heap)"
logstart=$(wc -l <"$work/serve.log") # the capacity runs' cut connections are not the soak's
"$work/load" -pid "$srv" -d "$DURATION" -every "$EVERY" -key "$key" \
  -check "$base/api/v1/check?q={phone}" -check-rate "$rate_check" \
  -portal "$base/" -portal "$base$item" -portal "$base/to-giac" -portal-rate "$rate_portal"
echo "SOAK end heap_inuse=$(heap)"
echo "SOAK campaign $campaign: $("$work/campaign" "${dbflag[@]}" --data "$work/data" -status "$campaign")"
tail -n +$((logstart + 1)) "$work/serve.log" >"$work/soak.log"
errors=$(grep -c 'level=ERROR' "$work/soak.log" || true)
echo "SOAK server log during the soak: $errors error lines"
[ "$errors" = 0 ] || grep 'level=ERROR' "$work/soak.log" | tail -5
