#include "core/text_width.h"

size_t sf_text_width(const char *s)
{
    size_t n = 0;
    for (; *s; ++s)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

void sf_fprint_padded(FILE *f, const char *s, size_t width, int right)
{
    size_t w = sf_text_width(s);
    if (!right)
        fputs(s, f);
    for (; w < width; ++w)
        fputc(' ', f);
    if (right)
        fputs(s, f);
}

size_t sf_text_max_width(const char *first, size_t n, size_t stride,
                         size_t minimum)
{
    size_t most = minimum;
    for (size_t i = 0; i < n; ++i) {
        size_t w = sf_text_width(first + i * stride);
        if (w > most)
            most = w;
    }
    return most;
}
