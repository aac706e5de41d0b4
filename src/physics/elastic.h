/* Elastic scattering of electrons and positrons for multiple-scattering
 * theories (Moliere, Goudsmit-Saunderson): the screened Rutherford cross
 * section with Moliere's screening parameter times the McKinley-Feshbach
 * Mott factor (spin and relativistic correction to first order in alpha Z),
 * and its transport moments in closed form. mu = (1 - cos theta)/2 is the
 * angular deflection variable. */
#ifndef SF_ELASTIC_H
#define SF_ELASTIC_H

#include "physics/material.h"

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

/* Electron moments per gram of a material, cross sections in cm2/g; the transport
 * mean free paths are lambda_l = 1 / (rho sigma_l). The screening is the
 * Z(Z+1)-weighted geometric mean of the elemental values (Moliere's rule
 * for compounds). */
void sf_elastic_material(const sf_material *m, double T_MeV,
                         sf_elastic_moments *out);

/* The same for electrons (positron = 0) or positrons (positron = 1): the
 * Mott factor's alpha Z term changes sign. sf_elastic_material is the
 * electron case. */
void sf_elastic_material_particle(const sf_material *m, double T_MeV,
                                  int positron, sf_elastic_moments *out);

#endif
