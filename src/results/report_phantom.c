/* The report's phantom section: a coronal and a sagittal slice of the
 * label map, tissues shaded by density, the campaign's source regions
 * coloured, outlined and named, each cut through the plane that shows the
 * most source voxels. */
#include "results/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/report_html.h"
#include "results/svg_figure.h"
#include "results/voxel_plane.h"

#define PICTURE_PIXELS 720
#define MARGIN 22
#define MIN_LABEL_PIXELS 40
/* Up to this many sources each have a colour of their own; beyond, a
 * colour per source would say nothing the outlines do not, so sources keep
 * their tissue's shade. */
#define COLOURED_SOURCES 10

static const sf_rgb outline = {20, 20, 20};

/* Tissues by density (lung, soft tissue, bone), each label a shade apart
 * so neighbouring organs stay distinct. */
static sf_rgb tissue_colour(const sf_region *reg, int label)
{
    if (!reg->in_body)
        return (sf_rgb){255, 255, 255};
    double rho = reg->density_g_cm3;
    sf_rgb base = rho < 0.7   ? (sf_rgb){200, 214, 228}
                  : rho < 1.2 ? (sf_rgb){236, 214, 198}
                              : (sf_rgb){238, 234, 214};
    double shade = 0.92 + 0.08 * ((unsigned)(label * 2654435761u) >> 24) / 255.0;
    return (sf_rgb){(uint8_t)(base.r * shade), (uint8_t)(base.g * shade),
                    (uint8_t)(base.b * shade)};
}

static sf_rgb source_colour(size_t s)
{
    sf_rgb c = sf_rgb_palette(s);
    /* lightened so that the names written over it stay readable */
    return (sf_rgb){(uint8_t)(c.r + (255 - c.r) * 0.35),
                    (uint8_t)(c.g + (255 - c.g) * 0.35),
                    (uint8_t)(c.b + (255 - c.b) * 0.35)};
}

/* Per label, the first source holding it, or -1. */
static int *sources_of_labels(const sf_report *r)
{
    int *of = malloc((size_t)r->ph->n_labels * sizeof *of);
    for (int l = 0; of && l < r->ph->n_labels; ++l)
        of[l] = -1;
    for (size_t s = 0; of && s < r->plan->n_sources; ++s)
        for (size_t i = 0; i < r->plan->sources[s].n_labels; ++i) {
            int l = r->plan->sources[s].labels[i];
            if (l < r->ph->n_labels && of[l] < 0)
                of[l] = (int)s;
        }
    return of;
}

/* The plane along `axis` holding the most source voxels (the middle one
 * when no voxel is a source's). */
static long busiest_plane(const sf_phantom *ph, const int *source_of, int axis)
{
    int n = axis == 0 ? ph->nx : axis == 1 ? ph->ny : ph->nz;
    size_t *count = calloc((size_t)n, sizeof *count);
    if (!count)
        return n / 2;
    size_t i = 0;
    for (int z = 0; z < ph->nz; ++z)
        for (int y = 0; y < ph->ny; ++y)
            for (int x = 0; x < ph->nx; ++x, ++i)
                if (source_of[ph->label[i]] >= 0)
                    count[axis == 0 ? x : axis == 1 ? y : z]++;
    long best = n / 2;
    for (int k = 0; k < n; ++k)
        if (count[k] > count[best])
            best = k;
    free(count);
    return best;
}

typedef struct name_place {
    double x, y, best_d2;  /* the source's pixel nearest to its centroid */
    double sx, sy;
    size_t pixels;
} name_place;

typedef struct box {
    double x0, y0, x1, y1;
} box;

static int overlaps(const box *b, const box *placed, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        if (b->x0 < placed[i].x1 && placed[i].x0 < b->x1 &&
            b->y0 < placed[i].y1 && placed[i].y0 < b->y1)
            return 1;
    return 0;
}

/* Names of the sources cut by the plane, biggest first, each at the pixel
 * of the source nearest its centroid, moved up or down a line when it
 * would cover another, left out when it cannot be placed. */
