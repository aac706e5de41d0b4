#include "results/svg_plot.h"

#include <math.h>

#include "results/report_html.h"

#define MARGIN_LEFT 62
#define MARGIN_RIGHT 14
#define TITLE_HEIGHT 26
#define MAIN_HEIGHT 250
#define RATIO_GAP 8
#define RATIO_HEIGHT 90
#define AXIS_HEIGHT 38
#define LEGEND_ROW 15
/* Below this many decades the SAF curves of a plot rarely fall; values
 * further below the top are cut rather than flatten the rest. */
#define MAX_DECADES 10

typedef struct panel {
    double x0, y0, w, h;        /* pixels */
    double lx0, lx1;            /* log10 of the x range */
    double v0, v1;              /* y range: log10 (main) or linear (ratio) */
    int log_y;
} panel;

static double px_x(const panel *p, double x)
{
    return p->x0 + (log10(x) - p->lx0) / (p->lx1 - p->lx0) * p->w;
}

static double px_y(const panel *p, double y)
{
    double v = p->log_y ? log10(y) : y;
    return p->y0 + (p->v1 - v) / (p->v1 - p->v0) * p->h;
}

static int usable(const sf_svg_series *s, size_t i, int log_y)
{
    return s->x[i] > 0 && isfinite(s->x[i]) && isfinite(s->y[i]) &&
           (!log_y || s->y[i] > 0);
}

static double sigma_of(const sf_svg_series *s, size_t i)
{
    return s->sigma && isfinite(s->sigma[i]) && s->sigma[i] > 0 ? s->sigma[i]
                                                                : 0;
}

/* x range over both panels; 0 when no point at all. */
static int x_range(const sf_svg_plot *p, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int panel_i = 0; panel_i < 2; ++panel_i) {
        const sf_svg_series *ss = panel_i ? p->ratios : p->series;
        size_t n = panel_i ? p->n_ratios : p->n_series;
        for (size_t k = 0; k < n; ++k)
            for (size_t i = 0; i < ss[k].n; ++i)
                if (usable(&ss[k], i, !panel_i)) {
                    *lo = fmin(*lo, ss[k].x[i]);
                    *hi = fmax(*hi, ss[k].x[i]);
                }
    }
    return *lo <= *hi;
}

/* y range of a panel: decades for the log panel, a padded interval that
 * holds 1 for the ratios. */
static void y_range(const sf_svg_series *ss, size_t n, int log_y, double *v0,
                    double *v1)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < n; ++k)
        for (size_t i = 0; i < ss[k].n; ++i) {
            if (!usable(&ss[k], i, log_y))
                continue;
            double y = ss[k].y[i], s = sigma_of(&ss[k], i);
            double a = y - s > 0 || !log_y ? y - s : y;
            lo = fmin(lo, a);
            hi = fmax(hi, y + s);
        }
    if (log_y) {
        if (!(lo <= hi)) {
            lo = 1e-3;
            hi = 1;
        }
        *v1 = ceil(log10(hi) - 1e-9);
        *v0 = floor(log10(lo) + 1e-9);
        if (*v1 - *v0 < 1)
            *v0 = *v1 - 1;
        if (*v1 - *v0 > MAX_DECADES)
            *v0 = *v1 - MAX_DECADES;
        return;
    }
    if (!(lo <= hi))
        lo = hi = 1;
    lo = fmax(fmin(lo, 0.98), 0);
    hi = fmin(fmax(hi, 1.02), 3);
    double pad = 0.06 * (hi - lo);
    *v0 = fmax(lo - pad, 0);
    *v1 = hi + pad;
}

void sf_svg_decade_label(FILE *f, double x, double y, const char *anchor,
                         int k)
{
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"%s\">10<tspan "
            "dy=\"-5\" font-size=\"8\">%d</tspan></text>", x, y, anchor, k);
}

/* A tick step of 1, 2 or 5 times a power of ten giving about four ticks. */
static double nice_step(double span)
{
    double raw = span / 4, p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static void frame(FILE *f, const panel *p)
{
    fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" "
            "fill=\"none\" stroke=\"#444\"/>", p->x0, p->y0, p->w, p->h);
}

static void x_axis(FILE *f, const panel *p, int labels)
{
    int span = (int)lround(p->lx1 - p->lx0);
    if (span > 1) {
        fprintf(f, "<path stroke=\"#ddd\" d=\"");
        for (int k = (int)p->lx0 + 1; k < (int)p->lx1; ++k)
            fprintf(f, "M%.0f %.0fV%.0f", px_x(p, pow(10, k)), p->y0,
                    p->y0 + p->h);
        fprintf(f, "\"/>");
    }
    fprintf(f, "<path stroke=\"#444\" d=\"");
    for (int k = (int)p->lx0; k <= (int)p->lx1; ++k)
        for (int m = 1; m < 10; ++m) {
            if (m > 1 && (span > 4 || k == (int)p->lx1))
                continue;
            double x = px_x(p, m * pow(10, k));
            fprintf(f, "M%.0f %.0fv%d", x, p->y0 + p->h, m == 1 ? -6 : -3);
        }
    fprintf(f, "\"/>");
    if (!labels)
        return;
    int every = span > 6 ? 2 : 1;
    for (int k = (int)p->lx0; k <= (int)p->lx1; ++k)
        if ((k - (int)p->lx0) % every == 0)
            sf_svg_decade_label(f, px_x(p, pow(10, k)), p->y0 + p->h + 16,
                                "middle", k);
}

