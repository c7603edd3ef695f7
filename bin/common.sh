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