static size_t write_names(sf_report *r, name_place *at, size_t n_sources,
                          double width)
{
    size_t *order = malloc((n_sources + 1) * sizeof *order);
    box *placed = malloc((n_sources + 1) * sizeof *placed);
    size_t n_placed = 0;
    for (size_t s = 0; order && s < n_sources; ++s)
        order[s] = s;
    for (size_t i = 1; order && i < n_sources; ++i)
        for (size_t j = i; j > 0 && at[order[j]].pixels > at[order[j - 1]].pixels; --j) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    static const double shifts[] = {0, 14, -14, 28, -28};
    for (size_t i = 0; order && placed && i < n_sources; ++i) {
        const name_place *p = &at[order[i]];
        if (p->pixels < MIN_LABEL_PIXELS)
            continue;
        const char *name = r->plan->sources[order[i]].name;
        double half = 3.3 * (double)strlen(name) + 2;
        if (2 * half > width)
            continue;
        /* kept inside the figure, which would otherwise cut it */
        double x = fmin(fmax(MARGIN + p->x, half), width - half);
        for (size_t k = 0; k < sizeof shifts / sizeof *shifts; ++k) {
            box b = {x - half, MARGIN + p->y + shifts[k] - 9, x + half,
                     MARGIN + p->y + shifts[k] + 4};
            if (overlaps(&b, placed, n_placed))
                continue;
            placed[n_placed++] = b;
            sf_svg_halo_text(r->f, x, MARGIN + p->y + shifts[k] + 1, "middle",
                             name);
            break;
        }
    }
    free(order);
    free(placed);
    return n_placed;
}

/* The picture: tissue or source colour per pixel, a dark line where a
 * source meets anything else, a slightly darker one between other
 * regions. `at` collects where each source lies. */
static sf_status draw(const sf_report *r, const sf_voxel_plane *pl,
                      const int *source_of, sf_rgb_image *img, name_place *at)
{
    const sf_phantom *ph = r->ph;
    SF_TRY(sf_rgb_image_create(pl->width, pl->height, (sf_rgb){255, 255, 255}, img));
    uint16_t *lab = malloc((size_t)pl->width * (size_t)pl->height * sizeof *lab);
    if (!lab) {
        sf_rgb_image_clear(img);
        SF_FAIL(SF_ERR_NOMEM, "phantom picture: out of memory");
    }
    for (int y = 0; y < pl->height; ++y)
        for (int x = 0; x < pl->width; ++x) {
            uint16_t l = ph->label[sf_voxel_plane_voxel(pl, x, y)];
            lab[(size_t)y * (size_t)pl->width + (size_t)x] = l;
            int s = source_of[l];
            *sf_rgb_at(img, x, y) =
                s >= 0 && r->plan->n_sources <= COLOURED_SOURCES
                    ? source_colour((size_t)s)
                    : tissue_colour(&ph->regions[l], l);
            if (s >= 0) {
                at[s].sx += x;
                at[s].sy += y;
                at[s].pixels++;
            }
        }
    for (int y = 0; y < pl->height; ++y)
        for (int x = 0; x < pl->width; ++x) {
            size_t i = (size_t)y * (size_t)pl->width + (size_t)x;
            int s = source_of[lab[i]];
            uint16_t right = x + 1 < pl->width ? lab[i + 1] : lab[i];
            uint16_t below = y + 1 < pl->height ? lab[i + (size_t)pl->width] : lab[i];
            sf_rgb *c = sf_rgb_at(img, x, y);
            if ((s >= 0 || source_of[right] >= 0 || source_of[below] >= 0) &&
                (source_of[right] != s || source_of[below] != s))
                *c = outline;
            else if ((right != lab[i] && ph->regions[right].in_body) ||
                     (below != lab[i] && ph->regions[below].in_body))
                *c = (sf_rgb){(uint8_t)(c->r * 0.8), (uint8_t)(c->g * 0.8),
                              (uint8_t)(c->b * 0.8)};
            if (s >= 0 && at[s].pixels) {
                double dx = x - at[s].sx / (double)at[s].pixels;
                double dy = y - at[s].sy / (double)at[s].pixels;
                if (dx * dx + dy * dy < at[s].best_d2) {
                    at[s].best_d2 = dx * dx + dy * dy;
                    at[s].x = x;
                    at[s].y = y;
                }
            }
        }
    free(lab);
    return SF_OK;
}

