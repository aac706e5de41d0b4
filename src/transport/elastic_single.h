/* Single elastic scattering of electrons and positrons, for the
 * single-scattering reference mode of the charged-particle kernel
 * (docs/electron-transport.md): every elastic collision is simulated
 * individually from the same cross section the condensed history condenses
 * (screened Rutherford per element, times the Mott factor unless the
 * Rutherford model is chosen; physics/elastic.h). The transport is then
 * exact for that cross section, with no multiple-scattering theory, hinge
 * or step-size parameter: the reference the condensed history is checked
 * against (as EGSnrc checks its condensed history against its own
 * single-scattering mode).
 *
 * Per medium and particle: on the electron energy grid, the cumulative
 * share of each element in the total elastic cross section and each
 * element's screening parameter, so that a collision picks its element and
 * draws its deflection with table lookups only. */
#ifndef SF_ELASTIC_SINGLE_H
#define SF_ELASTIC_SINGLE_H

#include <stddef.h>

#include "core/error.h"
#include "physics/elastic.h"
#include "physics/material.h"
#include "transport/rng.h"

typedef struct sf_elastic_single {
    int n_elements, n;          /* elements of the medium, grid points */
    int Z[SF_MAX_MAT_ELEMENTS];
    int positron;
    sf_elastic_model model;
    double *share;  /* [i n_elements + j]: cumulative share of elements 0..j */
    double *eta;    /* [i n_elements + j]: screening of element j */
} sf_elastic_single;

/* Tables of material m for one particle on the grid energy_MeV[0..n-1]. */
sf_status sf_elastic_single_build(const sf_material *m, const double *energy_MeV,
                                  int n, int positron, sf_elastic_model model,
                                  sf_elastic_single **out);
void sf_elastic_single_destroy(sf_elastic_single **s);
size_t sf_elastic_single_bytes(const sf_elastic_single *s);

/* Deflection mu = (1 - cos theta)/2 of one elastic collision at kinetic
 * energy E_MeV, which lies at fraction f of grid interval i. */
double sf_elastic_single_sample_mu(const sf_elastic_single *s, int i, double f,
                                   double E_MeV, sf_rng *rng);

#endif
