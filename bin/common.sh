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

# Starts the local PostgreSQL cluster when nothing answers on 127.0.0.1:5432.
magnus_postgres_up() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    return 0
  fi
  echo "magnus: PostgreSQL is down; starting it..." >&2
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -z "$version" ]; then
    echo "magnus: PostgreSQL is not installed (apt-get install postgresql)" >&2
    return 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || return 1
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    sleep 1
  done
  echo "magnus: PostgreSQL did not come up on 127.0.0.1:5432" >&2
  return 1
}
