#!/usr/bin/env bash
# Installs the Debian 12 packages saffron builds and tests with
# (scripts/debian-packages.txt). Needs root (or sudo).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2046
$sudo apt-get install -y -q --no-install-recommends $(grep -v '^#' "$here/debian-packages.txt")
