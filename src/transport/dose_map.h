/* Optional 3-D dose map of a task: per voxel, the sum over histories of the
 * energy a history left in the voxel, and the sum of its squares, for a
 * history-by-history uncertainty.
 *
 * Sums are exact integers (energy in units of 2^-32 MeV; squares, 128-bit,
 * in units of 2^-64 MeV^2) added with atomic operations: integer addition
 * commutes, so the map is bitwise the same for any number of threads and
 * any order of histories, like the region tallies. Capacity per voxel:
 * 2^32 MeV (4.3e9 MeV) of deposited energy.
 * Memory: 24 bytes per voxel shared, plus 12 bytes per voxel per thread of
 * staging for the running history. */
#ifndef SF_DOSE_MAP_H
#define SF_DOSE_MAP_H

#include <stdint.h>

#include "core/error.h"
#include "geometry/phantom.h"

#define SF_DOSE_SCALE 4294967296.0 /* 2^32 units per MeV */

typedef struct sf_dose_map {
    int64_t n_voxels;
    uint64_t *sum;       /* [voxel] */
    uint64_t *sum2_lo;   /* [voxel] low words of the sums of squares */
    uint64_t *sum2_hi;   /* [voxel] high words */
    uint64_t histories;
} sf_dose_map;

sf_status sf_dose_map_create(int64_t n_voxels, sf_dose_map **out);
void sf_dose_map_destroy(sf_dose_map **d);

/* Adds one history's energy in a voxel (thread-safe, order-independent). */
void sf_dose_map_add(sf_dose_map *d, int64_t voxel, double energy_MeV);

/* Dose per emitted particle (Gy) and its relative 1-sigma uncertainty in
 * voxel v, for a voxel of mass mass_kg (0 dose where the mass is 0). */
void sf_dose_map_voxel(const sf_dose_map *d, int64_t v, double mass_kg,
                       double *gray, double *rel_unc);

#endif

/* dst += src, exactly (same number of voxels). */
void sf_dose_map_merge(sf_dose_map *dst, const sf_dose_map *src);

/* Packs the three arrays into words[0 .. 3n) and back. */
void sf_dose_map_pack(const sf_dose_map *d, uint64_t *words);
void sf_dose_map_unpack(sf_dose_map *d, const uint64_t *words);