/* One slice drawn at x0 in the figure; *named: how many sources it names. */
static sf_status slice(sf_report *r, const int *source_of,
                       const sf_voxel_plane *pl, int x0, size_t *named)
{
    size_t ns = r->plan->n_sources;
    name_place *at = calloc(ns + 1, sizeof *at);
    if (!at)
        SF_FAIL(SF_ERR_NOMEM, "phantom picture: out of memory");
    for (size_t s = 0; s < ns; ++s)
        at[s].best_d2 = INFINITY;
    sf_rgb_image img;
    sf_status st = draw(r, pl, source_of, &img, at);
    if (st == SF_OK)
        st = sf_svg_image(r->f, &img, x0 + MARGIN, MARGIN, pl->width,
                          pl->height);
    sf_rgb_image_clear(&img);
    if (st == SF_OK) {
        fprintf(r->f, "<g transform=\"translate(%d 0)\">", x0);
        int w = pl->width + 2 * MARGIN, h = pl->height + 2 * MARGIN;
        *named = write_names(r, at, ns, w);
        const char *left = pl->axis == 0 ? "front" : "right";
        const char *right = pl->axis == 0 ? "back" : "left";
        fprintf(r->f, "<text x=\"%d\" y=\"14\" text-anchor=\"middle\">%s, "
                "head up</text><text x=\"%d\" y=\"%d\" font-size=\"9\" "
                "text-anchor=\"end\">%s</text><text x=\"%d\" y=\"%d\" "
                "font-size=\"9\">%s</text></g>", w / 2,
                sf_voxel_plane_name(pl->axis), MARGIN - 2, h / 2, left,
                w - MARGIN + 2, h / 2, right);
    }
    free(at);
    return st;
}

/* Both slices side by side at one scale, with one caption. */
static sf_status slices_figure(sf_report *r, const int *source_of)
{
    const sf_phantom *ph = r->ph;
    int n[3] = {ph->nx, ph->ny, ph->nz};
    double pixel_cm = sf_voxel_plane_scale(n, ph->spacing_cm, -1,
                                           PICTURE_PIXELS);
    sf_voxel_plane pl[2];
    int width = 0, height = 0;
    for (int i = 0; i < 2; ++i) {
        int axis = 1 - i; /* coronal, then sagittal */
        sf_voxel_plane_init(&pl[i], n, ph->spacing_cm, axis,
                            busiest_plane(ph, source_of, axis), pixel_cm);
        width += pl[i].width + 2 * MARGIN + 30;
        height = pl[i].height > height ? pl[i].height : height;
    }
    height += 2 * MARGIN;
    fprintf(r->f, "<figure><svg class=\"picture\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
            "font-size=\"11\">", width, height, width, height);
    size_t named[2] = {0, 0};
    sf_status st = SF_OK;
    int x0 = 0;
    for (int i = 0; st == SF_OK && i < 2; ++i) {
        st = slice(r, source_of, &pl[i], x0, &named[i]);
        x0 += pl[i].width + 2 * MARGIN + 30;
    }
    fprintf(r->f, "</svg><figcaption>");
    sf_html_textf(r->f, "Left, the coronal voxel plane y = %ld (%.1f cm from "
                  "the front), seen from the front; right, the sagittal plane "
                  "x = %ld (%.1f cm from the body's right side), front on the "
                  "left. Each is the plane with the most source voxels; %zu and "
                  "%zu source regions are named (small ones and names that "
                  "would overlap are left out).", pl[0].index,
                  (pl[0].index + 0.5) * ph->spacing_cm[1], pl[1].index,
                  (pl[1].index + 0.5) * ph->spacing_cm[0], named[0], named[1]);
    fprintf(r->f, "</figcaption></figure>\n");
    r->figures++;
    return st;
}

sf_status sf_report_phantom(sf_report *r)
{
    sf_report_section_begin(r, 3);
    if (!r->ph) {
        sf_report_note(r, "The phantom cannot be drawn: %s.", r->phantom_why);
        sf_report_section_end(r);
        return SF_OK;
    }
    const sf_phantom *ph = r->ph;
    fprintf(r->f, "<p>");
    sf_html_textf(r->f, "%s: %d x %d x %d voxels of %g x %g x %g cm, %d "
                  "labels, body mass %.3f kg. Tissues are shaded by density "
                  "(lung blue-grey, soft tissue pink, bone ivory); the %zu "
                  "source region%s of the campaign are %soutlined in black.",
                  ph->name, ph->nx, ph->ny, ph->nz, ph->spacing_cm[0],
                  ph->spacing_cm[1], ph->spacing_cm[2], ph->n_labels,
                  ph->body_mass_kg, r->plan->n_sources,
                  r->plan->n_sources == 1 ? "" : "s",
                  r->plan->n_sources <= COLOURED_SOURCES ? "coloured and " : "");
    fprintf(r->f, "</p>\n");
    int *source_of = sources_of_labels(r);
    sf_status st = source_of ? slices_figure(r, source_of)
                             : sf_error_set(SF_ERR_NOMEM, "phantom: out of memory");
    free(source_of);
    sf_report_section_end(r);
    return st;
}
