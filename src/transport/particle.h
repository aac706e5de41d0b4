/* The state of one particle in flight: a plain struct, so that the history
 * loop (and a future event-based loop) can copy it around freely. */
#ifndef SF_PARTICLE_H
#define SF_PARTICLE_H

#include <string.h>

typedef enum sf_particle_type {
    SF_PARTICLE_PHOTON = 0,
    SF_PARTICLE_ELECTRON,
    SF_PARTICLE_POSITRON,
    SF_N_PARTICLE_TYPES
} sf_particle_type;

typedef enum sf_transport_mode {
    /* Charged secondaries deposit their kinetic energy where they are set in
     * motion (collision kerma). An approximation: exact only where electron
     * ranges are small compared with the voxels and regions. */
    SF_MODE_KERMA = 0,
    /* Charged particles are transported by the condensed-history kernel. */
    SF_MODE_COUPLED
} sf_transport_mode;

/* Default threshold (MeV) of the in-place slowing-down of electrons in
 * coupled mode (sf_world_options.electron_in_place_below_MeV), shared with
 * the manifest so that its canonical form names only other values. 1 MeV
 * since 2026-12-07 (0.2 before): measured in docs/electron-transport.md,
 * "Ends of tracks". */
#define SF_DEFAULT_IN_PLACE_BELOW_MEV 1.0

/* Default growth of the delta-ray threshold with the projectile's energy
 * (sf_world_options.delta_ray_fraction): max(10 keV, min(0.05 T, the voxel
 * cap)), 10 keV up to 0.2 MeV; measured in docs/electron-transport.md.
 * Shared with the manifest like the one above. */
#define SF_DEFAULT_DELTA_RAY_FRACTION 0.05

/* Default largest fraction of its energy an electron loses in one condensed
 * step (sf_world_options.electron_step_fraction; EGSnrc's ESTEPE default),
 * and the shortest step the boundary limit allows, as a fraction of that
 * energy-loss step (sf_world_options.electron_boundary_step). Raised from
 * 0.2 and 0.1 on 2026-12-07 after measuring their effect:
 * docs/electron-transport.md, "Step sizes". Shared with the manifest like
 * the ones above. */
#define SF_DEFAULT_ELECTRON_STEP_FRACTION 0.25
#define SF_DEFAULT_ELECTRON_BOUNDARY_STEP 0.2

/* The default cap of that growing threshold: a delta ray's CSDA range in
 * water at most this fraction of the smallest voxel side
 * (sf_world_options.delta_ray_max_MeV). */
#define SF_DELTA_RAY_RANGE_VOXELS 0.1

/* How kerma mode scores photon energy (docs/variance-reduction.md). */
typedef enum sf_kerma_estimator {
    /* The energy of each real collision where it happens. */
    SF_KERMA_ANALOGUE = 0,
    /* At every tentative (real or virtual) Woodcock collision, the kerma
     * the photon would deposit on average per unit path there over the
     * majorant: a collision estimator of the track-length integral of the
     * kerma, unbiased, that scores regions a photon only crosses. */
    SF_KERMA_EXPECTED_VALUE
} sf_kerma_estimator;

typedef struct sf_particle {
    double pos_cm[3];
    double dir[3];       /* unit vector */
    double energy_MeV;   /* kinetic energy */
    int type;            /* sf_particle_type */
    int generation;      /* 0 for the primary */
} sf_particle;

/* A particle at pos_cm moving along dir. */
static inline sf_particle sf_particle_make(const double pos_cm[3],
                                           const double dir[3],
                                           double energy_MeV, int type,
                                           int generation)
{
    sf_particle q;
    memcpy(q.pos_cm, pos_cm, sizeof q.pos_cm);
    memcpy(q.dir, dir, sizeof q.dir);
    q.energy_MeV = energy_MeV;
    q.type = type;
    q.generation = generation;
    return q;
}

/* "photon", "electron", "positron"; NULL when out of range. */
const char *sf_particle_name(int type);

/* Parses a particle name; -1 if unknown. */
int sf_particle_from_name(const char *name);

#endif
