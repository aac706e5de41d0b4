/* Everything the transport kernel reads, built once per phantom and shared
 * read-only by all threads: the voxel labels, per-label medium and density,
 * photon cross sections on a common grid, the Woodcock majorant, and the
 * per-element sampling tables. */
#ifndef SF_WORLD_H
#define SF_WORLD_H

#include <stdint.h>

#include "core/error.h"
#include "geometry/phantom.h"
#include "physics/elastic.h"
#include "physics/electron_data.h"
#include "physics/photon_data.h"
#include "physics/photon_xs.h"
#include "physics/pair.h"
#include "physics/rayleigh.h"
#include "transport/exp_ziggurat.h"
#include "transport/particle.h"
#include "transport/majorant_grid.h"
#include "transport/soft_loss.h"


struct sf_electron_medium;

typedef struct sf_world_options {
    sf_transport_mode mode;
    double photon_cutoff_MeV;    /* photons below are absorbed on the spot */
    double electron_cutoff_MeV;  /* kinetic energy below which e-/e+ stop */
    const char *photon_data_dir; /* NULL: sf_photon_data_default_dir() */

    /* Condensed-history (coupled mode) parameters, docs/electron-transport.md.
     * Production thresholds of discrete events; 0 selects the default
     * max(10 keV, electron resp. photon cut-off). */
    double delta_ray_cut_MeV;    /* Moller/Bhabha secondaries above this */
    double brems_cut_MeV;        /* bremsstrahlung photons above this */
    /* 0, or a delta-ray threshold that grows with the projectile's energy
     * T as max(delta_ray_cut, delta_ray_fraction T), in [0, 0.1]
     * (physics/electron_data.h): fewer hard events end the steps of fast
     * electrons. Not exact: it changes the condensed steps; its measured
     * effect is in docs/electron-transport.md. */
    double delta_ray_fraction;
    /* The largest value of delta_ray_fraction T (MeV): < 0 (default) the
     * kinetic energy whose CSDA range in water is SF_DELTA_RAY_RANGE_VOXELS
     * of the smallest voxel side, so that no delta ray left to the
     * continuous loss could have carried its energy further than that;
     * 0: no cap; else a value in [0.001, 20) MeV. */
    double delta_ray_max_MeV;
    /* Largest fractional continuous energy loss of one step, (0, 0.5]. */
    double electron_step_fraction;
    /* Largest step in first transport mean free paths (> 0). */
    double electron_step_mfp;
    /* Near a label boundary a step is at most the distance to it, but not
     * less than this fraction of the energy-loss step, in [0, 1]; 0 turns
     * the boundary limit off. */
    double electron_boundary_step;
    /* ... nor less than this fraction of the smallest voxel side (as mass
     * thickness, rho * fraction * side), in [0, 1]; 0: no such floor. The
     * energy a step misplaces at a boundary is a fraction of the voxel's
     * that grows with step / voxel side, so a floor in voxel sides keeps
     * that error the same at every voxel size and spares coarse voxels
     * the short steps fine ones need (docs/electron-transport.md). */
    double electron_boundary_floor;
    /* 1: an electron whose residual path (restricted range) cannot take it
     * out of its voxel deposits its energy there at once (exact for any
     * tally made of whole voxels, except that the bremsstrahlung it would
     * still emit is deposited too). */
    int electron_range_rejection;
    /* The same, only for electrons and positrons below this kinetic energy
     * in MeV (0: never), whose residual bremsstrahlung is negligible (EGS's
     * ESAVE; docs/electron-transport.md). */
    double electron_range_rejection_below_MeV;
    /* Electrons below this kinetic energy in MeV (0: never) whose residual
     * path (twice the restricted range) cannot take them out of their label
     * slow down in place: their energy losses and hard events are sampled,
     * their path is not (exact for label tallies but for where along the
     * track and in which direction their bremsstrahlung starts;
     * docs/electron-transport.md). */
    double electron_in_place_below_MeV;
    /* 1: bremsstrahlung photons are deposited where they are emitted (for
     * Fano tests). */
    int local_brems;
    /* 1: charged particles that leave the box re-enter through the opposite
     * face (periodic phantom; for Fano tests). Photons are not wrapped. */
    int periodic_charged;
    /* 1: no energy-loss straggling of the soft collisions (the continuous
     * loss of a step is its mean; for studies of the straggling model). */
    int electron_straggling_off;
    /* Elastic cross section: Mott factor (default) or screened Rutherford
     * alone ("spin off", for comparisons with codes run so). */
    sf_elastic_model electron_elastic;
    /* 1: every elastic collision is simulated (single scattering): the
     * exact transport for the elastic cross section, with no step-size
     * dependence; ~100x slower. The reference for validating the
     * condensed history (docs/electron-transport.md). */
    int electron_single_scattering;
    /* Kerma mode only: the photon energy estimator. */
    sf_kerma_estimator kerma_estimator;
} sf_world_options;

/* Defaults: coupled transport (kerma is the documented approximation, see
 * docs/electron-transport.md), 1 keV cut-offs, 10 keV
 * production thresholds, steps of at most 10 % energy loss and 1 transport
 * mean free path, no range rejection. */
void sf_world_options_default(sf_world_options *o);

typedef struct sf_world {
    const sf_phantom *ph;
    sf_world_options opt;
    sf_photon_data *pd;
    sf_photon_xs *xs;

    int n_labels;
    int *label_material;      /* material index of each label, -1: vacuum */
    double *label_density;    /* g/cm3 (0 for vacuum) */
    sf_majorant_grid *grid;   /* local majorants per block (photon.c) */
    /* Larger blocks, for photon flights at and above
     * SF_MAJORANT_COARSE_FROM_MEV (majorant_grid.h); electrons use `grid`. */
    sf_majorant_grid *grid_coarse;

    sf_rayleigh_table **rayleigh; /* per element slot of xs */
    sf_pair_table *pair;          /* per element slot of xs */
    /* Per material of xs: its incoherent scattering function as one table
     * (sf_compton_mixture_build), so a Compton collision needs no choice
     * of element. */
    sf_element_photon *compton_mix;

    double inv_spacing[3];    /* 1/cm */
    /* Tables of the exponential deviates (optical depths, numbers of mean
     * free paths) of both kernels. */
    sf_exp_ziggurat zig;

    /* Coupled mode only (NULL otherwise): electron tables per medium, built
     * at the medium's nominal density (density effect) and used per unit
     * mass, and the production thresholds in force. */
    struct sf_electron_medium **electron; /* [ph->n_media] */
    sf_electron_cuts cuts;
    /* Constants of every electron track, kept here to save two
     * logarithms per electron (most electrons of a photon history are
     * range-rejected at once): the grid position of the electron cut-off
     * (the media share one energy grid) and the grid offset of a step's
     * largest mean loss, ln(1 - f) / d(ln E). */
    double electron_x_cut, electron_keep_x;
    /* electron_boundary_floor times the smallest voxel side, cm. */
    double boundary_floor_cm;
    sf_soft_loss_table *soft_loss; /* straggling sampler (NULL if off) */
    /* Chebyshev distance of each voxel to the nearest other label, and the
     * neighbours of another label of the voxels next to one
     * (geometry/boundary_distance.h); NULL unless the boundary step limit
     * is on. */
    uint32_t *boundary_distance;
    /* Expected-value kerma estimator only (NULL otherwise): kerma
     * coefficients [material][grid] in MeV cm2/g (transport/kerma_coef.h). */
    double *kerma_coef;
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
