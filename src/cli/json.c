#include "cli/json.h"

#include <math.h>

void sf_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; ++p) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else if (*p >= 0x80)
                /* Input tables are Latin-1 (ICRP 110 CD files): map to the
                 * same code point so the output stays valid UTF-8. */
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void sf_json_double(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.17g", v);
    else
        fputs("null", out);
}

void sf_json_doubles(FILE *out, const double *v, size_t n, size_t stride,
                     int short_form)
{
    fputc('[', out);
    for (size_t i = 0; i < n; ++i) {
        if (i)
            fputs(", ", out);
        double x = v[i * stride];
        if (!isfinite(x))
            fputs("null", out);
        else
            fprintf(out, short_form ? "%.6g" : "%.17g", x);
    }
    fputc(']', out);
}
