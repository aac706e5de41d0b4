/* Reader of the photon data files (format: docs/physics-data.md).
 *
 * Every file is read whole, hashed and compared with its line in index.txt
 * before it is parsed, so a file that does not match the data set's
 * checksum is never used. Parsing is strict: every line is either a known
 * keyword line or one of the announced number of table rows, and the file
 * must end with "end" (a truncated file is an error, not a short table).
 */
#include "physics/photon_data.h"

#include "core/sha256.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


#define INDEX_NAME "index.txt"

const char *sf_photon_process_name(sf_photon_process p)
{
    switch (p) {
    case SF_PROC_PHOTO: return "photoelectric";
    case SF_PROC_INCOH: return "incoherent";
    case SF_PROC_COH: return "coherent";
    case SF_PROC_PAIR_NUC: return "pair_nuclear";
    case SF_PROC_PAIR_EL: return "pair_electron";
    case SF_NPROC: break;
    }
    return "unknown";
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *sf_photon_data_default_dir(void)
{
    static _Thread_local char buf[4096];
    const char *env = getenv("SAFFRON_DATA");
    if (env && *env) {
        snprintf(buf, sizeof buf, "%s/photon", env);
        return buf;
    }
    if (is_dir(SAFFRON_SOURCE_DATA_DIR "/photon"))
        return SAFFRON_SOURCE_DATA_DIR "/photon";
    return SAFFRON_INSTALL_DATA_DIR "/photon";
}

/* --- whole-file reading and hashing ------------------------------------ */

static sf_status read_whole(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot open (%s)", path, strerror(errno));
    size_t cap = 1 << 17, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory reading the file", path);
    if (bad) {
        free(buf);
        SF_FAIL(SF_ERR_IO, "%s: read error", path);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return SF_OK;
}

/* --- line-oriented parsing --------------------------------------------- */

typedef struct cursor {
    char *p;          /* next unread character */
    int line;         /* number of the line last returned */
    const char *path; /* for messages */
} cursor;

/* Next line that is not blank or a comment, with any "# ..." tail and
 * trailing blanks removed; NULL at the end of the text. */
static char *next_line(cursor *c)
{
    while (*c->p) {
        char *s = c->p, *e = strchr(s, '\n');
        if (e) {
            *e = '\0';
            c->p = e + 1;
        } else {
            c->p = s + strlen(s);
        }
        c->line++;
        char *hash = strchr(s, '#');
        if (hash)
            *hash = '\0';
        size_t n = strlen(s);
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
            s[--n] = '\0';
        while (*s == ' ' || *s == '\t')
            ++s;
        if (*s)
            return s;
    }
    return NULL;
}

/* Reads exactly n finite numbers from s (blank separated, nothing else). */
static sf_status numbers(const cursor *c, char *s, int n, double *out,
                         const char *what)
{
    for (int i = 0; i < n; ++i) {
        char *end;
        errno = 0;
        out[i] = strtod(s, &end);
        if (end == s || errno == ERANGE || !isfinite(out[i]))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s: expected %d numbers, column %d "
                    "is missing or not a number", c->path, c->line, what, n,
                    i + 1);
        s = end;
    }
    while (*s == ' ' || *s == '\t')
        ++s;
    if (*s)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s: expected %d numbers, found more "
                "('%.20s')", c->path, c->line, what, n, s);
    return SF_OK;
}

/* "keyword rest": returns rest if the line starts with the keyword. */
static char *keyword(char *line, const char *kw)
{
    size_t n = strlen(kw);
    if (strncmp(line, kw, n) != 0 || (line[n] != ' ' && line[n] != '\t' &&
                                      line[n] != '\0'))
        return NULL;
    line += n;
    while (*line == ' ' || *line == '\t')
        ++line;
    return line;
}

static sf_status expect_line(cursor *c, const char *kw, char **rest)
{
    char *line = next_line(c);
    if (!line)
        SF_FAIL(SF_ERR_FORMAT, "%s: ends after line %d, expected '%s' "
                "(truncated file?)", c->path, c->line, kw);
    *rest = keyword(line, kw);
    if (!*rest)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected '%s', found '%.40s'", c->path,
                c->line, kw, line);
    return SF_OK;
}

