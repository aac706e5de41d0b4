/* Reader for the ICRP Publication 110 adult phantoms laid out as
 * DIR/NAME.mhd + NAME.raw, NAME_organs.dat and NAME_media.dat (and, when
 * present, NAME_blood.dat and NAME_spongiosa.dat), where NAME is the
 * directory's base name (AM, AF). The .dat files are the phantom CD text
 * tables: CRLF, Latin-1, free-form header lines before the data. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/parse.h"
#include "geometry/icrp110_tissue.h"
#include "geometry/phantom_internal.h"
#include "geometry/text_lines.h"
#include "physics/elements.h"

#define DAT_MAX_BYTES (4u << 20)
#define MAX_COLUMNS 32
#define MAX_MEDIUM_NUMBER 10000
#define OUTSIDE_AIR_LABEL 0
#define END_SLICE_SKIN_LABEL 141
/* Dry air at 20 C and 101.325 kPa; the organs table gives 0.001 for the
 * air inside the body, but the air around the body is not listed. */
#define OUTSIDE_AIR_DENSITY 0.001205

typedef struct medium_row {
    int number;
    int line;
    char name[SF_MATERIAL_NAME_MAX];
    double percent[MAX_COLUMNS];
} medium_row;

typedef struct media_table {
    char file[512];          /* base name, for error origins */
    int ncol;
    char symbol[MAX_COLUMNS][8];
    medium_row *rows;
    int n;
} media_table;

/* The tables are Latin-1; names are kept as UTF-8 so that they can be
 * printed and written to JSON unchanged. */
static void latin1_to_utf8(const char *s, size_t n, char *dst, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 3 < cap; ++i) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            dst[k++] = (char)c;
        } else {
            dst[k++] = (char)(0xc0 | (c >> 6));
            dst[k++] = (char)(0x80 | (c & 0x3f));
        }
    }
    dst[k] = '\0';
}

/* The name between two tokens of a line, trimmed and converted. */
static void name_between(const sf_token *a, const sf_token *b, char *dst,
                         size_t cap)
{
    const char *s = a->s + a->n;
    const char *e = b->s;
    while (s < e && isspace((unsigned char)*s))
        ++s;
    while (e > s && isspace((unsigned char)e[-1]))
        --e;
    latin1_to_utf8(s, (size_t)(e - s), dst, cap);
}

static sf_status token_double(const sf_text *t, const sf_token *tok,
                              const char *what, double *out)
{
    char buf[64], field[4400];
    snprintf(field, sizeof field, "%s:%d: %s", t->path, t->line_no, what);
    if (!sf_token_copy(tok, buf, sizeof buf))
        SF_FAIL(SF_ERR_FORMAT, "%s: value too long", field);
    return sf_parse_double(buf, field, out);
}

/* Element columns: the header line of atomic numbers ("1 6 7 8 ...") or the
 * line whose last words are element symbols ("... H C N O ..."); when both
 * are present they must agree. */
static sf_status header_columns(const sf_text *t, const sf_token *tok, int n,
                                media_table *mt, int *have_z, int *have_sym)
{
    long z;
    int all_int = n >= 2;
    for (int i = 0; i < n && all_int; ++i)
        all_int = sf_token_whole_number(&tok[i], &z);
    for (int i = 0; i < n && all_int; ++i)
        if (sf_token_whole_number(&tok[i], &z) && (z < 1 || z > SF_Z_MAX))
            SF_FAIL(SF_ERR_VALUE, "%s:%d: element column %d: atomic number "
                    "%ld is not an element (expected 1 to %d)", t->path,
                    t->line_no, i + 1, z, SF_Z_MAX);
    if (all_int) {
        if (n > MAX_COLUMNS)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: %d element columns, at most %d "
                    "supported", t->path, t->line_no, n, MAX_COLUMNS);
        for (int i = 0; i < n; ++i) {
            sf_token_whole_number(&tok[i], &z);
            const char *sym = sf_element_symbol((int)z);
            if (*have_sym && (i >= mt->ncol || strcmp(sym, mt->symbol[i])))
                SF_FAIL(SF_ERR_FORMAT, "%s:%d: atomic numbers do not match "
                        "the element symbols of the column header",
                        t->path, t->line_no);
            snprintf(mt->symbol[i], sizeof mt->symbol[i], "%s", sym);
        }
        mt->ncol = n;
        *have_z = 1;
        return SF_OK;
    }
    int k = 0;
    char sym[8];
    while (k < n && k < MAX_COLUMNS) {
        const sf_token *s = &tok[n - 1 - k];
        if (!sf_token_copy(s, sym, sizeof sym) || sf_element_z(sym) == 0)
            break;
        ++k;
    }
    if (k < 2)
        return SF_OK; /* a title line */
    if (*have_z && k != mt->ncol)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %d element symbols but %d atomic "
                "numbers in the column header", t->path, t->line_no, k,
                mt->ncol);
    for (int i = 0; i < k; ++i) {
        sf_token_copy(&tok[n - k + i], sym, sizeof sym);
        if (*have_z && strcmp(sym, mt->symbol[i]))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: element symbol %s does not match "
                    "atomic number column %d (%s)", t->path, t->line_no, sym,
                    i + 1, mt->symbol[i]);
        snprintf(mt->symbol[i], sizeof mt->symbol[i], "%s", sym);
    }
    mt->ncol = k;
    *have_sym = 1;
    return SF_OK;
}

