/* The report's dose-map section: for a few of the file's dose maps, an
 * axial, a coronal and a sagittal slice through the voxel of highest
 * dose, on a logarithmic colour scale in Gy per emitted particle, with
 * the region outlines of the phantom. */
#include "results/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/report_html.h"
#include "results/slice_plot.h"
#include "results/svg_figure.h"
#include "results/voxel_plane.h"

#define MAX_MAPS 6
#define PICTURE_PIXELS 380
#define AXIAL_PIXELS 240
#define DECADES 4
#define GAP 12
#define TOP 20

static const sf_rgb region_line = {150, 160, 178};

typedef struct map_task {
    long id;
    long source, particle;   /* -1 when the task table does not say */
    double energy_MeV;
} map_task;

static int cmp_id(const void *a, const void *b)
{
    long x = *(const long *)a, y = ((const map_task *)b)->id;
    return (x > y) - (x < y);
}

/* The maps to show: per source and particle, the one of highest energy,
 * at most MAX_MAPS, in task order (ids ascending). Without the task
 * table, the first ones. */
static size_t choose_maps(const sf_report *r, const long *ids, size_t n,
                          long *out)
{
    map_task *m = malloc((n + 1) * sizeof *m);
    if (!m)
        return 0;
    for (size_t i = 0; i < n; ++i)
        m[i] = (map_task){ids[i], -1, -1, 0};
    for (size_t j = 0; r->has_fom && j < r->fom.n_tasks; ++j) {
        const sf_results_fom_task *t = &r->fom.tasks[j];
        long id = t->task_id;
        map_task *hit = bsearch(&id, m, n, sizeof *m, cmp_id);
        if (hit)
            *hit = (map_task){id, t->source, t->particle, t->energy_MeV};
    }
    size_t k = 0;
    for (size_t i = 0; i < n && k < MAX_MAPS; ++i) {
        int best = 1;
        for (size_t j = 0; j < n && best && m[i].source >= 0; ++j)
            best = !(m[j].source == m[i].source &&
                     m[j].particle == m[i].particle &&
                     m[j].energy_MeV > m[i].energy_MeV);
        if (best)
            out[k++] = m[i].id;
    }
    free(m);
    return k;
}

/* The top of the colour scale: the dose below which 99.9 % of the dosed
 * voxels lie, so that a single noisy voxel does not wash the picture out
 * (found on a histogram of 0.01 decade bins, in one pass). */