static sf_status count_field(cursor *c, const char *kw, int lo, int hi,
                             int *out)
{
    char *rest;
    double v;
    SF_TRY(expect_line(c, kw, &rest));
    SF_TRY(numbers(c, rest, 1, &v, kw));
    if (v != floor(v) || v < lo || v > hi)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s %g: expected an integer in [%d, %d]",
                c->path, c->line, kw, v, lo, hi);
    *out = (int)v;
    return SF_OK;
}

static sf_status table_row(cursor *c, int ncol, double *v, const char *what)
{
    char *line = next_line(c);
    if (!line)
        SF_FAIL(SF_ERR_FORMAT, "%s: ends after line %d inside the %s table "
                "(truncated file?)", c->path, c->line, what);
    return numbers(c, line, ncol, v, what);
}

static void element_free(sf_element_photon *e)
{
    free(e->energy_MeV);
    for (int p = 0; p < SF_NPROC; ++p)
        free(e->xs_cm2_g[p]);
    free(e->photo_K_cm2_g);
    free(e->x_inv_angstrom);
    free(e->form_factor);
    free(e->scatter_function);
    free(e->s_log_ratio);
    memset(e, 0, sizeof *e);
}

static sf_status parse_cross_sections(cursor *c, sf_element_photon *e)
{
    int n;
    SF_TRY(count_field(c, "cross_sections", 2, 1000000, &n));
    size_t bytes = (size_t)n * sizeof(double);
    e->energy_MeV = malloc(bytes);
    e->photo_K_cm2_g = malloc(bytes);
    int ok = e->energy_MeV && e->photo_K_cm2_g;
    for (int p = 0; p < SF_NPROC; ++p)
        ok = (e->xs_cm2_g[p] = malloc(bytes)) && ok;
    if (!ok)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory for %d energies", c->path, n);
    /* file column order: E photo photo_K incoh coh pair_nuc pair_el */
    static const int col_proc[] = {SF_PROC_PHOTO, -1, SF_PROC_INCOH,
                                   SF_PROC_COH, SF_PROC_PAIR_NUC,
                                   SF_PROC_PAIR_EL};
    for (int i = 0; i < n; ++i) {
        double v[7];
        SF_TRY(table_row(c, 7, v, "cross_sections"));
        if (!(v[0] > 0.0))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: energy %g MeV: expected > 0",
                    c->path, c->line, v[0]);
        if (i > 0 && v[0] < e->energy_MeV[i - 1])
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: energy %.10g MeV: expected energies "
                    "in ascending order", c->path, c->line, v[0]);
        if (i > 1 && v[0] == e->energy_MeV[i - 1] &&
            v[0] == e->energy_MeV[i - 2])
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: energy %.10g MeV appears three "
                    "times: an edge is two equal energies", c->path, c->line,
                    v[0]);
        for (int k = 1; k < 7; ++k)
            if (v[k] < 0.0)
                SF_FAIL(SF_ERR_FORMAT, "%s:%d: column %d = %g: expected a "
                        "cross section >= 0", c->path, c->line, k + 1, v[k]);
        e->energy_MeV[i] = v[0];
        e->photo_K_cm2_g[i] = v[2];
        for (int k = 1; k < 7; ++k)
            if (col_proc[k - 1] >= 0)
                e->xs_cm2_g[col_proc[k - 1]][i] = v[k];
    }
    if (e->energy_MeV[0] > SF_PHOTON_E_MIN_MEV * (1 + 1e-9) ||
        e->energy_MeV[n - 1] < SF_PHOTON_E_MAX_MEV * (1 - 1e-9))
        SF_FAIL(SF_ERR_FORMAT, "%s: energies span %g-%g MeV, expected at "
                "least %g-%g MeV", c->path, e->energy_MeV[0],
                e->energy_MeV[n - 1], SF_PHOTON_E_MIN_MEV, SF_PHOTON_E_MAX_MEV);
    e->n_energy = n;
    return SF_OK;
}

