/* The tissue tables of the phantoms. The per-medium ones of the ICRP 110
 * phantom CD that sit beside the media file: NAME_blood.dat (one value a medium: the blood fraction)
 * and NAME_spongiosa.dat (three: red marrow, yellow marrow and trabecular
 * bone mass fractions of the spongiosa and medullary media). Both are
 * optional: a phantom directory without them loads as before, and what
 * needs them (the ICRP 133 mass convention, skeletal targets) says so.
 *
 * Layout, as on the CD: "MEDIUM VALUE..." lines, CRLF ended; lines that
 * do not start with a whole number (headers, blank lines) are skipped.
 * And a user's spongiosa table per region, for any phantom. */
#include "geometry/icrp110_tissue.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/parse.h"
#include "geometry/phantom.h"
#include "geometry/text_lines.h"

#define TABLE_MAX_BYTES (1u << 20)
#define MAX_VALUES 8

static int medium_index(const int *numbers, int n, long number)
{
    for (int i = 0; i < n; ++i)
        if (numbers[i] == number)
            return i;
    return -1;
}

/* The ncol numbers after the first token of a line into v, each in
 * [0, max_value], and their sum; `row` names the line ("medium 2",
 * "region 'Liver'") in error lines. */
static sf_status read_values(const sf_text *t, const sf_token *tok, int ncol,
                             double max_value, const char *row,
                             const char *columns, double *v, double *sum)
{
    char what[4400];
    snprintf(what, sizeof what, "%s:%d: %s, %s", t->path, t->line_no, row,
             columns);
    *sum = 0;
    for (int k = 0; k < ncol; ++k) {
        char buf[64];
        if (!sf_token_copy(&tok[k + 1], buf, sizeof buf))
            SF_FAIL(SF_ERR_FORMAT, "%s: value too long", what);
        SF_TRY(sf_parse_double(buf, what, &v[k]));
        if (!(v[k] >= 0 && v[k] <= max_value))
            SF_FAIL(SF_ERR_VALUE, "%s: %g is outside [0, %g]", what, v[k],
                    max_value);
        *sum += v[k];
    }
    return SF_OK;
}

/* One data line into values[index * ncol ...]. */
static sf_status read_row(const sf_text *t, const sf_token *tok, int n,
                          const sf_tissue_table_spec *spec, const int *numbers,
                          int n_media, double *values, int *seen)
{
    long number = -1;
    sf_token_whole_number(&tok[0], &number);
    if (n != spec->ncol + 1)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: medium %ld: %d values, expected %d "
                "(%s)", t->path, t->line_no, number, n - 1, spec->ncol,
                spec->columns);
    int m = medium_index(numbers, n_media, number);
    if (m < 0)
        SF_FAIL(SF_ERR_VALUE, "%s:%d: medium %ld is not in the media table",
                t->path, t->line_no, number);
    if (seen[m]++)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: medium %ld is listed twice", t->path,
                t->line_no, number);
    char row[32];
    snprintf(row, sizeof row, "medium %ld", number);
    double *v = values + (size_t)m * (size_t)spec->ncol, sum;
    SF_TRY(read_values(t, tok, spec->ncol, spec->max_value, row,
                       spec->columns, v, &sum));
    /* A row of zeros marks a medium the table does not describe (AF lists
     * medium 1 so). */
    if (spec->fractions_sum_to_one && sum > 0 && fabs(sum - 1) > 0.005)
        SF_FAIL(SF_ERR_VALUE, "%s:%d: medium %ld: the %s fractions add up "
                "to %.4f, expected 1 (+/- 0.005)", t->path, t->line_no,
                number, spec->columns, sum);
    if (spec->fractions_sum_to_one && sum == 0)
        for (int k = 0; k < spec->ncol; ++k)
            v[k] = NAN;
    return SF_OK;
}

