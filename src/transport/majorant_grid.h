/* Local majorants for Woodcock tracking: a coarse grid of blocks over the
 * phantom, each with an attenuation coefficient that bounds that of every
 * voxel in it at every photon energy.
 *
 * Woodcock tracking (Woodcock et al., ANL-7050, 1965) with one global
 * majorant wastes most tentative collisions where the medium is much
 * thinner than the densest one (outside air, lungs: the global majorant is
 * set by cortical bone). Piecewise-constant local majorants remove most of
 * them while staying exact: the tentative collisions then form a Poisson
 * process of intensity mu_block(x) along the ray, which is sampled by
 * optical depth (tau = -ln u, spent block by block), and thinning with
 * mu(voxel)/mu_block keeps the real ones (J. Leppanen, "Performance of
 * Woodcock delta-tracking in lattice physics applications using the Serpent
 * Monte Carlo reactor physics burnup calculation code", Ann. Nucl. Energy
 * 37 (2010) 715; "delta tracking with local majorants", e.g. Szirmay-Kalos
 * et al., "Free path sampling in high resolution inhomogeneous participating
 * media", Comput. Graph. Forum 30 (2011) 85).
 *
 * The block majorant is kept compact so that it does not depend on a table
 * per block and energy: materials are sorted into a few groups by how far
 * their mass attenuation coefficient can exceed the lightest material's,
 * each group g has a curve c_g(E) = max of mu/rho(E) over its materials,
 * and a block keeps, per group, the largest density of its labels of that
 * group. Then
 *   mu_block(E) = min(mu_global(E), max_g rho_max[block][g] c_g(E))
 * bounds rho_l mu/rho_l(E) for every label l in the block (its material is
 * in some group g, rho_l <= rho_max[block][g], mu/rho_l <= c_g). Curves are
 * stored on the cross-section grid and interpolated linearly like the
 * materials' own rows: the interpolant of a pointwise maximum bounds the
 * interpolants of its members, so the bound holds between grid points too.
 * Densities are stored as floats rounded up, with a relative margin of
 * 2^-20 that absorbs the rounding of the products; the global majorant
 * used as a cap carries the same margin (the kernel computes a voxel's mu
 * as rho * interp(mu/rho), which may exceed interp(rho * mu/rho) by an
 * ulp).
 */
#ifndef SF_MAJORANT_GRID_H
#define SF_MAJORANT_GRID_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "geometry/phantom.h"
#include "physics/photon_xs.h"

#define SF_MAJORANT_GROUPS 4

/* Default edge of a block (cm); each block is a whole number of voxels per
 * axis, the nearest to this length (at least one). */
#ifndef SF_MAJORANT_BLOCK_CM
#define SF_MAJORANT_BLOCK_CM 2.5
#endif

/* The world keeps a second, coarser grid for photons at and above
 * SF_MAJORANT_COARSE_FROM_MEV. Small blocks save virtual collisions where
 * attenuation differs most between tissues (photoabsorption, below
 * ~0.1 MeV); above, where the mean free path spans several small blocks,
 * the block crossings cost more than the virtual collisions that large
 * blocks add. Measured on the ICRP 110 AM liver source, kerma, against the
 * 2.5 cm grid (benchmarks/HISTORY.md): 7.5 cm blocks run 0.77x at 20 keV,
 * 1.01x at 80 keV, 1.04x at 140 keV, 1.09x at 0.364 and 1 MeV and 1.13x at
 * 3 MeV. Either grid bounds every voxel, so the choice per flight (by the
 * photon's energy only, hence the same on every thread) changes which
 * tentative collisions are drawn, never their distribution. */
#ifndef SF_MAJORANT_COARSE_BLOCK_CM
#define SF_MAJORANT_COARSE_BLOCK_CM 7.5
#endif
#ifndef SF_MAJORANT_COARSE_FROM_MEV
#define SF_MAJORANT_COARSE_FROM_MEV 0.1
#endif

typedef struct sf_majorant_grid {
    int nv[3];            /* voxels of the phantom per axis */
    int bv[3];            /* voxels per block per axis */
    int nb[3];            /* blocks per axis (the last may be partial) */
    double block_cm[3];   /* edge of a full block */
    double inv_block_cm[3];
    double extent_cm[3];  /* size of the phantom box */

    int n_groups;         /* groups in use, <= SF_MAJORANT_GROUPS */
    int n_grid;           /* points of the cross-section grid */
    double *curve;        /* [group][grid] max mu/rho of the group, cm2/g */
    double *cap;          /* [grid] global majorant x (1 + 2^-20), cm^-1 */
    int n_materials;
    int *material_group;  /* [material]: group, -1 if no label uses it */
    float *rho;           /* [block][SF_MAJORANT_GROUPS] g/cm3, rounded up */
    /* The label of every voxel of the block when they share one, else -1:
     * a lookup in a uniform block needs no load from the label array,
     * whose random reads miss the caches (sf_majorant_grid_label). */
    int32_t *block_label;
    int *voxel_block[3];  /* [axis][voxel index]: block index on the axis */
} sf_majorant_grid;

/* Builds the grid for the phantom's labels (label_material: material index
 * per label, -1 for vacuum; label_density in g/cm3) with blocks of about
 * block_cm per side. */
sf_status sf_majorant_grid_build(const sf_phantom *ph, const sf_photon_xs *xs,
                                 const int *label_material,
                                 const double *label_density, double block_cm,
                                 sf_majorant_grid **out);
void sf_majorant_grid_destroy(sf_majorant_grid **g);

/* Bytes held by the grid (for memory reports). */
size_t sf_majorant_grid_bytes(const sf_majorant_grid *g);

/* The group curves at one energy: c[g] for g < SF_MAJORANT_GROUPS (0 for
 * groups not in use). */
static inline void sf_majorant_grid_curves(const sf_majorant_grid *g,
                                           sf_xs_point xp,
                                           double c[SF_MAJORANT_GROUPS])
{
    for (int k = 0; k < SF_MAJORANT_GROUPS; ++k)
        c[k] = k < g->n_groups ? sf_xs_interp(g->curve + (size_t)k * g->n_grid, xp)
                               : 0.0;
}

/* Majorant (cm^-1) of block b (flat index bx + nb0*(by + nb1*bz)) from the
 * group curves at the flight's energy; the caller takes the minimum with
 * sf_xs_interp(g->cap, xp). */
static inline double sf_majorant_grid_mu(const sf_majorant_grid *g, int64_t b,
                                         const double c[SF_MAJORANT_GROUPS])
{
    const float *r = g->rho + (size_t)b * SF_MAJORANT_GROUPS;
    double m0 = (double)r[0] * c[0], m1 = (double)r[1] * c[1];
    double m2 = (double)r[2] * c[2], m3 = (double)r[3] * c[3];
    double a = m0 > m1 ? m0 : m1, d = m2 > m3 ? m2 : m3;
    return a > d ? a : d;
}

/* The label of voxel `voxel` (flat index) at voxel indices idx[3], read
 * from its block when the block is uniform. */
static inline int sf_majorant_grid_label(const sf_majorant_grid *g,
                                         const uint16_t *label,
                                         const int idx[3], int64_t voxel)
{
    int64_t b = g->voxel_block[0][idx[0]] +
                (int64_t)g->nb[0] * (g->voxel_block[1][idx[1]] +
                                     (int64_t)g->nb[1] * g->voxel_block[2][idx[2]]);
    int l = g->block_label[b];
    return l >= 0 ? l : label[voxel];
}

#endif
