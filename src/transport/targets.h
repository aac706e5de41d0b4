/* Target regions of a task: each target is a set of labels (a label may
 * belong to several targets, e.g. "Kidneys" and "Kidney cortex, left"),
 * each label with the share of its energy the target takes (1, or the mass
 * fraction of a skeletal tissue). The map lists, per label, the targets it
 * scores into. Skeletal targets that score photons by the kerma of their
 * tissue (transport/skeletal_kerma.h) have no label entries in the map of
 * photon tasks: the photon transport scores them. */
#ifndef SF_TARGETS_H
#define SF_TARGETS_H

#include <stdint.h>

#include "core/error.h"
#include "geometry/phantom.h"

struct sf_skeletal_kerma;

typedef struct sf_target_map {
    int n_labels;
    int n_targets;
    int *first;        /* targets of label l: target[first[l] .. first[l+1]) */
    int *target;
    double *weight;    /* share of the label's energy, per entry; NULL: 1 */
    struct sf_skeletal_kerma *kerma; /* NULL unless skeletal kerma targets */
    double *mass_kg;   /* per target */
    int *id;           /* per target: its label (per-label maps) or index */
    char (*name)[SF_REGION_NAME_MAX]; /* per target */
} sf_target_map;

/* One target per label that has voxels, named after its region. */
sf_status sf_target_map_per_label(const sf_phantom *ph, sf_target_map **out);

/* Targets given as label sets: labels of target t are
 * labels[offsets[t] .. offsets[t+1]). */
sf_status sf_target_map_from_sets(const sf_phantom *ph, int n_targets,
                                  const char *const *names,
                                  const int *offsets, const uint16_t *labels,
                                  sf_target_map **out);

/* The same with per-label shares: target t takes weights[k] of the energy
 * of labels[k] (weights NULL: all of it; a share of 0 drops the entry). */
sf_status sf_target_map_from_weighted_sets(const sf_phantom *ph, int n_targets,
                                           const char *const *names,
                                           const int *offsets,
                                           const uint16_t *labels,
                                           const double *weights,
                                           sf_target_map **out);

/* Destroys the map and its skeletal kerma tables. */
void sf_target_map_destroy(sf_target_map **m);

#endif