sf_status sf_tissue_table_read(const char *path,
                               const sf_tissue_table_spec *spec,
                               const int *numbers, int n_media, double *values)
{
    if (spec->ncol < 1 || spec->ncol > MAX_VALUES)
        SF_FAIL(SF_ERR_VALUE, "%s: %d columns per medium, at most %d", path,
                spec->ncol, MAX_VALUES);
    for (size_t i = 0; i < (size_t)n_media * (size_t)spec->ncol; ++i)
        values[i] = NAN;
    int *seen = calloc((size_t)n_media + 1, sizeof *seen);
    if (!seen)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    sf_text t;
    sf_status st = sf_text_open(path, TABLE_MAX_BYTES, &t);
    if (st != SF_OK) {
        free(seen);
        return st;
    }
    int rows = 0;
    sf_token tok[MAX_VALUES + 2];
    for (char *line; st == SF_OK && (line = sf_text_next(&t));) {
        int n = sf_text_split(line, 0, tok, MAX_VALUES + 2);
        long number = -1;
        /* Header lines, blank lines and notes: anything that does not
         * start with a medium number. */
        if (n <= 0 || !sf_token_whole_number(&tok[0], &number))
            continue;
        if (n > MAX_VALUES + 1)
            n = MAX_VALUES + 2; /* reported as too many values */
        st = read_row(&t, tok, n, spec, numbers, n_media, values, seen);
        rows++;
    }
    sf_text_close(&t);
    free(seen);
    if (st == SF_OK && rows == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no data lines (expected "
                          "'MEDIUM %s')", path, spec->columns);
    return st;
}

int sf_tissue_table_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* A user's table for a phantom without the ICRP 110 one: lines
 * "REGION RBM YBM BONE", REGION a region name (in double quotes when it
 * has blanks) or label number; '#' comments. */
sf_status sf_phantom_read_spongiosa(sf_phantom *ph, const char *path)
{
    sf_text t;
    SF_TRY(sf_text_open(path, TABLE_MAX_BYTES, &t));
    sf_status st = SF_OK;
    int rows = 0;
    unsigned char *seen = calloc((size_t)ph->n_labels + 1, 1);
    if (!seen)
        st = sf_error_set(SF_ERR_NOMEM, "%s: out of memory", path);
    sf_token tok[SF_SPONGIOSA_N + 2];
    for (char *line; st == SF_OK && (line = sf_text_next(&t));) {
        int n = sf_text_split(line, 1, tok, SF_SPONGIOSA_N + 2);
        if (n == 0)
            continue;
        char name[SF_REGION_NAME_MAX];
        if (n != SF_SPONGIOSA_N + 1 || !sf_token_copy(&tok[0], name, sizeof name)) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: expected 'REGION RBM YBM "
                              "BONE' (a region name in quotes if it has "
                              "blanks, or a label, then three mass "
                              "fractions)", path, t.line_no);
            break;
        }
        int l = sf_phantom_find_region(ph, name);
        if (l < 0) {
            st = sf_error_set(SF_ERR_VALUE, "%s:%d: phantom %s has no region "
                              "'%s'", path, t.line_no, ph->name, name);
            break;
        }
        if (seen[l]++) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: region '%s' is listed "
                              "twice", path, t.line_no, name);
            break;
        }
        double f[SF_SPONGIOSA_N], sum = 0;
        char row[SF_REGION_NAME_MAX + 16];
        snprintf(row, sizeof row, "region '%s'", name);
        st = read_values(&t, tok, SF_SPONGIOSA_N, 1.0, row, "RBM YBM bone", f,
                         &sum);
        if (st == SF_OK && fabs(sum - 1) > 0.005)
            st = sf_error_set(SF_ERR_VALUE, "%s:%d: region '%s': the RBM YBM "
                              "bone fractions add up to %.4f, expected 1 "
                              "(+/- 0.005)", path, t.line_no, name, sum);
        for (int k = 0; st == SF_OK && k < SF_SPONGIOSA_N; ++k)
            ph->regions[l].spongiosa[k] = f[k];
        rows++;
    }
    sf_text_close(&t);
    free(seen);
    if (st == SF_OK && rows == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no lines 'REGION RBM YBM BONE'",
                          path);
    return st;
}
