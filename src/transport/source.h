/* Primary particle sources.
 *
 * Region source: emission uniform per unit mass over a set of labels: a
 * label is drawn with probability proportional to its mass (alias table),
 * then one of its voxels uniformly (all voxels of a label have the same
 * mass), then a uniform point inside the voxel; direction isotropic.
 * Point source: isotropic from one point. Pencil beam: one point, one
 * direction. Energy: one line, or a spectrum of lines with yields (alias
 * table over the lines).
 */
#ifndef SF_SOURCE_H
#define SF_SOURCE_H

#include <stdint.h>

#include "core/error.h"
#include "geometry/phantom.h"
#include "transport/alias.h"
#include "transport/particle.h"
#include "transport/rng.h"

typedef enum sf_source_shape {
    SF_SOURCE_REGION = 0,
    SF_SOURCE_POINT,
    SF_SOURCE_PENCIL
} sf_source_shape;

typedef struct sf_source {
    sf_source_shape shape;
    int particle;                /* sf_particle_type */

    /* region source */
    int n_labels;
    uint16_t *labels;
    sf_alias label_alias;        /* over labels, by mass */
    int64_t *label_first;        /* voxels of label i: voxels[first[i] .. first[i+1]) */
    uint32_t *voxels;            /* flat voxel indices */
    double mass_kg;

    /* point and pencil sources */
    double position_cm[3];
    double direction[3];

    /* energy */
    int n_lines;
    double *line_MeV;
    double *line_yield;          /* as given (any normalisation) */
    sf_alias line_alias;
    double mean_energy_MeV;      /* yield-weighted */
} sf_source;

/* Region source over labels[0..n-1] of the phantom (labels must have
 * voxels; their total mass must be > 0). */
sf_status sf_source_region(const sf_phantom *ph, const uint16_t *labels,
                           int n, int particle, sf_source **out);

/* A region source whose labels emit in proportion to weights[i] times
 * their mass (the share of a skeletal tissue in each label,
 * geometry/skeleton.h; weights NULL: 1, as sf_source_region): a label is
 * drawn by its weighted mass, then a voxel of it uniformly. Labels of
 * weight 0 do not emit. */
sf_status sf_source_region_weighted(const sf_phantom *ph,
                                    const uint16_t *labels,
                                    const double *weights, int n, int particle,
                                    sf_source **out);

/* Point (isotropic) or pencil (direction given) source. */
sf_status sf_source_point(const double position_cm[3],
                          const double *direction_or_null, int particle,
                          sf_source **out);

/* Sets a single energy line (MeV, in [1 keV, 20 MeV]). */
sf_status sf_source_set_energy(sf_source *s, double energy_MeV);

/* Sets a spectrum: lines in MeV with yields >= 0 (sum > 0). */
sf_status sf_source_set_spectrum(sf_source *s, const double *energy_MeV,
                                 const double *yield, int n);

void sf_source_destroy(sf_source **s);

/* Draws a primary: position, direction, energy. */
void sf_source_sample(const sf_source *s, const sf_phantom *ph, sf_rng *rng,
                      sf_particle *out);

/* sf_source_sample in two parts with the same draws in the same order, so
 * that a caller running several histories can prefetch the source voxel's
 * entry (a random load in a list of up to megabytes) between them: begin
 * draws the energy and picks the entry, end reads it and draws the rest. */
typedef struct sf_source_draw {
    double energy_MeV;
    int64_t entry; /* index into s->voxels (region sources) */
} sf_source_draw;

void sf_source_sample_begin(const sf_source *s, sf_rng *rng, sf_source_draw *d);

/* Starts loading the source-voxel entry a draw picked (nothing for point
 * and pencil sources). */
static inline void sf_source_prefetch(const sf_source *s, const sf_source_draw *d)
{
    if (s->shape == SF_SOURCE_REGION)
        __builtin_prefetch(s->voxels + d->entry);
}
void sf_source_sample_end(const sf_source *s, const sf_phantom *ph, sf_rng *rng,
                          const sf_source_draw *d, sf_particle *out);

#endif
