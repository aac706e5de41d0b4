#include "cli/spectrum_arg.h"

#include <stdlib.h>
#include <string.h>

#include "core/parse.h"

#define MAX_LINES 100000

static sf_status parse_item(char *item, double *E, double *Y)
{
    char *colon = strchr(item, ':');
    if (!colon)
        SF_FAIL(SF_ERR_VALUE, "--spectrum: '%.40s' is not ENERGY_MeV:YIELD",
                item);
    *colon = '\0';
    SF_TRY(sf_parse_double(item, "--spectrum energy", E));
    SF_TRY(sf_parse_double(colon + 1, "--spectrum yield", Y));
    if (!(*E > 0))
        SF_FAIL(SF_ERR_VALUE, "--spectrum: energy %g MeV, expected > 0", *E);
    if (*Y < 0)
        SF_FAIL(SF_ERR_VALUE, "--spectrum: yield %g is negative", *Y);
    return SF_OK;
}

sf_status sf_cli_parse_lines(const char *text, double **energy_MeV,
                             double **yield, int *n)
{
    *energy_MeV = *yield = NULL;
    *n = 0;
    size_t cap = 1;
    for (const char *p = text; *p; ++p)
        cap += *p == ',';
    if (cap > MAX_LINES)
        SF_FAIL(SF_ERR_VALUE, "--spectrum: %zu lines, at most %d", cap,
                MAX_LINES);
    char *copy = strdup(text);
    double *E = malloc(cap * sizeof *E), *Y = malloc(cap * sizeof *Y);
    sf_status st = SF_OK;
    if (!copy || !E || !Y)
        st = sf_error_set(SF_ERR_NOMEM, "--spectrum: out of memory");
    /* Items are cut by hand, not with strtok, so that an empty item
     * (",,") is an error rather than skipped. */
    double total = 0;
    size_t k = 0;
    for (char *item = copy; st == SF_OK && item; ++k) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        st = parse_item(item, &E[k], &Y[k]);
        total += st == SF_OK ? Y[k] : 0;
        item = comma ? comma + 1 : NULL;
    }
    if (st == SF_OK && !(total > 0))
        st = sf_error_set(SF_ERR_VALUE, "--spectrum: every yield is 0");
    free(copy);
    if (st != SF_OK) {
        free(E);
        free(Y);
        return st;
    }
    *energy_MeV = E;
    *yield = Y;
    *n = (int)k;
    return SF_OK;
}
