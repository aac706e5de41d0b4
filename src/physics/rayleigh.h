/* Coherent (Rayleigh) scattering: the Thomson distribution times the
 * squared atomic form factor F(x,Z)^2 (independent-atom approximation,
 * anomalous scattering factors neglected). */
#ifndef SF_RAYLEIGH_H
#define SF_RAYLEIGH_H

#include "core/error.h"
#include "physics/photon_data.h"
#include "transport/rng.h"

/* Per-element sampling table: the cumulative integral of F^2 over x^2.
 * Built once at start-up; read-only (and so shareable between threads)
 * afterwards. */
typedef struct sf_rayleigh_table sf_rayleigh_table;

/* Builds the table of element e (which must carry F(x,Z)); the only place
 * where this module allocates. */
sf_status sf_rayleigh_table_build(const sf_element_photon *e,
                                  sf_rayleigh_table **out);

/* Frees a table and clears the handle; accepts NULL and *t == NULL. */
void sf_rayleigh_table_free(sf_rayleigh_table **t);

/* Samples the cosine of the scattering angle of a photon of energy E_MeV
 * (the photon keeps its energy; the azimuth is uniform, left to the
 * caller). Pure: no allocation, no state. */
void sf_rayleigh_sample(const sf_rayleigh_table *t, double E_MeV,
                        sf_rng *rng, double *cos_theta);

#endif
