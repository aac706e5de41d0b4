/* Materials: mixtures given by elemental mass fractions and a density. */
#ifndef SF_MATERIAL_H
#define SF_MATERIAL_H

#include "core/error.h"
#include "physics/photon_data.h"

#define SF_MAX_MAT_ELEMENTS 24
#define SF_MATERIAL_NAME_MAX 96

typedef struct sf_material {
    char name[SF_MATERIAL_NAME_MAX];
    int n_elements;
    int Z[SF_MAX_MAT_ELEMENTS];
    double mass_fraction[SF_MAX_MAT_ELEMENTS]; /* normalised to sum to 1 */
    double density_g_cm3;                       /* nominal density */
} sf_material;

/* Builds a material from element symbols and mass fractions in percent.
 * Elements with a zero fraction are dropped. The fractions must sum to
 * 100 +/- 1 % (they are then renormalised), every symbol must be known, the
 * density must be > 0. `origin` ("AM_media.dat:12") prefixes error lines. */
sf_status sf_material_from_percent(const char *name, const char *origin,
                                   int n, const char *const *symbols,
                                   const double *percent,
                                   double density_g_cm3, sf_material *out);

/* Same, elements given by Z and fractions in any unit that sums to `total`
 * (100 for percent, 1 for fractions). */
sf_status sf_material_from_z(const char *name, const char *origin, int n,
                             const int *Z, const double *fractions,
                             double total, double density_g_cm3,
                             sf_material *out);

/* Built-in materials: "water", "soft_tissue" (ICRU four-component soft
 * tissue... see material.c for the sources), "cortical_bone" (ICRU 44),
 * "lung" (ICRU 44), "air" (dry air near sea level), "red_marrow" and
 * "yellow_marrow" (ICRU 46). Names match
 * case-insensitively, '-' and ' ' equal '_'. */
sf_status sf_material_builtin(const char *name, sf_material *out);
int sf_material_builtin_count(void);
const char *sf_material_builtin_name(int i);

/* Mass attenuation coefficients in cm2/g at one energy, computed exactly from
 * the element tables (mixture rule). */
typedef struct sf_mu_rho {
    double total_cm2_g;
    double process_cm2_g[SF_NPROC];
} sf_mu_rho;

sf_status sf_material_load_elements(sf_photon_data *pd, const sf_material *m);
void sf_material_mu_rho(const sf_photon_data *pd, const sf_material *m,
                        double E_MeV, sf_mu_rho *out);

#endif
