#include "results/spectrum.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "geometry/text_lines.h"

#define SPECTRUM_MAX_BYTES (16u << 20)

void sf_spectrum_destroy(sf_spectrum **ps)
{
    if (!ps || !*ps)
        return;
    free((*ps)->emissions);
    free(*ps);
    *ps = NULL;
}

static sf_status number(const sf_text *t, const sf_token *tok, const char *what,
                        double *v)
{
    char buf[64];
    if (!sf_token_copy(tok, buf, sizeof buf) ||
        sf_parse_double(buf, what, v) != SF_OK)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s '%.*s' is not a number", t->path,
                t->line_no, what, (int)tok->n, tok->s);
    return SF_OK;
}

static sf_status parse_emission(const sf_text *t, const sf_token *tok, int n,
                                sf_emission *em)
{
    int bin = sf_token_ieq(&tok[0], "bin");
    if (n != (bin ? 5 : 4))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected '%s'", t->path, t->line_no,
                bin ? "bin PARTICLE LOW_MeV HIGH_MeV YIELD"
                    : "line PARTICLE ENERGY_MeV YIELD");
    if (!sf_token_ieq(&tok[1], "photon") && !sf_token_ieq(&tok[1], "electron") &&
        !sf_token_ieq(&tok[1], "positron"))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: particle '%.*s': expected photon, "
                "electron or positron", t->path, t->line_no, (int)tok[1].n,
                tok[1].s);
    sf_token_copy(&tok[1], em->particle, sizeof em->particle);
    for (char *c = em->particle; *c; ++c)
        *c = (char)(*c | 0x20); /* ASCII lower case */
    SF_TRY(number(t, &tok[2], bin ? "low energy" : "energy", &em->low_MeV));
    em->high_MeV = em->low_MeV;
    if (bin)
        SF_TRY(number(t, &tok[3], "high energy", &em->high_MeV));
    SF_TRY(number(t, &tok[bin ? 4 : 3], "yield", &em->yield));
    if (bin ? !(em->low_MeV >= 0 && em->high_MeV > em->low_MeV)
            : !(em->low_MeV > 0))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s", t->path, t->line_no,
                bin ? "a bin needs 0 <= low < high (MeV)"
                    : "the energy must be positive (MeV)");
    if (!(em->yield >= 0) || em->high_MeV > 1e3)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected a yield >= 0 per decay and "
                "energies below 1000 MeV", t->path, t->line_no);
    return SF_OK;
}

static sf_status parse_line(const sf_text *t, const char *line, sf_spectrum *s,
                            size_t *cap)
{
    sf_token tok[6];
    int n = sf_text_split(line, 1, tok, 6);
    if (n == 0)
        return SF_OK;
    if (n < 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: unterminated quote", t->path,
                t->line_no);
    if (sf_token_ieq(&tok[0], "nuclide")) {
        if (n != 2 || !sf_token_copy(&tok[1], s->nuclide, sizeof s->nuclide))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected 'nuclide NAME'", t->path,
                    t->line_no);
        return SF_OK;
    }
    if (!sf_token_ieq(&tok[0], "line") && !sf_token_ieq(&tok[0], "bin"))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: '%.*s': expected nuclide, line or bin",
                t->path, t->line_no, (int)tok[0].n, tok[0].s);
    if (s->n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        sf_emission *e = realloc(s->emissions, c * sizeof *e);
        if (!e)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
        s->emissions = e;
        *cap = c;
    }
    SF_TRY(parse_emission(t, tok, n, &s->emissions[s->n]));
    s->n++;
    return SF_OK;
}

sf_status sf_spectrum_load(const char *path, sf_spectrum **out)
{
    *out = NULL;
    sf_spectrum *s = calloc(1, sizeof *s);
    if (!s)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    snprintf(s->path, sizeof s->path, "%s", path);
    sf_text t;
    sf_status st = sf_text_open(path, SPECTRUM_MAX_BYTES, &t);
    size_t cap = 0;
    if (st == SF_OK) {
        for (char *line; st == SF_OK && (line = sf_text_next(&t));)
            st = parse_line(&t, line, s, &cap);
        sf_text_close(&t);
    }
    if (st == SF_OK && s->n == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no emissions (expected lines "
                          "'line PARTICLE ENERGY_MeV YIELD' or 'bin ...')", path);
    if (st != SF_OK) {
        sf_spectrum_destroy(&s);
        return st;
    }
    *out = s;
    return SF_OK;
}