static sf_status read_media(const char *path, const char *base,
                            media_table *mt)
{
    memset(mt, 0, sizeof *mt);
    snprintf(mt->file, sizeof mt->file, "%s", base);
    sf_text t;
    SF_TRY(sf_text_open(path, DAT_MAX_BYTES, &t));
    sf_status st = SF_OK;
    int have_z = 0, have_sym = 0, cap = 0;
    char *line;
    sf_token tok[MAX_COLUMNS + 64];
    const int maxtok = (int)(sizeof tok / sizeof *tok);
    while ((line = sf_text_next(&t)) != NULL) {
        int n = sf_text_split(line, 0, tok, maxtok);
        if (n == 0)
            continue;
        if (n < 0) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: unterminated quote",
                              path, t.line_no);
            goto fail;
        }
        if (n > maxtok) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: more than %d fields",
                              path, t.line_no, maxtok);
            goto fail;
        }
        long number;
        int data = mt->ncol > 0 && sf_token_whole_number(&tok[0], &number);
        if (!data) {
            if (mt->n > 0)
                continue; /* trailing notes */
            SF_TRY_GOTO(st, header_columns(&t, tok, n, mt, &have_z,
                                           &have_sym));
            continue;
        }
        if (n < mt->ncol + 2) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: medium %ld has %d "
                              "fields, expected number, name and %d mass "
                              "percentages", path, t.line_no, number, n,
                              mt->ncol);
            goto fail;
        }
        if (number < 1 || number > MAX_MEDIUM_NUMBER) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: medium number %ld, "
                              "expected 1..%d", path, t.line_no, number,
                              MAX_MEDIUM_NUMBER);
            goto fail;
        }
        for (int i = 0; i < mt->n; ++i)
            if (mt->rows[i].number == number) {
                st = sf_error_set(SF_ERR_FORMAT, "%s:%d: medium %ld is "
                                  "defined twice (also line %d)", path,
                                  t.line_no, number, mt->rows[i].line);
                goto fail;
            }
        if (mt->n == cap) {
            cap = cap ? 2 * cap : 64;
            medium_row *rows = realloc(mt->rows, (size_t)cap * sizeof *rows);
            if (!rows) {
                st = sf_error_set(SF_ERR_NOMEM, "%s: out of memory", path);
                goto fail;
            }
            mt->rows = rows;
        }
        medium_row *r = &mt->rows[mt->n];
        r->number = (int)number;
        r->line = t.line_no;
        name_between(&tok[0], &tok[n - mt->ncol], r->name, sizeof r->name);
        for (int i = 0; i < mt->ncol; ++i) {
            char what[64];
            snprintf(what, sizeof what, "medium %ld, %s percentage", number,
                     mt->symbol[i]);
            SF_TRY_GOTO(st, token_double(&t, &tok[n - mt->ncol + i], what,
                                         &r->percent[i]));
        }
        ++mt->n;
    }
    if (mt->ncol == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no element column header "
                          "(atomic numbers or symbols) before the data",
                          path);
    else if (mt->n == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no media rows", path);
fail:
    sf_text_close(&t);
    if (st != SF_OK) {
        free(mt->rows);
        mt->rows = NULL;
    }
    return st;
}

static int medium_row_index(const media_table *mt, long number)
{
    for (int i = 0; i < mt->n; ++i)
        if (mt->rows[i].number == number)
            return i;
    return -1;
}

/* Organ rows: "ID  name  medium-number  density"; any line that does not
 * start with a number is a header. The medium index is the row index in
 * the media table, which is also the index in ph->media. */
