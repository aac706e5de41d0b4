/* Interface tests (issue 11, deliverable 3): depth-dose through a
 * tissue/bone and a water/lung interface with the source on the soft-tissue
 * side, coupled mode, default condensed-history settings.
 *
 * Geometry. Laterally infinite slabs: one column of voxels 200 cm wide in x
 * and y (far beyond any electron range, even in lung at 0.296 g/cm3) and
 * thin in z; every layer (or group of layers) is its own label, so the
 * per-label tallies are the depth-dose integrated over the plane. The
 * source is an isotropic plane source: a region source over one thin
 * layer (uniform over the 200 cm square). By lateral integration this is
 * also the answer for a point source when the scoring region is the whole
 * layer. Depth-dose = energy per history / mass thickness of the bin,
 * MeV cm2/g per emitted particle, plotted against mass depth.
 *
 * 1. Tissue/bone: dose enhancement ratio (DER) of Kwok, Bialobzyski, Yu &
 *    Prestwich, "Effect of tissue inhomogeneity on dose distribution of
 *    point sources of low-energy electrons", Med. Phys. 17, 786 (1990).
 *    Point sources of 204Tl and 147Pm in red marrow (RM) 12 mg/cm2 from a
 *    planar interface with cortical bone (CB); DER = dose in RM averaged
 *    over 0-12 mg/cm2 from the interface with CB present / the same
 *    without CB (homogeneous RM). Published (abstract): measured with
 *    ultrathin LiF TLDs in CB- and RM-equivalent plastics,
 *    204Tl 1.08 +/- 0.03 (SE), 147Pm 1.03 +/- 0.03 (SE); Monte Carlo (EGS
 *    and the TIGER series) 1.05 +/- 0.02 and 1.01 +/- 0.02.
 *    Here: ICRU 44 red marrow (1.03 g/cm3) and cortical bone (1.92 g/cm3),
 *    beta spectra of ICRP Publication 107, the scoring region the whole RM
 *    layer between the interface and the source (our reading of the
 *    abstract: the lateral extent of the TLDs is not given there).
 *    Tolerance: the two references are two answers of one paper and differ
 *    by 0.02-0.03; the DER must lie in the band they span, each widened by
 *    twice its own standard error ([1.01, 1.14] for 204Tl, [0.97, 1.09]
 *    for 147Pm), plus 3 sigma of the run.
 *    The same ratio with water instead of RM is printed (the issue's
 *    water/bone pair; not compared: the reference is RM).
 *
 * 2. Water/lung and water/bone at 1 MeV (the energy of issue 11): a plane
 *    source of 1 MeV electrons in water 0.1 g/cm2 from the interface. No
 *    published depth-dose through such an interface was found; the
 *    reference is a theorem: in slab geometry with a laterally uniform
 *    source, the Boltzmann equation written in mass depth contains the
 *    densities only through the interaction cross sections per unit mass,
 *    so the depth-dose per unit mass against mass depth does not depend on
 *    the density of any layer (Fano's theorem, Radiat. Res. 1, 237 (1954),
 *    in the form of O'Connor's density-scaling theorem, Phys. Med. Biol. 1,
 *    352 (1957), which is exact for a laterally infinite geometry). So
 *    water | lung (ICRU 44 lung tissue at the inflated density 0.296 g/cm3)
 *    must give, bin for bin in mass depth, the dose of water | the same
 *    lung tissue at 4 x 0.296 = 1.184 g/cm3, and water | cortical bone at
 *    1.92 g/cm3 the dose of water | the same bone at 0.96 g/cm3. This tests
 *    what a density jump at a medium change does to the step, boundary and
 *    energy-deposition logic, with a large density jump (factor 3.4 down,
 *    1.9 up). saffron builds the electron tables of a medium at its nominal
 *    density (the density effect is not rescaled) and tracks photons with
 *    the same per-mass data, so the theorem holds for it exactly up to the
 *    bremsstrahlung photons that leave the 200 cm wide slab sideways
 *    (radiative yield of 1 MeV electrons in water 0.4 %; the part of it
 *    absorbed within the slab is a few per cent of that): allowance 0.1 %.
 *    Tolerance: every bin with at least 1 % of the peak dose within 4
 *    combined sigma + 0.1 %; the three reported quantities (water side
 *    0-0.05 g/cm2 before the interface, the first 5 bins beyond it: 0.06
 *    g/cm2 of lung, 0.1 g/cm2 of bone, the whole second medium) within 3
 *    sigma + 0.1 %. The two runs also differ in where the boundary step
 *    limit acts (a label of several voxels gives a smaller lower bound of
 *    the distance to its faces), so a step-size dependence of the result
 *    at the interface would show here too. The backscatter dose
 *    factor (water | bone and water | lung over homogeneous water, per bin)
 *    is printed for information.
 *
 * Histories: SAFFRON_INTERFACE_HISTORIES scales every run (default 1,
 * i.e. the counts below; e.g. 10 for the validation report). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <omp.h>
#include <stdio.h>

#include "physics/material.h"
#include "test_support.h"
#include "transport/task_run.h"

#define TEST_NAME "interfaces"
#define MAX_VOXELS 2048
#define MAX_LABELS 512
#define MAX_MEDIA 3
#define LATERAL_CM 200.0

static double history_scale(void)
{
    const char *env = getenv("SAFFRON_INTERFACE_HISTORIES");
    double s = env ? atof(env) : 1.0;
    return s > 0 ? s : 1.0;
}

/* ---- laterally infinite slabs ------------------------------------------ */

