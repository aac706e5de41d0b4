/* saffron-datagen DIR: writes the per-element photon data files Z001.txt ...
 * Z098.txt and their index (docs/physics-data.md) from xraylib and the
 * pair-production model of physics/bethe_heitler.c.
 *
 * The energy grid is adaptive: a base logarithmic grid plus both sides of
 * every absorption edge, refined by bisection (in ln E) until log-log
 * interpolation reproduces the source at the midpoint of every interval to
 * within GRID_TOL; a second pass then checks points at 1/4 and 3/4 of every
 * interval and reports the largest error, so the tolerance claimed in the
 * documentation is measured, not assumed.
 *
 * This is a developer tool: unlike library code it prints progress and
 * exits on failure.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <xraylib/xraylib.h>

#include "datagen.h"
#include "physics/bethe_heitler.h"
#include "physics/elements.h"
#include "physics/photon_data.h"

#define XRL_E_MAX_KEV 800.0
#define HC_KEV_ANGSTROM 12.39842
#define AVOGADRO 6.02214076e23

static void die(const char *what)
{
    fprintf(stderr, "saffron-datagen: %s\n", what);
    exit(1);
}

/* --- xraylib wrappers: an error becomes NAN (or 0 where that is the
 * physical meaning, e.g. a shell the atom does not have). -------------- */

static double xrl_checked(double v, xrl_error *err)
{
    if (err) {
        xrl_error_free(err);
        return NAN;
    }
    return v;
}

static double x_photo(int Z, double E_keV)
{
    xrl_error *err = NULL;
    double v = CS_Photo(Z, E_keV, &err);
    return xrl_checked(v, err);
}
static double x_compt(int Z, double E_keV)
{
    xrl_error *err = NULL;
    double v = CS_Compt(Z, E_keV, &err);
    return xrl_checked(v, err);
}
static double x_rayl(int Z, double E_keV)
{
    xrl_error *err = NULL;
    double v = CS_Rayl(Z, E_keV, &err);
    return xrl_checked(v, err);
}
static double x_photo_K(int Z, double E_keV)
{
    xrl_error *err = NULL;
    double v = CS_Photo_Partial(Z, K_SHELL, E_keV, &err);
    return xrl_checked(v, err);
}
static double x_edge(int Z, int shell)
{
    xrl_error *err = NULL;
    double v = EdgeEnergy(Z, shell, &err);
    v = xrl_checked(v, err);
    return isnan(v) ? 0.0 : v;
}
/* Where F(x) has fallen below 1e-5 Z, F^2 (what coherent sampling uses)
 * is below 1e-10 Z^2: errors there are judged against FS_FLOOR * Z, and
 * xraylib's spline, which swings slightly negative at such x for light
 * atoms, is clamped to 0. */
#define FS_FLOOR 1e-5

static double x_ff(int Z, double x)
{
    xrl_error *err = NULL;
    double v = FF_Rayl(Z, x, &err);
    v = xrl_checked(v, err);
    return v > 0.0 ? v : 0.0;
}
static double x_sf(int Z, double x)
{
    if (x <= 0.0)
        return 0.0; /* S(0) = 0; xraylib rejects q = 0 */
    xrl_error *err = NULL;
    double v = SF_Compt(Z, x, &err);
    return xrl_checked(v, err);
}

/* --- the element model ------------------------------------------------- */

typedef struct model {
    int Z;
    double A;            /* g/mol */
    double barn_to_cm2g; /* N_A / A * 1e-24 */
    double edge_K_keV;
    double frac_K;       /* K share of photoabsorption above the K edge */
    /* Continuation above 800 keV (docs/physics-data.md). */
    double photo_800, photo_slope, coh_800, coh_slope, incoh_ratio_800;
} model;

/* Klein-Nishina total cross section per electron, cm2 (Klein & Nishina,
 * Z. Phys. 52 (1929) 853; form of Evans, The Atomic Nucleus (1955),
 * ch. 23, eq. 3.3). */
static double klein_nishina_cm2(double E_MeV)
{
    const double re = 2.8179403262e-13;
    double k = E_MeV / SF_ELECTRON_MASS_MEV;
    double l = log(1.0 + 2.0 * k);
    return 2.0 * M_PI * re * re *
           ((1.0 + k) / (k * k) * (2.0 * (1.0 + k) / (1.0 + 2.0 * k) - l / k) +
            l / (2.0 * k) - (1.0 + 3.0 * k) / ((1.0 + 2.0 * k) * (1.0 + 2.0 * k)));
}

