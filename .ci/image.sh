#!/usr/bin/env bash
# Proves that Strato's image starts, on a machine that can reach no container registry.
#
# It builds src/main/docker/Dockerfile.jvm on a base made here (this machine's Debian JRE, its shared
# libraries, a user 185 and a /deployments it owns), then runs the image as the manifests run it:
# its own user, working directory, entrypoint and environment, a read-only root file system, and the
# settings a deployment must give (an AWS endpoint, a token key, an audience). It passes when
# /q/health/ready answers 200 on the management port, the process runs as uid 185, and it has the
# ahead-of-time cache the image build trained (/deployments/app.aot) mapped into memory.
#
# The image runs Java 25 (its ahead-of-time cache; docs/deployment.md, "Start-up"): the base is made
# from the JDK 25 in IMAGE_JAVA_HOME, by default the Temurin 25 these machines carry under /usr/lib/jvm.
#
# With podman (installed here when missing and apt-get is available) the image is built and run for
# real. Where podman cannot run containers, it falls back to the same file system assembled by hand
# (the base plus the Dockerfile's COPY lines, then its RUN lines as its USER, in their own network
# namespace) and the Dockerfile's ENV, USER, WORKDIR and ENTRYPOINT started in it with unshare (own
# mount and PID namespaces, chroot) and setpriv.
#
# `jib` mode builds with the jib extension instead of the Dockerfile (a Maven package, a few minutes;
# not run by CI), from the same base handed over as a tar:// image, loaded into podman.
#
# Needs target/quarkus-app (./mvnw package) and root. Usage: bash .ci/image.sh [podman|rootfs|jib]
set -euo pipefail
cd "$(dirname "$0")/.."

DOCKERFILE=src/main/docker/Dockerfile.jvm
VERSION=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | sed -n 1p)
IMAGE="registry.example.com/strato:${VERSION}"
BASE="localhost/strato-ci-jre-base:25"
NAME="strato-image-check-$$"
WORK=$(mktemp -d /tmp/strato-image.XXXXXX)
MODE=${1:-auto}
pid=""