typedef struct slab {
    int nz;
    double dz_cm;
    int n_media;
    sf_material media[MAX_MEDIA];
    int medium[MAX_VOXELS];
    double rho[MAX_VOXELS];
    uint16_t label[MAX_VOXELS];
    int n_labels;                 /* labels 1 .. n_labels - 1 in use */
    double label_t[MAX_LABELS];   /* mass thickness of each label, g/cm2 */
    double label_z[MAX_LABELS];   /* mass depth of its upstream face, g/cm2 */
} slab;

static void slab_init(slab *s, double dz_cm)
{
    memset(s, 0, sizeof *s);
    s->dz_cm = dz_cm;
    s->n_labels = 1; /* label 0 stays unused */
}

static int slab_medium(slab *s, const sf_material *m)
{
    assert_true(s->n_media < MAX_MEDIA);
    s->media[s->n_media] = *m;
    return s->n_media++;
}

/* Appends n voxels of one medium and density along +z, a new label every
 * per_label voxels; returns the first of the new labels. */
static int slab_add(slab *s, int n, int medium, double rho, int per_label)
{
    int first = s->n_labels;
    for (int i = 0; i < n; ++i) {
        assert_true(s->nz < MAX_VOXELS);
        if (i % per_label == 0) {
            assert_true(s->n_labels < MAX_LABELS);
            double z = 0;
            for (int l = 1; l < s->n_labels; ++l)
                z += s->label_t[l];
            s->label_z[s->n_labels] = z;
            s->label_t[s->n_labels] = 0;
            s->n_labels++;
        }
        int l = s->n_labels - 1;
        s->medium[s->nz] = medium;
        s->rho[s->nz] = rho;
        s->label[s->nz] = (uint16_t)l;
        s->label_t[l] += rho * s->dz_cm;
        s->nz++;
    }
    return first;
}

#define MAX_SUMS 4

/* Per-label energies, and sums over label ranges [sum_lo, sum_hi] scored
 * as targets of their own: the labels of one history are correlated (an
 * electron deposits in neighbouring layers), so the variance of a sum is
 * not the sum of the labels' variances. The caller sets n_sums and the
 * ranges before slab_run. */
typedef struct slab_dose {
    double e[MAX_LABELS];   /* MeV per history in each label */
    double var[MAX_LABELS]; /* variance of that mean, MeV^2 */
    int n_sums, sum_lo[MAX_SUMS], sum_hi[MAX_SUMS];
    double sum_e[MAX_SUMS], sum_var[MAX_SUMS];
    double seconds;
    uint64_t histories;
} slab_dose;

/* Isotropic plane source (uniform per unit mass over label src) of the
 * given lines; particle counts N; stream (seed, task). */