/* e-folding length, in ln E, of the photoelectric slope's relaxation
 * towards -1 above 800 keV (docs/physics-data.md). */
#define PHOTO_SLOPE_RELAX 1.5

/* Values of the six columns at E (MeV). */
static void dg_eval(const model *m, double E, double v[DG_NCOL])
{
    double E_keV = E * 1e3;
    if (E_keV <= XRL_E_MAX_KEV * (1.0 + 1e-12)) {
        double kev = E_keV > XRL_E_MAX_KEV ? XRL_E_MAX_KEV : E_keV;
        v[DG_PHOTO] = x_photo(m->Z, kev);
        v[DG_INCOH] = x_compt(m->Z, kev);
        v[DG_COH] = x_rayl(m->Z, kev);
    } else {
        double u = log(E_keV / XRL_E_MAX_KEV);
        /* slope s(u) = -1 + (s0 + 1) exp(-u / lambda), integrated */
        double lnr = -u + (m->photo_slope + 1.0) * PHOTO_SLOPE_RELAX *
                              (1.0 - exp(-u / PHOTO_SLOPE_RELAX));
        v[DG_PHOTO] = m->photo_800 * exp(lnr);
        v[DG_COH] = m->coh_800 * exp(m->coh_slope * u);
        double ratio = 1.0 + (m->incoh_ratio_800 - 1.0) * XRL_E_MAX_KEV / E_keV;
        v[DG_INCOH] = klein_nishina_cm2(E) * m->Z * AVOGADRO / m->A * ratio;
    }
    v[DG_PHOTO_K] = (m->edge_K_keV > 0.0 && E_keV < m->edge_K_keV)
                        ? 0.0
                        : m->frac_K * v[DG_PHOTO];
    v[DG_PAIR_NUC] = sf_bh_sigma_nuclear_barn(E, m->Z) * m->barn_to_cm2g;
    v[DG_PAIR_EL] = sf_bh_sigma_electron_barn(E, m->Z) * m->barn_to_cm2g;
}

static void model_init(model *m, int Z)
{
    memset(m, 0, sizeof *m);
    m->Z = Z;
    xrl_error *err = NULL;
    m->A = AtomicWeight(Z, &err);
    if (err || !(m->A > 0))
        die("xraylib AtomicWeight failed");
    m->barn_to_cm2g = 1e-24 * AVOGADRO / m->A;
    m->edge_K_keV = x_edge(Z, K_SHELL);

    /* K fraction: xraylib 4.0's CS_Photo_Partial is defined only up to
     * 100-300 keV and for Z <= 9 it decays to zero far above the edge, so the
     * ratio is taken once, just above the K edge (or at 1 keV), and kept:
     * the usual edge-jump approximation. H and He have only K electrons. */
    if (Z <= 2) {
        m->frac_K = 1.0;
    } else {
        double E = fmax(1.0, m->edge_K_keV * (1.0 + 1e-3));
        double f = x_photo_K(Z, E) / x_photo(Z, E);
        if (!(f > 0.0 && f <= 1.0))
            die("implausible K-shell fraction from CS_Photo_Partial");
        m->frac_K = f;
    }

    /* Continuations above 800 keV from the local slopes 700-800 keV. */
    double lo = 700.0, hi = XRL_E_MAX_KEV;
    m->photo_800 = x_photo(Z, hi);
    m->photo_slope = log(m->photo_800 / x_photo(Z, lo)) / log(hi / lo);
    m->coh_800 = x_rayl(Z, hi);
    m->coh_slope = log(m->coh_800 / x_rayl(Z, lo)) / log(hi / lo);
    double kn = klein_nishina_cm2(hi * 1e-3) * Z * AVOGADRO / m->A;
    m->incoh_ratio_800 = x_compt(Z, hi) / kn;
    if (!isfinite(m->photo_slope) || !isfinite(m->coh_slope) ||
        !isfinite(m->incoh_ratio_800))
        die("xraylib values at 700/800 keV are not usable");
}

/* --- grids ------------------------------------------------------------- */

