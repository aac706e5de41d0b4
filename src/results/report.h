/* `saffron report`: one self-contained HTML page about a results file,
 * for a person to read offline or receive by mail (docs/report.md). In
 * order: summary, provenance, the phantom, SAF curves per source and
 * particle, the comparison with reference tables, precision (figures of
 * merit, a map of relative uncertainties) and dose maps. Figures are
 * inline SVG and PNG; the page loads nothing from anywhere.
 *
 * The page is written for a file still being written, a killed run's
 * file, a shard's file and a file with no task done: a section that
 * cannot be drawn says why and the others follow. Only a file that is not
 * a saffron results file at all (or an output that cannot be written)
 * fails. */
#ifndef SF_REPORT_H
#define SF_REPORT_H

#include <stddef.h>

#include "core/error.h"
#include "results/convention.h"
#include "results/region_map.h"
#include "results/saf_table.h"

typedef struct sf_report_reference {
    const char *path;              /* as given, for the page */
    const sf_saf_table *table;     /* loaded by the caller */
    int is_csv;                    /* else the ICRP 133 layout */
} sf_report_reference;

typedef struct sf_report_options {
    const char *results_path;
    const char *out_path;
    const sf_report_reference *references;
    size_t n_references;
    /* Applied to the results before they meet a reference (NULL: the
     * file's names); its path is shown on the page. */
    const sf_region_map *map;
    /* The mass the SAFs of self-irradiation divide by in the plots and the
     * comparison (results/convention.h); icrp133 falls back to voxel for a
     * phantom without blood masses, and the page says so. */
    sf_convention convention;
} sf_report_options;

/* What was written, for the command to print. */
typedef struct sf_report_info {
    size_t bytes;
    size_t figures;
    double seconds;
} sf_report_info;

sf_status sf_report_write(const sf_report_options *o, sf_report_info *info);

#endif