cleanup() {
  if [ -n "$pid" ]; then
    # unshare ignores SIGTERM while it waits; the JVM (PID 1 of its namespace) shuts down on it.
    pkill -TERM -P "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if command -v podman >/dev/null 2>&1; then
    podman rm -f "$NAME" >/dev/null 2>&1 || true
    podman rmi -f "$IMAGE" "$BASE" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || { echo "package first: ./mvnw -B package -DskipTests" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root (a chroot and a uid change)" >&2; exit 1; }

# The image's JDK: the cache it trains maps only on the JDK that made it, so the base must carry a
# JDK 25 (the machine's default java is the 17 the project builds and tests with).
IMAGE_JAVA_HOME=${IMAGE_JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | sed -n 1p)}
[ -x "${IMAGE_JAVA_HOME:-/nonexistent}/bin/java" ] ||
  { echo "no JDK 25 for the image's base: set IMAGE_JAVA_HOME (looked under /usr/lib/jvm/temurin-25*)" >&2; exit 1; }
"$IMAGE_JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25' ||
  { echo "IMAGE_JAVA_HOME=$IMAGE_JAVA_HOME is not a JDK 25" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
API_PORT=$(free_port)
MGMT_PORT=$(free_port)

# --- the base: the image's JDK 25 and what it links against ------------------------------------------
base_rootfs() {
  local root=$1 java_home=$IMAGE_JAVA_HOME lib
  mkdir -p "$root"/usr/bin "$root"/usr/lib "$root"/usr/lib64 "$root"/etc "$root"/opt "$root"/deployments "$root"/proc "$root"/dev
  ln -s usr/lib "$root"/lib
  ln -s usr/lib64 "$root"/lib64
  ln -s usr/bin "$root"/bin
  install -d -m 1777 "$root"/tmp
  # Dereferenced: a Debian JRE links its conf/ and cacerts into /etc (and src.zip to a package
  # that may be absent, hence --ignore-failed-read). jmods/ and the sources stay out: a runtime.
  mkdir -p "$root"/opt/java
  tar -C "$java_home" -chf - --ignore-failed-read --exclude=lib/src.zip bin conf lib release 2>/dev/null |
    tar -C "$root"/opt/java -xf -
  ln -s /opt/java/bin/java "$root"/usr/bin/java
  # The libraries the JRE (and setpriv, for the fallback) load, at their canonical paths.
  { ldd "$java_home"/bin/java "$java_home"/lib/*.so "$java_home"/lib/server/libjvm.so "$(command -v setpriv)" 2>/dev/null || true; } |
    grep -oE '/[^ ]+\.so[^ ]*' | sort -u | while read -r lib; do
      [ -e "$lib" ] || continue
      local real; real=$(readlink -f "$lib")
      mkdir -p "$root$(dirname "$real")" "$root$(dirname "$lib")"
      cp -n "$real" "$root$real"
      [ "$real" = "$lib" ] || [ -e "$root$lib" ] || ln -s "$real" "$root$lib"
    done
  cp "$(command -v setpriv)" "$root"/usr/bin/
  # The Quarkus images' user; /deployments is its own, as in their base images.
  printf 'root:x:0:0:root:/root:/sbin/nologin\ndefault:x:185:185:strato:/deployments:/sbin/nologin\n' > "$root"/etc/passwd
  printf 'root:x:0:\ndefault:x:185:\n' > "$root"/etc/group
  printf '127.0.0.1 localhost\n' > "$root"/etc/hosts
  chown 185:185 "$root"/deployments
}

# The Dockerfile's ENV lines as KEY=value, its WORKDIR, USER and ENTRYPOINT: what the image runs.
dockerfile() {
  python3 - "$DOCKERFILE" "$1" <<'PY'
import json, shlex, sys
path, what = sys.argv[1], sys.argv[2]
lines, current = [], ""
for raw in open(path):
    l = raw.strip()
    if not l or (not current and l.startswith("#")):
        continue
    if l.endswith("\\"):
        current += l[:-1] + " "
        continue
    lines.append(current + l)
    current = ""
for l in lines:
    word, _, rest = l.partition(" ")
    if what == "env" and word == "ENV":
        for kv in shlex.split(rest):
            print(kv)
    elif what in ("workdir", "user") and word == what.upper():
        print(rest)
    elif what == "entrypoint" and word == "ENTRYPOINT":
        print("\n".join(json.loads(rest)))
    elif what == "run" and word == "RUN":
        # exec form only (the image has no shell): one RUN a line, its words split by \x1f
        print("\x1f".join(json.loads(rest)))
    elif what == "copy" and word == "COPY":
        args = [a for a in shlex.split(rest) if not a.startswith("--")]
        print(" ".join(args))
PY
}

wait_ready() {
  local alive=$1 i
  for i in $(seq 1 180); do
    if curl -fsS -o /dev/null "http://127.0.0.1:${MGMT_PORT}/q/health/ready" 2>/dev/null; then
      echo "ready after ~$((i / 2))s: http://127.0.0.1:${MGMT_PORT}/q/health/ready answers 200"
      return 0
    fi
    $alive || return 1
    sleep 0.5
  done
  return 1
}

# The settings a deployment gives (the image refuses to start in production without a key and an
# audience); the AWS endpoint is never called at start-up.
APP_ENV=(
  "QUARKUS_HTTP_PORT=${API_PORT}"
  "QUARKUS_MANAGEMENT_PORT=${MGMT_PORT}"
  "STRATO_DATA_DIR=/var/lib/strato"
  "STRATO_AWS_ENDPOINT=http://127.0.0.1:9"
  "AWS_ACCESS_KEY_ID=test"
  "AWS_SECRET_ACCESS_KEY=test"
  "MP_JWT_VERIFY_PUBLICKEY_LOCATION=/etc/strato/public.pem"
  "STRATO_AUTH_AUDIENCE=strato"
)

have_podman() {
  if command -v podman >/dev/null 2>&1 && command -v runc >/dev/null 2>&1; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "installing podman and runc (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends podman runc >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y --no-install-recommends podman runc >/dev/null 2>&1; }
}

# These machines are VMs without CAP_SYS_RESOURCE and with hybrid cgroups: crun cannot run there at
# all, and runc only with limits it may set (podman's defaults, a million files and four million
# processes, are refused; so was the shell's own process limit, while 4096 is taken).
RUN_OPTS=(run --rm --runtime runc --ulimit "nofile=$(ulimit -n):$(ulimit -Hn)" --ulimit "nproc=4096:4096" --network host)

# The base as an image, and whether podman can run it here.
podman_base() {
  base_rootfs "$WORK/base" &&
    tar -C "$WORK/base" -c . | podman import --quiet - "$BASE" >/dev/null &&
    podman "${RUN_OPTS[@]}" "$BASE" /usr/bin/java -version >"$WORK/probe.log" 2>&1 && return 0
  sed -n 1,5p "$WORK/probe.log" 2>/dev/null || true
  return 1
}

run_podman() {
  if [ "${1:-dockerfile}" = jib ]; then
    echo "mode: jib (quarkus-container-image-jib) into podman $(podman --version | sed -n 's/.* //p'), a real build and run"
    podman save --quiet --format docker-archive -o "$WORK/base.tar" "$BASE"
    ./mvnw -B -q package -DskipTests -Dquarkus.container-image.build=true \
      "-Dquarkus.jib.base-jvm-image=tar://$WORK/base.tar" -Dquarkus.jib.docker-executable-name=podman
  else
    echo "mode: podman $(podman --version | sed -n 's/.* //p'), a real build and run"
    # The RUN lines (the ahead-of-time cache training) need the same runtime and limits as a run.
    podman build --quiet --runtime runc --ulimit "nofile=$(ulimit -n):$(ulimit -Hn)" --ulimit "nproc=4096:4096" \
      -f "$DOCKERFILE" --build-arg "BASE_IMAGE=$BASE" -t "$IMAGE" . >"$WORK/build.log" 2>&1 ||
      { tail -40 "$WORK/build.log" >&2; echo "the image build failed" >&2; return 1; }
  fi
  echo "built $IMAGE on $BASE: user $(podman image inspect --format '{{.Config.User}}' "$IMAGE"), workdir $(podman image inspect --format '{{.Config.WorkingDir}}' "$IMAGE")"
  local envs=() kv
  for kv in "${APP_ENV[@]}"; do envs+=(-e "$kv"); done
  podman "${RUN_OPTS[@]}" -d --name "$NAME" --read-only --tmpfs /tmp:mode=1777 --tmpfs /var/lib/strato:mode=1777 \
    -v "$PWD/src/test/resources/test-keys/public.pem:/etc/strato/public.pem:ro" "${envs[@]}" "$IMAGE" >/dev/null
  if ! wait_ready "podman_alive"; then
    podman logs "$NAME" 2>&1 | tail -40 >&2 || true
    echo "the image did not become ready" >&2
    return 1
  fi
  local cpid; cpid=$(podman inspect --format '{{.State.Pid}}' "$NAME")
  check_uid "$cpid"
  if [ "${1:-dockerfile}" = jib ]; then
    echo "jib image: no ahead-of-time cache (jib has no RUN step to train one)"
  else
    check_archive "$cpid"
  fi
}
podman_alive() { [ "$(podman inspect --format '{{.State.Running}}' "$NAME" 2>/dev/null)" = true ]; }

run_rootfs() {
  echo "mode: the image's file system assembled by hand, its entrypoint started with unshare + setpriv"
  local root="$WORK/root" src dst
  base_rootfs "$root"
  # The Dockerfile's COPY lines (all --chown=185), from the build context (this directory).
  while read -r line; do
    # shellcheck disable=SC2206
    local parts=($line); dst=${parts[-1]}; unset 'parts[-1]'
    mkdir -p "$root$dst"
    for src in "${parts[@]}"; do
      # shellcheck disable=SC2086
      for f in $src; do
        # COPY copies a directory's contents, not the directory.
        if [ -d "$f" ]; then cp -r "$f"/. "$root$dst"; else cp "$f" "$root$dst"; fi
      done
    done
  done < <(dockerfile copy)
  chown -R 185:185 "$root"/deployments
  mkdir -p "$root"/etc/strato "$root"/var/lib/strato
  cp src/test/resources/test-keys/public.pem "$root"/etc/strato/
  chown 185:185 "$root"/var/lib/strato
  local user workdir entry=() env_list=() runs=() run words=()
  user=$(dockerfile user)
  workdir=$(dockerfile workdir)
  mapfile -t entry < <(dockerfile entrypoint)
  mapfile -t env_list < <(dockerfile env)
  mapfile -t runs < <(dockerfile run)
  # The RUN lines (exec form), as the image build runs them: its user, its environment, a network
  # namespace of their own with only loopback (the training binds the default ports).
  for run in "${runs[@]}"; do
    IFS=$'\x1f' read -r -a words <<<"$run"
    echo "RUN ${words[*]:0:3} ..."
    env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin "${env_list[@]}" \
      unshare --net --fork -- sh -c 'ip link set lo up && exec "$@"' sh \
      unshare --mount --pid --fork --root="$root" --mount-proc=/proc --wd="$workdir" \
      /usr/bin/setpriv --reuid="$user" --regid="$user" --clear-groups "${words[@]}" >"$WORK/run.log" 2>&1 ||
      { tail -40 "$WORK/run.log" >&2; echo "RUN failed: ${words[*]}" >&2; return 1; }
  done
  echo "user $user, workdir $workdir, entrypoint ${entry[*]}"
  env -i PATH=/usr/bin:/bin "${env_list[@]}" "${APP_ENV[@]}" \
    unshare --mount --pid --fork --root="$root" --mount-proc=/proc --wd="$workdir" \
    /usr/bin/setpriv --reuid="$user" --regid="$user" --clear-groups "${entry[@]}" > "$WORK/strato.log" 2>&1 &
  pid=$!
  if ! wait_ready "rootfs_alive"; then
    tail -40 "$WORK/strato.log" >&2
    echo "the image's entrypoint did not become ready" >&2
    return 1
  fi
  local jpid; jpid=$(pgrep -P "$pid" -n)
  check_uid "$jpid"
  check_archive "$jpid"
}
rootfs_alive() { kill -0 "$pid" 2>/dev/null; }

check_uid() {
  local uid; uid=$(awk '/^Uid:/ {print $2}' "/proc/$1/status")
  echo "the process runs as uid $uid"
  [ "$uid" = 185 ] || { echo "expected uid 185" >&2; return 1; }
}

# The cache the entrypoint names is mapped: the JVM would have started without it, with a warning.
check_archive() {
  local archive
  archive=$(dockerfile entrypoint | sed -n 's/^-XX:AOTCache=//p')
  [ -n "$archive" ] || { echo "the Dockerfile's entrypoint names no ahead-of-time cache" >&2; return 1; }
  if grep -qF "$archive" "/proc/$1/maps"; then
    echo "ahead-of-time cache: $archive is mapped ($(grep -cF "$archive" "/proc/$1/maps") regions)"
  else
    echo "ahead-of-time cache: $archive is not mapped; the JVM started without it" >&2
    return 1
  fi
}

case "$MODE" in
  podman) have_podman && podman_base || { echo "podman cannot run the base here" >&2; exit 1; }; run_podman ;;
  rootfs) run_rootfs ;;
  jib) have_podman && podman_base || { echo "podman cannot run the base here" >&2; exit 1; }; run_podman jib ;;
  auto)
    if have_podman && podman_base; then run_podman; else
      echo "podman cannot run containers here; proving the image's file system and entrypoint without it"
      run_rootfs
    fi ;;
  *) echo "usage: $0 [podman|rootfs|jib]" >&2; exit 2 ;;
esac
echo "image proven: $IMAGE"