static sf_status read_organs(const char *path, const media_table *mt,
                             sf_phantom *ph)
{
    sf_text t;
    SF_TRY(sf_text_open(path, DAT_MAX_BYTES, &t));
    sf_status st = SF_OK;
    char *line;
    int found = 0;
    sf_token tok[64];
    while ((line = sf_text_next(&t)) != NULL) {
        int n = sf_text_split(line, 0, tok, 64);
        long id;
        if (n < 0) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: unterminated quote",
                              path, t.line_no);
            goto fail;
        }
        if (n == 0 || !sf_token_whole_number(&tok[0], &id))
            continue;
        if (n < 4 || n > 64) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: expected 'ID name "
                              "medium density', found %d fields", path,
                              t.line_no, n);
            goto fail;
        }
        if (id < 1 || id >= END_SLICE_SKIN_LABEL) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: organ ID %ld, expected "
                              "1..%d", path, t.line_no, id,
                              END_SLICE_SKIN_LABEL - 1);
            goto fail;
        }
        sf_region *r = &ph->regions[id];
        if (r->medium >= 0) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: organ ID %ld is listed "
                              "twice", path, t.line_no, id);
            goto fail;
        }
        long number;
        if (!sf_token_whole_number(&tok[n - 2], &number)) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: organ %ld: medium "
                              "number '%.*s' is not a whole number", path,
                              t.line_no, id, (int)tok[n - 2].n, tok[n - 2].s);
            goto fail;
        }
        int m = medium_row_index(mt, number);
        if (m < 0) {
            st = sf_error_set(SF_ERR_VALUE, "%s:%d: organ %ld uses medium "
                              "%ld, which %s does not define", path,
                              t.line_no, id, number, mt->file);
            goto fail;
        }
        double rho;
        SF_TRY_GOTO(st, token_double(&t, &tok[n - 1], "density (g/cm3)",
                                     &rho));
        if (!(rho > 0)) {
            st = sf_error_set(SF_ERR_VALUE, "%s:%d: organ %ld has density "
                              "%g, expected > 0 g/cm3", path, t.line_no, id,
                              rho);
            goto fail;
        }
        name_between(&tok[0], &tok[n - 2], r->name, sizeof r->name);
        r->medium = m;
        r->density_g_cm3 = rho;
        r->in_body = 1;
        ++found;
    }
    if (!found)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no organ rows (expected 'ID "
                          "name medium density' lines)", path);
fail:
    sf_text_close(&t);
    return st;
}

/* One sf_material per media row, in file order. A medium's nominal density
 * is that of the first organ made of it (1.0 if no organ uses it): media
 * are shared by organs of different densities, so the region density is
 * the one that counts. */
static sf_status build_media(const media_table *mt, sf_phantom *ph)
{
    const char *sym[MAX_COLUMNS];
    for (int i = 0; i < mt->ncol; ++i)
        sym[i] = mt->symbol[i];
    for (int i = 0; i < mt->n; ++i) {
        const medium_row *r = &mt->rows[i];
        char origin[600];
        snprintf(origin, sizeof origin, "%s:%d", mt->file, r->line);
        double rho = 1.0;
        for (int l = 0; l < ph->n_labels; ++l)
            if (ph->regions[l].medium == i) {
                rho = ph->regions[l].density_g_cm3;
                break;
            }
        sf_material m;
        SF_TRY(sf_material_from_percent(r->name, origin, mt->ncol, sym,
                                        r->percent, rho, &m));
        int index;
        SF_TRY(sf_phantom_add_medium(ph, &m, &index));
    }
    return SF_OK;
}

static sf_status add_special_regions(sf_phantom *ph)
{
    sf_region *out = &ph->regions[OUTSIDE_AIR_LABEL];
    snprintf(out->name, sizeof out->name, "Outside air");
    out->medium = sf_phantom_find_medium(ph, "Air");
    if (out->medium < 0) {
        sf_material air;
        SF_TRY(sf_material_builtin("air", &air));
        SF_TRY(sf_phantom_add_medium(ph, &air, &out->medium));
    }
    out->density_g_cm3 = OUTSIDE_AIR_DENSITY;
    out->in_body = 0;

    /* Label 141 marks the first and last slices, which are skin cut by the
     * array boundary: it takes the medium and density of the first organ
     * whose name starts with "Skin". */
    for (int l = 1; l < ph->n_labels; ++l) {
        const sf_region *s = &ph->regions[l];
        if (s->medium >= 0 && strncasecmp(s->name, "Skin", 4) == 0) {
            sf_region *e = &ph->regions[END_SLICE_SKIN_LABEL];
            snprintf(e->name, sizeof e->name, "Skin (end slices)");
            e->medium = s->medium;
            e->density_g_cm3 = s->density_g_cm3;
            e->in_body = 1;
            return SF_OK;
        }
    }
    return SF_OK; /* label 141 stays undefined; check_labels reports it */
}