static void slab_run(const slab *s, int particle, const double *E,
                     const double *yield, int n_lines, int src, uint64_t N,
                     uint32_t task, slab_dose *out)
{
    sf_phantom *ph = sf_test_box_phantom(1, 1, s->nz, s->dz_cm, "water", 1.0,
                                         s->n_labels);
    ph->spacing_cm[0] = ph->spacing_cm[1] = LATERAL_CM;
    sf_material *media = realloc(ph->media, (size_t)s->n_media * sizeof *media);
    assert_non_null(media);
    memcpy(media, s->media, (size_t)s->n_media * sizeof *media);
    ph->media = media;
    ph->n_media = s->n_media;
    for (int z = 0; z < s->nz; ++z) {
        ph->label[z] = s->label[z];
        ph->regions[s->label[z]].medium = s->medium[z];
        ph->regions[s->label[z]].density_g_cm3 = s->rho[z];
    }
    sf_phantom_update_masses(ph);

    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    sf_source *source = NULL;
    uint16_t l = (uint16_t)src;
    assert_int_equal(sf_source_region(ph, &l, 1, particle, &source), SF_OK);
    assert_int_equal(sf_source_set_spectrum(source, E, yield, n_lines), SF_OK);
    /* Targets: labels 1 .. n_labels - 1, then the sums. */
    const int n_lab = s->n_labels - 1, n_sums = out->n_sums;
    const char *names[MAX_LABELS + MAX_SUMS];
    int offsets[MAX_LABELS + MAX_SUMS + 1];
    uint16_t members[2 * MAX_LABELS * (MAX_SUMS + 1)];
    int m = 0;
    for (int l = 1; l <= n_lab; ++l) {
        names[l - 1] = "layer";
        offsets[l - 1] = m;
        members[m++] = (uint16_t)l;
    }
    for (int k = 0; k < n_sums; ++k) {
        names[n_lab + k] = "sum";
        offsets[n_lab + k] = m;
        for (int l = out->sum_lo[k]; l <= out->sum_hi[k]; ++l)
            members[m++] = (uint16_t)l;
    }
    offsets[n_lab + n_sums] = m;
    sf_target_map *map = NULL;
    assert_int_equal(sf_target_map_from_sets(ph, n_lab + n_sums, names,
                                             offsets, members, &map), SF_OK);
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(map->n_targets, &t), SF_OK);
    sf_stream_id id = {20110u, task};
    double t0 = omp_get_wtime();
    assert_int_equal(sf_task_run(w, source, map, id, 0, N, 2, t), SF_OK);
    out->seconds = omp_get_wtime() - t0;
    out->histories = N;
    memset(out->e, 0, sizeof out->e);
    memset(out->var, 0, sizeof out->var);
    for (int i = 0; i < map->n_targets; ++i) {
        double mean, rel;
        sf_tally_target_mean(t, i, &mean, &rel);
        double var = (mean * rel) * (mean * rel);
        if (i < n_lab) {
            out->e[i + 1] = mean;
            out->var[i + 1] = var;
        } else {
            out->sum_e[i - n_lab] = mean;
            out->sum_var[i - n_lab] = var;
        }
    }
    assert_true(sf_tally_balance_error(t) <= 1e-9);
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&source);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

/* Sum of the energies of labels [a, b] (one of the run's sums) and its
 * variance. */
static double sum_labels(const slab_dose *d, int a, int b, double *var)
{
    for (int k = 0; k < d->n_sums; ++k)
        if (d->sum_lo[k] == a && d->sum_hi[k] == b) {
            *var = d->sum_var[k];
            return d->sum_e[k];
        }
    *var = 0;
    fail_msg("labels %d-%d were not scored as a sum", a, b);
    return 0;
}

/* Declares the range [a, b] as a sum to score. */
static void add_sum(slab_dose *d, int a, int b)
{
    assert_true(d->n_sums < MAX_SUMS);
    d->sum_lo[d->n_sums] = a;
    d->sum_hi[d->n_sums] = b;
    d->n_sums++;
}

/* Ratio of two independent estimates and its standard deviation. */
static double ratio_of(double a, double va, double b, double vb, double *sigma)
{
    double r = a / b;
    *sigma = r * sqrt(va / (a * a) + vb / (b * b));
    return r;
}

static void builtin(const char *name, sf_material *m)
{
    assert_int_equal(sf_material_builtin(name, m), SF_OK);
}

/* ---- 1. tissue / cortical bone: Kwok et al. 1990 ------------------------- */

/* ICRP Publication 107 (Ann. ICRP 38(3), 2008) beta-minus spectra,
 * file ICRP-07.BET as distributed with OpenGATE (opengate/data/icrp107):
 * energy (MeV), dN/dE (per MeV per decay). The published grid is kept from
 * 1 keV up (below it the spectra are flat to 0.3 %; the points dropped
 * change the integrals by less than 1e-6). */