static void log_y_axis(FILE *f, const panel *p)
{
    int span = (int)lround(p->v1 - p->v0);
    int every = span > 6 ? 2 : 1;
    if (span > 1) {
        fprintf(f, "<path stroke=\"#ddd\" d=\"");
        for (int k = (int)p->v0 + 1; k < (int)p->v1; ++k)
            fprintf(f, "M%.0f %.0fH%.0f", p->x0, px_y(p, pow(10, k)),
                    p->x0 + p->w);
        fprintf(f, "\"/>");
    }
    fprintf(f, "<path stroke=\"#444\" d=\"");
    for (int k = (int)p->v0; k <= (int)p->v1; ++k)
        fprintf(f, "M%.0f %.0fh6", p->x0, px_y(p, pow(10, k)));
    fprintf(f, "\"/>");
    for (int k = (int)p->v0; k <= (int)p->v1; ++k)
        if (((int)p->v1 - k) % every == 0)
            sf_svg_decade_label(f, p->x0 - 5, px_y(p, pow(10, k)) + 4, "end", k);
}

static void linear_y_axis(FILE *f, const panel *p)
{
    double step = nice_step(p->v1 - p->v0);
    /* the band of agreement within 2 % and the line of equality */
    double b0 = fmax(px_y(p, 1.02), p->y0), b1 = fmin(px_y(p, 0.98), p->y0 + p->h);
    if (b1 > b0)
        fprintf(f, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" "
                "fill=\"#e8f0e0\"/>", p->x0, b0, p->w, b1 - b0);
    fprintf(f, "<path stroke=\"#888\" stroke-dasharray=\"3 3\" d=\"M%.0f "
            "%.0fH%.0f\"/>", p->x0, px_y(p, 1), p->x0 + p->w);
    for (double v = ceil(p->v0 / step) * step; v <= p->v1 + 1e-9; v += step) {
        double y = px_y(p, v);
        fprintf(f, "<path stroke=\"#444\" d=\"M%.0f %.0fh5\"/><text x=\"%.0f\" "
                "y=\"%.0f\" text-anchor=\"end\">%.3g</text>", p->x0, y,
                p->x0 - 5, y + 4, v);
    }
}

static int inside(const panel *p, double y)
{
    return y >= p->y0 - 0.5 && y <= p->y0 + p->h + 0.5;
}

static void curve(FILE *f, const panel *p, const sf_svg_series *s)
{
    char colour[8];
    sf_rgb_hex(s->colour, colour);
    /* the line, broken where a point is missing or off the panel */
    fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s d=\"",
            colour, s->dashed ? " stroke-dasharray=\"5 3\"" : "");
    int pen_down = 0;
    for (size_t i = 0; i < s->n; ++i) {
        double x = usable(s, i, p->log_y) ? px_x(p, s->x[i]) : 0;
        double y = usable(s, i, p->log_y) ? px_y(p, s->y[i]) : -1;
        if (!inside(p, y)) {
            pen_down = 0;
            continue;
        }
        fprintf(f, "%c%.0f %.0f", pen_down ? 'L' : 'M', x, y);
        pen_down = 1;
    }
    fprintf(f, "\"/>");
    if (s->dashed)
        return;
    /* markers (round caps of zero-length strokes) and 1-sigma bars */
    fprintf(f, "<path stroke=\"%s\" stroke-width=\"4\" stroke-linecap=\"round\" "
            "d=\"", colour);
    for (size_t i = 0; i < s->n; ++i)
        if (usable(s, i, p->log_y) && inside(p, px_y(p, s->y[i])))
            fprintf(f, "M%.0f %.0fh0", px_x(p, s->x[i]), px_y(p, s->y[i]));
    fprintf(f, "\"/><path stroke=\"%s\" d=\"", colour);
    for (size_t i = 0; i < s->n; ++i) {
        double sg = usable(s, i, p->log_y) ? sigma_of(s, i) : 0;
        if (sg == 0)
            continue;
        double lo = s->y[i] - sg;
        double ya = p->log_y && lo <= 0 ? p->y0 + p->h : px_y(p, lo);
        double yb = px_y(p, s->y[i] + sg);
        ya = fmin(ya, p->y0 + p->h);
        yb = fmax(yb, p->y0);
        if (ya - yb >= 3)
            fprintf(f, "M%.0f %.0fV%.0f", px_x(p, s->x[i]), ya, yb);
    }
    fprintf(f, "\"/>");
}

