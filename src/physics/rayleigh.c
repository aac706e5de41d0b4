/* Coherent scattering sampler.
 *
 * d(sigma)/d(cos theta) = pi r_e^2 (1 + cos^2 theta) F^2(x, Z), with
 * x = sin(theta/2)/lambda = x_max sqrt((1 - cos theta)/2), x_max = E/hc
 * (Hubbell and Overbo, J. Phys. Chem. Ref. Data 8 (1979) 69). Since
 * x^2 = x_max^2 (1 - cos theta)/2 is linear in cos theta, the density of
 * x^2 on (0, x_max^2) is proportional to F^2(x) (1 + cos^2 theta)/2: x^2 is
 * drawn from F^2 truncated at x_max^2 and kept with probability
 * (1 + cos^2 theta)/2 >= 1/2 (the method of PENELOPE, F. Salvat,
 * PENELOPE-2018 manual, NEA/MBDAV/R(2019)1, section 2.1, "Rayleigh
 * scattering"; PENELOPE inverts the cumulative with its RITA
 * interpolation, here a dense piecewise-linear table is used instead).
 *
 * Table: F^2 is tabulated on a grid uniform in log(x^2) with
 * POINTS_PER_DECADE points per decade, from X2_LOW to x_max^2 at the
 * highest tabulated energy, plus x^2 = 0; between grid points F^2 is taken
 * linear in x^2, so the cumulative is piecewise quadratic and is inverted
 * exactly. With 256 points per decade the local error of the linear
 * interpolant is below (ln 10/256)^2 p(p-1)/8 ~ 2e-4 even where F^2 falls
 * like (x^2)^-4 (p = -4), far below the statistical resolution of any
 * dosimetry run. Below X2_LOW F^2 differs from Z^2 by less than 1e-5.
 */
#include "physics/rayleigh.h"

#include <math.h>
#include <stdlib.h>

#include "physics/compton.h" /* SF_HC_MEV_ANGSTROM */

#define POINTS_PER_DECADE 256
#define X2_LOW 1.0e-6 /* angstrom^-2 */

struct sf_rayleigh_table {
    int Z;
    int n;         /* grid points */
    double *x2;    /* x^2 in angstrom^-2, ascending, x2[0] = 0 */
    double *f2;    /* F^2 at x2 */
    double *slope; /* (f2[i+1] - f2[i]) / (x2[i+1] - x2[i]) */
    double *cum;   /* integral of the interpolant from 0 to x2[i] */
};

void sf_rayleigh_table_free(sf_rayleigh_table **t)
{
    if (!t || !*t)
        return;
    free((*t)->x2);
    free((*t)->f2);
    free((*t)->slope);
    free((*t)->cum);
    free(*t);
    *t = NULL;
}

/* Integral of the linear interpolant over the first d of segment i. */
static double segment_integral(const sf_rayleigh_table *t, int i, double d)
{
    return d * (t->f2[i] + 0.5 * t->slope[i] * d);
}

