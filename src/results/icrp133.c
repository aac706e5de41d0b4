#include "results/icrp133.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "geometry/text_lines.h"

#define NAME_WIDTH 10
#define VALUE_WIDTH 10
#define TAIL_WIDTH 13 /* Ecut (10) and Icut (3) */
#define READ_MAX_BYTES (256u << 20)

static const struct { const char *particle, *word; } words[] = {
    {"photon", "Photons"}, {"electron", "Electrons"},
    {"positron", "Positrons"}, {"alpha", "Alphas"}};

const char *sf_icrp133_particle_word(const char *particle)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; ++i)
        if (sf_strieq(words[i].particle, particle))
            return words[i].word;
    return particle;
}

static const char *particle_of_word(const char *word)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; ++i)
        if (sf_strieq(words[i].word, word) || sf_strieq(words[i].particle, word))
            return words[i].particle;
    return NULL;
}

static size_t record_length(const sf_saf_table *t)
{
    return 2 * NAME_WIDTH + 2 + VALUE_WIDTH * t->n_energies + TAIL_WIDTH;
}

static void text_record(FILE *out, const char *text, size_t len)
{
    fprintf(out, "%-*.*s\r\n", (int)len, (int)len, text ? text : "");
}

static int fits_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > NAME_WIDTH)
        return 0;
    for (size_t i = 0; i < n; ++i)
        if (isspace((unsigned char)name[i]))
            return 0;
    return 1;
}

static sf_status check_names(const char *where, const sf_saf_region *r,
                             size_t n, const char *what)
{
    for (size_t i = 0; i < n; ++i)
        if (!fits_name(r[i].name))
            SF_FAIL(SF_ERR_VALUE, "%s: %s region '%s' does not fit the "
                    "10-character, blank-free name field of the ICRP 133 "
                    "layout; give a mapping table with --mapping "
                    "(docs/exports.md)", where, what, r[i].name);
    return SF_OK;
}

/* SAFs so small that E10.3 would need a three-digit exponent are zero for
 * any dosimetric purpose. */
static double printable(double v)
{
    return v < 1e-99 ? 0.0 : v;
}

static sf_status write_record(FILE *out, const char *where,
                              const sf_saf_table *t, size_t s, size_t p,
                              size_t tg)
{
    fprintf(out, "%-*s<-%-*s", NAME_WIDTH, t->targets[tg].name, NAME_WIDTH,
            t->sources[s].name);
    int icut = 0;
    for (size_t e = 0; e < t->n_energies; ++e) {
        double v = t->saf[sf_saf_index(t, s, p, e, tg)];
        if (!isfinite(v) || v < 0 || v >= 1e99)
            SF_FAIL(SF_ERR_VALUE, "%s: SAF %s <- %s at %g MeV (%s) is %g; the "
                    "ICRP 133 layout needs every task done with a finite "
                    "value (export --format csv keeps partial results)",
                    where, t->targets[tg].name, t->sources[s].name,
                    t->energies_MeV[e], t->particles[p], v);
        if (icut == 0 && printable(v) > 0)
            icut = (int)e + 1;
        fprintf(out, "%*.3E", VALUE_WIDTH, printable(v));
    }
    double ecut = icut ? t->energies_MeV[icut - 1] : 0.0;
    fprintf(out, "%*.3E%3d\r\n", VALUE_WIDTH, ecut, icut);
    return SF_OK;
}

