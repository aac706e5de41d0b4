/* Phantom life cycle, look-ups and provenance checksum; the readers live in
 * icrp110.c, labeled_mhd.c and stylized.c. */
#include "geometry/phantom.h"

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nettle/sha2.h>

#include "core/parse.h"
#include "geometry/phantom_internal.h"

sf_status sf_phantom_create(const char *name, sf_phantom **out)
{
    sf_phantom *ph = calloc(1, sizeof *ph);
    if (!ph)
        SF_FAIL(SF_ERR_NOMEM, "phantom %s: out of memory", name);
    snprintf(ph->name, sizeof ph->name, "%s", name);
    *out = ph;
    return SF_OK;
}

sf_status sf_phantom_alloc_regions(sf_phantom *ph, int n_labels)
{
    sf_region *r = calloc((size_t)n_labels, sizeof *r);
    if (!r)
        SF_FAIL(SF_ERR_NOMEM, "phantom %s: out of memory for %d regions",
                ph->name, n_labels);
    for (int i = 0; i < n_labels; ++i) {
        r[i].medium = -1;
        r[i].blood_fraction = NAN;
        for (int k = 0; k < SF_SPONGIOSA_N; ++k)
            r[i].spongiosa[k] = NAN;
    }
    free(ph->regions);
    ph->regions = r;
    ph->n_labels = n_labels;
    return SF_OK;
}

sf_status sf_phantom_add_medium(sf_phantom *ph, const sf_material *m,
                                int *index)
{
    sf_material *media = realloc(ph->media,
                                 (size_t)(ph->n_media + 1) * sizeof *media);
    if (!media)
        SF_FAIL(SF_ERR_NOMEM, "phantom %s: out of memory for media", ph->name);
    ph->media = media;
    media[ph->n_media] = *m;
    *index = ph->n_media++;
    return SF_OK;
}

/* Voxels per label for labels 0 .. *n_out-1, *n_out being the larger of
 * the region count and the largest label in the image + 1 (malloc'ed;
 * NULL when out of memory). */
static int64_t *count_labels(const sf_phantom *ph, int *n_out)
{
    size_t n = (size_t)ph->nx * (size_t)ph->ny * (size_t)ph->nz;
    int top = ph->n_labels > 0 ? ph->n_labels - 1 : 0;
    for (size_t i = 0; i < n; ++i)
        if (ph->label[i] > top)
            top = ph->label[i];
    int64_t *count = calloc((size_t)top + 1, sizeof *count);
    if (!count)
        return NULL;
    for (size_t i = 0; i < n; ++i)
        ++count[ph->label[i]];
    *n_out = top + 1;
    return count;
}

static void masses_from_counts(sf_phantom *ph, const int64_t *count)
{
    double voxel_cm3 = ph->spacing_cm[0] * ph->spacing_cm[1] *
                       ph->spacing_cm[2];
    ph->body_mass_kg = 0.0;
    for (int l = 0; l < ph->n_labels; ++l) {
        sf_region *r = &ph->regions[l];
        r->voxels = count[l];
        r->mass_kg = (double)r->voxels * voxel_cm3 * r->density_g_cm3 * 1e-3;
        if (r->in_body)
            ph->body_mass_kg += r->mass_kg;
    }
}

sf_status sf_phantom_check_labels(sf_phantom *ph, const char *source,
                                  const char *table)
{
    int n_count = 0;
    int64_t *count = count_labels(ph, &n_count);
    if (!count)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory counting labels", source);
    for (int l = 0; l < n_count; ++l) {
        if (count[l] == 0)
            continue;
        if (l >= ph->n_labels || ph->regions[l].medium < 0) {
            long long c = (long long)count[l];
            free(count);
            SF_FAIL(SF_ERR_VALUE, "%s: label %d (%lld voxels) has no entry "
                    "in %s", source, l, c, table);
        }
    }
    masses_from_counts(ph, count);
    free(count);
    return SF_OK;
}

void sf_phantom_update_masses(sf_phantom *ph)
{
    int n_count = 0;
    int64_t *count = count_labels(ph, &n_count);
    if (count) {
        masses_from_counts(ph, count);
        free(count);
        return;
    }
    /* No memory for the histogram: count region by region instead. */
    size_t n = (size_t)ph->nx * (size_t)ph->ny * (size_t)ph->nz;
    double voxel_cm3 = ph->spacing_cm[0] * ph->spacing_cm[1] *
                       ph->spacing_cm[2];
    ph->body_mass_kg = 0.0;
    for (int l = 0; l < ph->n_labels; ++l) {
        sf_region *r = &ph->regions[l];
        r->voxels = 0;
        for (size_t i = 0; i < n; ++i)
            r->voxels += ph->label[i] == l;
        r->mass_kg = (double)r->voxels * voxel_cm3 * r->density_g_cm3 * 1e-3;
        if (r->in_body)
            ph->body_mass_kg += r->mass_kg;
    }
}