static void grow(dg_grid *g)
{
    if (g->n < g->cap)
        return;
    g->cap = g->cap ? 2 * g->cap : 512;
    g->E = realloc(g->E, g->cap * sizeof *g->E);
    g->v = realloc(g->v, g->cap * sizeof *g->v);
    if (!g->E || !g->v)
        die("out of memory");
}

static void push(dg_grid *g, double E, const double v[DG_NCOL])
{
    grow(g);
    g->E[g->n] = E;
    memcpy(g->v[g->n], v, sizeof g->v[0]);
    g->n++;
}

/* The reader's rule (photon_data.c): log-log between positive values,
 * linear in E when either end is zero. */
double dg_interp(double E0, double y0, double E1, double y1, double E)
{
    if (y0 <= 0.0 || y1 <= 0.0)
        return y0 + (y1 - y0) * (E - E0) / (E1 - E0);
    return exp(log(y0) + log(y1 / y0) * log(E / E0) / log(E1 / E0));
}

/* Relative error of interpolation at E for every column and the total.
 * Columns whose true value is below `floor` (relative to the column's
 * scale) are judged on an absolute basis: the pair cross sections in the
 * first percent of an MeV above threshold are negligible. */
static double interp_error(const double *E0, const double *v0,
                           const double *E1, const double *v1, double E,
                           const double *truth, const double *scale)
{
    double worst = 0.0, tot_i = 0.0, tot_t = 0.0;
    for (int c = 0; c < DG_NCOL; ++c) {
        double y = dg_interp(*E0, v0[c], *E1, v1[c], E);
        double t = truth[c];
        if (c != DG_PHOTO_K) {
            tot_i += y;
            tot_t += t;
        }
        double den = fmax(fabs(t), 1e-6 * scale[c]);
        if (den <= 0.0)
            continue;
        double e = fabs(y - t) / den;
        if (e > worst)
            worst = e;
    }
    double e = fabs(tot_i - tot_t) / tot_t;
    return e > worst ? e : worst;
}

/* Bisect (E0,v0)-(E1,v1) until the midpoint is within tol; appends the
 * interior points in ascending order. */
static void refine(const model *m, dg_grid *g, double E0, const double *v0,
                   double E1, const double *v1, const double *scale,
                   double tol, int depth)
{
    double Em = sqrt(E0 * E1), vm[DG_NCOL];
    dg_eval(m, Em, vm);
    for (int c = 0; c < DG_NCOL; ++c)
        if (isnan(vm[c]))
            die("xraylib returned an error inside the grid");
    if (depth >= 30 || interp_error(&E0, v0, &E1, v1, Em, vm, scale) <= tol)
        return;
    refine(m, g, E0, v0, Em, vm, scale, tol, depth + 1);
    push(g, Em, vm);
    refine(m, g, Em, vm, E1, v1, scale, tol, depth + 1);
}

/* xraylib's CS_Photo tables carry their own edge energies, which differ
 * from EdgeEnergy by up to ~0.2%. Each EdgeEnergy value is therefore only a
 * starting point: the jump of CS_Photo is searched for in a window around
 * it (never past halfway to the neighbouring edges) and located by
 * bisection to 1e-13; [*below, *above] brackets it. Returns 0 when there is
 * no jump of at least 1% there (no edge in the tabulated data). */
static int locate_jump(int Z, double lo_keV, double hi_keV, double *below,
                       double *above)
{
    enum { N = 400 };
    double best = 0.0, a = 0.0, b = 0.0;
    double pE = lo_keV, pv = log(x_photo(Z, lo_keV));
    for (int i = 1; i <= N; ++i) {
        double E = lo_keV * pow(hi_keV / lo_keV, (double)i / N);
        double v = log(x_photo(Z, E));
        if (fabs(v - pv) > best)
            best = fabs(v - pv), a = pE, b = E;
        pE = E;
        pv = v;
    }
    /* the smooth part changes by ~3e-4 per step; a 1% jump is an edge */
    if (!(best > 0.01))
        return 0;
    double fa = log(x_photo(Z, a)), fb = log(x_photo(Z, b));
    while (b - a > 1e-13 * b) {
        double c = 0.5 * (a + b), fc = log(x_photo(Z, c));
        if (fabs(fc - fa) > fabs(fb - fc))
            b = c, fb = fc;
        else
            a = c, fa = fc;
    }
    *below = a;
    *above = b;
    return 1;
}

typedef struct knot {
    double E, E_below, E_above; /* an edge has E_below < E_above = E */
    int edge;
} knot;