static const double tl204_beta[][2] = {
    {0, 2.711}, {0.001, 2.702}, {0.0011, 2.702}, {0.0012, 2.701},
    {0.0013, 2.7}, {0.0014, 2.699}, {0.0015, 2.698}, {0.0016, 2.698},
    {0.0018, 2.696}, {0.002, 2.694}, {0.0022, 2.693}, {0.0024, 2.691},
    {0.0026, 2.689}, {0.0028, 2.688}, {0.003, 2.686}, {0.0032, 2.684},
    {0.0036, 2.681}, {0.004, 2.678}, {0.0045, 2.674}, {0.005, 2.669},
    {0.0055, 2.665}, {0.006, 2.661}, {0.0065, 2.657}, {0.007, 2.653},
    {0.0075, 2.649}, {0.008, 2.645}, {0.0085, 2.64}, {0.009, 2.636},
    {0.01, 2.628}, {0.011, 2.62}, {0.012, 2.611}, {0.013, 2.603},
    {0.014, 2.595}, {0.015, 2.587}, {0.016, 2.578}, {0.018, 2.576},
    {0.02, 2.569}, {0.022, 2.562}, {0.024, 2.555}, {0.026, 2.549},
    {0.028, 2.542}, {0.03, 2.535}, {0.032, 2.528}, {0.036, 2.514},
    {0.04, 2.5}, {0.045, 2.482}, {0.05, 2.464}, {0.055, 2.446},
    {0.06, 2.428}, {0.065, 2.41}, {0.07, 2.391}, {0.075, 2.373},
    {0.08, 2.354}, {0.085, 2.336}, {0.09, 2.317}, {0.1, 2.28},
    {0.11, 2.242}, {0.12, 2.205}, {0.13, 2.168}, {0.14, 2.131},
    {0.15, 2.094}, {0.16, 2.057}, {0.18, 1.984}, {0.2, 1.912},
    {0.22, 1.842}, {0.24, 1.773}, {0.26, 1.705}, {0.28, 1.637},
    {0.3, 1.57}, {0.32, 1.504}, {0.36, 1.37}, {0.4, 1.234},
    {0.45, 1.056}, {0.5, 0.8662}, {0.55, 0.6647}, {0.6, 0.4578},
    {0.65, 0.2598}, {0.7, 0.09598}, {0.75, 0.005222}, {0.7637, 0}};
static const double pm147_beta[][2] = {
    {0, 11.3}, {0.001, 11.22}, {0.0011, 11.21}, {0.0012, 11.2},
    {0.0013, 11.2}, {0.0014, 11.19}, {0.0015, 11.18}, {0.0016, 11.17},
    {0.0018, 11.16}, {0.002, 11.14}, {0.0022, 11.13}, {0.0024, 11.11},
    {0.0026, 11.09}, {0.0028, 11.08}, {0.003, 11.06}, {0.0032, 11.05},
    {0.0036, 11.02}, {0.004, 10.99}, {0.0045, 10.95}, {0.005, 10.91},
    {0.0055, 10.87}, {0.006, 10.83}, {0.0065, 10.79}, {0.007, 10.75},
    {0.0075, 10.71}, {0.008, 10.67}, {0.0085, 10.64}, {0.009, 10.6},
    {0.01, 10.52}, {0.011, 10.45}, {0.012, 10.39}, {0.013, 10.32},
    {0.014, 10.26}, {0.015, 10.19}, {0.016, 10.13}, {0.018, 9.998},
    {0.02, 9.868}, {0.022, 9.737}, {0.024, 9.606}, {0.026, 9.475},
    {0.028, 9.343}, {0.03, 9.211}, {0.032, 9.078}, {0.036, 8.813},
    {0.04, 8.547}, {0.045, 8.214}, {0.05, 7.881}, {0.055, 7.549},
    {0.06, 7.217}, {0.065, 6.886}, {0.07, 6.557}, {0.075, 6.231},
    {0.08, 5.907}, {0.085, 5.585}, {0.09, 5.268}, {0.1, 4.645},
    {0.11, 4.042}, {0.12, 3.462}, {0.13, 2.911}, {0.14, 2.392},
    {0.15, 1.911}, {0.16, 1.471}, {0.18, 0.7387}, {0.2, 0.2364},
    {0.22, 0.008685}, {0.2246, 0}};

