/* Label tables: the text file that gives each label of a MetaImage label
 * image its region name, medium and density (format in docs/phantoms.md).
 *
 *   # comment
 *   medium muscle: H 10.2 C 14.3 N 3.4 O 71.0 Na 0.1 P 0.2 S 0.3 Cl 0.1 K 0.4
 *   0  "Outside air"  air          0.001205  outside
 *   1  "Soft tissue"  soft_tissue  1.03
 *   2  Liver          muscle       1.06
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "geometry/phantom_internal.h"
#include "geometry/text_lines.h"
#include "physics/elements.h"

#define TABLE_MAX_BYTES (8u << 20)
#define MAX_FIELDS (2 * SF_MAX_MAT_ELEMENTS + 8)

typedef struct defined_medium {
    sf_material m;
    int line;
    int phantom_index;  /* index in ph->media once used, else -1 */
} defined_medium;

typedef struct region_row {
    long label;
    int line;
    char name[SF_REGION_NAME_MAX];
    char medium[SF_MATERIAL_NAME_MAX];
    double density;
    int in_body;
} region_row;

typedef struct table {
    const char *path;
    defined_medium *media;
    int n_media, cap_media;
    region_row *rows;
    int n_rows, cap_rows;
} table;

static sf_status grow(void **p, int *cap, int n, size_t size, const char *path)
{
    if (n < *cap)
        return SF_OK;
    int c = *cap ? 2 * *cap : 32;
    void *q = realloc(*p, (size_t)c * size);
    if (!q)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    *p = q;
    *cap = c;
    return SF_OK;
}

static sf_status parse_medium(table *tb, int line, const sf_token *tok, int n)
{
    char name[SF_MATERIAL_NAME_MAX];
    int first;  /* first symbol token */
    if (n >= 2 && !tok[1].quoted && tok[1].n > 1 &&
        tok[1].s[tok[1].n - 1] == ':') {
        sf_token t = tok[1];
        --t.n;
        if (!sf_token_copy(&t, name, sizeof name))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: medium name longer than %d "
                    "characters", tb->path, line, SF_MATERIAL_NAME_MAX - 1);
        first = 2;
    } else if (n >= 3 && sf_token_ieq(&tok[2], ":") && tok[1].n > 0) {
        if (!sf_token_copy(&tok[1], name, sizeof name))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: medium name longer than %d "
                    "characters", tb->path, line, SF_MATERIAL_NAME_MAX - 1);
        first = 3;
    } else {
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected 'medium NAME: SYMBOL "
                "PERCENT ...'", tb->path, line);
    }
    int npairs = (n - first) / 2;
    if ((n - first) % 2 != 0 || npairs == 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: medium %s: expected pairs of element "
                "symbol and mass percentage after the ':'", tb->path, line,
                name);
    if (npairs > SF_MAX_MAT_ELEMENTS)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: medium %s has %d elements, at most %d "
                "supported", tb->path, line, name, npairs,
                SF_MAX_MAT_ELEMENTS);
    for (int i = 0; i < tb->n_media; ++i)
        if (sf_strieq(tb->media[i].m.name, name))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: medium %s is defined twice (also "
                    "line %d)", tb->path, line, name, tb->media[i].line);
    char sym[SF_MAX_MAT_ELEMENTS][8];
    const char *symp[SF_MAX_MAT_ELEMENTS];
    double pct[SF_MAX_MAT_ELEMENTS];
    for (int i = 0; i < npairs; ++i) {
        const sf_token *s = &tok[first + 2 * i];
        if (!sf_token_copy(s, sym[i], sizeof sym[i]) ||
            sf_element_z(sym[i]) == 0)
            SF_FAIL(SF_ERR_VALUE, "%s:%d: medium %s: unknown element symbol "
                    "'%.*s' (symbols are written as 'H', 'Ca', 'Fe')",
                    tb->path, line, name, (int)(s->n > 16 ? 16 : s->n), s->s);
        for (int j = 0; j < i; ++j)
            if (!strcmp(sym[i], sym[j]))
                SF_FAIL(SF_ERR_VALUE, "%s:%d: medium %s lists element %s "
                        "twice", tb->path, line, name, sym[i]);
        char buf[64], what[512];
        snprintf(what, sizeof what, "%s:%d: medium %s, percentage of %s",
                 tb->path, line, name, sym[i]);
        if (!sf_token_copy(&tok[first + 2 * i + 1], buf, sizeof buf))
            SF_FAIL(SF_ERR_FORMAT, "%s: value too long", what);
        SF_TRY(sf_parse_double(buf, what, &pct[i]));
        if (pct[i] < 0)
            SF_FAIL(SF_ERR_VALUE, "%s is negative (%g)", what, pct[i]);
        symp[i] = sym[i];
    }
    SF_TRY(grow((void **)&tb->media, &tb->cap_media, tb->n_media,
                sizeof *tb->media, tb->path));
    defined_medium *d = &tb->media[tb->n_media];
    char origin[4200];
    snprintf(origin, sizeof origin, "%s:%d", tb->path, line);
    /* The nominal density is set from the first region that uses it. */
    SF_TRY(sf_material_from_percent(name, origin, npairs, symp, pct, 1.0,
                                    &d->m));
    d->line = line;
    d->phantom_index = -1;
    ++tb->n_media;
    return SF_OK;
}