static int cmp_knot(const void *a, const void *b)
{
    double x = ((const knot *)a)->E, y = ((const knot *)b)->E;
    return (x > y) - (x < y);
}

/* Absorption edges inside (E_min, 800 keV), located in the photoelectric
 * data; appends them to k[] and returns the new count. Sets the model's K
 * edge to the located K jump. */
static int find_edges(model *m, knot *k, int nk)
{
    double e[SHELLNUM_K + 1];
    int is_K[SHELLNUM_K + 1], ne = 0;
    for (int shell = K_SHELL; shell <= Q3_SHELL; ++shell) {
        double v = x_edge(m->Z, shell);
        if (v > SF_PHOTON_E_MIN_MEV * 1e3 / 1.03 &&
            v < XRL_E_MAX_KEV * 1.03) {
            e[ne] = v;
            is_K[ne++] = shell == K_SHELL;
        }
    }
    for (int i = 0; i < ne; ++i) {
        double lo = e[i] / 1.03, hi = e[i] * 1.03;
        for (int j = 0; j < ne; ++j) {
            if (e[j] < e[i] && sqrt(e[j] * e[i]) > lo)
                lo = sqrt(e[j] * e[i]);
            if (e[j] > e[i] && sqrt(e[j] * e[i]) < hi)
                hi = sqrt(e[j] * e[i]);
        }
        lo = fmax(lo, SF_PHOTON_E_MIN_MEV * 1e3 * 1.0001);
        hi = fmin(hi, XRL_E_MAX_KEV * 0.9999);
        double below, above;
        if (!(hi > lo) || !locate_jump(m->Z, lo, hi, &below, &above))
            continue;
        int dup = 0;
        for (int j = 0; j < nk; ++j)
            if (k[j].edge && fabs(k[j].E - above * 1e-3) < 1e-12)
                dup = 1;
        if (dup)
            continue;
        k[nk++] = (knot){above * 1e-3, below * 1e-3, above * 1e-3, 1};
        if (is_K[i])
            m->edge_K_keV = above;
    }
    return nk;
}

/* Builds the energy grid of one element; returns the largest interpolation
 * error found at 1/4 and 3/4 of every interval below 800 keV (*err_lo) and
 * above (*err_hi). */
static void build_energy_grid(model *m, dg_grid *g, double *err_lo,
                              double *err_hi)
{
    const double tol = DG_GRID_TOL, per_decade = 40.0;
    const double Emin = SF_PHOTON_E_MIN_MEV, Emax = SF_PHOTON_E_MAX_MEV;
    knot knots[SHELLNUM_K + 8];
    int nk = 0;
    knots[nk++] = (knot){Emin, Emin, Emin, 0};
    nk = find_edges(m, knots, nk);
    double plain[] = {XRL_E_MAX_KEV * 1e-3, 2.0 * SF_ELECTRON_MASS_MEV,
                      4.0 * SF_ELECTRON_MASS_MEV, Emax};
    for (int i = 0; i < 4; ++i)
        knots[nk++] = (knot){plain[i], plain[i], plain[i], 0};
    qsort(knots, nk, sizeof knots[0], cmp_knot);

    /* Column scales for the absolute floor: the column's largest value. */
    double scale[DG_NCOL] = {0}, tmp[DG_NCOL];
    for (double E = Emin; E <= Emax * 1.0001; E *= 1.2) {
        dg_eval(m, fmin(E, Emax), tmp);
        for (int c = 0; c < DG_NCOL; ++c)
            if (tmp[c] > scale[c])
                scale[c] = tmp[c];
    }

    g->n = 0;
    for (int s = 0; s + 1 < nk; ++s) {
        const knot *ka = &knots[s], *kb = &knots[s + 1];
        double a = ka->E, b = kb->E;
        int n = (int)ceil(per_decade * log10(b / a));
        if (n < 1)
            n = 1;
        double prevE = a, prev[DG_NCOL];
        dg_eval(m, ka->E_above, prev);
        push(g, a, prev);
        for (int i = 1; i <= n; ++i) {
            double E = i == n ? b : a * pow(b / a, (double)i / n), v[DG_NCOL];
            dg_eval(m, i == n ? kb->E_below : E, v);
            refine(m, g, prevE, prev, E, v, scale, tol, 0);
            if (i < n)
                push(g, E, v);
            prevE = E;
            memcpy(prev, v, sizeof prev);
        }
        /* The segment's end is pushed as the next segment's start, except an
         * edge, whose lower side is pushed here (two equal energies). */
        if (kb->edge)
            push(g, b, prev);
    }
    double last[DG_NCOL];
    dg_eval(m, Emax, last);
    push(g, Emax, last);

    /* Independent check between grid points. */
    *err_lo = *err_hi = 0.0;
    for (int i = 0; i + 1 < g->n; ++i) {
        if (g->E[i + 1] <= g->E[i])
            continue; /* edge */
        for (int q = 1; q <= 3; q += 2) {
            double E = g->E[i] * pow(g->E[i + 1] / g->E[i], q / 4.0), t[DG_NCOL];
            dg_eval(m, E, t);
            double e = interp_error(&g->E[i], g->v[i], &g->E[i + 1], g->v[i + 1],
                                    E, t, scale);
            double *w = E <= XRL_E_MAX_KEV * 1e-3 ? err_lo : err_hi;
            if (e > *w) {
                *w = e;
                if (getenv("DG_DEBUG") && e > 1e-3)
                    fprintf(stderr, "Z=%d E=%.9g MeV (interval %.9g-%.9g) error %.3g\n",
                            m->Z, E, g->E[i], g->E[i + 1], e);
            }
        }
    }
}

