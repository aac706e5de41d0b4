/* A region mapping table: which regions of a results file make up each
 * region of another naming scheme (the ICRP 133 acronyms, by default), and
 * the SAF table re-expressed in it.
 *
 * Text format (docs/exports.md): one entry a line,
 *     KIND  NAME  REGION; REGION; ...
 * KIND is source, target or both; NAME is the new name (at most 10
 * characters, no blanks, as the ICRP 133 files require); each REGION is a
 * region name of the results file (case-insensitive) or a phantom label
 * number. '#' starts a comment.
 *
 * Several regions under one name are combined as one region would be:
 * sources weighted by mass (uniform activity per unit mass, as ICRP 133
 * and OpenDose assume), targets by summing absorbed fractions over the
 * summed mass. */
#ifndef SF_REGION_MAP_H
#define SF_REGION_MAP_H

#include <stddef.h>

#include "core/error.h"
#include "results/saf_table.h"

#define SF_MAPPED_NAME_MAX 10

typedef enum sf_map_kind { SF_MAP_SOURCE = 1, SF_MAP_TARGET = 2,
                           SF_MAP_BOTH = 3 } sf_map_kind;

typedef struct sf_map_item {
    char name[SF_SAF_NAME_MAX];
    long label;          /* >= 0 when the item is a label number */
} sf_map_item;

typedef struct sf_map_entry {
    sf_map_kind kind;
    char name[SF_MAPPED_NAME_MAX + 1];
    size_t n_items;
    sf_map_item *items;
} sf_map_entry;

typedef struct sf_region_map {
    char path[4096];
    size_t n_entries;
    sf_map_entry *entries;
} sf_region_map;

/* What applying a map left out, for the command to report. */
typedef struct sf_map_report {
    size_t partial;              /* entries with some but not all regions */
    char first_partial[SF_MAPPED_NAME_MAX + 1];
    size_t sources_unused;       /* regions of the table no entry took */
    size_t targets_unused;
} sf_map_report;

sf_status sf_region_map_load(const char *path, sf_region_map **out);
void sf_region_map_destroy(sf_region_map **m);

/* The table re-expressed with the map's names: an entry is used when a
 * region of the table has exactly its labels (a manifest union: renamed,
 * values unchanged) or when every one of its regions is in the table; entries none of whose regions is
 * there are skipped silently, partly present ones are counted in *report.
 * Relative uncertainties combine in quadrature; covariances between the
 * targets of one task are not stored and are neglected. */
/* `in` must be in the voxel convention (results/convention.h): combined
 * SAFs are re-derived from absorbed fractions and voxel masses. */
sf_status sf_region_map_apply(const sf_region_map *m, const sf_saf_table *in,
                              sf_saf_table **out, sf_map_report *report);

#endif