/* Slightly below round levels so that rounding in S(x) * (1/Z) can never
 * put the computed ratio under a level that the tabulated values reach. */
const double sf_s_squeeze_level[SF_S_SQUEEZE_LEVELS] = {
    0.5 * (1 - 1e-12),   0.8 * (1 - 1e-12),   0.9 * (1 - 1e-12),
    0.95 * (1 - 1e-12),  0.98 * (1 - 1e-12),  0.99 * (1 - 1e-12),
    0.995 * (1 - 1e-12), 0.999 * (1 - 1e-12)};

/* s_squeeze_x[k]: the smallest tabulated x from which every tabulated
 * S >= level_k Z. Between two such points the interpolant (log-log, or
 * linear) lies between its end values, and beyond the last point the table
 * is constant, so S(x) >= level_k Z for every x >= s_squeeze_x[k]. */
static void build_s_squeeze(sf_element_photon *e)
{
    for (int k = 0; k < SF_S_SQUEEZE_LEVELS; ++k) {
        double want = sf_s_squeeze_level[k] * e->Z;
        int j = e->n_x;
        while (j > 0 && e->scatter_function[j - 1] >= want)
            --j;
        e->s_squeeze_x[k] = j < e->n_x ? e->x_inv_angstrom[j] : INFINITY;
    }
    e->s_squeeze_n = SF_S_SQUEEZE_LEVELS;
}

/* The logarithms of interp()'s log-log branch that depend on the table
 * alone (see s_log_ratio); 1 on success. */
static int build_s_log_ratio(sf_element_photon *e)
{
    const double *x = e->x_inv_angstrom, *y = e->scatter_function;
    e->s_log_ratio = calloc(2 * (size_t)(e->n_x - 1), sizeof *e->s_log_ratio);
    if (!e->s_log_ratio)
        return 0;
    for (int i = 0; i + 1 < e->n_x; ++i)
        if (x[i + 1] > x[i] && y[i] > 0.0 && y[i + 1] > 0.0 && x[i] > 0.0) {
            e->s_log_ratio[2 * i] = log(y[i + 1] / y[i]);
            e->s_log_ratio[2 * i + 1] = log(x[i + 1] / x[i]);
        }
    return 1;
}

static sf_status parse_scattering(cursor *c, sf_element_photon *e)
{
    int n;
    SF_TRY(count_field(c, "scattering", 2, 1000000, &n));
    size_t bytes = (size_t)n * sizeof(double);
    e->x_inv_angstrom = malloc(bytes);
    e->form_factor = malloc(bytes);
    e->scatter_function = malloc(bytes);
    if (!e->x_inv_angstrom || !e->form_factor || !e->scatter_function)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory for %d x values", c->path, n);
    for (int i = 0; i < n; ++i) {
        double v[3];
        SF_TRY(table_row(c, 3, v, "scattering"));
        if (i == 0 ? v[0] != 0.0 : !(v[0] > e->x_inv_angstrom[i - 1]))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: x = %g: expected x[0] = 0 and x "
                    "strictly ascending", c->path, c->line, v[0]);
        if (v[1] < 0.0 || v[2] < 0.0)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: F = %g, S = %g: expected >= 0",
                    c->path, c->line, v[1], v[2]);
        e->x_inv_angstrom[i] = v[0];
        e->form_factor[i] = v[1];
        e->scatter_function[i] = v[2];
    }
    e->n_x = n;
    return sf_element_scatter_prepare(e) == SF_OK
           ? SF_OK
           : sf_error_set(SF_ERR_NOMEM, "%s: out of memory for %d x values",
                          c->path, n);
}

sf_status sf_element_scatter_prepare(sf_element_photon *e)
{
    if (e->Z > 0)
        build_s_squeeze(e);
    return build_s_log_ratio(e)
           ? SF_OK
           : sf_error_set(SF_ERR_NOMEM, "S(x) table: out of memory for %d "
                          "x values", e->n_x);
}