/* Momentum-transfer grid for F and S: 0, then logarithmic from X_FIRST to
 * beyond E_max / hc, refined the same way (log-log, linear next to 0). */
static void build_x_grid(int Z, dg_grid *g, double *err)
{
    const double x_first = 1e-3;
    const double x_last = SF_PHOTON_E_MAX_MEV * 1e3 / HC_KEV_ANGSTROM * 1.01;
    const double per_decade = 24.0;
    int n = (int)ceil(per_decade * log10(x_last / x_first));
    g->n = 0;
    double v[DG_NCOL] = {0};
    v[0] = Z;
    v[1] = 0.0;
    push(g, 0.0, v);
    *err = 0.0;
    double px = x_first, pv[2] = {x_ff(Z, x_first), x_sf(Z, x_first)};
    memset(v, 0, sizeof v);
    v[0] = pv[0];
    v[1] = pv[1];
    push(g, px, v);
    for (int i = 1; i <= n; ++i) {
        double x = x_first * pow(x_last / x_first, (double)i / n);
        double cur[2] = {x_ff(Z, x), x_sf(Z, x)};
        /* bisection in ln x, as for energies */
        double stack_x[64], stack_v[64][2];
        int top = 0;
        stack_x[top] = x;
        stack_v[top][0] = cur[0];
        stack_v[top][1] = cur[1];
        top++;
        while (top > 0) {
            double bx = stack_x[top - 1], *bv = stack_v[top - 1];
            double mx = sqrt(px * bx), mv[2] = {x_ff(Z, mx), x_sf(Z, mx)};
            double worst = 0.0;
            for (int c = 0; c < 2; ++c) {
                double y = dg_interp(px, pv[c], bx, bv[c], mx);
                double e = fabs(y - mv[c]) / fmax(mv[c], FS_FLOOR * Z);
                worst = e > worst ? e : worst;
            }
            if (worst > 0.4 * DG_GRID_TOL && top < 60 && bx / px > 1.0 + 1e-6) {
                stack_x[top] = mx;
                stack_v[top][0] = mv[0];
                stack_v[top][1] = mv[1];
                top++;
                continue;
            }
            memset(v, 0, sizeof v);
            v[0] = bv[0];
            v[1] = bv[1];
            push(g, bx, v);
            px = bx;
            pv[0] = bv[0];
            pv[1] = bv[1];
            top--;
        }
    }
    for (int i = 1; i + 1 < g->n; ++i)
        for (int q = 1; q <= 3; q += 2) {
            double x = g->E[i] * pow(g->E[i + 1] / g->E[i], q / 4.0);
            double t[2] = {x_ff(Z, x), x_sf(Z, x)};
            for (int c = 0; c < 2; ++c) {
                double y = dg_interp(g->E[i], g->v[i][c], g->E[i + 1],
                                     g->v[i + 1][c], x);
                double e = fabs(y - t[c]) / fmax(t[c], FS_FLOOR * Z);
                if (e > *err) {
                    *err = e;
                    if (getenv("DG_DEBUG") && e > 1e-3)
                        fprintf(stderr, "Z=%d x=%.9g (interval %.9g-%.9g) %s error %.3g\n",
                                Z, x, g->E[i], g->E[i + 1], c ? "S" : "F", e);
                }
            }
        }
}