#define MAX_LINES 256

/* Lines for the source: the spectrum (piecewise linear between the
 * published points) cut into bins of width h; each bin becomes one line
 * at its mean energy with its integral as yield, so the mean energy is
 * exact. Returns the number of lines; *mean = mean energy (MeV). */
static int spectrum_lines(const double (*p)[2], int n, double h, double *E,
                          double *Y, double *mean)
{
    double end = p[n - 1][0];
    int nb = (int)ceil(end / h - 1e-9);
    assert_true(nb <= MAX_LINES);
    double total = 0, first = 0;
    for (int b = 0; b < nb; ++b) {
        double lo = b * h, hi = fmin((b + 1) * h, end), w = 0, m = 0;
        for (int i = 0; i + 1 < n; ++i) {
            double a = fmax(p[i][0], lo), c = fmin(p[i + 1][0], hi);
            if (c <= a)
                continue;
            /* exact integrals of f and E f over [a, c] for linear f */
            double s = (p[i + 1][1] - p[i][1]) / (p[i + 1][0] - p[i][0]);
            double fa = p[i][1] + s * (a - p[i][0]);
            double fc = p[i][1] + s * (c - p[i][0]);
            w += 0.5 * (fa + fc) * (c - a);
            m += (c - a) * (a * (2 * fa + fc) + c * (fa + 2 * fc)) / 6;
        }
        E[b] = fmax(m / w, 1.001e-3); /* the source takes lines >= 1 keV */
        Y[b] = w;
        total += w;
        first += E[b] * w;
    }
    *mean = first / total;
    return nb;
}

static void red_marrow(sf_material *m)
{
    /* ICRU Report 44 (1989), red marrow (adult), % by mass; 1.03 g/cm3. */
    const char *sym[] = {"H", "C", "N", "O", "P", "S", "Cl", "K", "Fe"};
    const double pct[] = {10.5, 41.4, 3.4, 43.9, 0.1, 0.2, 0.2, 0.2, 0.1};
    assert_int_equal(sf_material_from_percent("red_marrow", "ICRU 44", 9, sym,
                                              pct, 1.03, m), SF_OK);
}

enum { KWOK_SCORE_BINS = 24 }; /* 0.5 mg/cm2 bins over 0-12 mg/cm2 */

/* Energy per history in the tissue layer 0-12 mg/cm2 from the interface,
 * with bone (with_bone) or tissue beyond it. */
static double kwok_run(const sf_material *tissue, int with_bone,
                       const double *E, const double *Y, int n_lines,
                       uint64_t N, uint32_t task, double *var,
                       double *seconds)
{
    const double bin = 0.5e-3; /* g/cm2 of tissue per voxel */
    const double rho_t = tissue->density_g_cm3;
    slab s;
    slab_init(&s, bin / rho_t);
    int mt = slab_medium(&s, tissue), mb = mt;
    double rho_b = rho_t;
    if (with_bone) {
        sf_material bone;
        builtin("cortical_bone", &bone);
        rho_b = bone.density_g_cm3;
        mb = slab_medium(&s, &bone);
    }
    /* 0.35 g/cm2 of tissue behind the source (the 204Tl end point, 0.76
     * MeV, has a CSDA range of 0.27 g/cm2 in water), the source layer
     * 12-12.5 mg/cm2 from the interface, the scoring layer, 0.35 g/cm2 of
     * bone (or tissue). */
    slab_add(&s, 700, mt, rho_t, 50);
    int src = slab_add(&s, 1, mt, rho_t, 1);
    int first = slab_add(&s, KWOK_SCORE_BINS, mt, rho_t, 1);
    int nb = (int)ceil(0.35 / (rho_b * s.dz_cm));
    slab_add(&s, nb, mb, rho_b, 25);
    slab_dose d = {.n_sums = 0};
    add_sum(&d, first, first + KWOK_SCORE_BINS - 1);
    slab_run(&s, SF_PARTICLE_ELECTRON, E, Y, n_lines, src, N, task, &d);
    *seconds = d.seconds;
    return sum_labels(&d, first, first + KWOK_SCORE_BINS - 1, var);
}

