#!/usr/bin/env bash
# Command one of the README: install the Debian packages, build, and run the
# quickstart on the built-in phantom.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
BUILD_DIR="$top/build" "$top/scripts/build.sh"
bin="$top/build/saffron"
echo "== the built-in stylized phantom"
"$bin" phantom info builtin:stylized
echo "== mass attenuation coefficients (cm2/g) of its media"
for m in soft_tissue lung cortical_bone; do
  "$bin" physics mu --material "$m" --energies 0.015,0.03,0.1,0.3,1
done
echo "== one task: liver photons at 140 keV"
"$bin" task --phantom builtin:stylized --source Liver --particle photon \
  --energy 0.14 --histories 2e5 --threads "$(nproc)"
