# Shared by the command-line test scripts (sourced first): the binary, the
# directory of the scripts, python3 with h5py, a scratch directory that is
# the working directory and is removed at the end, and the pass counter.
set -u
bin=${SAFFRON_BIN:?SAFFRON_BIN must name the saffron binary}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
passed=0
ok() { passed=$((passed + 1)); }
cd "$tmp" || exit 1
