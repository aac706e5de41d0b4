/* Everything the transport kernel reads, built once per phantom and shared
 * read-only by all threads: the voxel labels, per-label medium and density,
 * photon cross sections on a common grid, the Woodcock majorant, and the
 * per-element sampling tables. */
#ifndef SF_WORLD_H
#define SF_WORLD_H

#include <stdint.h>

#include "core/error.h"
#include "geometry/phantom.h"
#include "physics/photon_data.h"
#include "physics/photon_xs.h"
#include "physics/pair.h"
#include "physics/rayleigh.h"
#include "transport/particle.h"


typedef struct sf_world_options {
    sf_transport_mode mode;
    double photon_cutoff_MeV;    /* photons below are absorbed on the spot */
    double electron_cutoff_MeV;  /* kinetic energy below which e-/e+ stop */
    const char *photon_data_dir; /* NULL: sf_photon_data_default_dir() */
} sf_world_options;

/* Defaults: kerma mode until coupled transport is available, 1 keV cuts. */
void sf_world_options_default(sf_world_options *o);

typedef struct sf_world {
    const sf_phantom *ph;
    sf_world_options opt;
    sf_photon_data *pd;
    sf_photon_xs *xs;

    int n_labels;
    int *label_material;      /* material index of each label, -1: vacuum */
    double *label_density;    /* g/cm3 (0 for vacuum) */
    double *majorant_cm;      /* [grid] max over labels of mu, cm^-1 */

    sf_rayleigh_table **rayleigh; /* per element slot of xs */
    sf_pair_table *pair;          /* per element slot of xs */

    double inv_spacing[3];    /* 1/cm */
} sf_world;

sf_status sf_world_build(const sf_phantom *ph, const sf_world_options *opt,
                         sf_world **out);
void sf_world_destroy(sf_world **w);

/* Bytes of memory the world and its phantom labels use. */
size_t sf_world_bytes(const sf_world *w);

/* Flat index of the voxel containing pos, or -1 outside the phantom. */
static inline int64_t sf_world_voxel(const sf_world *w, const double pos[3])
{
    const sf_phantom *ph = w->ph;
    double fx = (pos[0] - ph->origin_cm[0]) * w->inv_spacing[0];
    double fy = (pos[1] - ph->origin_cm[1]) * w->inv_spacing[1];
    double fz = (pos[2] - ph->origin_cm[2]) * w->inv_spacing[2];
    if (!(fx >= 0 && fy >= 0 && fz >= 0 && fx < ph->nx && fy < ph->ny &&
          fz < ph->nz))
        return -1;
    int64_t ix = (int64_t)fx, iy = (int64_t)fy, iz = (int64_t)fz;
    /* fx < nx can still truncate to nx after rounding near the far face. */
    if (ix >= ph->nx) ix = ph->nx - 1;
    if (iy >= ph->ny) iy = ph->ny - 1;
    if (iz >= ph->nz) iz = ph->nz - 1;
    return ix + (int64_t)ph->nx * (iy + (int64_t)ph->ny * iz);
}

#endif
