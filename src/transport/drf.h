/* Skeletal photon fluence-to-dose response functions (the DRF method of
 * ICRP Publication 116, Annex D, and ICRP 133): per bone site and skeletal
 * target, the absorbed dose to the target per unit photon fluence in the
 * site's spongiosa, Gy cm2, against photon energy. They fold in what the
 * kerma approximation leaves out: photoelectrons from the bone trabeculae
 * reaching the marrow. A user who has them gives them with `drf: FILE`
 * (docs/skeleton.md); the photon transport then scores the skeletal
 * targets with them instead of the tissue kerma (transport/skeletal_kerma.h).
 *
 * File (CSV, '#' comments, the header line first):
 *     site,target,energy_MeV,dose_per_fluence_Gy_cm2
 *     "Cranium, spongiosa",R-marrow,0.01,1.23e-11
 *     27,Endost-BS,0.01,2.01e-11
 * site: a phantom region name (quoted when it has commas) or label number;
 * target: R-marrow or Endost-BS; at least two energies per site and
 * target, each once, within the photon data's 1 keV to 20 MeV; values
 * interpolated log-log in between. */
#ifndef SF_DRF_H
#define SF_DRF_H

#include "core/error.h"
#include "geometry/phantom.h"

typedef struct sf_drf_curve {
    int label;          /* the site */
    int region;         /* sf_skeletal_region of the target */
    int n;
    double *E_MeV;      /* ascending */
    double *D_Gy_cm2;   /* >= 0 */
} sf_drf_curve;

typedef struct sf_drf_table {
    char path[4096];
    int n;
    sf_drf_curve *curve;
    char sha256[65];    /* of the file's bytes, for provenance */
} sf_drf_table;

/* Reads a DRF file, its sites resolved against the phantom. */
sf_status sf_drf_load(const char *path, const sf_phantom *ph,
                      sf_drf_table **out);

void sf_drf_destroy(sf_drf_table **t);

/* The curve of a site and target, or NULL. */
const sf_drf_curve *sf_drf_find(const sf_drf_table *t, int label, int region);

/* D(E) by log-log interpolation (linear in log D when a value is 0 at
 * either end); E must lie within the curve's energies. */
double sf_drf_at(const sf_drf_curve *c, double E_MeV);

#endif
