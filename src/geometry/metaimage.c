/* MetaImage (.mhd + raw) reader for 3-D label images. Only what label
 * images need is supported: uncompressed, one channel, axis-aligned,
 * integer element types whose values fit uint16. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/parse.h"
#include "geometry/phantom_internal.h"
#include "geometry/text_lines.h"

#define MHD_MAX_HEADER_BYTES (1 << 20)
#define MHD_MAX_DIM 100000
#define MHD_MAX_VOXELS (1ull << 31)

typedef enum { T_UCHAR, T_CHAR, T_USHORT, T_SHORT, T_UINT, T_INT } elem_type;

static const struct {
    const char *name;
    elem_type type;
    int bytes;
    int is_signed;
} ELEMENT_TYPES[] = {
    {"MET_UCHAR", T_UCHAR, 1, 0}, {"MET_CHAR", T_CHAR, 1, 1},
    {"MET_USHORT", T_USHORT, 2, 0}, {"MET_SHORT", T_SHORT, 2, 1},
    {"MET_UINT", T_UINT, 4, 0}, {"MET_INT", T_INT, 4, 1},
};

typedef struct mhd_header {
    int ndims;                 /* 0 = not given */
    long dims[3];
    int have_dims, have_spacing, have_type, have_origin;
    double spacing_mm[3];
    double origin_mm[3];
    int type_index;
    int msb;
    long header_size;          /* bytes to skip; -1 = data at the end */
    char data_file[4096];
} mhd_header;

static sf_status parse_numbers(const sf_text *t, const char *key,
                               const char *value, int count, double *out)
{
    char what[4400];
    snprintf(what, sizeof what, "%s:%d: %s", t->path, t->line_no, key);
    sf_token tok[12];
    int n = sf_text_split(value, 0, tok, 12);
    if (n != count || n > 12)
        SF_FAIL(SF_ERR_FORMAT, "%s: expected %d numbers, found %d", what,
                count, n < 0 ? 0 : n);
    for (int i = 0; i < n; ++i) {
        char buf[64];
        if (!sf_token_copy(&tok[i], buf, sizeof buf))
            SF_FAIL(SF_ERR_FORMAT, "%s: value too long", what);
        SF_TRY(sf_parse_double(buf, what, &out[i]));
    }
    return SF_OK;
}

static sf_status parse_bool(const sf_text *t, const char *key,
                            const char *value, int *out)
{
    if (sf_strieq(value, "True") || sf_strieq(value, "1"))
        *out = 1;
    else if (sf_strieq(value, "False") || sf_strieq(value, "0"))
        *out = 0;
    else
        SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s = '%s', expected True or False",
                t->path, t->line_no, key, value);
    return SF_OK;
}