static sf_status fill_table(const sf_element_photon *e, sf_rayleigh_table *t)
{
    double x_top = SF_PHOTON_E_MAX_MEV / SF_HC_MEV_ANGSTROM;
    double x_data = e->x_inv_angstrom[e->n_x - 1];
    if (x_data < x_top)
        x_top = x_data; /* beyond the data F^2 is negligible anyway */
    double x2_top = x_top * x_top;
    if (!(x2_top > 10.0 * X2_LOW))
        SF_FAIL(SF_ERR_VALUE, "Z=%d: form factor grid ends at x=%g 1/A, "
                "too short for coherent scattering", e->Z, x_data);
    double decades = log10(x2_top / X2_LOW);
    int n_log = (int)ceil(decades * POINTS_PER_DECADE) + 1;
    t->n = n_log + 1;
    t->x2 = malloc(sizeof(double) * (size_t)t->n);
    t->f2 = malloc(sizeof(double) * (size_t)t->n);
    t->slope = malloc(sizeof(double) * (size_t)t->n);
    t->cum = malloc(sizeof(double) * (size_t)t->n);
    if (!t->x2 || !t->f2 || !t->slope || !t->cum)
        SF_FAIL(SF_ERR_NOMEM, "Z=%d: no memory for the coherent table", e->Z);
    t->x2[0] = 0.0;
    for (int i = 0; i < n_log; ++i)
        t->x2[i + 1] = X2_LOW * pow(x2_top / X2_LOW, (double)i / (n_log - 1));
    t->x2[t->n - 1] = x2_top;
    for (int i = 0; i < t->n; ++i) {
        double F = sf_element_form_factor(e, sqrt(t->x2[i]));
        t->f2[i] = F * F;
    }
    t->cum[0] = 0.0;
    for (int i = 0; i + 1 < t->n; ++i) {
        t->slope[i] = (t->f2[i + 1] - t->f2[i]) / (t->x2[i + 1] - t->x2[i]);
        t->cum[i + 1] = t->cum[i] +
                        segment_integral(t, i, t->x2[i + 1] - t->x2[i]);
    }
    t->slope[t->n - 1] = 0.0;
    return SF_OK;
}

sf_status sf_rayleigh_table_build(const sf_element_photon *e,
                                  sf_rayleigh_table **out)
{
    *out = NULL;
    if (!e || e->n_x < 2 || e->x_inv_angstrom[0] != 0.0 || !e->form_factor)
        SF_FAIL(SF_ERR_VALUE, "Z=%d: no form factor table loaded",
                e ? e->Z : 0);
    sf_rayleigh_table *t = calloc(1, sizeof *t);
    if (!t)
        SF_FAIL(SF_ERR_NOMEM, "Z=%d: no memory for the coherent table", e->Z);
    t->Z = e->Z;
    sf_status st = fill_table(e, t);
    if (st != SF_OK) {
        sf_rayleigh_table_free(&t);
        return st;
    }
    *out = t;
    return SF_OK;
}

/* Largest i in [lo, hi] with a[i] <= v (a ascending, a[lo] <= v). */
static int search(const double *a, int lo, int hi, double v)
{
    /* Each halving by selects (the comparison is a coin toss). */
    while (hi > lo) {
        int mid = lo + (hi - lo + 1) / 2;
        int below = a[mid] <= v;
        lo = below ? mid : lo;
        hi = below ? hi : mid - 1;
    }
    return lo;
}

/* x^2 at which the cumulative reaches c, within segment j. The cumulative
 * in the segment is d (f2 + slope d / 2); its root is written in the form
 * 2c / (f2 + sqrt(f2^2 + 2 slope c)), which does not cancel when the slope
 * is small or negative. Segments above `last` are not searched. */
static double invert(const sf_rayleigh_table *t, int last, double c)
{
    int j = search(t->cum, 0, last, c);
    double rest = c - t->cum[j];
    double disc = t->f2[j] * t->f2[j] + 2.0 * t->slope[j] * rest;
    double denom = t->f2[j] + sqrt(disc > 0.0 ? disc : 0.0);
    double d = denom > 0.0 ? 2.0 * rest / denom : 0.0;
    return t->x2[j] + d;
}

void sf_rayleigh_sample(const sf_rayleigh_table *t, double E_MeV,
                        sf_rng *rng, double *cos_theta)
{
    double x_max = E_MeV / SF_HC_MEV_ANGSTROM;
    double x2_max = x_max * x_max;
    double x2_end = x2_max < t->x2[t->n - 1] ? x2_max : t->x2[t->n - 1];
    int i = search(t->x2, 0, t->n - 1, x2_end);
    double c_max = t->cum[i] + segment_integral(t, i, x2_end - t->x2[i]);
    for (;;) {
        double x2 = invert(t, i, sf_rng_uniform32(rng) * c_max);
        if (x2 > x2_end)
            x2 = x2_end; /* rounding */
        double mu = 1.0 - 2.0 * x2 / x2_max;
        if (2.0 * sf_rng_uniform32(rng) <= 1.0 + mu * mu) {
            *cos_theta = mu;
            return;
        }
    }
}