static sf_status parse_element(cursor *c, int Z, sf_element_photon *e)
{
    char *line = next_line(c), *rest;
    double v[4];
    if (!line || !(rest = keyword(line, "saffron-photon-data")))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: expected the header line "
                "'saffron-photon-data %d'", c->path, c->line,
                SF_PHOTON_DATA_FORMAT_VERSION);
    if (numbers(c, rest, 1, v, "format version") != SF_OK ||
        v[0] != SF_PHOTON_DATA_FORMAT_VERSION)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: format version '%s', expected %d "
                "(regenerate the data or update saffron)", c->path, c->line,
                rest, SF_PHOTON_DATA_FORMAT_VERSION);
    int z_file;
    SF_TRY(count_field(c, "Z", 1, SF_Z_MAX, &z_file));
    if (z_file != Z)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: Z %d, expected %d", c->path, c->line,
                z_file, Z);
    e->Z = Z;
    SF_TRY(expect_line(c, "symbol", &rest));
    if (strcmp(rest, sf_element_symbol(Z)) != 0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: symbol '%s', expected '%s'", c->path,
                c->line, rest, sf_element_symbol(Z));
    SF_TRY(expect_line(c, "atomic_weight_g_mol", &rest));
    SF_TRY(numbers(c, rest, 1, &e->atomic_weight_g_mol, "atomic_weight_g_mol"));
    if (!(e->atomic_weight_g_mol > 0.0))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: atomic weight %g: expected > 0",
                c->path, c->line, e->atomic_weight_g_mol);
    SF_TRY(expect_line(c, "binding_MeV", &rest));
    SF_TRY(numbers(c, rest, 4, v, "binding_MeV"));
    e->binding_MeV_K = v[0];
    e->binding_MeV_L1 = v[1];
    e->binding_MeV_L2 = v[2];
    e->binding_MeV_L3 = v[3];
    SF_TRY(expect_line(c, "fluor_yield_K", &rest));
    SF_TRY(numbers(c, rest, 1, &e->fluor_yield_K, "fluor_yield_K"));
    if (e->fluor_yield_K < 0.0 || e->fluor_yield_K > 1.0)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: fluor_yield_K %g: expected in [0, 1]",
                c->path, c->line, e->fluor_yield_K);
    SF_TRY(count_field(c, "k_lines", 0, SF_MAX_K_LINES, &e->n_k_lines));
    double sum = 0.0;
    for (int i = 0; i < e->n_k_lines; ++i) {
        SF_TRY(table_row(c, 2, v, "k_lines"));
        if (!(v[0] > 0.0) || !(v[1] > 0.0))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: K line %g MeV, probability %g: "
                    "expected both > 0", c->path, c->line, v[0], v[1]);
        e->k_line_MeV[i] = v[0];
        e->k_line_prob[i] = v[1];
        sum += v[1];
    }
    if (e->n_k_lines > 0 && fabs(sum - 1.0) > 1e-6)
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: K line probabilities sum to %.8g, "
                "expected 1", c->path, c->line, sum);
    SF_TRY(parse_cross_sections(c, e));
    SF_TRY(parse_scattering(c, e));
    SF_TRY(expect_line(c, "end", &rest));
    if (*rest || next_line(c))
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: unexpected text after 'end'", c->path,
                c->line);
    return SF_OK;
}

/* --- index and loading -------------------------------------------------- */

static sf_status read_index(sf_photon_data *pd)
{
    char path[4200], *text;
    size_t len;
    snprintf(path, sizeof path, "%s/%s", pd->dir, INDEX_NAME);
    SF_TRY(read_whole(path, &text, &len));
    sf_sha256_hex(text, len, pd->checksum);
    cursor c = {text, 0, path};
    sf_status st = SF_OK;
    char *line = next_line(&c), *rest;
    double v;
    if (!line || !(rest = keyword(line, "saffron-photon-index")) ||
        numbers(&c, rest, 1, &v, "index version") != SF_OK ||
        v != SF_PHOTON_DATA_FORMAT_VERSION) {
        st = sf_error_set(SF_ERR_FORMAT, "%s:%d: expected the header line "
                          "'saffron-photon-index %d'", path, c.line,
                          SF_PHOTON_DATA_FORMAT_VERSION);
        goto done;
    }
    while ((line = next_line(&c))) {
        char hex[65], name[64];
        int Z, used = 0;
        if (sscanf(line, "%64[0-9a-f]  Z%3d.txt%n", hex, &Z, &used) != 2 ||
            line[used] != '\0' || strlen(hex) != 64 || Z < 1 || Z > SF_Z_MAX) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: expected '<64 hex "
                              "digits>  Znnn.txt' with nnn in 001-%03d, found "
                              "'%.60s'", path, c.line, SF_Z_MAX, line);
            goto done;
        }
        snprintf(name, sizeof name, "Z%03d.txt", Z);
        if (strstr(line, name) == NULL) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: file name must be written "
                              "%s", path, c.line, name);
            goto done;
        }
        memcpy(pd->index_sha256[Z], hex, 65);
    }
