/* The report's precision section: the figure-of-merit table of `saffron
 * status`, and per particle a map of the SAFs' relative uncertainties,
 * sources by targets, at one energy, so that the weak cells show at a
 * glance. */
#include "results/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/fom_summary.h"
#include "results/report_html.h"
#include "results/svg_figure.h"

#define MAP_PIXELS 560
#define WEAKEST 10
/* what the margins of the map hold at its font size */
#define NAME_CHARS 22
/* The colour scale spans 0.1 % to 100 % (log10 -3 .. 0). */
#define UNC_LOG_LOW (-3.0)
#define UNC_LOG_HIGH 0.0

static const sf_rgb not_done = {196, 196, 196};
static const sf_rgb no_score = {214, 226, 240};

static void fom_row(sf_report *r, const sf_fom_summary_row *row)
{
    const sf_results_fom *f = &r->fom;
    fprintf(r->f, "<tr><td>");
    sf_html_text(r->f, f->particles[row->particle]);
    fprintf(r->f, "</td><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">",
            row->smallest ? "smallest target" : "self", row->stats.n_valid);
    sf_html_number(r->f, row->stats.median, 4);
    fprintf(r->f, "</td><td class=\"n\">");
    sf_html_number(r->f, row->stats.min, 4);
    fprintf(r->f, "</td><td>");
    if (row->lowest_task < 0) {
        sf_html_text(r->f, row->smallest ? "no target scored"
                                         : "no target equals the source");
    } else {
        const sf_results_fom_task *t = &f->tasks[row->lowest_task];
        sf_html_textf(r->f, "task %u (%s, %s, %.6g MeV", t->task_id,
                      f->sources[t->source].name, f->particles[t->particle],
                      t->energy_MeV);
        if (row->smallest && t->fom.smallest_target >= 0)
            sf_html_textf(r->f, "; %s, %.4g kg",
                          f->targets[t->fom.smallest_target].name,
                          f->targets[t->fom.smallest_target].mass_kg);
        fprintf(r->f, ")");
    }
    fprintf(r->f, "</td></tr>\n");
}

static sf_status fom_table(sf_report *r)
{
    fprintf(r->f, "<h3>Figures of merit</h3>\n");
    if (!r->has_fom) {
        sf_report_note(r, "Not available: %s.", r->fom_why);
        return SF_OK;
    }
    if (r->fom.origin == SF_FOM_UNAVAILABLE) {
        sf_report_note(r, "Not in this file (a shard's file written before "
                       "/tasks_fom existed; 'saffron merge' computes it).");
        return SF_OK;
    }
    sf_fom_summary sum;
    SF_TRY(sf_fom_summary_build(&r->fom, &sum));
    if (sum.done == 0) {
        sf_report_note(r, "No task done yet.");
        sf_fom_summary_clear(&sum);
        return SF_OK;
    }
    fprintf(r->f, "<p>FOM = 1/(rel_unc&#178; x CPU s) in 1/s over the %zu "
            "done tasks, as 'saffron status' gives it%s: for the source region "
            "itself (self) and for the smallest target that received energy. "
            "It depends on CPU time; tasks: how many have one.</p>\n"
            "<table>\n<tr><th>particle</th><th>FOM of</th><th>tasks</th>"
            "<th>median</th><th>min</th><th>lowest: task (source, particle, "
            "energy[; target, mass])</th></tr>\n", sum.done,
            r->fom.origin == SF_FOM_COMPUTED
                ? " (computed from /saf_rel_unc: the file is older than "
                  "/tasks_fom)" : "");
    for (size_t i = 0; i < sum.n_rows; ++i)
        fom_row(r, &sum.rows[i]);
    fprintf(r->f, "</table>\n");
    sf_fom_summary_clear(&sum);
    return SF_OK;
}

/* The energy of the map: the one with the most done tasks (rows of
 * known SAFs), the nearest to 1 MeV of equals; -1 when none is done. */
