/* Writes a task's 3-D dose map to HDF5: float32 dose in Gy per emitted
 * particle and its relative uncertainty, plus the exact integer sums that
 * let maps from several runs (shards, seeds) be merged without loss. */
#ifndef SF_DOSE_MAP_H5_H
#define SF_DOSE_MAP_H5_H

#include "core/error.h"
#include "geometry/phantom.h"
#include "transport/dose_map.h"

typedef struct sf_dose_map_info {
    const char *source;
    const char *particle;
    double energy_MeV;      /* mean emitted energy */
    unsigned seed, task_id;
} sf_dose_map_info;

/* Creates `path` (refusing to overwrite) with the datasets described in
 * docs/results-format.md ("Dose maps"). */
sf_status sf_dose_map_write(const char *path, const sf_phantom *ph,
                            const sf_dose_map *d, const sf_dose_map_info *info);

#endif