static void legend(FILE *f, const sf_svg_series *ss, size_t n, double x0,
                   double y0, double width)
{
    size_t columns = n > 3 ? 2 : 1, rows = (n + columns - 1) / columns;
    /* about 6 pixels a character at this size; the swatch takes 26 */
    size_t chars = (size_t)fmax(8, (width / (double)columns - 26) / 6);
    for (size_t k = 0; k < n; ++k) {
        double x = x0 + (double)(k / rows) * width / (double)columns;
        double y = y0 + (double)(k % rows) * LEGEND_ROW;
        char colour[8];
        sf_rgb_hex(ss[k].colour, colour);
        fprintf(f, "<path stroke=\"%s\" stroke-width=\"2\"%s d=\"M%.0f "
                "%.0fh18\"/><text x=\"%.0f\" y=\"%.0f\">", colour,
                ss[k].dashed ? " stroke-dasharray=\"5 3\"" : "", x, y - 4,
                x + 22, y);
        sf_html_text_cut(f, ss[k].label, chars);
        fprintf(f, "</text>");
    }
}

static size_t legend_rows(size_t n)
{
    return n > 3 ? (n + 1) / 2 : n;
}

void sf_svg_plot_write(FILE *f, const sf_svg_plot *p)
{
    int width = p->width > 200 ? p->width : 200;
    int has_ratio = p->n_ratios > 0;
    double plot_w = width - MARGIN_LEFT - MARGIN_RIGHT;
    panel main = {MARGIN_LEFT, TITLE_HEIGHT, plot_w, MAIN_HEIGHT, 0, 0, 0, 0, 1};
    panel ratio = {MARGIN_LEFT, TITLE_HEIGHT + MAIN_HEIGHT + RATIO_GAP, plot_w,
                   RATIO_HEIGHT, 0, 0, 0, 0, 0};
    double bottom = has_ratio ? ratio.y0 + ratio.h : main.y0 + main.h;
    double lo, hi;
    int any = x_range(p, &lo, &hi);
    if (!any) {
        lo = 0.01;
        hi = 10;
    }
    main.lx0 = ratio.lx0 = floor(log10(lo) + 1e-9);
    main.lx1 = ratio.lx1 = ceil(log10(hi) - 1e-9);
    if (main.lx1 - main.lx0 < 1)
        main.lx1 = ratio.lx1 = main.lx0 + 1;
    y_range(p->series, p->n_series, 1, &main.v0, &main.v1);
    y_range(p->ratios, p->n_ratios, 0, &ratio.v0, &ratio.v1);
    double height = bottom + AXIS_HEIGHT + 6 +
                    (double)legend_rows(p->n_series) * LEGEND_ROW;
    fprintf(f, "<svg class=\"plot\" width=\"%d\" height=\"%.0f\" viewBox=\"0 0 "
            "%d %.0f\" font-family=\"sans-serif\" font-size=\"11\" "
            "stroke-linejoin=\"round\"><text x=\"%d\" y=\"16\" font-weight=\"bold\">",
            width, height, width, height, MARGIN_LEFT);
    sf_html_text(f, p->title);
    fprintf(f, "</text>");
    x_axis(f, &main, !has_ratio);
    log_y_axis(f, &main);
    for (size_t k = 0; k < p->n_series; ++k)
        curve(f, &main, &p->series[k]);
    frame(f, &main);
    if (has_ratio) {
        linear_y_axis(f, &ratio);
        x_axis(f, &ratio, 1);
        for (size_t k = 0; k < p->n_ratios; ++k)
            curve(f, &ratio, &p->ratios[k]);
        frame(f, &ratio);
        fprintf(f, "<text transform=\"translate(12 %.0f) rotate(-90)\" "
                "text-anchor=\"middle\">", ratio.y0 + ratio.h / 2);
        sf_html_text(f, p->ratio_label ? p->ratio_label : "ratio");
        fprintf(f, "</text>");
    }
    if (!any)
        fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" "
                "fill=\"#888\">no values yet</text>", main.x0 + main.w / 2,
                main.y0 + main.h / 2);
    fprintf(f, "<text transform=\"translate(12 %.0f) rotate(-90)\" "
            "text-anchor=\"middle\">", main.y0 + main.h / 2);
    sf_html_text(f, p->y_label);
    fprintf(f, "</text><text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">",
            main.x0 + main.w / 2, bottom + 32);
    sf_html_text(f, p->x_label);
    fprintf(f, "</text>");
    legend(f, p->series, p->n_series, MARGIN_LEFT, bottom + AXIS_HEIGHT + 14,
           plot_w);
    fprintf(f, "</svg>\n");
}
