/* Options and set-up shared by the commands that read a results file
 * (export, compare, plot, svalue): the selection options, the region
 * mapping (--mapping) and the lines that report what a mapping left out. */
#ifndef SF_CLI_RESULTS_COMMON_H
#define SF_CLI_RESULTS_COMMON_H

#include <stddef.h>

#include "core/error.h"
#include "io/results_read.h"
#include "results/convention.h"
#include "results/region_map.h"
#include "results/selection.h"

/* If argv[*i] is --source, --target, --particle or --energy, consumes it
 * and its value and returns 1 (or 2 after printing a usage error to
 * stderr); returns 0 for any other argument. */
int sf_cli_selection_option(const char *command, int argc, char **argv,
                            int *i, sf_selection *sel);

/* Value of option argv[*i] (advancing *i), or NULL after a usage error. */
const char *sf_cli_option_value(const char *command, int argc, char **argv,
                                int *i);

/* Resolves --mapping: NULL (no option) gives the default table of the
 * phantom when want_default is set (ICRP 110 AM/AF and builtin:stylized
 * have one), "none" gives no table (*m = NULL), "icrp110" and "stylized"
 * name the shipped tables, anything else is a file. */
sf_status sf_cli_load_mapping(const char *option, const char *phantom,
                              int want_default, sf_region_map **m);

/* Applies the map (or copies nothing when m is NULL: *out = in), and
 * reports on stderr what it left out. */
sf_status sf_cli_apply_mapping(const sf_region_map *m, sf_saf_table *in,
                               sf_saf_table **out);

/* If argv[*i] is --convention, consumes it and its value into *c and
 * returns 1 (or 2 after printing a usage error); 0 for any other
 * argument. *given is set when the option was there. */
int sf_cli_convention_option(const char *command, int argc, char **argv,
                             int *i, sf_convention *c, int *given);

/* The SAF table of a results file as a command shows it: read, mapped
 * (sf_cli_load_mapping's rules) and re-expressed in convention c, with a
 * note on stderr for self-irradiation pairs that have no blood-inclusive
 * mass. A file none of whose targets has one (its phantom has no blood
 * table) stays in the voxel convention, which (*out)->convention records.
 * *out is a table of its own (destroy it). meta may be NULL. */
sf_status sf_cli_results_table(const char *results, const char *mapping,
                               int want_default_mapping, sf_convention c,
                               sf_saf_table **out, sf_results_meta *meta);

/* OUT.h5 without its .h5 suffix, as the default stem of output files. */
void sf_cli_output_stem(const char *results_path, char *buf, size_t n);

#endif
