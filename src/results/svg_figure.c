#include "results/svg_figure.h"

#include <math.h>

#include "results/report_html.h"
#include "results/svg_plot.h"

sf_status sf_svg_image(FILE *f, const sf_rgb_image *img, double x, double y,
                       double w, double h)
{
    fprintf(f, "<image x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" "
            "preserveAspectRatio=\"none\" href=\"", x, y, w, h);
    SF_TRY(sf_html_png_uri(f, img));
    fprintf(f, "\"/>");
    return SF_OK;
}

void sf_svg_colour_bar(FILE *f, double x, double y, double w, double h,
                       double v0, double v1, sf_bar_labels labels,
                       const char *caption)
{
    /* Stacked bands rather than a gradient: a gradient needs an id, and
     * ids would have to be unique over the whole page. */
    const int bands = 32;
    for (int i = 0; i < bands; ++i) {
        char colour[8];
        sf_rgb_hex(sf_rgb_sequential((i + 0.5) / bands), colour);
        double top = y + h - (i + 1) * h / bands;
        fprintf(f, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" "
                "fill=\"%s\"/>", x, top, w, h / bands + 0.6, colour);
    }
    fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" "
            "fill=\"none\" stroke=\"#444\"/>", x, y, w, h);
    for (int k = (int)ceil(v0 - 1e-9); k <= (int)floor(v1 + 1e-9); ++k) {
        double ty = y + h - (k - v0) / (v1 - v0) * h;
        fprintf(f, "<path stroke=\"#444\" d=\"M%.0f %.0fh4\"/>", x + w, ty);
        if (labels == SF_BAR_PERCENT)
            fprintf(f, "<text x=\"%.0f\" y=\"%.0f\">%g %%</text>", x + w + 6,
                    ty + 4, 100 * pow(10, k));
        else
            sf_svg_decade_label(f, x + w + 6, ty + 4, "start", k);
    }
    fprintf(f, "<text transform=\"translate(%.0f %.0f) rotate(90)\" "
            "text-anchor=\"middle\">", x + w + 52, y + h / 2);
    sf_html_text(f, caption);
    fprintf(f, "</text>");
}

void sf_svg_halo_text(FILE *f, double x, double y, const char *anchor,
                      const char *text)
{
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"%s\" stroke=\"#fff\" "
            "stroke-width=\"3\" paint-order=\"stroke\">", x, y, anchor);
    sf_html_text(f, text);
    fprintf(f, "</text>");
}