static sf_status parse_region(table *tb, int line, const sf_token *tok, int n)
{
    char buf[64], what[4200];
    snprintf(what, sizeof what, "%s:%d: label", tb->path, line);
    if (n < 4 || n > 5)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected 'LABEL NAME MEDIUM "
                "DENSITY_G_CM3 [outside]' (quote names with blanks), found %d "
                "fields", tb->path, line, n);
    long label;
    if (!sf_token_copy(&tok[0], buf, sizeof buf))
        SF_FAIL(SF_ERR_FORMAT, "%s: too long", what);
    SF_TRY(sf_parse_int(buf, what, 0, 65535, &label));
    for (int i = 0; i < tb->n_rows; ++i)
        if (tb->rows[i].label == label)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: label %ld is listed twice (also "
                    "line %d)", tb->path, line, label, tb->rows[i].line);
    SF_TRY(grow((void **)&tb->rows, &tb->cap_rows, tb->n_rows,
                sizeof *tb->rows, tb->path));
    region_row *r = &tb->rows[tb->n_rows];
    r->label = label;
    r->line = line;
    if (tok[1].n == 0 || !sf_token_copy(&tok[1], r->name, sizeof r->name))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: region name must be 1 to %d "
                "characters", tb->path, line, SF_REGION_NAME_MAX - 1);
    for (int i = 0; i < tb->n_rows; ++i)
        if (sf_strieq(tb->rows[i].name, r->name))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: region name '%s' is used twice "
                    "(also line %d; names match case-insensitively)",
                    tb->path, line, r->name, tb->rows[i].line);
    if (!sf_token_copy(&tok[2], r->medium, sizeof r->medium))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: medium name too long", tb->path, line);
    snprintf(what, sizeof what, "%s:%d: density (g/cm3)", tb->path, line);
    if (!sf_token_copy(&tok[3], buf, sizeof buf))
        SF_FAIL(SF_ERR_FORMAT, "%s: too long", what);
    SF_TRY(sf_parse_double(buf, what, &r->density));
    if (!(r->density > 0))
        SF_FAIL(SF_ERR_VALUE, "%s: %s for region '%s', expected > 0", what,
                buf, r->name);
    r->in_body = 1;
    if (n == 5) {
        if (!sf_token_ieq(&tok[4], "outside"))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: unexpected '%.*s' after the "
                    "density, expected nothing or 'outside'", tb->path, line,
                    (int)(tok[4].n > 32 ? 32 : tok[4].n), tok[4].s);
        r->in_body = 0;
    }
    ++tb->n_rows;
    return SF_OK;
}