static long map_energy(const sf_saf_table *t, size_t p, size_t *done)
{
    long best = -1;
    *done = 0;
    for (size_t e = 0; e < t->n_energies; ++e) {
        size_t n = 0;
        for (size_t s = 0; s < t->n_sources; ++s)
            n += t->n_targets > 0 && !isnan(t->saf[sf_saf_index(t, s, p, e, 0)]);
        double d = fabs(log10(t->energies_MeV[e]));
        if (n > 0 && (n > *done ||
                      (n == *done && d < fabs(log10(t->energies_MeV[best]))))) {
            best = (long)e;
            *done = n;
        }
    }
    return best;
}

static sf_rgb cell_colour(double saf, double unc)
{
    if (isnan(saf))
        return not_done;
    if (!(saf > 0))
        return no_score;
    if (!(unc > 0))
        return sf_rgb_sequential(0);
    return sf_rgb_sequential((log10(unc) - UNC_LOG_LOW) /
                             (UNC_LOG_HIGH - UNC_LOG_LOW));
}

static sf_status map_picture(const sf_saf_table *t, size_t p, size_t e, int c,
                             sf_rgb_image *img)
{
    SF_TRY(sf_rgb_image_create((int)t->n_targets * c, (int)t->n_sources * c,
                               (sf_rgb){255, 255, 255}, img));
    /* a white gap between cells once they are big enough to show one */
    int gap = c >= 6;
    for (size_t s = 0; s < t->n_sources; ++s)
        for (size_t g = 0; g < t->n_targets; ++g) {
            size_t i = sf_saf_index(t, s, p, e, g);
            sf_rgb col = cell_colour(t->saf[i], t->rel_unc[i]);
            for (int y = 0; y < c - gap; ++y)
                for (int x = 0; x < c - gap; ++x)
                    *sf_rgb_at(img, (int)g * c + x, (int)s * c + y) = col;
        }
    return SF_OK;
}

static void axis_names(sf_report *r, const sf_saf_table *t, int c, int left,
                       int top)
{
    if (c >= 9) {
        for (size_t s = 0; s < t->n_sources; ++s) {
            fprintf(r->f, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">",
                    left - 4, top + (s + 0.5) * c + 4);
            sf_html_text_cut(r->f, t->sources[s].name, NAME_CHARS);
            fprintf(r->f, "</text>");
        }
        for (size_t g = 0; g < t->n_targets; ++g) {
            fprintf(r->f, "<text transform=\"translate(%.0f %d) rotate(-90)\">",
                    left + (g + 0.5) * c + 4, top - 4);
            sf_html_text_cut(r->f, t->targets[g].name, NAME_CHARS);
            fprintf(r->f, "</text>");
        }
        return;
    }
    /* too many to name: indices every few cells, in the file's order */
    size_t step = t->n_sources > 100 || t->n_targets > 100 ? 20 : 10;
    for (size_t s = 0; s < t->n_sources; s += step)
        fprintf(r->f, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">%zu</text>",
                left - 4, top + (s + 0.5) * c + 4, s);
    for (size_t g = 0; g < t->n_targets; g += step)
        fprintf(r->f, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%zu"
                "</text>", left + (g + 0.5) * c, top - 6, g);
}

typedef struct weak_cell {
    size_t s, g;
    double unc, saf;
} weak_cell;

