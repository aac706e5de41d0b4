/* Photon scoring of the skeletal targets by the kerma of their tissue
 * (docs/skeleton.md). In a spongiosa voxel of label l, a skeletal target T
 * (red marrow, endosteum) holds the mass m_T = a_T(l) rho_l V of a tissue
 * whose kerma coefficient, E mu_tr/rho, is eta_T(E) (MeV cm2/g). The
 * energy the photon fluence gives it is the track length times
 * a_T rho_l eta_T(E); Woodcock tracking samples tentative collisions at
 * the rate mu* of the majorant, so scoring
 *
 *     a_T(l) rho_l eta_T(E) / mu*
 *
 * at every tentative (real or virtual) collision in such a voxel is an
 * unbiased estimate of it (the expected-value kerma estimator of
 * docs/variance-reduction.md, with the target's tissue in place of the
 * voxel's medium). The tables hold a_T rho_l eta_T on the photon
 * cross-section grid, one per (label, target). */
#ifndef SF_SKELETAL_KERMA_H
#define SF_SKELETAL_KERMA_H

#include "core/error.h"

struct sf_world;

typedef struct sf_skeletal_kerma {
    int n;            /* targets scored so */
    int *target;      /* their index in the task's target map */
    int n_labels;
    int *row;         /* per label: its first table (n of them), or -1 */
    int n_grid;
    double *coef;     /* [row + k][grid], MeV/cm */
} sf_skeletal_kerma;

/* Tables for targets target[0..n) of a map, each the skeletal region
 * region[k] (geometry/skeleton.h: R-marrow or Endost-BS) of the world's
 * phantom. With drf (NULL: the kerma approximation) the tables are the
 * response functions instead, D_T,l(E) rho_l w_T(l) in MeV/cm (D in Gy cm2
 * converted with 1.602176634e-13 J/MeV), so the same estimator gives
 * the dose the DRFs give for the fluence; beyond a curve's energies it
 * follows the kerma, scaled to meet the curve at its end. Every label
 * holding a target's tissue needs its curve. */
struct sf_drf_table;
sf_status sf_skeletal_kerma_build(const struct sf_world *w, int n,
                                  const int *target, const int *region,
                                  const struct sf_drf_table *drf,
                                  sf_skeletal_kerma **out);

void sf_skeletal_kerma_destroy(sf_skeletal_kerma **k);

#endif