typedef struct kwok_ref {
    const char *nuclide;
    const double (*spectrum)[2];
    int n_points;
    double icrp_mean_MeV;      /* ICRP 107 mean beta energy */
    double bin_MeV;            /* line spacing for the source */
    double measured, measured_se;
    double mc, mc_se;          /* EGS / TIGER */
    uint64_t histories;
    uint32_t task;
} kwok_ref;

static void check_kwok(const kwok_ref *k)
{
    double E[MAX_LINES], Y[MAX_LINES], mean;
    int n = spectrum_lines(k->spectrum, k->n_points, k->bin_MeV, E, Y, &mean);
    printf("%s: ICRP 107 spectrum, %d lines, mean %.5f MeV (ICRP 107 mean "
           "%.5f MeV)\n", k->nuclide, n, mean, k->icrp_mean_MeV);
    /* The table as transcribed must reproduce the published mean. */
    assert_true(fabs(mean / k->icrp_mean_MeV - 1) < 0.005);

    uint64_t N = (uint64_t)(k->histories * history_scale());
    sf_material rm, water;
    red_marrow(&rm);
    builtin("water", &water);
    const sf_material *tissue[2] = {&rm, &water};
    const char *tname[2] = {"red marrow (ICRU 44)", "water"};
    double der[2], sig[2];
    for (int t = 0; t < 2; ++t) {
        double v_het, v_hom, s_het, s_hom;
        double het = kwok_run(tissue[t], 1, E, Y, n, N, k->task + 10 * t,
                              &v_het, &s_het);
        double hom = kwok_run(tissue[t], 0, E, Y, n, N, k->task + 10 * t + 1,
                              &v_hom, &s_hom);
        der[t] = ratio_of(het, v_het, hom, v_hom, &sig[t]);
        printf("  %s | cortical bone: E(0-12 mg/cm2) = %.6f MeV with bone, "
               "%.6f MeV without, DER = %.4f +/- %.4f (%llu histories each, "
               "%.1f + %.1f s)\n", tname[t], het, hom, der[t], sig[t],
               (unsigned long long)N, s_het, s_hom);
    }
    /* The two references are two answers of one paper to one problem and
     * differ by 0.02-0.03: a DER passes when it lies in the band they span,
     * each widened by twice its own standard error, plus 3 sigma of the
     * run (as the dose point kernel test treats ETRAN and EGSnrc). */
    double lo = fmin(k->measured - 2 * k->measured_se, k->mc - 2 * k->mc_se);
    double hi = fmax(k->measured + 2 * k->measured_se, k->mc + 2 * k->mc_se);
    int ok = der[0] >= lo - 3 * sig[0] && der[0] <= hi + 3 * sig[0];
    printf("  %-34s %8s %8s %8s %8s %8s\n", "reference", "DER", "ref", "dev %",
           "dev/sig", "ref SE");
    printf("  %-34s %8.4f %8.4f %+8.2f %+8.1f %8.3f\n",
           "Kwok 1990 measured (TLD)", der[0], k->measured,
           100 * (der[0] / k->measured - 1), (der[0] - k->measured) / sig[0],
           k->measured_se);
    printf("  %-34s %8.4f %8.4f %+8.2f %+8.1f %8.3f\n",
           "Kwok 1990 Monte Carlo (EGS, TIGER)", der[0], k->mc,
           100 * (der[0] / k->mc - 1), (der[0] - k->mc) / sig[0], k->mc_se);
    printf("  pass band [%.3f, %.3f] +/- 3 sigma: %s\n", lo, hi,
           ok ? "inside" : "OUTSIDE");
    fflush(stdout);

    char tol[160];
    snprintf(tol, sizeof tol, "within [%.4f, %.4f]: the band of both "
             "references, each +/- 2 SE, widened by 3 sigma",
             lo - 3 * sig[0], hi + 3 * sig[0]);
    const struct { const char *what; double ref, se; } refs[2] = {
        {"TLD measurement", k->measured, k->measured_se},
        {"EGS and TIGER Monte Carlo", k->mc, k->mc_se}};
    for (int r = 0; r < 2; ++r) {
        char q[160], src[200];
        snprintf(q, sizeof q, "%s point source in RM 12 mg/cm2 from CB: "
                 "dose enhancement ratio in RM 0-12 mg/cm2 (vs %s)",
                 k->nuclide, refs[r].what);
        snprintf(src, sizeof src, "Kwok et al. Med. Phys. 17 786 (1990) %s "
                 "%.2f +/- %.2f (SE)", refs[r].what, refs[r].ref, refs[r].se);
        sf_test_report(TEST_NAME, q, der[0], sig[0], refs[r].ref, refs[r].se,
                       "1", src, tol);
    }
    assert_true(ok);
}

