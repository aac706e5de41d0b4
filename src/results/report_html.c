#include "results/report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/base64.h"
#include "results/png_write.h"

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), 0 when it is not one. */
static size_t utf8_length(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
             : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xc2) || (n == 4 && c > 0xf4))
        return 0;
    for (size_t i = 1; i < n; ++i)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if (n == 3 && ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0)))
        return 0;
    if (n == 4 && ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90)))
        return 0;
    return n;
}

void sf_html_text(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_length(p);
        if (n == 0 || (*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f) {
            fputs("\xef\xbf\xbd", f);
            p += 1;
            continue;
        }
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fwrite(p, 1, n, f);
        }
        p += n;
    }
}

void sf_html_text_cut(FILE *f, const char *s, size_t max_chars)
{
    char buf[1024];
    size_t n = 0, chars = 0, len = strlen(s);
    /* counting characters, not bytes: a UTF-8 sequence is never split */
    while (n < len && n + 4 < sizeof buf - 4) {
        size_t k = utf8_length((const unsigned char *)s + n);
        k = k ? k : 1;
        if (chars + 1 == max_chars && n + k < len)
            break;
        memcpy(buf + n, s + n, k);
        n += k;
        chars++;
    }
    if (n < len) {
        memcpy(buf + n, "\xe2\x80\xa6", 3);
        n += 3;
    }
    buf[n] = '\0';
    sf_html_text(f, buf);
}

void sf_html_vtextf(FILE *f, const char *fmt, va_list ap)
{
    char buf[4096];
    vsnprintf(buf, sizeof buf, fmt, ap);
    sf_html_text(f, buf);
}

void sf_html_textf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sf_html_vtextf(f, fmt, ap);
    va_end(ap);
}

sf_status sf_html_png_uri(FILE *f, const sf_rgb_image *img)
{
    unsigned char *png = NULL;
    size_t n = 0;
    SF_TRY(sf_png_encode(img, &png, &n));
    char *b64 = sf_base64_encode(png, n);
    free(png);
    if (!b64)
        SF_FAIL(SF_ERR_NOMEM, "inline picture: out of memory");
    fputs("data:image/png;base64,", f);
    fputs(b64, f);
    free(b64);
    return SF_OK;
}

void sf_html_number(FILE *f, double v, int digits)
{
    if (isfinite(v))
        fprintf(f, "%.*g", digits, v);
    else
        fputs("-", f);
}
