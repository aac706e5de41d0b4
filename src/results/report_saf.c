/* The report's SAF section: per source and particle, a log-log plot of
 * SAF against energy for the source itself and the cross-fire targets of
 * largest SAF, with 1-sigma bars; with reference tables, their curves
 * dashed and a panel of saffron / reference. */
#include "results/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/convention.h"
#include "results/report_html.h"
#include "results/svg_plot.h"

#define CROSS_FIRE 3
#define PLOT_WIDTH 460

/* The targets of a plot: the source itself, then the cross-fire targets
 * of largest SAF at any energy. */
static size_t pick_targets(const sf_saf_table *t, size_t s, size_t p,
                           size_t *out)
{
    size_t n = 0;
    long self = sf_report_self_target(t, s);
    if (self >= 0)
        out[n++] = (size_t)self;
    size_t first_cross = n;
    double top[CROSS_FIRE] = {0};
    for (size_t g = 0; g < t->n_targets; ++g) {
        if ((long)g == self)
            continue;
        double m = 0;
        for (size_t e = 0; e < t->n_energies; ++e) {
            double v = t->saf[sf_saf_index(t, s, p, e, g)];
            if (v > m)
                m = v;
        }
        if (!(m > 0))
            continue;
        /* insertion into the short list, largest first */
        size_t k = n - first_cross;
        if (k == CROSS_FIRE && m <= top[k - 1])
            continue;
        if (k < CROSS_FIRE)
            n++;
        else
            k--;
        while (k > 0 && top[k - 1] < m) {
            top[k] = top[k - 1];
            out[first_cross + k] = out[first_cross + k - 1];
            k--;
        }
        top[k] = m;
        out[first_cross + k] = g;
    }
    return n;
}

/* Room for the curves of one plot. */
typedef struct plot_data {
    sf_svg_series *series, *ratios;
    size_t n_series, n_ratios;
    double *values;       /* x, y, sigma per curve */
    size_t used, cap;
    char (*labels)[160];
} plot_data;

static double *take(plot_data *d, size_t n)
{
    if (d->used + n > d->cap)
        return NULL;
    double *v = d->values + d->used;
    d->used += n;
    return v;
}

static void saffron_curve(plot_data *d, const sf_saf_table *t, size_t s,
                          size_t p, size_t g, int self, size_t colour)
{
    size_t ne = t->n_energies;
    double *x = take(d, 3 * ne);
    if (!x)
        return;
    double *y = x + ne, *sig = y + ne;
    for (size_t e = 0; e < ne; ++e) {
        size_t i = sf_saf_index(t, s, p, e, g);
        x[e] = t->energies_MeV[e];
        y[e] = t->saf[i];
        sig[e] = t->saf[i] * t->rel_unc[i];
    }
    char *label = d->labels[d->n_series];
    snprintf(label, sizeof d->labels[0], "%s%s", t->targets[g].name,
             self ? " (self)" : "");
    d->series[d->n_series++] = (sf_svg_series){
        label, x, y, sig, ne, sf_rgb_palette(colour), 0};
}

/* The reference's curve for one target and its ratios to saffron's. */
static void reference_curve(plot_data *d, const sf_saf_table *t, size_t s,
                            size_t p, size_t g, size_t colour,
                            const sf_report_reference *ref, size_t n_refs)
{
    const sf_saf_table *rt = ref->table;
    long rs = sf_saf_find_source(rt, t->sources[s].name);
    long rg = sf_saf_find_target(rt, t->targets[g].name);
    long rp = sf_saf_find_particle(rt, t->particles[p]);
    if (rs < 0 || rg < 0 || rp < 0)
        return;
    size_t ne = rt->n_energies;
    double *x = take(d, 5 * ne);
    if (!x)
        return;
    double *y = x + ne, *ratio = y + ne, *sig = ratio + ne, *rx = sig + ne;
    for (size_t e = 0; e < ne; ++e) {
        size_t ri = sf_saf_index(rt, (size_t)rs, (size_t)rp, e, (size_t)rg);
        x[e] = rx[e] = rt->energies_MeV[e];
        y[e] = rt->saf[ri];
        ratio[e] = sig[e] = NAN;
        long oe = sf_saf_find_energy(t, rt->energies_MeV[e]);
        if (oe < 0 || !(y[e] > 0))
            continue;
        size_t oi = sf_saf_index(t, s, p, (size_t)oe, g);
        double ur = isfinite(rt->rel_unc[ri]) ? rt->rel_unc[ri] : 0;
        double uo = isfinite(t->rel_unc[oi]) ? t->rel_unc[oi] : 0;
        ratio[e] = t->saf[oi] / y[e];
        sig[e] = ratio[e] * hypot(uo, ur);
    }
    const char *base = strrchr(ref->path, '/');
    char *label = d->labels[d->n_series];
    snprintf(label, sizeof d->labels[0], "%s, %s", t->targets[g].name,
             n_refs > 1 ? (base ? base + 1 : ref->path) : "reference");
    d->series[d->n_series++] = (sf_svg_series){
        label, x, y, NULL, ne, sf_rgb_palette(colour), 1};
    d->ratios[d->n_ratios++] = (sf_svg_series){
        "", rx, ratio, sig, ne, sf_rgb_palette(colour), 0};
}

