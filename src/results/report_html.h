/* Writing the report's HTML (results/report.h): text escaped for HTML and
 * kept valid UTF-8 whatever the file's names hold, and PNG pictures
 * inlined as data: URIs, so that the page needs nothing but itself. */
#ifndef SF_REPORT_HTML_H
#define SF_REPORT_HTML_H

#include <stdarg.h>
#include <stdio.h>

#include "core/error.h"
#include "results/rgb_image.h"

/* Writes s with & < > " ' escaped; bytes that are not valid UTF-8, and
 * control characters other than tab and newline, become U+FFFD. */
void sf_html_text(FILE *f, const char *s);

/* sf_html_text of at most max_chars characters of s, ending in an
 * ellipsis when it was longer (names in figures, where room is short). */
void sf_html_text_cut(FILE *f, const char *s, size_t max_chars);

/* printf, then sf_html_text on the result (cut at 4 kB). */
void sf_html_textf(FILE *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sf_html_vtextf(FILE *f, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Writes "data:image/png;base64,..." for the picture (the value of an src
 * or href attribute). */
sf_status sf_html_png_uri(FILE *f, const sf_rgb_image *img);

/* A number for a table cell: "%.*g" or "-" when NaN or infinite. */
void sf_html_number(FILE *f, double v, int digits);

#endif