sf_status sf_icrp133_write(FILE *out, const char *where, const sf_saf_table *t,
                           size_t p, const char *line1, const char *line2)
{
    SF_TRY(check_names(where, t->sources, t->n_sources, "source"));
    SF_TRY(check_names(where, t->targets, t->n_targets, "target"));
    if (t->n_targets > 9999 || t->n_sources > 9999)
        SF_FAIL(SF_ERR_VALUE, "%s: %zu targets and %zu sources do not fit the "
                "I4 counts of the ICRP 133 layout", where, t->n_targets,
                t->n_sources);
    for (size_t e = 0; e < t->n_energies; ++e)
        if (t->energies_MeV[e] >= 9999)
            SF_FAIL(SF_ERR_VALUE, "%s: energy %g MeV does not fit F10.5",
                    where, t->energies_MeV[e]);
    size_t len = record_length(t);
    char line3[256];
    snprintf(line3, sizeof line3, "%-10s SAF (kg-1), target <- source; "
             "energies in MeV", sf_icrp133_particle_word(t->particles[p]));
    text_record(out, line1, len);
    text_record(out, line2, len);
    text_record(out, line3, len);
    fprintf(out, "%4zu%4zu%14s", t->n_targets, t->n_sources, "");
    for (size_t e = 0; e < t->n_energies; ++e)
        fprintf(out, "%10.5f", t->energies_MeV[e]);
    fprintf(out, "%-*s\r\n", TAIL_WIDTH, " Ecutoff Icut");
    for (size_t i = 0; i < len; ++i)
        fputc('-', out);
    fputs("\r\n", out);
    for (size_t s = 0; s < t->n_sources; ++s)
        for (size_t tg = 0; tg < t->n_targets; ++tg)
            SF_TRY(write_record(out, where, t, s, p, tg));
    if (ferror(out))
        SF_FAIL(SF_ERR_IO, "%s: write error (disk full?)", where);
    return SF_OK;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct header {
    const char *particle;
    long n_targets, n_sources;
    size_t n_energies;
    double *energies;
} header;

static sf_status read_counts_and_energies(sf_text *t, char *line, header *h)
{
    char *end;
    h->n_targets = strtol(line, &end, 10);
    h->n_sources = strtol(end, &end, 10);
    if (h->n_targets <= 0 || h->n_sources <= 0 || h->n_targets > 9999 ||
        h->n_sources > 9999)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected the numbers of targets and "
                "sources (I4, I4) then the energies", t->path, t->line_no);
    size_t cap = 32;
    h->energies = malloc(cap * sizeof(double));
    if (!h->energies)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    for (;;) {
        char *next;
        double e = strtod(end, &next);
        if (next == end)
            break;
        if (!(e > 0) || (h->n_energies > 0 && e <= h->energies[h->n_energies - 1]))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: energy %g MeV: expected positive "
                    "energies in ascending order", t->path, t->line_no, e);
        if (h->n_energies == cap) {
            double *g = realloc(h->energies, 2 * cap * sizeof(double));
            if (!g)
                SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
            h->energies = g;
            cap *= 2;
        }
        h->energies[h->n_energies++] = e;
        end = next;
    }
    if (h->n_energies == 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: no energies after the counts of "
                "targets and sources", t->path, t->line_no);
    return SF_OK;
}

static sf_status read_header(sf_text *t, header *h)
{
    char *line = NULL;
    for (int r = 1; r <= 5; ++r) {
        line = sf_text_next(t);
        if (!line)
            SF_FAIL(SF_ERR_FORMAT, "%s: ends after %d lines; expected 5 "
                    "header records then the SAF records", t->path, r - 1);
        if (r == 3) {
            sf_token tok;
            char word[32] = "";
            if (sf_text_split(line, 0, &tok, 1) > 0)
                sf_token_copy(&tok, word, sizeof word);
            h->particle = particle_of_word(word);
            if (!h->particle)
                SF_FAIL(SF_ERR_FORMAT, "%s:3: record 3 starts with '%s'; "
                        "expected Photons, Electrons, Positrons or Alphas",
                        t->path, word);
        } else if (r == 4) {
            SF_TRY(read_counts_and_energies(t, line, h));
        }
    }
    return SF_OK;
}

static void name_field(const char *line, size_t from, char *dst, size_t n)
{
    char buf[NAME_WIDTH + 1];
    size_t len = strlen(line);
    size_t k = 0;
    for (size_t i = from; i < from + NAME_WIDTH && i < len; ++i)
        buf[k++] = line[i];
    buf[k] = '\0';
    sf_strtrim_copy(dst, n, buf);
}