void sf_phantom_take_image(sf_phantom *ph, sf_label_image *img)
{
    ph->nx = img->dims[0];
    ph->ny = img->dims[1];
    ph->nz = img->dims[2];
    memcpy(ph->spacing_cm, img->spacing_cm, sizeof ph->spacing_cm);
    memcpy(ph->origin_cm, img->origin_cm, sizeof ph->origin_cm);
    free(ph->label);
    ph->label = img->label;
    img->label = NULL;
}

void sf_phantom_destroy(sf_phantom **ph)
{
    if (!ph || !*ph)
        return;
    free((*ph)->label);
    free((*ph)->regions);
    free((*ph)->media);
    free(*ph);
    *ph = NULL;
}

static int has_suffix_ci(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    if (n < k)
        return 0;
    char tail[16];
    if (k >= sizeof tail)
        return 0;
    memcpy(tail, s + n - k, k);
    tail[k] = '\0';
    return sf_strieq(tail, suffix);
}

static sf_status load_builtin(const char *spec, sf_phantom **out)
{
    const char *rest = spec + strlen("builtin:");
    const char *colon = strchr(rest, ':');
    size_t n = colon ? (size_t)(colon - rest) : strlen(rest);
    if (n != strlen("stylized") || strncmp(rest, "stylized", n) != 0)
        SF_FAIL(SF_ERR_VALUE, "phantom '%s': unknown built-in phantom, "
                "expected builtin:stylized or builtin:stylized:VOXEL_CM",
                spec);
    double voxel = SF_STYLIZED_DEFAULT_VOXEL_CM;
    if (colon) {
        SF_TRY(sf_parse_double(colon + 1, "builtin:stylized voxel size (cm)",
                               &voxel));
        if (!(voxel >= SF_STYLIZED_MIN_VOXEL_CM &&
              voxel <= SF_STYLIZED_MAX_VOXEL_CM))
            SF_FAIL(SF_ERR_VALUE, "phantom '%s': voxel size %g cm is outside "
                    "[%g, %g] cm", spec, voxel, SF_STYLIZED_MIN_VOXEL_CM,
                    SF_STYLIZED_MAX_VOXEL_CM);
    }
    SF_TRY(sf_stylized_build(voxel, out));
    snprintf((*out)->name, sizeof (*out)->name, "%s", spec);
    return SF_OK;
}

/* The ':' of "FILE.mhd:TABLE" (the last one preceded by ".mhd"), or NULL. */
static const char *mhd_table_sep(const char *spec)
{
    const char *sep = NULL;
    for (const char *p = spec; (p = strchr(p, ':')) != NULL; ++p)
        if (has_suffix_ci(spec, (size_t)(p - spec), ".mhd"))
            sep = p;
    return sep;
}

static sf_status load_mhd(const char *spec, sf_phantom **out)
{
    char mhd[4096], table[4096];
    const char *sep = mhd_table_sep(spec);
    if (sep) {
        size_t n = (size_t)(sep - spec);
        if (n >= sizeof mhd || strlen(sep + 1) >= sizeof table || !sep[1])
            SF_FAIL(SF_ERR_VALUE, "phantom '%s': expected FILE.mhd or "
                    "FILE.mhd:TABLE with paths shorter than %zu bytes", spec,
                    sizeof mhd);
        memcpy(mhd, spec, n);
        mhd[n] = '\0';
        /* A relative table path is relative to the image, like the
         * image's own ElementDataFile. */
        const char *slash = strrchr(mhd, '/');
        if (sep[1] == '/' || !slash)
            snprintf(table, sizeof table, "%s", sep + 1);
        else if (snprintf(table, sizeof table, "%.*s/%s",
                          (int)(slash - mhd), mhd, sep + 1) >=
                 (int)sizeof table)
            SF_FAIL(SF_ERR_VALUE, "phantom '%s': path too long", spec);
    } else {
        size_t n = strlen(spec);
        if (n + 4 >= sizeof mhd)
            SF_FAIL(SF_ERR_VALUE, "phantom '%s': path too long", spec);
        snprintf(mhd, sizeof mhd, "%s", spec);
        memcpy(table, spec, n - 4);
        snprintf(table + n - 4, sizeof table - (n - 4), ".labels");
    }
    return sf_labeled_mhd_load(mhd, table, out);
}

