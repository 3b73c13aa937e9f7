#!/usr/bin/env bash
# A new user's first `./mvnw quarkus:dev`: from a user home Quarkus has never seen (no analytics
# answer recorded, no Testcontainers settings), on a terminal, outside CI. It passes when dev mode
# starts, answers /q/health/ready, printed no ERROR and asked nothing (the build-analytics question).
# A few minutes under load, so not a CI step: run it after adding an extension or a Dev Service.
#   bash .ci/dev-first-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/strato-dev-first-start.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api=$(free_port)
management=$(free_port)
pid=""
cleanup() {
  # The Maven JVM is the child of `script`; dev mode's own JVM ends with it.
  if [ -n "$pid" ]; then pkill -TERM -P "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/home"
# `script` gives dev mode the terminal a person has (Quarkus asks its question only there). The
# local Maven repository stays the usual one, so only what dev mode alone needs is downloaded.
env -u CI script -qfec "./mvnw quarkus:dev -Duser.home=$work/home -Dmaven.repo.local=$HOME/.m2/repository -Ddebug=false -Dquarkus.http.port=$api -Dquarkus.management.port=$management" \
  "$work/dev.log" >/dev/null 2>&1 </dev/null &
pid=$!

ready=false
for _ in $(seq 1 600); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$management/q/health/ready" 2>/dev/null; then ready=true; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
# The log without the terminal's colours and cursor moves.
tr -d '\r' < "$work/dev.log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' > "$work/plain.log"

failed=false
$ready || { echo "dev mode did not become ready" >&2; failed=true; }
if grep -a -E ' ERROR |\[ERROR\]' "$work/plain.log" >&2; then echo "dev mode printed ERROR lines (above)" >&2; failed=true; fi
if grep -a -q 'Help improve Quarkus' "$work/plain.log"; then echo "dev mode asked the build-analytics question" >&2; failed=true; fi
if $failed; then tail -40 "$work/plain.log" >&2; exit 1; fi
echo "first dev-mode start: ready on :$management, no ERROR, no question ($(grep -a -c . "$work/plain.log") log lines)"