static void test_kwok_tl204(void **state)
{
    (void)state;
    const kwok_ref k = {"204Tl", tl204_beta,
                        (int)(sizeof tl204_beta / sizeof tl204_beta[0]),
                        0.244019, 0.01, 1.08, 0.03, 1.05, 0.02, 40000, 100};
    check_kwok(&k);
}

static void test_kwok_pm147(void **state)
{
    (void)state;
    const kwok_ref k = {"147Pm", pm147_beta,
                        (int)(sizeof pm147_beta / sizeof pm147_beta[0]),
                        0.0619306, 0.005, 1.03, 0.03, 1.01, 0.02, 40000, 200};
    check_kwok(&k);
}

/* ---- 2. density scaling across water/lung and water/bone ---------------- */

enum {
    WATER_BEHIND = 60, /* 0.6 g/cm2 of water behind the source */
    WATER_GAP = 10,    /* 0.1 g/cm2 of water between source and interface */
    NEAR_BINS = 5      /* bins of the reported water / second-medium sums */
};

typedef struct pair_geometry {
    slab s;
    int src, gap_first, second_first, second_last;
} pair_geometry;

/* Water (1 voxel = 0.01 g/cm2) | medium m at density rho, per_label voxels
 * per label, for at least 0.6 g/cm2. */
static void pair_build(pair_geometry *g, const sf_material *m, double rho,
                       int per_label)
{
    sf_material water;
    builtin("water", &water);
    slab_init(&g->s, 0.01);
    int mw = slab_medium(&g->s, &water);
    int mm = slab_medium(&g->s, m);
    slab_add(&g->s, WATER_BEHIND, mw, 1.0, 10);
    g->src = slab_add(&g->s, 1, mw, 1.0, 1);
    g->gap_first = slab_add(&g->s, WATER_GAP, mw, 1.0, 1);
    int labels = (int)ceil(0.6 / (rho * g->s.dz_cm * per_label));
    g->second_first = slab_add(&g->s, labels * per_label, mm, rho, per_label);
    g->second_last = g->s.n_labels - 1;
}

static void pair_run(pair_geometry *g, uint64_t N, uint32_t task,
                     slab_dose *d)
{
    const double E = 1.0, Y = 1.0;
    int interface = g->second_first;
    d->n_sums = 0;
    add_sum(d, interface - NEAR_BINS, interface - 1);
    add_sum(d, interface, interface + NEAR_BINS - 1);
    add_sum(d, interface, g->second_last);
    slab_run(&g->s, SF_PARTICLE_ELECTRON, &E, &Y, 1, g->src, N, task, d);
}

/* Compares two runs of the same layering in mass depth (a: nominal
 * density, b: scaled); returns the number of failed bins. */
