/* Region datasets of a results file: /source_labels, /target_labels,
 * /source_mass_blood_kg, /target_mass_blood_kg and /label_mass_kg
 * (results_regions.c). Internal to src/io. */
#ifndef SF_RESULTS_REGIONS_H
#define SF_RESULTS_REGIONS_H

#include <stddef.h>
#include <stdint.h>

#include "io/results_internal.h"
#include "results/saf_table.h"

/* Writes them for a file being laid out; ph may be NULL (no per-label
 * masses). 0 or -1. */
int sf_rfile_write_regions(hid_t file, const sf_task_plan *p,
                           const sf_phantom *ph);

/* The root attribute `skeletal_method`: how the campaign's skeletal
 * targets and sources are computed (docs/skeleton.md), when it has any.
 * 0 or -1. */
int sf_rfile_write_skeletal_method(hid_t file, const sf_manifest *m,
                                   const sf_task_plan *p);

/* Fills the labels and blood masses of the sources (targets = 0) or the
 * targets (1) whose label counts (the n_labels column of /sources or
 * /targets) are given; leaves them unknown in a file older than them.
 * 0 or -1 (damaged). */
int sf_rfile_read_regions(hid_t file, int targets, const int32_t *counts,
                          sf_saf_region *r, size_t n);

/* /label_mass_kg (malloc'ed; NULL and 0 in an older file). 0 or -1. */
int sf_rfile_read_label_masses(hid_t file, double **mass, size_t *n);

/* When the file has them, compares them with what the plan and phantom
 * give (resume, verify); the first difference goes to diff (left empty
 * when none). */
void sf_rfile_check_regions(hid_t file, const sf_task_plan *p,
                            const sf_phantom *ph, char *diff, size_t len);

#endif