sf_status sf_phantom_load(const char *spec, sf_phantom **out)
{
    *out = NULL;
    if (!spec || !*spec)
        SF_FAIL(SF_ERR_VALUE, "phantom: empty specification, expected "
                "builtin:stylized, an ICRP 110 directory or FILE.mhd");
    if (strncmp(spec, "builtin:", 8) == 0)
        return load_builtin(spec, out);
    size_t n = strlen(spec);
    if (has_suffix_ci(spec, n, ".mhd") || mhd_table_sep(spec))
        return load_mhd(spec, out);
    struct stat st;
    if (stat(spec, &st) != 0)
        SF_FAIL(SF_ERR_IO, "phantom '%s': %s (expected builtin:stylized, an "
                "ICRP 110 directory or FILE.mhd)", spec, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return sf_icrp110_load(spec, out);
    SF_FAIL(SF_ERR_VALUE, "phantom '%s': not a directory or .mhd file "
            "(expected builtin:stylized, an ICRP 110 directory or FILE.mhd)",
            spec);
}

int sf_phantom_find_region(const sf_phantom *ph, const char *name_or_id)
{
    if (!ph || !name_or_id || !*name_or_id)
        return -1;
    for (int l = 0; l < ph->n_labels; ++l)
        if (ph->regions[l].medium >= 0 &&
            sf_strieq(ph->regions[l].name, name_or_id))
            return l;
    const char *p = name_or_id;
    while (*p == ' ')
        ++p;
    if (*p < '0' || *p > '9')
        return -1;
    char *end;
    errno = 0;
    long v = strtol(p, &end, 10);
    while (*end == ' ')
        ++end;
    if (errno || *end || v < 0 || v >= ph->n_labels ||
        ph->regions[v].medium < 0)
        return -1;
    return (int)v;
}

int sf_phantom_find_medium(const sf_phantom *ph, const char *name)
{
    if (!ph || !name)
        return -1;
    for (int i = 0; i < ph->n_media; ++i)
        if (sf_strieq(ph->media[i].name, name))
            return i;
    return -1;
}

/* The checksum hashes a fixed little-endian serialisation so that it does
 * not depend on struct padding or the host's byte order. */
static void hash_u64(struct sha256_ctx *c, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; ++i)
        b[i] = (uint8_t)(v >> (8 * i));
    sha256_update(c, sizeof b, b);
}

static void hash_double(struct sha256_ctx *c, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    hash_u64(c, v);
}

static void hash_string(struct sha256_ctx *c, const char *s)
{
    size_t n = strlen(s);
    hash_u64(c, n);
    sha256_update(c, n, (const uint8_t *)s);
}

void sf_phantom_checksum(const sf_phantom *ph, char hex[65])
{
    struct sha256_ctx c;
    sha256_init(&c);
    hash_u64(&c, (uint64_t)ph->nx);
    hash_u64(&c, (uint64_t)ph->ny);
    hash_u64(&c, (uint64_t)ph->nz);
    for (int i = 0; i < 3; ++i)
        hash_double(&c, ph->spacing_cm[i]);
    for (int i = 0; i < 3; ++i)
        hash_double(&c, ph->origin_cm[i]);
    size_t n = (size_t)ph->nx * (size_t)ph->ny * (size_t)ph->nz;
    uint8_t buf[8192];
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < sizeof buf && i < n; k += 2, ++i) {
            buf[k] = (uint8_t)(ph->label[i] & 0xff);
            buf[k + 1] = (uint8_t)(ph->label[i] >> 8);
        }
        sha256_update(&c, k, buf);
    }
    hash_u64(&c, (uint64_t)ph->n_labels);
    for (int l = 0; l < ph->n_labels; ++l) {
        const sf_region *r = &ph->regions[l];
        hash_string(&c, r->name);
        hash_u64(&c, (uint64_t)(int64_t)r->medium);
        hash_double(&c, r->density_g_cm3);
        hash_u64(&c, (uint64_t)r->in_body);
        /* Tissue tables enter the sum only where a phantom has them, so
         * the checksums of phantoms without them stay what they were. */
        if (!isnan(r->blood_fraction))
            hash_double(&c, r->blood_fraction);
        for (int k = 0; k < SF_SPONGIOSA_N; ++k)
            if (!isnan(r->spongiosa[k]))
                hash_double(&c, r->spongiosa[k]);
    }
    hash_u64(&c, (uint64_t)ph->n_media);
    for (int m = 0; m < ph->n_media; ++m) {
        const sf_material *mt = &ph->media[m];
        hash_string(&c, mt->name);
        hash_u64(&c, (uint64_t)mt->n_elements);
        for (int e = 0; e < mt->n_elements; ++e) {
            hash_u64(&c, (uint64_t)mt->Z[e]);
            hash_double(&c, mt->mass_fraction[e]);
        }
        hash_double(&c, mt->density_g_cm3);
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&c, sizeof digest, digest);
    static const char hexd[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; ++i) {
        hex[2 * i] = hexd[digest[i] >> 4];
        hex[2 * i + 1] = hexd[digest[i] & 15];
    }
    hex[64] = '\0';
}