static int join(char *dst, size_t n, const char *dir, const char *base,
                const char *suffix)
{
    int k = snprintf(dst, n, "%s/%s%s", dir, base, suffix);
    return k >= 0 && (size_t)k < n;
}

/* The optional per-medium tables NAME_blood.dat and NAME_spongiosa.dat,
 * given to every region through its medium (label 141 takes the skin's
 * medium, so its values too). */
static sf_status read_tissue_tables(const char *dir, const char *base,
                                    const media_table *mt, sf_phantom *ph)
{
    static const sf_tissue_table_spec blood = {1, "blood fraction", 10.0, 0};
    static const sf_tissue_table_spec spongiosa = {SF_SPONGIOSA_N,
                                                   "RBM YBM Bone", 1.0, 1};
    const struct { const char *suffix; const sf_tissue_table_spec *spec; }
        tables[2] = {{"_blood.dat", &blood}, {"_spongiosa.dat", &spongiosa}};
    int *numbers = malloc(((size_t)mt->n + 1) * sizeof *numbers);
    double *values = malloc(((size_t)mt->n + 1) * SF_SPONGIOSA_N * sizeof *values);
    sf_status st = (numbers && values) ? SF_OK
                 : sf_error_set(SF_ERR_NOMEM, "phantom %s: out of memory", base);
    for (int i = 0; st == SF_OK && i < mt->n; ++i)
        numbers[i] = mt->rows[i].number;
    for (int k = 0; st == SF_OK && k < 2; ++k) {
        char path[8192];
        if (!join(path, sizeof path, dir, base, tables[k].suffix) ||
            !sf_tissue_table_exists(path))
            continue;
        st = sf_tissue_table_read(path, tables[k].spec, numbers, mt->n, values);
        for (int l = 0; st == SF_OK && l < ph->n_labels; ++l) {
            sf_region *r = &ph->regions[l];
            if (r->medium < 0 || r->medium >= mt->n)
                continue;
            const double *v = &values[(size_t)r->medium * (size_t)tables[k].spec->ncol];
            if (k == 0)
                r->blood_fraction = v[0];
            else
                for (int c = 0; c < SF_SPONGIOSA_N; ++c)
                    r->spongiosa[c] = v[c];
        }
    }
    free(numbers);
    free(values);
    return st;
}

sf_status sf_icrp110_load(const char *dir_in, sf_phantom **out)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", dir_in);
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        dir[--len] = '\0';
    const char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : dir;
    char mhd[8192], organs[8192], media[8192], media_base[512];
    if (!*base || !join(mhd, sizeof mhd, dir, base, ".mhd") ||
        !join(organs, sizeof organs, dir, base, "_organs.dat") ||
        !join(media, sizeof media, dir, base, "_media.dat"))
        SF_FAIL(SF_ERR_VALUE, "phantom directory '%s': bad path", dir_in);
    snprintf(media_base, sizeof media_base, "%.400s_media.dat", base);

    sf_phantom *ph = NULL;
    media_table mt = {0};
    sf_label_image img = {0};
    sf_status st;
    SF_TRY_GOTO(st, sf_phantom_create(base, &ph));
    SF_TRY_GOTO(st, read_media(media, media_base, &mt));
    SF_TRY_GOTO(st, sf_phantom_alloc_regions(ph, END_SLICE_SKIN_LABEL + 1));
    SF_TRY_GOTO(st, read_organs(organs, &mt, ph));
    SF_TRY_GOTO(st, build_media(&mt, ph));
    SF_TRY_GOTO(st, add_special_regions(ph));
    SF_TRY_GOTO(st, read_tissue_tables(dir, base, &mt, ph));
    SF_TRY_GOTO(st, sf_metaimage_read(mhd, &img));
    sf_phantom_take_image(ph, &img);
    SF_TRY_GOTO(st, sf_phantom_check_labels(ph, mhd, organs));
    free(mt.rows);
    *out = ph;
    return SF_OK;
fail:
    free(mt.rows);
    free(img.label);
    sf_phantom_destroy(&ph);
    return st;
}
