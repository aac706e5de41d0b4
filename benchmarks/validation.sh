#!/usr/bin/env bash
# Runs every test that compares saffron with a published or reference-code
# value and writes the validation report, docs/validation.md (one table:
# quantity, saffron +- sigma, reference +- sigma and its source, deviation
# in % and in sigma, tolerance, pass).
# usage: benchmarks/validation.sh [BUILD_DIR [TEST...]]
#   BUILD_DIR  a configured build (default: build); it is brought up to date
#              first unless SAFFRON_VALIDATION_NO_BUILD=1
#   TEST...    only these tests (e.g. xcom fano); the report says it is partial
# More histories: SAFFRON_FANO_HISTORIES, SAFFRON_DPK_HISTORIES,
# SAFFRON_REFERENCE_HISTORIES (passed through to the tests).
# Output elsewhere: SAFFRON_VALIDATION_REPORT=path. The full run takes ~12
# min on 2 cores (default histories); run it niced. Exit status 1 when
# a test failed (the report is written all the same).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
shift $(( $# > 0 ? 1 : 0 ))
if [ "${SAFFRON_VALIDATION_NO_BUILD:-0}" != 1 ]; then
  cmake --build "$build" -j"$(nproc)" >/dev/null
fi
exec /usr/bin/python3 "$top/benchmarks/validation_report.py" \
  --build "$build" --source "$top" \
  --output "${SAFFRON_VALIDATION_REPORT:-$top/docs/validation.md}" "$@"
