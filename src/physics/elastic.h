/* Elastic scattering of electrons and positrons for multiple-scattering
 * theories (Moliere, Goudsmit-Saunderson): the screened Rutherford cross
 * section with Moliere's screening parameter times the McKinley-Feshbach
 * Mott factor (spin and relativistic correction to first order in alpha Z),
 * and its transport moments in closed form. mu = (1 - cos theta)/2 is the
 * angular deflection variable. */
#ifndef SF_ELASTIC_H
#define SF_ELASTIC_H

#include "physics/material.h"
#include "transport/rng.h"

/* The elastic cross section the electron transport uses: the screened
 * Rutherford cross section times the McKinley-Feshbach Mott factor (spin
 * and relativistic effects; the default), or without it (screened
 * Rutherford alone: what EGSnrc calls "spin effects off"; for comparisons
 * with codes run so). */
typedef enum sf_elastic_model {
    SF_ELASTIC_MOTT = 0,
    SF_ELASTIC_RUTHERFORD
} sf_elastic_model;

typedef struct sf_elastic_moments {
    double screening;  /* Moliere's eta (per atom) or the mixture's
                          effective eta (per material) */
    double sigma0;     /* total cross section */
    double sigma1;     /* first transport: integral of (1 - P1) dsigma */
    double sigma2;     /* second transport: integral of (1 - P2) dsigma */
} sf_elastic_moments;

/* Moliere (1947) screening parameter of element Z for kinetic energy T. */
double sf_elastic_screening(int Z, double T_MeV);

/* d(sigma)/d(mu) per atom for electrons, cm2, for 0 <= mu <= 1. */
double sf_elastic_dcs(int Z, double T_MeV, double mu);

/* Moments per atom for electrons, cross sections in cm2. */
void sf_elastic_atom(int Z, double T_MeV, sf_elastic_moments *out);

/* The same for either particle and model. */
void sf_elastic_atom_model(int Z, double T_MeV, int positron,
                           sf_elastic_model model, sf_elastic_moments *out);

/* Coefficients of the factor R(mu) = 1 - b2 mu + q (sqrt(mu) - mu) that
 * multiplies the screened Rutherford cross section of element Z: b2 =
 * beta^2, q = +-pi alpha Z beta (electron / positron) for the Mott model,
 * both 0 for the Rutherford model. */
void sf_elastic_mott_factor(int Z, double T_MeV, int positron,
                            sf_elastic_model model, double *b2, double *q);

/* One elastic deflection mu = (1 - cos theta)/2 drawn from
 * R(mu) / (mu + eta)^2 on [0, 1] (screening eta, factor coefficients
 * b2, q of sf_elastic_mott_factor): single-scattering transport. */
double sf_elastic_sample_mu(double eta, double b2, double q, sf_rng *rng);

/* Electron moments per gram of a material, cross sections in cm2/g; the transport
 * mean free paths are lambda_l = 1 / (rho sigma_l). The screening is the
 * Z(Z+1)-weighted geometric mean of the elemental values (Moliere's rule
 * for compounds). */
void sf_elastic_material(const sf_material *m, double T_MeV,
                         sf_elastic_moments *out);

/* The same for electrons (positron = 0) or positrons (positron = 1) and
 * either model: the Mott factor's alpha Z term changes sign with the
 * charge. sf_elastic_material is the electron case of the Mott model. */
void sf_elastic_material_particle(const sf_material *m, double T_MeV,
                                  int positron, sf_elastic_model model,
                                  sf_elastic_moments *out);

#endif