static sf_status read_table(table *tb)
{
    sf_text t;
    SF_TRY(sf_text_open(tb->path, TABLE_MAX_BYTES, &t));
    sf_status st = SF_OK;
    char *line;
    sf_token tok[MAX_FIELDS];
    while ((line = sf_text_next(&t)) != NULL) {
        int n = sf_text_split(line, 1, tok, MAX_FIELDS);
        if (n == 0)
            continue;
        if (n < 0) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: unterminated quote",
                              tb->path, t.line_no);
            break;
        }
        if (n > MAX_FIELDS) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: more than %d fields",
                              tb->path, t.line_no, MAX_FIELDS);
            break;
        }
        if (!tok[0].quoted && sf_token_ieq(&tok[0], "medium"))
            st = parse_medium(tb, t.line_no, tok, n);
        else if (tok[0].n > 0 && tok[0].s[0] >= '0' && tok[0].s[0] <= '9')
            st = parse_region(tb, t.line_no, tok, n);
        else
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: expected 'LABEL NAME "
                              "MEDIUM DENSITY_G_CM3 [outside]' or 'medium "
                              "NAME: SYMBOL PERCENT ...'", tb->path,
                              t.line_no);
        if (st != SF_OK)
            break;
    }
    sf_text_close(&t);
    if (st == SF_OK && tb->n_rows == 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no label lines", tb->path);
    return st;
}

/* The index in ph->media of the medium a row names: defined media first,
 * then the built-in materials. */
static sf_status resolve_medium(table *tb, const region_row *r,
                                sf_phantom *ph, int *index)
{
    for (int i = 0; i < tb->n_media; ++i) {
        defined_medium *d = &tb->media[i];
        if (!sf_strieq(d->m.name, r->medium))
            continue;
        if (d->phantom_index < 0) {
            d->m.density_g_cm3 = r->density;
            SF_TRY(sf_phantom_add_medium(ph, &d->m, &d->phantom_index));
        }
        *index = d->phantom_index;
        return SF_OK;
    }
    sf_material m;
    if (sf_material_builtin(r->medium, &m) != SF_OK) {
        char list[256] = "";
        for (int i = 0; i < sf_material_builtin_count(); ++i) {
            size_t k = strlen(list);
            snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
                     sf_material_builtin_name(i));
        }
        SF_FAIL(SF_ERR_VALUE, "%s:%d: medium '%s' is neither defined by a "
                "'medium' line nor built in (%s)", tb->path, r->line,
                r->medium, list);
    }
    sf_error_clear();
    int existing = sf_phantom_find_medium(ph, m.name);
    if (existing >= 0) {
        *index = existing;
        return SF_OK;
    }
    return sf_phantom_add_medium(ph, &m, index);
}

sf_status sf_label_table_read(const char *path, int max_image_label,
                              sf_phantom *ph)
{
    table tb = {.path = path};
    sf_status st;
    SF_TRY_GOTO(st, read_table(&tb));
    long max_label = max_image_label;
    for (int i = 0; i < tb.n_rows; ++i)
        if (tb.rows[i].label > max_label)
            max_label = tb.rows[i].label;
    SF_TRY_GOTO(st, sf_phantom_alloc_regions(ph, (int)max_label + 1));
    for (int i = 0; i < tb.n_rows; ++i) {
        const region_row *r = &tb.rows[i];
        sf_region *reg = &ph->regions[r->label];
        SF_TRY_GOTO(st, resolve_medium(&tb, r, ph, &reg->medium));
        snprintf(reg->name, sizeof reg->name, "%s", r->name);
        reg->density_g_cm3 = r->density;
        reg->in_body = r->in_body;
    }
fail:
    free(tb.media);
    free(tb.rows);
    return st;
}