static double scale_top(const sf_dose_image *d, double max)
{
    enum { BINS = 1200 }; /* 12 decades below the maximum */
    size_t count[BINS] = {0}, n = sf_dose_image_voxels(d), dosed = 0;
    for (size_t i = 0; i < n; ++i) {
        double g = d->dose_Gy[i];
        if (!(g > 0))
            continue;
        long b = (long)((log10(max) - log10(g)) * 100);
        count[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
        dosed++;
    }
    size_t above = 0;
    for (int b = 0; b < BINS; ++b) {
        above += count[b];
        if ((double)above >= 0.001 * (double)dosed)
            return max * pow(10, -b / 100.0);
    }
    return max;
}

static sf_status plane_picture(const sf_dose_image *d, const sf_phantom *ph,
                               const sf_voxel_plane *pl, double top,
                               sf_rgb_image *img)
{
    SF_TRY(sf_rgb_image_create(pl->width, pl->height, (sf_rgb){255, 255, 255},
                               img));
    for (int y = 0; y < pl->height; ++y)
        for (int x = 0; x < pl->width; ++x) {
            size_t v = sf_voxel_plane_voxel(pl, x, y);
            double g = d->dose_Gy[v];
            if (g > 0)
                *sf_rgb_at(img, x, y) =
                    sf_rgb_sequential(1 + log10(g / top) / DECADES);
            if (!ph)
                continue;
            size_t right = x + 1 < pl->width ? sf_voxel_plane_voxel(pl, x + 1, y) : v;
            size_t below = y + 1 < pl->height ? sf_voxel_plane_voxel(pl, x, y + 1) : v;
            if (ph->label[right] != ph->label[v] || ph->label[below] != ph->label[v])
                *sf_rgb_at(img, x, y) = region_line;
        }
    return SF_OK;
}

static sf_status map_figure(sf_report *r, long id)
{
    sf_dose_image d;
    if (sf_results_load_dose_map(r->path, id, &d) != SF_OK) {
        sf_report_note(r, "Dose map of task %ld: %s", id, sf_error_message());
        return SF_OK;
    }
    for (int a = 0; a < 3; ++a)
        if (!(d.spacing_cm[a] > 0 && d.spacing_cm[a] < 1e3)) {
            sf_report_note(r, "Dose map of task %ld: its voxel size is not "
                           "a length (damaged file).", id);
            sf_dose_image_clear(&d);
            return SF_OK;
        }
    const sf_phantom *ph = r->ph;
    int same_grid = ph && ph->nx == d.nx && ph->ny == d.ny && ph->nz == d.nz;
    int n[3] = {d.nx, d.ny, d.nz};
    /* per axis the plane holding the most dose: through the hot spot of
     * the map without following a single noisy voxel */
    long at[3];
    for (int a = 0; a < 3; ++a)
        at[a] = sf_slice_hottest(&d, a);
    size_t n_vox = sf_dose_image_voxels(&d), hot = 0;
    for (size_t i = 1; i < n_vox; ++i)
        if (d.dose_Gy[i] > d.dose_Gy[hot])
            hot = i;
    double max = d.dose_Gy[hot], top = max > 0 ? scale_top(&d, max) : 0;
    sf_voxel_plane pl[3];
    static const int axes[3] = {2, 1, 0}; /* axial, coronal, sagittal */
    /* coronal and sagittal share the scale of the body's height; the
     * axial plane, much smaller, gets its own */
    double body_cm = sf_voxel_plane_scale(n, d.spacing_cm, -1, PICTURE_PIXELS);
    double axial_cm = sf_voxel_plane_scale(n, d.spacing_cm, 2, AXIAL_PIXELS);
    int width = 0, height = 0;
    for (int i = 0; i < 3; ++i) {
        sf_voxel_plane_init(&pl[i], n, d.spacing_cm, axes[i], at[axes[i]],
                            axes[i] == 2 ? axial_cm : body_cm);
        width += pl[i].width + GAP;
        height = pl[i].height > height ? pl[i].height : height;
    }
    width += 90;
    height += TOP + 6;
    fprintf(r->f, "<figure><svg class=\"picture\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
            "font-size=\"11\">", width, height, width, height);
    sf_status st = SF_OK;
    int x0 = 0;
    for (int i = 0; st == SF_OK && i < 3; ++i) {
        sf_rgb_image img;
        st = plane_picture(&d, same_grid ? ph : NULL, &pl[i], top, &img);
        if (st == SF_OK)
            st = sf_svg_image(r->f, &img, x0, TOP, pl[i].width, pl[i].height);
        sf_rgb_image_clear(&img);
        fprintf(r->f, "<text x=\"%d\" y=\"14\">%s %c = %ld</text>", x0,
                sf_voxel_plane_name(axes[i]), "xyz"[axes[i]], at[axes[i]]);
        x0 += pl[i].width + GAP;
    }
    if (st == SF_OK && top > 0)
        sf_svg_colour_bar(r->f, x0 + 4, TOP, 14, 200, log10(top) - DECADES,
                          log10(top), SF_BAR_DECADES, "Gy per particle");
    fprintf(r->f, "</svg><figcaption>");
    sf_html_textf(r->f, "Task %ld: %s source, %s, %g MeV. Per axis the "
                  "plane holding the most dose (x, y, z = %ld, %ld, %ld; the "
                  "axial plane at a larger scale). Colours span %d decades "
                  "below %.3g Gy per particle (99.9 %% of the dosed voxels lie "
                  "below it; the highest voxel has %.3g Gy, %.3g %% 1-sigma); "
                  "white: no dose%s.", id, d.source, d.particle, d.energy_MeV,
                  at[0], at[1], at[2], DECADES, top, max,
                  100 * d.rel_unc[hot],
                  same_grid ? "; lines: region boundaries"
                            : " (no region outlines: the phantom is not "
                              "available)");
    fprintf(r->f, "</figcaption></figure>\n");
    r->figures++;
    sf_dose_image_clear(&d);
    return st;
}

/* Whether the file can hold a finished dose map: a done task that keeps
 * one, as far as the manifest and the plan tell. Listing /dose_maps when
 * none is finished would hand qsort a null array (results_read.c); this
 * keeps the report off that path. */
static int may_have_maps(const sf_report *r)
{
    if (r->summary.done == 0)
        return 0;
    if (!r->manifest)
        return 1;
    if (r->manifest->dose_maps.kind == SF_LIST_NONE)
        return 0;
    if (!r->plan || !r->has_fom)
        return 1;
    for (size_t k = 0; k < r->fom.n_tasks; ++k) {
        uint32_t id = r->fom.tasks[k].task_id;
        if (r->fom.tasks[k].state == SF_TASK_DONE && id < r->plan->n_tasks &&
            r->plan->tasks[id].dose_map)
            return 1;
    }
    return 0;
}

sf_status sf_report_dose(sf_report *r)
{
    sf_report_section_begin(r, 7);
    long *ids = NULL;
    size_t n = 0;
    if (may_have_maps(r) &&
        sf_results_list_dose_maps(r->path, &ids, &n) != SF_OK) {
        sf_report_note(r, "The dose maps cannot be listed: %s.",
                       sf_error_message());
        sf_report_section_end(r);
        return SF_OK;
    }
    if (n == 0) {
        fprintf(r->f, "<p>This file has no finished dose map (the manifest's "
                "dose_maps: lists the sources that keep one).</p>\n");
        sf_report_section_end(r);
        return SF_OK;
    }
    long chosen[MAX_MAPS];
    size_t k = choose_maps(r, ids, n, chosen);
    fprintf(r->f, "<p>%zu finished dose map%s; shown: ", n, n == 1 ? "" : "s");
    if (k < n)
        fprintf(r->f, "per source and particle the one of highest energy, at "
                "most %d.</p>\n", MAX_MAPS);
    else
        fprintf(r->f, "all.</p>\n");
    sf_status st = SF_OK;
    for (size_t i = 0; st == SF_OK && i < k; ++i)
        st = map_figure(r, chosen[i]);
    free(ids);
    sf_report_section_end(r);
    return st;
}