done:
    free(text);
    return st;
}

sf_status sf_photon_data_require(sf_photon_data *pd, int Z)
{
    if (!pd)
        SF_FAIL(SF_ERR_STATE, "sf_photon_data_require: no data set");
    if (Z < 1 || Z > SF_Z_MAX)
        SF_FAIL(SF_ERR_VALUE, "element Z = %d: expected 1-%d", Z, SF_Z_MAX);
    if (pd->elem[Z].n_energy > 0)
        return SF_OK;
    char path[4200], hex[65], *text;
    size_t len;
    snprintf(path, sizeof path, "%s/Z%03d.txt", pd->dir, Z);
    if (!pd->index_sha256[Z][0])
        SF_FAIL(SF_ERR_FORMAT, "%s/%s: no entry for Z%03d.txt (element %s)",
                pd->dir, INDEX_NAME, Z, sf_element_symbol(Z));
    SF_TRY(read_whole(path, &text, &len));
    sf_sha256_hex(text, len, hex);
    if (strcmp(hex, pd->index_sha256[Z]) != 0) {
        free(text);
        SF_FAIL(SF_ERR_FORMAT, "%s: SHA-256 %.12s... does not match %s "
                "(%.12s...): the file was modified or the index is stale",
                path, hex, INDEX_NAME, pd->index_sha256[Z]);
    }
    cursor c = {text, 0, path};
    sf_element_photon e = {0};
    sf_status st = parse_element(&c, Z, &e);
    free(text);
    if (st != SF_OK) {
        element_free(&e);
        return st;
    }
    pd->elem[Z] = e;
    return SF_OK;
}

sf_status sf_photon_data_load(const char *dir, const int *Z_list, int n_Z,
                              sf_photon_data **out)
{
    *out = NULL;
    if (!dir)
        dir = sf_photon_data_default_dir();
    sf_photon_data *pd = calloc(1, sizeof *pd);
    if (!pd)
        SF_FAIL(SF_ERR_NOMEM, "out of memory for the photon data set");
    if (snprintf(pd->dir, sizeof pd->dir, "%s", dir) >= (int)sizeof pd->dir) {
        free(pd);
        SF_FAIL(SF_ERR_VALUE, "photon data directory name is too long");
    }
    sf_status st = read_index(pd);
    for (int Z = 1; st == SF_OK && Z <= SF_Z_MAX; ++Z)
        if (!Z_list && pd->index_sha256[Z][0])
            st = sf_photon_data_require(pd, Z);
    for (int i = 0; st == SF_OK && Z_list && i < n_Z; ++i)
        st = sf_photon_data_require(pd, Z_list[i]);
    if (st != SF_OK) {
        sf_photon_data_destroy(&pd);
        return st;
    }
    *out = pd;
    return SF_OK;
}

void sf_photon_data_destroy(sf_photon_data **pd)
{
    if (!pd || !*pd)
        return;
    for (int Z = 0; Z <= SF_Z_MAX; ++Z)
        element_free(&(*pd)->elem[Z]);
    free(*pd);
    *pd = NULL;
}

/* --- interpolation ------------------------------------------------------ */

/* Index i of the interval [x[i], x[i+1]] holding v: the last i with
 * x[i] <= v, so an energy exactly at an edge takes the value above it. */
