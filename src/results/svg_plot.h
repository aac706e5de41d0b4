/* Log-log plots of the report written directly as inline SVG: curves with
 * 1-sigma bars against energy, dashed reference curves, and optionally a
 * panel of ratios below on a linear scale. Integer pixel coordinates and
 * one path per curve keep a plot near 10 kB, so that a campaign's few
 * hundred plots stay small enough to mail. */
#ifndef SF_SVG_PLOT_H
#define SF_SVG_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "results/rgb_image.h"

typedef struct sf_svg_series {
    const char *label;
    const double *x, *y;   /* n points; non-positive or NaN values are
                            * left out (a log scale cannot show them) */
    const double *sigma;   /* absolute 1-sigma of y, or NULL */
    size_t n;
    sf_rgb colour;
    int dashed;            /* a reference: dashed line, no markers */
} sf_svg_series;

typedef struct sf_svg_plot {
    const char *title;
    const char *x_label, *y_label;
    const sf_svg_series *series;   /* the log-log panel */
    size_t n_series;
    const sf_svg_series *ratios;   /* the linear panel below, when any */
    size_t n_ratios;
    const char *ratio_label;
    int width;                     /* pixels; the height follows */
} sf_svg_plot;

/* Writes one <svg> element. A plot without a single point says so in its
 * frame. */
void sf_svg_plot_write(FILE *f, const sf_svg_plot *p);

/* "10<tspan ...>k</tspan>" for a decade label at (x, y) with the given
 * text anchor; shared with the colour bars of the pictures. */
void sf_svg_decade_label(FILE *f, double x, double y, const char *anchor,
                         int k);

#endif