static int compare_scaled(const char *name, const pair_geometry *a,
                          const slab_dose *da, const pair_geometry *b,
                          const slab_dose *db, const pair_geometry *h,
                          const slab_dose *dh)
{
    const double allowance = 0.001;
    int n_a = a->s.n_labels, fails = 0;
    assert_int_equal(n_a, b->s.n_labels);
    double peak = 0;
    for (int l = 1; l < n_a; ++l)
        peak = fmax(peak, da->e[l] / a->s.label_t[l]);
    int interface = a->second_first;
    double z0 = a->s.label_z[interface];
    printf("  depth (g/cm2)  D nominal     D scaled      ratio    sigma   "
           "BSDF (vs water)\n");
    for (int l = a->gap_first; l <= a->second_last; ++l) {
        double ta = a->s.label_t[l], tb = b->s.label_t[l];
        assert_true(fabs(ta / tb - 1) < 1e-12);
        double DA = da->e[l] / ta, DB = db->e[l] / tb;
        if (DA < 0.01 * peak)
            continue;
        double sig, r = ratio_of(da->e[l], da->var[l], db->e[l], db->var[l],
                                 &sig);
        int ok = fabs(r - 1) <= 4 * sig + allowance;
        fails += !ok;
        /* the homogeneous-water run has 0.01 g/cm2 bins throughout: its
         * dose at the same mass depth, for the backscatter dose factor */
        double zc = a->s.label_z[l] + 0.5 * ta - z0, bsdf = NAN;
        for (int k = h->gap_first; k <= h->second_last; ++k) {
            double zk = h->s.label_z[k] - h->s.label_z[h->second_first];
            if (zc >= zk && zc < zk + h->s.label_t[k] && dh->e[k] > 0)
                bsdf = DA / (dh->e[k] / h->s.label_t[k]);
        }
        printf("  %+8.4f       %.5e  %.5e  %.4f   %.4f   %.4f%s\n", zc, DA,
               DB, r, sig, bsdf, ok ? "" : "  <- outside 4 sigma + 0.1 %");
    }

    /* Reported sums: water 0-0.05 g/cm2 before the interface, the first
     * NEAR_BINS bins of the second medium, the whole second medium. */
    struct { const char *what; int lo, hi; } q[3] = {
        {"water 0-0.05 g/cm2 before the interface", interface - NEAR_BINS,
         interface - 1},
        {"first bins beyond the interface", interface,
         interface + NEAR_BINS - 1},
        {"whole second medium", interface, a->second_last}};
    for (int i = 0; i < 3; ++i) {
        double va, vb, sig;
        double ea = sum_labels(da, q[i].lo, q[i].hi, &va);
        double eb = sum_labels(db, q[i].lo, q[i].hi, &vb);
        double r = ratio_of(ea, va, eb, vb, &sig);
        double t = a->s.label_z[q[i].hi] + a->s.label_t[q[i].hi] -
                   a->s.label_z[q[i].lo];
        int ok = fabs(r - 1) <= 3 * sig + allowance;
        fails += !ok;
        printf("  %s (%.4f g/cm2): energy ratio nominal/scaled %.5f +/- "
               "%.5f (%+.1f sigma)%s\n", q[i].what, t, r, sig, (r - 1) / sig,
               ok ? "" : "  <- outside 3 sigma + 0.1 %");
        char quantity[200];
        snprintf(quantity, sizeof quantity, "%s, 1 MeV e- plane source in "
                 "water 0.1 g/cm2 from it: dose ratio nominal/density-scaled, "
                 "%s", name, q[i].what);
        sf_test_report(TEST_NAME, quantity, r, sig, 1.0, 0.0, "1",
                       "density-scaling theorem (Fano 1954; O'Connor 1957): "
                       "exact in slab geometry",
                       "0.1 % + 3 sigma (lateral photon escape)");
    }
    fflush(stdout);
    return fails;
}

/* name: the pair; the medium at rho_a (per_a voxels per label) against
 * the same medium at rho_b (per_b voxels per label), rho_a per_a = rho_b
 * per_b so that labels of the two runs have the same mass thickness. */
static void check_scaling(const char *name, const char *medium, double rho_a,
                          int per_a, double rho_b, int per_b, uint32_t task)
{
    sf_material m;
    builtin(medium, &m);
    sf_material water;
    builtin("water", &water);
    uint64_t N = (uint64_t)(150000 * history_scale());
    static pair_geometry a, b, h;
    static slab_dose da, db, dh;
    pair_build(&a, &m, rho_a, per_a);
    pair_build(&b, &m, rho_b, per_b);
    pair_build(&h, &water, 1.0, 1);
    pair_run(&a, N, task, &da);
    pair_run(&b, N, task + 1, &db);
    pair_run(&h, N, task + 2, &dh);
    printf("%s: %s at %.3f g/cm3 (nominal) vs %.3f g/cm3 (scaled), %llu "
           "histories each, %.1f + %.1f + %.1f s (the last: homogeneous "
           "water)\n", name, medium, rho_a, rho_b, (unsigned long long)N,
           da.seconds, db.seconds, dh.seconds);
    assert_int_equal(compare_scaled(name, &a, &da, &b, &db, &h, &dh), 0);
}

static void test_water_lung(void **state)
{
    (void)state;
    check_scaling("water | lung", "lung", 0.296, 4, 4 * 0.296, 1, 300);
}

static void test_water_bone(void **state)
{
    (void)state;
    check_scaling("water | cortical bone", "cortical_bone", 1.92, 1, 1.92 / 2, 2,
                  400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kwok_tl204), cmocka_unit_test(test_kwok_pm147),
        cmocka_unit_test(test_water_lung), cmocka_unit_test(test_water_bone)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
