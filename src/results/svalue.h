/* S values: mean absorbed dose in a target per decay in a source,
 *
 *   S(T <- S) = sum_i  y_i E_i SAF(T <- S, E_i) x 1.602176634e-13 J/MeV,
 *
 * in Gy per (Bq s), over the emissions i of a spectrum (yield y_i per
 * decay, energy E_i in MeV, SAF of the emission's particle in kg^-1). SAFs
 * between the tabulated energies are interpolated linearly in log(E) and
 * log(SAF) (linearly in E where a neighbour is zero); outside the table
 * they are held at the nearest tabulated value, and the share of the
 * emitted energy that needed it is reported. The uncertainty propagates
 * each tabulated SAF's relative uncertainty to first order through the
 * interpolation (tasks are independent, so they add in quadrature). */
#ifndef SF_SVALUE_H
#define SF_SVALUE_H

#include <stddef.h>

#include "core/error.h"
#include "core/units.h"
#include "results/saf_table.h"
#include "results/spectrum.h"

typedef struct sf_svalue_point {
    size_t particle;     /* index into the table */
    double energy_MeV;
    double yield;        /* per decay */
} sf_svalue_point;

typedef struct sf_svalue_plan {
    sf_svalue_point *points;
    size_t n_points;
    double *gradient;    /* scratch: [particle][energy] */
    double energy_per_decay_MeV;
    double outside_fraction; /* of that energy, emitted outside the table */
    size_t skipped;      /* emissions of a particle left out on request */
} sf_svalue_plan;

/* Expands the spectrum's lines and bins into points on the table's
 * particles. Every particle of the spectrum must be in the table, unless
 * `only_particle` is given: then the other particles are skipped (and
 * counted), making a partial S value. */
sf_status sf_svalue_prepare(const sf_saf_table *t, const sf_spectrum *sp,
                            const char *only_particle, sf_svalue_plan **out);

void sf_svalue_plan_destroy(sf_svalue_plan **p);

/* S value (Gy per Bq s) and its relative 1-sigma uncertainty; fails when a
 * needed SAF is unknown (task not done). */
sf_status sf_svalue_compute(sf_svalue_plan *plan, const sf_saf_table *t,
                            size_t source, size_t target, double *s_gy_per_bq_s,
                            double *rel_unc);

/* Interpolated SAF at e (see above) from n tabulated energies E and SAFs
 * f[k * stride]; also the two tabulated points it depends on (ka, kb) and
 * d(result)/d(f_k) x f_k for each (ca, cb). */
double sf_svalue_interp(const double *E, const double *f, size_t stride,
                        size_t n, double e, size_t *ka, size_t *kb,
                        double *ca, double *cb);

#endif