static sf_status parse_key(sf_text *t, const char *key, char *value,
                           mhd_header *h)
{
    double v[9];
    if (sf_strieq(key, "NDims")) {
        SF_TRY(parse_numbers(t, key, value, 1, v));
        if (v[0] != 3)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: NDims = %s, expected 3 (a 3-D "
                    "label image)", t->path, t->line_no, value);
        h->ndims = 3;
    } else if (sf_strieq(key, "DimSize")) {
        SF_TRY(parse_numbers(t, key, value, 3, v));
        for (int i = 0; i < 3; ++i) {
            if (v[i] != floor(v[i]) || v[i] < 1 || v[i] > MHD_MAX_DIM)
                SF_FAIL(SF_ERR_FORMAT, "%s:%d: DimSize '%s': expected three "
                        "whole numbers in [1, %d]", t->path, t->line_no,
                        value, MHD_MAX_DIM);
            h->dims[i] = (long)v[i];
        }
        h->have_dims = 1;
    } else if (sf_strieq(key, "ElementSpacing") ||
               sf_strieq(key, "ElementSize")) {
        SF_TRY(parse_numbers(t, key, value, 3, v));
        for (int i = 0; i < 3; ++i)
            if (!(v[i] > 0))
                SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s '%s': expected three "
                        "spacings > 0 (mm)", t->path, t->line_no, key, value);
        /* ElementSpacing wins over ElementSize (they differ only for
         * images with gaps between slices). */
        if (!h->have_spacing || sf_strieq(key, "ElementSpacing"))
            memcpy(h->spacing_mm, v, sizeof h->spacing_mm);
        h->have_spacing = 1;
    } else if (sf_strieq(key, "Offset") || sf_strieq(key, "Origin") ||
               sf_strieq(key, "Position")) {
        SF_TRY(parse_numbers(t, key, value, 3, h->origin_mm));
        h->have_origin = 1;
    } else if (sf_strieq(key, "TransformMatrix") ||
               sf_strieq(key, "Rotation") || sf_strieq(key, "Orientation")) {
        SF_TRY(parse_numbers(t, key, value, 9, v));
        for (int i = 0; i < 9; ++i)
            if (fabs(v[i] - (i % 4 == 0 ? 1.0 : 0.0)) > 1e-6)
                SF_FAIL(SF_ERR_FORMAT, "%s:%d: %s is not the identity; "
                        "rotated images are not supported", t->path,
                        t->line_no, key);
    } else if (sf_strieq(key, "ElementType")) {
        h->type_index = -1;
        for (size_t i = 0; i < sizeof ELEMENT_TYPES / sizeof *ELEMENT_TYPES;
             ++i)
            if (sf_strieq(value, ELEMENT_TYPES[i].name))
                h->type_index = (int)i;
        if (h->type_index < 0)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: ElementType '%s' is not supported "
                    "for labels, expected MET_UCHAR, MET_CHAR, MET_USHORT, "
                    "MET_SHORT, MET_UINT or MET_INT", t->path, t->line_no,
                    value);
        h->have_type = 1;
    } else if (sf_strieq(key, "ElementByteOrderMSB") ||
               sf_strieq(key, "BinaryDataByteOrderMSB")) {
        SF_TRY(parse_bool(t, key, value, &h->msb));
    } else if (sf_strieq(key, "CompressedData")) {
        int c;
        SF_TRY(parse_bool(t, key, value, &c));
        if (c)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: CompressedData = True is not "
                    "supported; write the image uncompressed", t->path,
                    t->line_no);
    } else if (sf_strieq(key, "BinaryData")) {
        int b;
        SF_TRY(parse_bool(t, key, value, &b));
        if (!b)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: BinaryData = False (ASCII data) "
                    "is not supported", t->path, t->line_no);
    } else if (sf_strieq(key, "ElementNumberOfChannels")) {
        SF_TRY(parse_numbers(t, key, value, 1, v));
        if (v[0] != 1)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: ElementNumberOfChannels = %s, "
                    "expected 1", t->path, t->line_no, value);
    } else if (sf_strieq(key, "HeaderSize")) {
        SF_TRY(parse_numbers(t, key, value, 1, v));
        if (v[0] != floor(v[0]) || v[0] < -1 || v[0] > 1e12)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: HeaderSize = %s, expected -1 or "
                    "a byte count", t->path, t->line_no, value);
        h->header_size = (long)v[0];
    } else if (sf_strieq(key, "ObjectType")) {
        if (!sf_strieq(value, "Image"))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: ObjectType = %s, expected Image",
                    t->path, t->line_no, value);
    } else if (sf_strieq(key, "ElementDataFile")) {
        if (sf_strieq(value, "LOCAL") || sf_strieq(value, "LIST") ||
            strchr(value, '%') || strchr(value, ' '))
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: ElementDataFile = %s is not "
                    "supported, expected the name of one raw file", t->path,
                    t->line_no, value);
        size_t n = strlen(value);
        if (n == 0 || n >= sizeof h->data_file)
            SF_FAIL(SF_ERR_FORMAT, "%s:%d: ElementDataFile: expected a file "
                    "name", t->path, t->line_no);
        memcpy(h->data_file, value, n + 1);
    }
    /* Other keys (Comment, AnatomicalOrientation, CenterOfRotation,
     * ElementMin, ...) do not affect a label image. */
    return SF_OK;
}

static sf_status read_header(const char *path, mhd_header *h)
{
    memset(h, 0, sizeof *h);
    sf_text t;
    SF_TRY(sf_text_open(path, MHD_MAX_HEADER_BYTES, &t));
    sf_status st = SF_OK;
    char *line;
    while ((line = sf_text_next(&t)) != NULL) {
        char trimmed[8192];
        sf_strtrim_copy(trimmed, sizeof trimmed, line);
        if (!trimmed[0])
            continue;
        char *eq = strchr(trimmed, '=');
        if (!eq) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: expected 'Key = Value', "
                              "found '%.60s'", path, t.line_no, trimmed);
            goto fail;
        }
        *eq = '\0';
        char key[256], value[8192];
        sf_strtrim_copy(key, sizeof key, trimmed);
        sf_strtrim_copy(value, sizeof value, eq + 1);
        if (!key[0]) {
            st = sf_error_set(SF_ERR_FORMAT, "%s:%d: empty key before '='",
                              path, t.line_no);
            goto fail;
        }
        SF_TRY_GOTO(st, parse_key(&t, key, value, h));
    }
    const char *missing = !h->ndims ? "NDims" : !h->have_dims ? "DimSize"
                        : !h->have_type ? "ElementType"
                        : !h->have_spacing ? "ElementSpacing"
                        : !h->data_file[0] ? "ElementDataFile" : NULL;
    if (missing)
        st = sf_error_set(SF_ERR_FORMAT, "%s: no %s line; expected a "
                          "MetaImage header", path, missing);
fail:
    sf_text_close(&t);
    return st;
}

static void data_path(const char *mhd_path, const char *file, char *out,
                      size_t n)
{
    const char *slash = strrchr(mhd_path, '/');
    if (file[0] == '/' || !slash)
        snprintf(out, n, "%s", file);
    else
        snprintf(out, n, "%.*s/%s", (int)(slash - mhd_path), mhd_path, file);
}