/* The cells of largest uncertainty among those with energy deposited. */
static void weakest_table(sf_report *r, const sf_saf_table *t, size_t p,
                          size_t e)
{
    weak_cell w[WEAKEST];
    size_t n = 0;
    for (size_t s = 0; s < t->n_sources; ++s)
        for (size_t g = 0; g < t->n_targets; ++g) {
            size_t i = sf_saf_index(t, s, p, e, g);
            double u = t->rel_unc[i];
            if (!(t->saf[i] > 0) || !isfinite(u) ||
                (n == WEAKEST && u <= w[n - 1].unc))
                continue;
            size_t k = n < WEAKEST ? n++ : n - 1;
            while (k > 0 && w[k - 1].unc < u) {
                w[k] = w[k - 1];
                k--;
            }
            w[k] = (weak_cell){s, g, u, t->saf[i]};
        }
    if (n == 0)
        return;
    fprintf(r->f, "<table>\n<tr><th>source</th><th>target</th><th>rel. unc."
            "</th><th>SAF (kg&#8315;&#185;)</th></tr>\n");
    for (size_t k = 0; k < n; ++k) {
        fprintf(r->f, "<tr><td>");
        sf_html_text(r->f, t->sources[w[k].s].name);
        fprintf(r->f, "</td><td>");
        sf_html_text(r->f, t->targets[w[k].g].name);
        fprintf(r->f, "</td><td class=\"n\">%.3g %%</td><td class=\"n\">%.4g"
                "</td></tr>\n", 100 * w[k].unc, w[k].saf);
    }
    fprintf(r->f, "</table>\n");
}

static sf_status uncertainty_map(sf_report *r, const sf_saf_table *t, size_t p)
{
    size_t done;
    long e = map_energy(t, p, &done);
    fprintf(r->f, "<h3>Relative uncertainty, ");
    sf_html_text(r->f, t->particles[p]);
    fprintf(r->f, "</h3>\n");
    if (e < 0) {
        sf_report_note(r, "No %s task is done yet.", t->particles[p]);
        return SF_OK;
    }
    size_t most = t->n_sources > t->n_targets ? t->n_sources : t->n_targets;
    int c = (int)(MAP_PIXELS / (most ? most : 1));
    c = c > 22 ? 22 : c < 2 ? 2 : c;
    int named = c >= 9;
    int left = named ? 130 : 40, top = named ? 110 : 24;
    int w = (int)t->n_targets * c, h = (int)t->n_sources * c;
    sf_rgb_image img;
    SF_TRY(map_picture(t, p, (size_t)e, c, &img));
    int width = left + w + 110, height = top + (h > 160 ? h : 160) + 10;
    fprintf(r->f, "<div class=\"figs\"><figure><svg class=\"picture\" "
            "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            "font-family=\"sans-serif\" font-size=\"10\">", width, height,
            width, height);
    sf_status st = sf_svg_image(r->f, &img, left, top, w, h);
    sf_rgb_image_clear(&img);
    SF_TRY(st);
    axis_names(r, t, c, left, top);
    sf_svg_colour_bar(r->f, left + w + 14, top, 14, 160, UNC_LOG_LOW,
                      UNC_LOG_HIGH, SF_BAR_PERCENT, "relative 1-sigma");
    fprintf(r->f, "</svg><figcaption>");
    sf_html_textf(r->f, "The SAF's relative 1-sigma uncertainty at %g MeV "
                  "(the energy with the most %s tasks done: %zu of %zu "
                  "sources); rows are sources, columns targets%s. Grey: task "
                  "not done; blue-grey: no energy deposited (SAF 0); colours "
                  "stop at 0.1 %% and 100 %%.", t->energies_MeV[e],
                  t->particles[p], done, t->n_sources,
                  named ? "" : ", numbered in the file's order");
    fprintf(r->f, "</figcaption></figure>\n<div><p>Largest uncertainties "
            "there:</p>\n");
    weakest_table(r, t, p, (size_t)e);
    fprintf(r->f, "</div></div>\n");
    r->figures++;
    return SF_OK;
}

sf_status sf_report_precision(sf_report *r)
{
    sf_report_section_begin(r, 6);
    sf_status st = fom_table(r);
    const sf_saf_table *t = r->saf;
    if (st == SF_OK && !t)
        sf_report_note(r, "No uncertainty map: %s.", r->saf_why);
    for (size_t p = 0; st == SF_OK && t && p < t->n_particles; ++p)
        st = uncertainty_map(r, t, p);
    sf_report_section_end(r);
    return st;
}