static int find_interval(const double *x, int n, double v)
{
    int lo = 0, hi = n - 1;
    if (v <= x[0])
        return 0;
    if (v >= x[n - 1])
        return n - 2;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (x[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Log-log between positive values; linear when an end is zero (below a
 * threshold or next to x = 0), which the generator's checks also assume.
 * l, when not NULL, holds ln(y1/y0) and ln(x1/x0) taken beforehand (the
 * same values, so the same result). */
static double interp_logs(double x0, double y0, double x1, double y1,
                          double x, const double *l)
{
    if (x1 <= x0)
        return y1;
    if (y0 <= 0.0 || y1 <= 0.0 || x0 <= 0.0)
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    double ly = l ? l[0] : log(y1 / y0), lx = l ? l[1] : log(x1 / x0);
    return y0 * exp(ly * (log(x / x0) / lx));
}

static double interp(double x0, double y0, double x1, double y1, double x)
{
    return interp_logs(x0, y0, x1, y1, x, NULL);
}

/* log_ratio: per interval, the two logarithms of interp_logs, or NULL. */
static double table(const double *x, const double *y, int n, double v,
                    const double *log_ratio)
{
    if (n < 2)
        return n == 1 ? y[0] : 0.0;
    if (v <= x[0])
        return y[0];
    if (v >= x[n - 1])
        return y[n - 1];
    int i = find_interval(x, n, v);
    return interp_logs(x[i], y[i], x[i + 1], y[i + 1], v,
                       log_ratio ? log_ratio + 2 * i : NULL);
}

double sf_element_xs(const sf_element_photon *e, sf_photon_process p,
                     double E_MeV)
{
    if ((unsigned)p >= SF_NPROC)
        return 0.0;
    return table(e->energy_MeV, e->xs_cm2_g[p], e->n_energy, E_MeV, NULL);
}

double sf_element_photo_K(const sf_element_photon *e, double E_MeV)
{
    return table(e->energy_MeV, e->photo_K_cm2_g, e->n_energy, E_MeV, NULL);
}

int sf_element_photo_is_K(const sf_element_photon *e, double E_MeV, double xi)
{
    const double *x = e->energy_MeV, *yt = e->xs_cm2_g[SF_PROC_PHOTO];
    const double *yk = e->photo_K_cm2_g;
    int n = e->n_energy;
    if (n >= 2 && E_MeV > x[0] && E_MeV < x[n - 1]) {
        int i = find_interval(x, n, E_MeV);
        if (x[i + 1] > x[i] && yt[i] > 0 && yt[i + 1] > 0 && yk[i] > 0 &&
            yk[i + 1] > 0) {
            /* Both log-log on the same interval: sigma_K/sigma is
             * r0^(1-s) r1^s, between the end ratios. */
            double r0 = yk[i] / yt[i], r1 = yk[i + 1] / yt[i + 1];
            double lo = r0 < r1 ? r0 : r1, hi = r0 < r1 ? r1 : r0;
            if (xi < lo * (1 - 1e-12))
                return 1;
            if (xi >= hi * (1 + 1e-12))
                return 0;
        }
        double total = interp(x[i], yt[i], x[i + 1], yt[i + 1], E_MeV);
        double k = interp(x[i], yk[i], x[i + 1], yk[i + 1], E_MeV);
        return total > 0.0 && xi * total < k;
    }
    double total = sf_element_xs(e, SF_PROC_PHOTO, E_MeV);
    return total > 0.0 && xi * total < sf_element_photo_K(e, E_MeV);
}

double sf_element_form_factor(const sf_element_photon *e, double x_inv_A)
{
    return table(e->x_inv_angstrom, e->form_factor, e->n_x, x_inv_A, NULL);
}

/* The Compton sampler's lookup: the table's logarithms stored by the
 * loader (s_log_ratio) leave one to take. */
double sf_element_scatter_function(const sf_element_photon *e,
                                   double x_inv_A)
{
    return table(e->x_inv_angstrom, e->scatter_function, e->n_x, x_inv_A,
                 e->s_log_ratio);
}
