#include "core/parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_blanks(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        ++s;
    return s;
}

sf_status sf_parse_double(const char *text, const char *what, double *out)
{
    if (!text)
        SF_FAIL(SF_ERR_VALUE, "%s: missing value, expected a number", what);
    const char *s = skip_blanks(text);
    if (!*s)
        SF_FAIL(SF_ERR_VALUE, "%s: empty value, expected a number", what);
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s)
        SF_FAIL(SF_ERR_VALUE, "%s: '%s' is not a number", what, text);
    end = (char *)skip_blanks(end);
    if (*end)
        SF_FAIL(SF_ERR_VALUE,
                "%s: '%s' is not a plain number (unexpected '%s'; units are "
                "implied by the field name)", what, text, end);
    if (isnan(v))
        SF_FAIL(SF_ERR_VALUE, "%s: '%s' is not a number (NaN), expected a "
                "finite value", what, text);
    if (errno == ERANGE || !isfinite(v))
        SF_FAIL(SF_ERR_VALUE, "%s: '%s' is out of the range of a double",
                what, text);
    *out = v;
    return SF_OK;
}

sf_status sf_parse_count(const char *text, const char *what, uint64_t max,
                         uint64_t *out)
{
    double v;
    SF_TRY(sf_parse_double(text, what, &v));
    const char *s = skip_blanks(text);
    if (*s == '-' || v < 0)
        SF_FAIL(SF_ERR_VALUE, "%s: '%s' is negative, expected a count >= 0",
                what, text);
    if (v != floor(v))
        SF_FAIL(SF_ERR_VALUE, "%s: '%s' is not a whole number", what, text);
    if (v > (double)max)
        SF_FAIL(SF_ERR_VALUE, "%s: '%s' exceeds the maximum %llu", what, text,
                (unsigned long long)max);
    /* Integers written without exponent or point are re-read exactly, so
     * counts above 2^53 are not rounded through the double. */
    if (strspn(s, "0123456789") == strlen(s) ||
        (strspn(s, "0123456789") > 0 && *skip_blanks(s + strspn(s, "0123456789")) == '\0')) {
        errno = 0;
        unsigned long long u = strtoull(s, NULL, 10);
        if (errno == ERANGE || u > max)
            SF_FAIL(SF_ERR_VALUE, "%s: '%s' exceeds the maximum %llu", what,
                    text, (unsigned long long)max);
        *out = u;
        return SF_OK;
    }
    *out = (uint64_t)v;
    return SF_OK;
}

sf_status sf_parse_int(const char *text, const char *what, long lo, long hi,
                       long *out)
{
    double v;
    SF_TRY(sf_parse_double(text, what, &v));
    if (v != floor(v))
        SF_FAIL(SF_ERR_VALUE, "%s: '%s' is not a whole number", what, text);
    if (v < (double)lo || v > (double)hi)
        SF_FAIL(SF_ERR_VALUE, "%s: %s is outside [%ld, %ld]", what, text, lo,
                hi);
    *out = (long)v;
    return SF_OK;
}

sf_status sf_parse_double_list(const char *text, const char *what,
                               double **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!text || !*skip_blanks(text))
        SF_FAIL(SF_ERR_VALUE, "%s: empty list, expected numbers separated by "
                "commas", what);
    size_t cap = 1;
    for (const char *p = text; *p; ++p)
        cap += (*p == ',');
    double *v = malloc(cap * sizeof *v);
    char *copy = strdup(text);
    if (!v || !copy) {
        free(v);
        free(copy);
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", what);
    }
    size_t k = 0;
    char *save = NULL;
    sf_status st = SF_OK;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        st = sf_parse_double(tok, what, &v[k]);
        if (st != SF_OK)
            break;
        ++k;
    }
    free(copy);
    if (st == SF_OK && k != cap)
        st = sf_error_set(SF_ERR_VALUE, "%s: '%s' has an empty item", what,
                          text);
    if (st != SF_OK) {
        free(v);
        return st;
    }
    *out = v;
    *n = k;
    return SF_OK;
}

int sf_strieq(const char *a, const char *b)
{
    for (; *a && *b; ++a, ++b)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

void sf_strtrim_copy(char *dst, size_t n, const char *src)
{
    if (n == 0)
        return;
    src = skip_blanks(src);
    size_t len = strlen(src);
    while (len > 0 && isspace((unsigned char)src[len - 1]))
        --len;
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}
