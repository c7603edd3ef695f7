# Shared by the scripts in bin/: finds the project, the newest JDK, and PostgreSQL.
# shellcheck shell=bash

MAGNUS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MAGNUS_HOME

# The newest JDK wins: a newer JDK runs the codec's Vector API kernel several times faster.
# JAVA_HOME is taken first when it is set, then the newest release under /usr/lib/jvm.
magnus_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
    return
  fi
  local best="" best_version=0 dir version
  for dir in /usr/lib/jvm/*/; do
    [ -x "$dir/bin/java" ] || continue
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release" 2>/dev/null)
    [ -n "$version" ] || continue
    if [ "$version" -gt "$best_version" ]; then
      best_version=$version
      best="$dir/bin/java"
    fi
  done
  if [ -n "$best" ]; then
    echo "${best//\/\//\/}"
  else
    command -v java || { echo "magnus: no Java found; install a JDK 17 or newer" >&2; return 1; }
  fi
}

# Builds the WAR and the CLI jar when a source is newer than them.
magnus_build_if_needed() {
  local war="$MAGNUS_HOME/target/magnus.war" cli="$MAGNUS_HOME/target/magnus-cli.jar"
  if [ -f "$war" ] && [ -f "$cli" ] && [ -f "$MAGNUS_HOME/target/payara-micro.jar" ] &&
    [ -z "$(find "$MAGNUS_HOME/pom.xml" "$MAGNUS_HOME/src/main" "$MAGNUS_HOME/webapp" \
      "$MAGNUS_HOME/db/migrations" -newer "$war" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "magnus: building (mvn package)..." >&2
  (cd "$MAGNUS_HOME" && mvn -B -q -Dmaven.test.skip=true package) >&2
}

# ---- Set-up on a fresh machine --------------------------------------------------------------
# bin/magnus-network and bin/magnus-test need a PostgreSQL server on 127.0.0.1:5432 that lets the
# user postgres in without a password, its client (psql, pg_isready), curl, and python3 or jq to
# read JSON. magnus_setup installs what is missing (apt-get, when run as root), starts the server
# when it is down, and lets postgres in over loopback; where it cannot, it prints the one command
# that would, and fails. MAGNUS_PG_PORT moves the server to another port (5432).

MAGNUS_PG_PORT="${MAGNUS_PG_PORT:-5432}"

magnus_is_root() { [ "$(id -u)" = 0 ]; }
magnus_have() { command -v "$1" >/dev/null 2>&1; }
magnus_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The Debian packages that this machine lacks for the scripts, on one line.
magnus_missing_packages() {
  local missing=()
  if ! magnus_have pg_ctlcluster && ! magnus_port_open "$MAGNUS_PG_PORT"; then
    missing+=(postgresql) # the server, with its client
  elif ! magnus_have psql || ! magnus_have pg_isready; then
    missing+=(postgresql-client)
  fi
  magnus_have curl || missing+=(curl)
  magnus_have python3 || magnus_have jq || missing+=(jq)
  echo "${missing[*]}"
}

# Installs Debian packages with apt-get (after apt-get update when the package lists are stale).
# Not root, or no apt-get: prints the command that would, and fails.
magnus_install() {
  [ $# -gt 0 ] || return 0
  if ! magnus_have apt-get; then
    local server=""
    [[ " $* " == *" postgresql "* ]] &&
      server=" (a PostgreSQL server on 127.0.0.1:$MAGNUS_PG_PORT with trust authentication for postgres)"
    echo "magnus: $* missing, and there is no apt-get here; install them$server with this" \
      "system's package manager" >&2
    return 1
  fi
  if ! magnus_is_root; then
    echo "magnus: $* missing; install them as root with: apt-get update && apt-get install -y $*" >&2
    return 1
  fi
  echo "magnus: installing $* (apt-get install -y $*)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "$@" >&2; then
    echo "magnus: apt-get install failed; updating the package lists (apt-get update) and trying again" >&2
    apt-get update -q >&2 && apt-get install -y -q "$@" >&2 || {
      echo "magnus: apt-get install -y $* failed (see above)" >&2
      return 1
    }
  fi
}

# "VERSION NAME" of the Debian cluster on MAGNUS_PG_PORT, or of the first one when none is on it.
magnus_pg_cluster() {
  magnus_have pg_lsclusters || return 0
  local clusters
  clusters=$(pg_lsclusters -h 2>/dev/null) || return 0
  awk -v port="$MAGNUS_PG_PORT" '$3 == port { print $1, $2; found = 1; exit } END { if (!found && first) print first }
    NR == 1 { first = $1 " " $2 }' <<<"$clusters"
}

magnus_pg_answers() { pg_isready -q -h 127.0.0.1 -p "$MAGNUS_PG_PORT" 2>/dev/null; }

magnus_pg_trusts() {
  psql -h 127.0.0.1 -p "$MAGNUS_PG_PORT" -U postgres -d postgres -w -qAt -c 'SELECT 1' >/dev/null 2>&1
}

# Starts the local PostgreSQL cluster when nothing answers on 127.0.0.1, and lets the user
# postgres in over loopback without a password.
magnus_postgres_up() {
  local cluster version name
  if ! magnus_pg_answers; then
    cluster=$(magnus_pg_cluster)
    if [ -z "$cluster" ]; then
      echo "magnus: PostgreSQL is not running, and no cluster of it is set up here; as root, run:" \
        "pg_createcluster --start --port $MAGNUS_PG_PORT \$(ls /usr/lib/postgresql | sort -n | tail -1) main" >&2
      return 1
    fi
    read -r version name <<<"$cluster"
    echo "magnus: PostgreSQL is down; starting cluster $version/$name (pg_ctlcluster $version $name start)..." >&2
    # pg_ctlcluster runs the server as the cluster's owner (postgres): the server refuses root.
    if ! pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >&2; then
      if magnus_is_root; then
        echo "magnus: pg_ctlcluster $version $name start failed (see above and" \
          "/var/log/postgresql/postgresql-$version-$name.log)" >&2
      else
        echo "magnus: cannot start PostgreSQL as $(id -un 2>/dev/null || id -u); as root, run:" \
          "pg_ctlcluster $version $name start" >&2
      fi
      return 1
    fi
    local waited
    for waited in $(seq 1 30); do
      magnus_pg_answers && break
      sleep 1
    done
    if ! magnus_pg_answers; then
      echo "magnus: PostgreSQL did not come up on 127.0.0.1:$MAGNUS_PG_PORT in $waited s (see" \
        "/var/log/postgresql/postgresql-$version-$name.log)" >&2
      return 1
    fi
  fi
  magnus_pg_trusts || magnus_pg_trust_loopback
}

# A freshly installed Debian cluster asks for a password over TCP; the scripts and tests connect
# as postgres without one, as a development machine has it. As root, one line at the top of the
# cluster's pg_hba.conf lets postgres in from 127.0.0.1 (and no one else), and the server reloads.
magnus_pg_trust_loopback() {
  local cluster version name hba line="host all postgres 127.0.0.1/32 trust"
  cluster=$(magnus_pg_cluster)
  read -r version name <<<"$cluster"
  hba=$(pg_conftool -s "$version" "$name" show hba_file 2>/dev/null) ||
    hba="/etc/postgresql/$version/$name/pg_hba.conf"
  if [ -z "$cluster" ] || ! magnus_is_root || [ ! -f "$hba" ]; then
    echo "magnus: PostgreSQL on 127.0.0.1:$MAGNUS_PG_PORT does not let the user postgres in without a password;" \
      "as root, put '$line' first in ${hba:-its pg_hba.conf} and reload it, e.g.:" \
      "sed -i '1i $line' $hba && pg_ctlcluster $version $name reload" >&2
    return 1
  fi
  echo "magnus: letting postgres into PostgreSQL from 127.0.0.1 without a password ($hba)" >&2
  sed -i "1i # bin/magnus-network and bin/magnus-test connect as postgres over loopback, without a password.\n$line" "$hba" &&
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload >&2 || return 1
  local _
  for _ in $(seq 1 10); do
    magnus_pg_trusts && return 0
    sleep 1
  done
  echo "magnus: PostgreSQL still asks postgres for a password after the change to $hba" >&2
  return 1
}

# Everything the scripts need on this machine, installed or started when missing.
magnus_setup() {
  local missing
  missing=$(magnus_missing_packages)
  # shellcheck disable=SC2086
  magnus_install $missing || return 1
  magnus_postgres_up
}

# Reads GET /api/peers from standard input and prints the URL of every live peer, one a line,
# through a real JSON parser (python3's json, else jq). Fails on anything but a list of peers.
magnus_live_urls() {
  if magnus_have python3; then
    python3 -c '
import json, sys
peers = json.load(sys.stdin)
if not isinstance(peers, list):
    sys.exit("not a JSON list of peers")
for peer in peers:
    if peer.get("live") is True:
        print(peer["url"])
'
  elif magnus_have jq; then
    jq -r 'if type == "array" then .[] | select(.live == true) | .url
      else error("not a JSON list of peers") end'
  else
    echo "magnus: neither python3 nor jq is installed to read JSON; as root, run: apt-get install -y jq" >&2
    return 1
  fi
}

# ---- The peers' ahead-of-time class cache (JDK 25 and newer) ---------------------------------
# Most of a peer's boot is the JVM loading, verifying and linking the classes of Payara Micro.
# JDK 25 keeps them, loaded and linked, in an ahead-of-time cache (JEP 483, JEP 514) made by one
# training boot, and a peer started with it boots in less CPU: six peers started at once on the 2
# cores of BENCHMARKS.md's machine were ready in 131 s with it, 176 s without. The cache is a build
# output like the WAR, shared by the peers of this checkout and never written by them. The JVM
# checks it against its own version and the class path at every start, and boots without it
# (more slowly, and silently) when it does not match.

# The Java feature version of a java binary (17, 25, ...); 0 when it cannot tell.
magnus_java_feature() {
  local release
  release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null | grep . || echo 0
}

# The cache for the JVM $1: target/payara-micro-jdkVERSION.aot; nothing before JDK 25.
magnus_aot_cache() {
  local release version
  [ "$(magnus_java_feature "$1")" -ge 25 ] || return 0
  release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
  version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" 2>/dev/null)
  echo "$MAGNUS_HOME/target/payara-micro-jdk${version:-0}.aot"
}

# Makes the cache when the JVM has one and it is missing or older than Payara Micro's jar: one
# peer boots alone (on a database and ports of its own, without the demo), and stops once ready;
# about half a minute, once. Peers boot without the cache when this fails, so it only warns.
magnus_aot_train() {
  local java cache
  java="$(magnus_java)" || return 0
  cache="$(magnus_aot_cache "$java")"
  [ -n "$cache" ] || return 0
  [ -f "$cache" ] && [ "$cache" -nt "$MAGNUS_HOME/target/payara-micro.jar" ] && return 0
  magnus_have flock || return 0
  (
    set +e # a step that fails leaves peers to boot without the cache
    # Two networks of this checkout starting at once make it once.
    flock 9
    [ -f "$cache" ] && [ "$cache" -nt "$MAGNUS_HOME/target/payara-micro.jar" ] && exit 0
    local dir="$MAGNUS_HOME/target/aot-training" port db pid waited
    port=19990
    while magnus_port_open "$port" || magnus_port_open $((port + 64)); do port=$((port - 1)); done
    db="magnus_aot_training_$(printf '%s' "$MAGNUS_HOME" | cksum | cut -d' ' -f1)"
    rm -rf "$dir" "$cache.tmp"
    mkdir -p "$dir/data"
    psql -h 127.0.0.1 -p "$MAGNUS_PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    psql -h 127.0.0.1 -p "$MAGNUS_PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE $db" >/dev/null 2>&1 || exit 0
    echo "magnus: making the peers' class cache for this JDK once (one peer boots alone; $cache)..." >&2
    MAGNUS_HTTP_PORT=$port MAGNUS_DB_URL="jdbc:postgresql://127.0.0.1:$MAGNUS_PG_PORT/$db" \
      MAGNUS_DATA_DIR="$dir/data" MAGNUS_PAYARA_ROOT="$dir/payara" MAGNUS_SECRET_FILE="$dir/secret" \
      MAGNUS_CLUSTER_SEEDS="127.0.0.1:$((port + 64))" MAGNUS_CLUSTER_PORT=$((port + 64)) \
      MAGNUS_CLUSTER_NAME="magnus-aot-training-$$" MAGNUS_CLUSTER_INTERFACES=127.0.0.1 \
      MAGNUS_CLUSTER_HOST_AWARE=off MAGNUS_AOT_OUTPUT="$cache.tmp" \
      "$MAGNUS_HOME/bin/magnus-peer" </dev/null >"$dir/peer.log" 2>&1 &
    pid=$!
    for waited in $(seq 1 300); do
      curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    # Stopped, not killed: the JVM writes the cache as it exits.
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    psql -h 127.0.0.1 -p "$MAGNUS_PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    if [ -s "$cache.tmp" ]; then
      mv "$cache.tmp" "$cache"
      rm -rf "$dir"
    else
      rm -f "$cache.tmp"
      echo "magnus: the class cache could not be made (see $dir/peer.log); peers boot without it" >&2
    fi
  ) 9>"$cache.lock"
  return 0
}
