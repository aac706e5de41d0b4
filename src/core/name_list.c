#include "core/name_list.h"

#include <stdio.h>
#include <string.h>

#include "core/parse.h"

#define MAX_PARTS 64

/* The text of comma-separated parts [i, j) of arg, as written (commas and
 * blanks included), trimmed. */
static void segment(const char *arg, const size_t *start, const size_t *end,
                    size_t i, size_t j, char *out)
{
    char buf[SF_NAME_LIST_ITEM_MAX];
    size_t len = end[j - 1] - start[i];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, arg + start[i], len);
    buf[len] = '\0';
    sf_strtrim_copy(out, SF_NAME_LIST_ITEM_MAX, buf);
}

/* Cuts arg at its commas: part k is arg[start[k], end[k]). */
static size_t cut(const char *arg, size_t *start, size_t *end)
{
    size_t n = 0, at = 0;
    for (;;) {
        const char *comma = strchr(arg + at, ',');
        if (n == MAX_PARTS)
            return 0;
        start[n] = at;
        end[n] = comma ? (size_t)(comma - arg) : strlen(arg);
        ++n;
        if (!comma)
            return n;
        at = end[n - 1] + 1;
    }
}

/* The readings of parts [i, n) as a sequence of region names: count[i]
 * (capped at 2) and, for one reading, the end of its first name. */
static void readings(const char *arg, const size_t *start, const size_t *end,
                     size_t n, sf_name_test is_name, const void *ctx,
                     int *count, size_t *next)
{
    count[n] = 1;
    for (size_t i = n; i-- > 0;) {
        count[i] = 0;
        for (size_t j = i + 1; j <= n && count[i] < 2; ++j) {
            if (!count[j])
                continue;
            char name[SF_NAME_LIST_ITEM_MAX];
            segment(arg, start, end, i, j, name);
            if (!name[0] || !is_name(name, ctx))
                continue;
            if (count[i] == 0)
                next[i] = j;
            count[i] += count[j];
        }
        if (count[i] > 2)
            count[i] = 2;
    }
}

/* One reading, its names joined as 'A', 'B' (for the error line). */
static void describe(const char *arg, const size_t *start, const size_t *end,
                     size_t n, const size_t *next, char *list, size_t cap)
{
    list[0] = '\0';
    for (size_t i = 0; i < n; i = next[i]) {
        char name[SF_NAME_LIST_ITEM_MAX];
        segment(arg, start, end, i, next[i], name);
        size_t len = strlen(list);
        snprintf(list + len, cap - len, "%s'%s'", i ? ", " : "", name);
    }
}

/* A second reading than the one next[] holds: the first position where
 * another first name also leads to a reading. */
static void other_reading(const char *arg, const size_t *start,
                          const size_t *end, size_t n, sf_name_test is_name,
                          const void *ctx, const int *count, size_t *next)
{
    for (size_t i = 0; i < n; i = next[i]) {
        for (size_t j = i + 1; j <= n; ++j) {
            char name[SF_NAME_LIST_ITEM_MAX];
            if (j == next[i] || !count[j])
                continue;
            segment(arg, start, end, i, j, name);
            if (name[0] && is_name(name, ctx)) {
                next[i] = j;
                return;
            }
        }
    }
}

sf_status sf_name_list_read(const char *arg, const char *option,
                            sf_name_test is_name, const void *ctx,
                            char (*out)[SF_NAME_LIST_ITEM_MAX], size_t max,
                            size_t *n)
{
    *n = 0;
    size_t start[MAX_PARTS], end[MAX_PARTS], next[MAX_PARTS + 1];
    int count[MAX_PARTS + 1];
    char whole[SF_NAME_LIST_ITEM_MAX];
    sf_strtrim_copy(whole, sizeof whole, arg);
    if (!whole[0])
        SF_FAIL(SF_ERR_USAGE, "%s: empty; expected a region name or label",
                option);
    if (strlen(arg) >= SF_NAME_LIST_ITEM_MAX * 8)
        SF_FAIL(SF_ERR_USAGE, "%s '%.60s...': too long", option, arg);
    size_t parts = cut(arg, start, end);
    if (parts == 0)
        SF_FAIL(SF_ERR_USAGE, "%s '%.60s...': more than %d comma-separated "
                "parts", option, arg, MAX_PARTS);
    readings(arg, start, end, parts, is_name, ctx, count, next);
    if (count[0] == 0) {
        /* No reading: the plain split, whose unknown names the caller
         * reports with what it looked in. */
        for (size_t k = 0; k < parts; ++k) {
            if (*n == max)
                SF_FAIL(SF_ERR_USAGE, "%s: more than %zu regions", option, max);
            segment(arg, start, end, k, k + 1, out[*n]);
            if (!out[*n][0])
                SF_FAIL(SF_ERR_USAGE, "%s '%s': an empty region between "
                        "commas", option, whole);
            ++*n;
        }
        return SF_OK;
    }
    if (count[0] > 1) {
        char one[600], two[600];
        describe(arg, start, end, parts, next, one, sizeof one);
        other_reading(arg, start, end, parts, is_name, ctx, count, next);
        describe(arg, start, end, parts, next, two, sizeof two);
        SF_FAIL(SF_ERR_USAGE, "%s '%s' reads two ways: %s, or %s; name each "
                "region in its own %s option, by its label number where its "
                "name has commas", option, whole, one, two, option);
    }
    for (size_t i = 0; i < parts; i = next[i]) {
        if (*n == max)
            SF_FAIL(SF_ERR_USAGE, "%s: more than %zu regions", option, max);
        segment(arg, start, end, i, next[i], out[(*n)++]);
    }
    return SF_OK;
}
