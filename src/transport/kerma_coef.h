/* Kerma coefficients for the expected-value kerma estimator: per material
 * and point of the photon cross-section grid, eta(E) = sum over elements
 * and processes of w_k sigma_kp(E) T_kp(E) in MeV cm2/g, where T_kp is the
 * mean energy a collision of process p on element k gives to charged
 * particles or leaves on the spot (physics/energy_transfer.h). It is what
 * an analogue kerma-mode collision deposits on average per unit mass
 * path, so scoring rho eta(E) / mu_majorant at every tentative Woodcock
 * collision estimates the same energy as the analogue deposits do
 * (docs/variance-reduction.md). */
#ifndef SF_KERMA_COEF_H
#define SF_KERMA_COEF_H

#include "core/error.h"
#include "physics/material.h"
#include "physics/photon_data.h"
#include "physics/photon_xs.h"

/* Allocates and fills [material][grid] (n_materials x n_grid doubles),
 * MeV cm2/g, interpolated with sf_xs_interp like the cross sections. */
sf_status sf_kerma_coef_build(const sf_photon_data *pd,
                              const sf_photon_xs *xs, double **out);

/* The same for a material the transport does not use (a skeletal tissue,
 * transport/skeletal_kerma.h), on the grid of xs: row has xs->n_grid
 * doubles. Its elements must be among the slots of xs. */
sf_status sf_kerma_coef_material(const sf_photon_data *pd,
                                 const sf_photon_xs *xs, const sf_material *m,
                                 double *row);

#endif