static int host_is_big_endian(void)
{
    const uint16_t one = 1;
    uint8_t b;
    memcpy(&b, &one, 1);
    return b == 0;
}

/* Converts n elements of `bytes` width at src (file byte order `msb`) to
 * uint16 labels; fails on values outside 0..65535. */
static sf_status convert(const uint8_t *src, size_t n, int type_index,
                         int msb, const char *raw, const long *dims,
                         uint16_t *dst)
{
    int bytes = ELEMENT_TYPES[type_index].bytes;
    int is_signed = ELEMENT_TYPES[type_index].is_signed;
    for (size_t i = 0; i < n; ++i) {
        const uint8_t *p = src + i * (size_t)bytes;
        uint32_t u = 0;
        for (int b = 0; b < bytes; ++b)
            u |= (uint32_t)p[msb ? b : bytes - 1 - b] << (8 * (bytes - 1 - b));
        int64_t v = (int64_t)u;
        if (is_signed && (u >> (8 * bytes - 1)) & 1u)
            v -= (int64_t)1 << (8 * bytes);
        if (v < 0 || v > 65535) {
            size_t i0 = i % (size_t)dims[0];
            size_t i1 = (i / (size_t)dims[0]) % (size_t)dims[1];
            size_t i2 = i / ((size_t)dims[0] * (size_t)dims[1]);
            SF_FAIL(SF_ERR_VALUE, "%s: voxel (%zu,%zu,%zu) has label %lld, "
                    "expected 0..65535", raw, i0, i1, i2, (long long)v);
        }
        dst[i] = (uint16_t)v;
    }
    return SF_OK;
}

sf_status sf_metaimage_read(const char *mhd_path, sf_label_image *img)
{
    memset(img, 0, sizeof *img);
    mhd_header h;
    SF_TRY(read_header(mhd_path, &h));
    unsigned long long nvox = (unsigned long long)h.dims[0] *
                              (unsigned long long)h.dims[1] *
                              (unsigned long long)h.dims[2];
    if (nvox > MHD_MAX_VOXELS)
        SF_FAIL(SF_ERR_VALUE, "%s: %ld x %ld x %ld voxels exceeds the limit "
                "of %llu", mhd_path, h.dims[0], h.dims[1], h.dims[2],
                MHD_MAX_VOXELS);
    int bytes = ELEMENT_TYPES[h.type_index].bytes;
    unsigned long long need = nvox * (unsigned long long)bytes;

    char raw[8192];
    data_path(mhd_path, h.data_file, raw, sizeof raw);
    FILE *f = fopen(raw, "rb");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot open data file %s: %s", mhd_path, raw,
                strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        SF_FAIL(SF_ERR_IO, "%s: not a regular file", raw);
    }
    unsigned long long size = (unsigned long long)st.st_size;
    unsigned long long skip = h.header_size >= 0
                                  ? (unsigned long long)h.header_size
                                  : (size >= need ? size - need : 0);
    if (size != skip + need) {
        fclose(f);
        SF_FAIL(SF_ERR_FORMAT, "file %s: expected %llu bytes (%ld x %ld x "
                "%ld x %d%s), found %llu", raw, skip + need, h.dims[0],
                h.dims[1], h.dims[2], bytes,
                skip ? " plus header" : "", size);
    }
    uint16_t *label = malloc((size_t)nvox * sizeof *label);
    void *buf = label;
    int direct = bytes == 2 && !ELEMENT_TYPES[h.type_index].is_signed &&
                 h.msb == host_is_big_endian();
    if (label && !direct)
        buf = malloc((size_t)need);
    if (!label || !buf) {
        free(label);
        fclose(f);
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory for %llu voxels", raw, nvox);
    }
    sf_status status = SF_OK;
    if ((skip && fseek(f, (long)skip, SEEK_SET) != 0) ||
        fread(buf, 1, (size_t)need, f) != (size_t)need)
        status = sf_error_set(SF_ERR_IO, "file %s: read error after the "
                              "size check", raw);
    fclose(f);
    if (status == SF_OK && !direct)
        status = convert(buf, (size_t)nvox, h.type_index, h.msb, raw, h.dims,
                         label);
    if (!direct)
        free(buf);
    if (status != SF_OK) {
        free(label);
        return status;
    }
    for (int i = 0; i < 3; ++i) {
        img->dims[i] = (int)h.dims[i];
        img->spacing_cm[i] = h.spacing_mm[i] * 0.1;
        /* MetaImage places Offset at the centre of the first voxel; the
         * phantom's origin is that voxel's corner. Without an Offset the
         * corner is put at 0 so that the ICRP 110 arrays start at 0. */
        img->origin_cm[i] = h.have_origin
                                ? (h.origin_mm[i] - 0.5 * h.spacing_mm[i]) * 0.1
                                : 0.0;
    }
    img->label = label;
    return SF_OK;
}
