/* What the sections of the report share (results/report.h): the file's
 * contents read once, and the page being written. Not for use outside
 * src/results/report*.c. */
#ifndef SF_REPORT_INTERNAL_H
#define SF_REPORT_INTERNAL_H

#include <stdio.h>

#include "geometry/phantom.h"
#include "io/manifest.h"
#include "io/results.h"
#include "io/results_read.h"
#include "results/progress.h"
#include "results/report.h"

#define SF_REPORT_WHY 1024

typedef struct sf_report {
    FILE *f;
    const sf_report_options *opt;
    const char *path;
    size_t figures;

    sf_results_summary summary;
    sf_progress progress;
    sf_results_provenance prov;
    int has_prov;
    int live;                      /* a live run holds the file's lock */
    char lock_holder[512];

    sf_saf_table *saf;             /* NULL: saf_why says why */
    char saf_why[SF_REPORT_WHY];
    sf_saf_table *mapped;          /* saf under opt->map; == saf without */
    sf_map_report map_report;
    size_t no_blood;               /* self pairs left in the voxel mass */
    int convention_fell_back;      /* icrp133 asked, no blood masses */

    sf_results_fom fom;
    int has_fom;
    char fom_why[SF_REPORT_WHY];

    const sf_manifest *manifest;
    sf_phantom *ph;                /* NULL: phantom_why says why */
    sf_task_plan *plan;            /* the sources' labels; with ph */
    char phantom_why[SF_REPORT_WHY];
} sf_report;

/* <section> with its numbered heading; the numbers and titles are those
 * of the table of contents. */
void sf_report_section_begin(sf_report *r, int number);
void sf_report_section_end(sf_report *r);

/* A highlighted paragraph, escaped. */
void sf_report_note(sf_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A two-column row of a key-value table, the value escaped. */
void sf_report_row(sf_report *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Index of the target of table t that is source s itself (the same
 * labels, or else the same name), or -1. */
long sf_report_self_target(const sf_saf_table *t, size_t s);

/* The sections, in page order. */
sf_status sf_report_summary(sf_report *r);
sf_status sf_report_provenance(sf_report *r);
sf_status sf_report_phantom(sf_report *r);
sf_status sf_report_saf(sf_report *r);
sf_status sf_report_comparison(sf_report *r);
sf_status sf_report_precision(sf_report *r);
sf_status sf_report_dose(sf_report *r);

#endif
