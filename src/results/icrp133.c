#include "results/icrp133.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/energy_grids.h"
#include "core/parse.h"
#include "geometry/text_lines.h"
#include "results/convention.h"

#define NAME_WIDTH 10
#define FIELD_WIDTH 10
#define HEAD_WIDTH (2 * NAME_WIDTH + 2) /* target, "<-", source */
#define TAIL_WIDTH 13                   /* Ecutoff (F8.3) and ID (I5) */
#define READ_MAX_BYTES (256u << 20)

static const char title_text[] = "Specific absorbed fractions of energy (1/kg)";

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

const char *sf_icrp133_phantom_title(const char *phantom)
{
    size_t n = strlen(phantom);
    while (n > 0 && phantom[n - 1] == '/')
        --n;
    if (n < 2 || (n > 2 && phantom[n - 3] != '/'))
        return NULL;
    if (!strncmp(phantom + n - 2, "AM", 2))
        return "Adult Male Reference Computational Phantom";
    if (!strncmp(phantom + n - 2, "AF", 2))
        return "Adult Female Reference Computational Phantom";
    return NULL;
}

/* ---- writing ------------------------------------------------------------ */

/* A record being built: L columns of blanks, text placed by 1-based
 * column; text that would run past the end is cut. */
typedef struct record {
    char *c;
    size_t len;
} record;

static void place(record *r, size_t col, const char *text)
{
    for (size_t i = 0; text[i] && col - 1 + i < r->len; ++i)
        r->c[col - 1 + i] = text[i];
}

static void place_right(record *r, size_t end_col, const char *text)
{
    size_t n = strlen(text);
    place(r, end_col + 1 - n, text);
}

static void clear(record *r)
{
    memset(r->c, ' ', r->len);
}

