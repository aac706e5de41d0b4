/* SAF tables as CSV (RFC 4180: comma-separated, names quoted when they hold
 * a comma or a quote), one row per source, particle, energy and target:
 *
 *   source,particle,energy_MeV,target,saf_per_kg,saf_rel_unc,
 *   absorbed_fraction,source_mass_kg,target_mass_kg
 *
 * Unknown values (a task not done) are written "nan". The reader takes any
 * CSV with a header naming at least source, particle, energy_MeV, target
 * and saf_per_kg (saf_rel_unc optional), in any column order, so a
 * reference table from elsewhere can be compared too. */
#ifndef SF_SAF_CSV_H
#define SF_SAF_CSV_H

#include <stdio.h>

#include "core/error.h"
#include "results/saf_table.h"
#include "results/selection.h"

sf_status sf_saf_csv_write(FILE *out, const char *where, const sf_saf_table *t,
                           const sf_selection *sel);

sf_status sf_saf_csv_read(const char *path, sf_saf_table **out);

#endif