/* --- K-shell relaxation data ------------------------------------------- */

static void relaxation(int Z, dg_relax *r)
{
    memset(r, 0, sizeof *r);
    const int shells[4] = {K_SHELL, L1_SHELL, L2_SHELL, L3_SHELL};
    for (int i = 0; i < 4; ++i)
        r->binding_MeV[i] = x_edge(Z, shells[i]) * 1e-3;
    xrl_error *err = NULL;
    double w = FluorYield(Z, K_SHELL, &err);
    r->fluor_yield_K = err ? 0.0 : w;
    if (err)
        xrl_error_free(err);
    const int lines[SF_MAX_K_LINES] = {KL2_LINE, KL3_LINE, KM2_LINE, KM3_LINE};
    const char *names[SF_MAX_K_LINES] = {"KL2", "KL3", "KM2", "KM3"};
    double sum = 0.0;
    for (int i = 0; i < SF_MAX_K_LINES; ++i) {
        err = NULL;
        double e = LineEnergy(Z, lines[i], &err);
        if (err) {
            xrl_error_free(err);
            continue;
        }
        err = NULL;
        double rate = RadRate(Z, lines[i], &err);
        if (err) {
            xrl_error_free(err);
            continue;
        }
        if (!(e > 0.0 && rate > 0.0))
            continue;
        r->line_MeV[r->n_lines] = e * 1e-3;
        r->line_prob[r->n_lines] = rate;
        r->line_name[r->n_lines] = names[i];
        r->n_lines++;
        sum += rate;
    }
    for (int i = 0; i < r->n_lines; ++i)
        r->line_prob[i] /= sum;
    if (r->n_lines == 0)
        r->fluor_yield_K = 0.0; /* nothing to emit */
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: saffron-datagen DIR\n"
                        "writes DIR/Z001.txt ... DIR/Z098.txt and DIR/index.txt\n");
        return 2;
    }
    const char *dir = argv[1];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        die("cannot create the output directory");
    dg_grid eg = {0}, xg = {0};
    double worst_lo = 0, worst_hi = 0, worst_x = 0;
    int worst_lo_Z = 0, worst_hi_Z = 0, worst_x_Z = 0;
    long total_bytes = 0;
    dg_index idx = {0};
    for (int Z = 1; Z <= SF_Z_MAX; ++Z) {
        model m;
        model_init(&m, Z);
        double err_lo, err_hi, err_x;
        build_energy_grid(&m, &eg, &err_lo, &err_hi);
        build_x_grid(Z, &xg, &err_x);
        dg_relax rx;
        relaxation(Z, &rx);
        dg_element el = {.Z = Z, .symbol = sf_element_symbol(Z),
                         .A = m.A, .frac_K = m.frac_K,
                         .photo_slope = m.photo_slope, .coh_slope = m.coh_slope,
                         .incoh_ratio_800 = m.incoh_ratio_800};
        long bytes = dg_write_element(dir, &el, &eg, &xg, &rx, &idx);
        total_bytes += bytes;
        printf("Z=%2d %-2s %4d energies %4d x  max interp. error <=800 keV "
               "%.2e, >800 keV %.2e, F/S %.2e  %ld bytes\n",
               Z, el.symbol, eg.n, xg.n, err_lo, err_hi, err_x, bytes);
        if (err_lo > worst_lo) worst_lo = err_lo, worst_lo_Z = Z;
        if (err_hi > worst_hi) worst_hi = err_hi, worst_hi_Z = Z;
        if (err_x > worst_x) worst_x = err_x, worst_x_Z = Z;
    }
    dg_write_index(dir, &idx);
    printf("largest interpolation error: %.2e (Z=%d) below 800 keV, %.2e "
           "(Z=%d) above, %.2e (Z=%d) for F/S; %ld bytes in all\n",
           worst_lo, worst_lo_Z, worst_hi, worst_hi_Z, worst_x, worst_x_Z,
           total_bytes);
    free(eg.E);
    free(eg.v);
    free(xg.E);
    free(xg.v);
    return 0;
}
