#!/usr/bin/env bash
# Start-up and memory of the bot against a bare ASP.NET Core app, same machine, same run (issue 14 items 4 and 6).
#
#   benchmarks/startup.sh [ROUNDS]        (default 3; prints each run, then medians and ratios)
#
# Both are built in Release and started the way a deployment starts them: `dotnet <dll>` in the Production
# environment with the shipped appsettings.json, on a loopback port. For each start it records the time from the
# process start to the first HTTP 200 on /healthz, to "Healthy", and the resident memory (VmRSS from
# /proc/PID/status) a few seconds after Healthy. Three starts per round, in this order:
#   bare     the bare app (benchmarks/BareHost: the default builder, AddHealthChecks, /healthz);
#   first    the bot on a fresh data directory with the demo roster (Clearance__DemoData=true): migrations + seeding;
#   restart  the bot again on the data directory the first start left (migrated, seeded).
set -euo pipefail
rounds=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/clearance-startup-XXXXXX)
port=${STARTUP_PORT:-5287}
settle=${STARTUP_SETTLE_SECONDS:-3}
trap 'rm -rf "$work"' EXIT

dotnet build "$root/benchmarks/BareHost" -c Release -v quiet -nologo >/dev/null
dotnet build "$root/src/Bot" -c Release -v quiet -nologo >/dev/null
bare_dll=$root/benchmarks/BareHost/bin/Release/net10.0/BareHost.dll
bot_dll=$root/src/Bot/bin/Release/net10.0/Clearance.Bot.dll

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# measure NAME DLL DIR [VAR=VALUE…]: prints "NAME first_ms healthy_ms rss_kb"
measure() {
  local name=$1 dll=$2 dir=$3; shift 3
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/healthz"; then echo "port $port is taken" >&2; exit 1; fi
  mkdir -p "$dir"
  local t0; t0=$(now_ms)
  ( cd "$dir" && exec env DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
      ASPNETCORE_URLS="http://127.0.0.1:$port" Storage__Sqlite="$dir/clearance.db" "$@" dotnet "$dll" >"$dir/out.log" 2>&1 ) &
  local pid=$! first="" healthy="" body code
  for _ in $(seq 1 6000); do
    body=$(curl -s --max-time 2 -w '\n%{http_code}' "http://127.0.0.1:$port/healthz" || true)
    code=${body##*$'\n'}
    if [[ $code == 200 && -z $first ]]; then first=$(( $(now_ms) - t0 )); fi
    if [[ $code == 200 && $body == *Healthy* && $body != *Degraded* ]]; then healthy=$(( $(now_ms) - t0 )); break; fi
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; log: $dir/out.log" >&2; cat "$dir/out.log" >&2; exit 1; }
    sleep 0.02
  done
  sleep "$settle"
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$name $first $healthy $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
results=$work/results
for r in $(seq 1 "$rounds"); do
  measure bare "$bare_dll" "$work/bare" | tee -a "$results"
  rm -rf "$work/bot"
  measure first "$bot_dll" "$work/bot" Clearance__DemoData=true | tee -a "$results"
  measure restart "$bot_dll" "$work/bot" Clearance__DemoData=true | tee -a "$results"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

col() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$results" | median; }
bare_first=$(col bare 2); bare_rss=$(col bare 4)
printf '\n%-8s %14s %14s %10s %14s %14s %10s\n' start "first 200 ms" "Healthy ms" "RSS MB" "first 200 ×" "Healthy ×" "RSS ×"
for n in bare first restart; do
  f=$(col $n 2); h=$(col $n 3); m=$(col $n 4)
  awk -v n=$n -v f="$f" -v h="$h" -v m="$m" -v bf="$bare_first" -v bm="$bare_rss" \
    'BEGIN {printf "%-8s %14d %14d %10.0f %14.1f %14.1f %10.1f\n", n, f, h, m/1024, f/bf, h/bf, m/bm}'
done
echo "(medians of $rounds rounds; ratios against the bare app's first 200 and RSS)"
