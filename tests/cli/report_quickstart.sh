# Sourced by the report tests after common.sh: quickstart_campaign OUT.h5
# [SEED] runs the quickstart campaign of jobs/quickstart.yaml (three organs
# of the stylized phantom, photons and electrons, five energies, coupled
# transport) with fewer histories: 4e3 photons and 2e3 electrons a task,
# the quickstart's divided by fifty.
quickstart_campaign() {
  local out=$1 seed=${2:-}
  sed -e 's/^histories: .*/histories: 4e3/' \
      -e 's/^  electron: .*/  electron: 2e3/' \
      "$here/../../jobs/quickstart.yaml" > "${out%.h5}.yaml"
  echo "chunk_histories: 1e3" >> "${out%.h5}.yaml"
  [ -z "$seed" ] || sed -i "s/^seed: .*/seed: $seed/" "${out%.h5}.yaml"
  grep -q '^histories: 4e3' "${out%.h5}.yaml" &&
    grep -q '^  electron: 2e3' "${out%.h5}.yaml" ||
    fail "jobs/quickstart.yaml changed its layout: update report_quickstart.sh"
  "$bin" run "${out%.h5}.yaml" -o "$out" --quiet --threads 2 ||
    fail "quickstart campaign failed"
}