static sf_status plot(sf_report *r, const sf_saf_table *t, size_t s, size_t p)
{
    const sf_report_options *o = r->opt;
    size_t targets[1 + CROSS_FIRE];
    size_t nt = pick_targets(t, s, p, targets);
    size_t max_ne = t->n_energies;
    for (size_t i = 0; i < o->n_references; ++i)
        if (o->references[i].table->n_energies > max_ne)
            max_ne = o->references[i].table->n_energies;
    size_t curves = nt * (1 + o->n_references);
    plot_data d = {0};
    d.cap = 5 * max_ne * curves + 1;
    d.values = malloc(d.cap * sizeof *d.values);
    d.series = calloc(curves + 1, sizeof *d.series);
    d.ratios = calloc(curves + 1, sizeof *d.ratios);
    d.labels = calloc(curves + 1, sizeof *d.labels);
    sf_status st = SF_OK;
    if (!d.values || !d.series || !d.ratios || !d.labels) {
        st = sf_error_set(SF_ERR_NOMEM, "SAF plot: out of memory");
        goto done;
    }
    long self = sf_report_self_target(t, s);
    for (size_t k = 0; k < nt; ++k)
        saffron_curve(&d, t, s, p, targets[k], (long)targets[k] == self, k);
    for (size_t i = 0; i < o->n_references; ++i)
        for (size_t k = 0; k < nt; ++k)
            reference_curve(&d, t, s, p, targets[k], k, &o->references[i],
                            o->n_references);
    char title[256];
    snprintf(title, sizeof title, "%s, %s", t->sources[s].name, t->particles[p]);
    sf_svg_plot sp = {title, "energy (MeV)", "SAF (kg\xe2\x81\xbb\xc2\xb9)",
                      d.series, d.n_series, d.ratios,
                      o->n_references ? d.n_ratios : 0,
                      "saffron / ref.", PLOT_WIDTH};
    sf_svg_plot_write(r->f, &sp);
    r->figures++;
done:
    free(d.values);
    free(d.series);
    free(d.ratios);
    free(d.labels);
    return st;
}

sf_status sf_report_saf(sf_report *r)
{
    sf_report_section_begin(r, 4);
    const sf_saf_table *t = r->mapped;
    if (!t) {
        sf_report_note(r, "No SAF table: %s.", r->saf_why);
        sf_report_section_end(r);
        return SF_OK;
    }
    fprintf(r->f, "<p>For each source and particle, the SAF (kg\xe2\x81\xbb"
            "\xc2\xb9) of the source region itself (self, when it is a "
            "target) and of the %d cross-fire targets with the largest SAF "
            "at any energy, with 1-sigma bars (hidden when shorter than the "
            "marker)", CROSS_FIRE);
    if (r->opt->n_references)
        fprintf(r->f, "; dashed, the reference values, and below, saffron / "
                "reference with its 1-sigma bars (shaded: within 2 %%)");
    fprintf(r->f, ". Missing points are tasks not done, or SAFs of 0.");
    if (r->opt->map) {
        fprintf(r->f, " Regions are named by the mapping table ");
        sf_html_text(r->f, r->opt->map->path);
        fprintf(r->f, " (%zu source and %zu target regions of the file have "
                "no name in it and are left out).", r->map_report.sources_unused,
                r->map_report.targets_unused);
    }
    if (t->convention == SF_CONVENTION_ICRP133)
        fprintf(r->f, " Self-irradiation SAFs divide by the target's mass "
                "with its blood, as ICRP 133 does (--convention icrp133)%s.",
                r->no_blood ? "; where the file lacks that mass, by the voxel "
                              "mass" : "");
    else
        fprintf(r->f, " SAFs divide by the target's voxel mass (the voxel "
                "convention%s).", r->convention_fell_back
                                      ? ": the phantom records no blood-"
                                        "inclusive masses for the ICRP 133 one"
                                      : "");
    fprintf(r->f, "</p>\n");
    sf_status st = SF_OK;
    for (size_t s = 0; st == SF_OK && s < t->n_sources; ++s) {
        fprintf(r->f, "<h3>");
        sf_html_text(r->f, t->sources[s].name);
        if (isfinite(t->sources[s].mass_kg))
            fprintf(r->f, " (%.4g kg)", t->sources[s].mass_kg);
        fprintf(r->f, "</h3>\n<div class=\"figs\">\n");
        for (size_t p = 0; st == SF_OK && p < t->n_particles; ++p)
            st = plot(r, t, s, p);
        fprintf(r->f, "</div>\n");
    }
    sf_report_section_end(r);
    return st;
}