static void emit(FILE *out, const record *r)
{
    fwrite(r->c, 1, r->len, out);
    fputc('\n', out);
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

/* Decimals of the energy titles: 3 as published, more when the campaign's
 * energies need them to be read back (at most 6, which 9 columns hold up
 * to 99 MeV). */
static int title_decimals(const sf_saf_table *t)
{
    for (int d = 3; d < 6; ++d) {
        int exact = 1;
        for (size_t e = 0; exact && e < t->n_energies; ++e) {
            char buf[32];
            snprintf(buf, sizeof buf, "%.*f", d, t->energies_MeV[e]);
            exact = fabs(strtod(buf, NULL) - t->energies_MeV[e]) <=
                    1e-9 * t->energies_MeV[e];
        }
        if (exact)
            return d;
    }
    return 6;
}

static void header_records(FILE *out, record *r, const sf_saf_table *t,
                           size_t p, const sf_icrp133_header *h)
{
    char text[512];
    clear(r);
    if (sf_energy_grid_is_icrp133(t->energies_MeV, t->n_energies))
        snprintf(text, sizeof text, "%s", title_text);
    else
        snprintf(text, sizeof text, "%s; energies of the campaign (%zu), "
                 "not the 27 of ICRP 133", title_text, t->n_energies);
    /* A record of a few energies is too short for that: the same said
     * shorter, cut if need be, one blank before the date. */
    if (strlen(text) > r->len - 11)
        snprintf(text, sizeof text, "SAF (1/kg) at %zu energies of the "
                 "campaign, not ICRP 133's", t->n_energies);
    if (strlen(text) > r->len - 11)
        text[r->len - 11] = '\0';
    place(r, 1, text);
    place_right(r, r->len, h->date);
    emit(out, r);

    clear(r);
    snprintf(text, sizeof text, "%s%s%s", h->phantom,
             h->provenance ? " - " : "", h->provenance ? h->provenance : "");
    text[r->len - 2 < sizeof text ? r->len - 2 : sizeof text - 1] = '\0';
    place(r, 1, text);
    place_right(r, r->len, "|");
    emit(out, r);

    clear(r);
    place(r, 1, sf_icrp133_particle_word(t->particles[p]));
    place_right(r, r->len, "|");
    emit(out, r);

    clear(r);
    snprintf(text, sizeof text, "%4zu%4zu", t->n_targets, t->n_sources);
    place(r, 1, text);
    place(r, 26, "0.0");
    int d = title_decimals(t);
    for (size_t e = 0; e < t->n_energies; ++e) {
        snprintf(text, sizeof text, "%.*f", d, t->energies_MeV[e]);
        place_right(r, 20 + 10 * (e + 2), text);
    }
    place_right(r, r->len - 5, "Ecutoff");
    place_right(r, r->len, "ID|");
    emit(out, r);

    memset(r->c, '-', r->len - 1);
    r->c[r->len - 1] = '|';
    emit(out, r);
}

/* One field: a blank then 9.999E-99, or "0.0" for zero (and for values
 * below 1e-99, which E10.3 cannot hold and no dose notices). Returns 1 when
 * the printed value is not zero. */
static int field_text(double v, char *buf, size_t n)
{
    if (v < 1e-99) {
        snprintf(buf, n, " 0.0");
        return 0;
    }
    snprintf(buf, n, " %.3E", v);
    return 1;
}

static sf_status value_check(const char *where, const sf_saf_table *t,
                             size_t s, size_t p, size_t g, double e_MeV,
                             double v)
{
    if (!isfinite(v) || v < 0 || v >= 9.9995e99)
        SF_FAIL(SF_ERR_VALUE, "%s: SAF %s <- %s at %g MeV (%s) is %g; the "
                "ICRP 133 layout needs every task done with a finite "
                "value (export --format csv keeps partial results)",
                where, t->targets[g].name, t->sources[s].name, e_MeV,
                t->particles[p], v);
    return SF_OK;
}

static sf_status data_record(FILE *out, const char *where, record *r,
                             const sf_saf_table *t, size_t s, size_t p,
                             size_t g)
{
    char text[64];
    clear(r);
    place(r, 1, t->targets[g].name);
    place(r, NAME_WIDTH + 1, "<-");
    place(r, NAME_WIDTH + 3, t->sources[s].name);
    size_t id = 0;
    for (size_t f = 0; f <= t->n_energies; ++f) {
        double v = f == 0 ? sf_saf_zero_energy_limit(t, s, g)
                          : t->saf[sf_saf_index(t, s, p, f - 1, g)];
        SF_TRY(value_check(where, t, s, p, g, f ? t->energies_MeV[f - 1] : 0, v));
        if (field_text(v, text, sizeof text) && id == 0)
            id = f + 1;
        place(r, HEAD_WIDTH + 1 + FIELD_WIDTH * f, text);
    }
    double ecut = id > 1 ? t->energies_MeV[id - 2] : 0.0;
    snprintf(text, sizeof text, "%8.3f%5zu", ecut, id);
    place_right(r, r->len, text);
    emit(out, r);
    return SF_OK;
}

sf_status sf_icrp133_write(FILE *out, const char *where, const sf_saf_table *t,
                           size_t p, const sf_icrp133_header *h)
{
    SF_TRY(check_names(where, t->sources, t->n_sources, "source"));
    SF_TRY(check_names(where, t->targets, t->n_targets, "target"));
    if (t->n_targets > 9999 || t->n_sources > 9999)
        SF_FAIL(SF_ERR_VALUE, "%s: %zu targets and %zu sources do not fit the "
                "I4 counts of the ICRP 133 layout", where, t->n_targets,
                t->n_sources);
    for (size_t e = 0; e < t->n_energies; ++e)
        if (!(t->energies_MeV[e] > 0 && t->energies_MeV[e] < 99.5))
            SF_FAIL(SF_ERR_VALUE, "%s: energy %g MeV does not fit a column "
                    "title of the ICRP 133 layout (0 to 99 MeV)", where,
                    t->energies_MeV[e]);
    record r = {NULL, HEAD_WIDTH + FIELD_WIDTH * (t->n_energies + 1) + TAIL_WIDTH};
    r.c = malloc(r.len);
    if (!r.c)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", where);
    header_records(out, &r, t, p, h);
    sf_status st = SF_OK;
    for (size_t s = 0; st == SF_OK && s < t->n_sources; ++s)
        for (size_t g = 0; st == SF_OK && g < t->n_targets; ++g)
            st = data_record(out, where, &r, t, s, p, g);
    free(r.c);
    if (st == SF_OK && ferror(out))
        st = sf_error_set(SF_ERR_IO, "%s: write error (disk full?)", where);
    return st;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct header {
    const char *particle;
    long n_targets, n_sources;
    int zero_column;         /* the first title is 0.0 (E -> 0) */
    size_t n_energies;
    double *energies;
} header;

static sf_status add_energy(sf_text *t, header *h, size_t *cap, double e)
{
    if (!(e > 0) || (h->n_energies > 0 && e <= h->energies[h->n_energies - 1]))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: energy %g MeV: expected the column "
                "titles 0.0 (optional) then positive energies in ascending "
                "order", t->path, t->line_no, e);
    if (h->n_energies == *cap) {
        double *g = realloc(h->energies, 2 * *cap * sizeof(double));
        if (!g)
            SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
        h->energies = g;
        *cap *= 2;
    }
    h->energies[h->n_energies++] = e;
    return SF_OK;
}

/* Record 4: the counts, then number titles up to the first word (Ecutoff,
 * or Icut in the older layout). */
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
    for (int first = 1;; first = 0) {
        char *next;
        double e = strtod(end, &next);
        if (next == end)
            break;
        end = next;
        if (first && e == 0) {
            h->zero_column = 1;
            continue;
        }
        SF_TRY(add_energy(t, h, &cap, e));
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

/* Columns [from, from + width) of a line, trimmed (empty past its end). */
static void column_text(const char *line, size_t len, size_t from,
                        size_t width, char *dst, size_t n)
{
    char buf[FIELD_WIDTH + 1];
    size_t k = 0;
    for (size_t i = from; i < from + width && i < len && k < FIELD_WIDTH; ++i)
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

typedef struct reading {
    sf_saf_table *tab;
    const header *h;
    size_t ns, nt;
    unsigned char *seen;
} reading;

/* Field f (0-based, the E -> 0 one first when present) of a data record. */
static sf_status read_field(const sf_text *t, const char *line, size_t len,
                            size_t f, const char *target, const char *source,
                            double *v)
{
    char text[FIELD_WIDTH + 1], *end;
    column_text(line, len, HEAD_WIDTH + FIELD_WIDTH * f, FIELD_WIDTH, text,
                sizeof text);
    *v = strtod(text, &end);
    if (!text[0] || *end || !isfinite(*v) || *v < 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s <- %s: field %zu (columns %zu-%zu) "
                "is '%s'; expected a non-negative number such as 7.558E-04 "
                "or 0.0", t->path, t->line_no, target, source, f + 1,
                HEAD_WIDTH + FIELD_WIDTH * f + 1,
                HEAD_WIDTH + FIELD_WIDTH * (f + 1), text);
    return SF_OK;
}

static sf_status read_record(sf_text *t, char *line, reading *x)
{
    sf_saf_table *tab = x->tab;
    char target[SF_SAF_NAME_MAX], source[SF_SAF_NAME_MAX];
    size_t len = strlen(line);
    size_t fields = x->h->n_energies + (size_t)x->h->zero_column;
    if (len < HEAD_WIDTH || strncmp(line + NAME_WIDTH, "<-", 2))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected a 10-character target, '<-' "
                "and a 10-character source", t->path, t->line_no);
    column_text(line, len, 0, NAME_WIDTH, target, sizeof target);
    column_text(line, len, NAME_WIDTH + 2, NAME_WIDTH, source, sizeof source);
    if (len < HEAD_WIDTH + FIELD_WIDTH * fields)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s <- %s: %zu characters, too short "
                "for the %zu value fields record 4 announces", t->path,
                t->line_no, target, source, len, fields);
    long s = intern(tab->sources, &x->ns, tab->n_sources, source);
    long g = intern(tab->targets, &x->nt, tab->n_targets, target);
    if (s < 0 || g < 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s '%s' is one more than the %zu %ss "
                "record 4 announces", t->path, t->line_no,
                s < 0 ? "source" : "target", s < 0 ? source : target,
                s < 0 ? tab->n_sources : tab->n_targets,
                s < 0 ? "source" : "target");
    if (x->seen[(size_t)s * tab->n_targets + (size_t)g]++)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s <- %s appears twice", t->path,
                t->line_no, target, source);
    for (size_t f = 0; f < fields; ++f) {
        double v;
        SF_TRY(read_field(t, line, len, f, target, source, &v));
        if (x->h->zero_column && f == 0) {
            /* 1 / M_T for self-irradiation: the mass the file divides by. */
            if (sf_strieq(target, source) && v > 0)
                tab->targets[g].mass_kg = 1.0 / v;
            continue;
        }
        size_t e = f - (size_t)x->h->zero_column;
        tab->saf[sf_saf_index(tab, (size_t)s, 0, e, (size_t)g)] = v;
    }
    return SF_OK;
}

static sf_status read_records(sf_text *t, sf_saf_table *tab, const header *h)
{
    size_t n = tab->n_sources * tab->n_targets, count = 0;
    reading x = {tab, h, 0, 0, calloc(n, 1)};
    if (!x.seen)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", t->path);
    sf_status st = SF_OK;
    for (char *line; st == SF_OK && (line = sf_text_next(t));) {
        sf_token tok;
        if (sf_text_split(line, 0, &tok, 1) == 0)
            continue;
        st = read_record(t, line, &x);
        count++;
    }
    free(x.seen);
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
        tab->convention = h.zero_column ? SF_CONVENTION_ICRP133 : SF_CONVENTION_VOXEL;
        st = read_records(&t, tab, &h);
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
