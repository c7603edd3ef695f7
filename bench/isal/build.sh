#!/usr/bin/env bash
# Builds bench/isal/isal-bench (the ISA-L reference benchmark) when its source is newer.
# Needs a C compiler and ISA-L's headers and library: apt-get install gcc libisal-dev
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/isal_bench.c" bin="$here/isal-bench"
if [ -x "$bin" ] && [ "$bin" -nt "$src" ]; then
  exit 0
fi
if [ ! -f /usr/include/isa-l/erasure_code.h ] && [ ! -f /usr/local/include/isa-l/erasure_code.h ]; then
  echo "isal-bench: ISA-L headers not found; install them with: apt-get install libisal-dev" >&2
  exit 3
fi
"${CC:-cc}" -O2 -Wall -Wextra -o "$bin" "$src" -lisal