/* Position of a name in the list (adding it when new and there is room),
 * or -1. */
static long intern(sf_saf_region *r, size_t *n, size_t max, const char *name)
{
    for (size_t i = 0; i < *n; ++i)
        if (!strcmp(r[i].name, name))
            return (long)i;
    if (*n == max)
        return -1;
    snprintf(r[*n].name, sizeof r[*n].name, "%s", name);
    return (long)(*n)++;
}

static sf_status read_record(sf_text *t, char *line, sf_saf_table *tab,
                             size_t *ns, size_t *nt, unsigned char *seen)
{
    char target[SF_SAF_NAME_MAX], source[SF_SAF_NAME_MAX];
    if (strlen(line) < 2 * NAME_WIDTH + 2 || strncmp(line + NAME_WIDTH, "<-", 2))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected a 10-character target, '<-' "
                "and a 10-character source", t->path, t->line_no);
    name_field(line, 0, target, sizeof target);
    name_field(line, NAME_WIDTH + 2, source, sizeof source);
    long s = intern(tab->sources, ns, tab->n_sources, source);
    long g = intern(tab->targets, nt, tab->n_targets, target);
    if (s < 0 || g < 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s '%s' is one more than the %zu %ss "
                "record 4 announces", t->path, t->line_no,
                s < 0 ? "source" : "target", s < 0 ? source : target,
                s < 0 ? tab->n_sources : tab->n_targets,
                s < 0 ? "source" : "target");
    if (seen[(size_t)s * tab->n_targets + (size_t)g]++)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s <- %s appears twice", t->path,
                t->line_no, target, source);
    char *p = line + 2 * NAME_WIDTH + 2;
    for (size_t e = 0; e < tab->n_energies; ++e) {
        char *next;
        double v = strtod(p, &next);
        if (next == p || !isfinite(v) || v < 0)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s <- %s: SAF number %zu is missing "
                    "or not a non-negative number (expected %zu)", t->path,
                    t->line_no, target, source, e + 1, tab->n_energies);
        tab->saf[sf_saf_index(tab, (size_t)s, 0, e, (size_t)g)] = v;
        p = next;
    }
    return SF_OK;
}

static sf_status read_records(sf_text *t, sf_saf_table *tab)
{
    size_t n = tab->n_sources * tab->n_targets, ns = 0, nt = 0, count = 0;
    unsigned char *seen = calloc(n, 1);
    if (!seen)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    sf_status st = SF_OK;
    for (char *line; st == SF_OK && (line = sf_text_next(t));) {
        sf_token tok;
        if (sf_text_split(line, 0, &tok, 1) == 0)
            continue;
        st = read_record(t, line, tab, &ns, &nt, seen);
        count++;
    }
    free(seen);
    if (st == SF_OK && count != n)
        st = sf_error_set(SF_ERR_FORMAT, "%s: %zu SAF records; record 4 "
                          "announces %zu targets x %zu sources = %zu", t->path,
                          count, tab->n_targets, tab->n_sources, n);
    return st;
}

sf_status sf_icrp133_read(const char *path, sf_saf_table **out)
{
    *out = NULL;
    sf_text t;
    SF_TRY(sf_text_open(path, READ_MAX_BYTES, &t));
    header h = {0};
    sf_saf_table *tab = NULL;
    sf_status st = read_header(&t, &h);
    if (st == SF_OK)
        st = sf_saf_table_create((size_t)h.n_sources, 1, h.n_energies,
                                 (size_t)h.n_targets, &tab);
    if (st == SF_OK) {
        snprintf(tab->particles[0], sizeof tab->particles[0], "%s", h.particle);
        memcpy(tab->energies_MeV, h.energies, h.n_energies * sizeof(double));
        st = read_records(&t, tab);
    }
    free(h.energies);
    sf_text_close(&t);
    if (st != SF_OK) {
        sf_saf_table_destroy(&tab);
        return st;
    }
    *out = tab;
    return SF_OK;
}
