#include "results/image_write.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NIFTI_HEADER_BYTES 348
#define NIFTI_DATA_OFFSET 352 /* header + the 4-byte extension flag */
#define NIFTI_FLOAT32 16
#define NIFTI_UNITS_MM 2
#define NIFTI_XFORM_SCANNER_ANAT 1

/* Writes floats as little-endian whatever the host's byte order. */
static int write_floats_le(FILE *f, const float *v, size_t n)
{
    unsigned char buf[4096];
    size_t k = 0;
    for (size_t i = 0; i < n; ++i) {
        uint32_t bits;
        memcpy(&bits, &v[i], 4);
        for (int b = 0; b < 4; ++b)
            buf[k++] = (unsigned char)(bits >> (8 * b));
        if (k == sizeof buf || i + 1 == n) {
            if (fwrite(buf, 1, k, f) != k)
                return -1;
            k = 0;
        }
    }
    return 0;
}

static void centre_mm(const sf_dose_image *d, double out[3])
{
    for (int a = 0; a < 3; ++a)
        out[a] = 10 * (d->origin_cm[a] + 0.5 * d->spacing_cm[a]);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

sf_status sf_image_write_mhd(const char *base, const sf_dose_image *d,
                             const float *values)
{
    char hdr[4096], raw[4096];
    if (snprintf(hdr, sizeof hdr, "%s.mhd", base) >= (int)sizeof hdr ||
        snprintf(raw, sizeof raw, "%s.raw", base) >= (int)sizeof raw)
        SF_FAIL(SF_ERR_VALUE, "%s: path too long", base);
    FILE *f = fopen(raw, "wb");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot create (%s)", raw, strerror(errno));
    int bad = write_floats_le(f, values, sf_dose_image_voxels(d));
    bad |= fclose(f) != 0;
    if (bad)
        SF_FAIL(SF_ERR_IO, "%s: write error (disk full?)", raw);
    f = fopen(hdr, "w");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot create (%s)", hdr, strerror(errno));
    double c[3];
    centre_mm(d, c);
    fprintf(f, "ObjectType = Image\nNDims = 3\nBinaryData = True\n"
               "BinaryDataByteOrderMSB = False\nCompressedData = False\n"
               "TransformMatrix = 1 0 0 0 1 0 0 0 1\n"
               "Offset = %.9g %.9g %.9g\nCenterOfRotation = 0 0 0\n"
               "AnatomicalOrientation = RAI\n"
               "ElementSpacing = %.9g %.9g %.9g\nDimSize = %d %d %d\n"
               "ElementType = MET_FLOAT\nElementDataFile = %s\n",
            c[0], c[1], c[2], 10 * d->spacing_cm[0], 10 * d->spacing_cm[1],
            10 * d->spacing_cm[2], d->nx, d->ny, d->nz, base_name(raw));
    if (ferror(f) | (fclose(f) != 0))
        SF_FAIL(SF_ERR_IO, "%s: write error (disk full?)", hdr);
    return SF_OK;
}

static void put_le(unsigned char *h, size_t at, uint32_t v, int bytes)
{
    for (int b = 0; b < bytes; ++b)
        h[at + (size_t)b] = (unsigned char)(v >> (8 * b));
}

static void put_i16(unsigned char *h, size_t at, int v)
{
    put_le(h, at, (uint32_t)(uint16_t)(int16_t)v, 2);
}

static void put_f32(unsigned char *h, size_t at, double v)
{
    float x = (float)v;
    uint32_t bits;
    memcpy(&bits, &x, 4);
    put_le(h, at, bits, 4);
}

/* The NIfTI-1 header (nifti1.h field offsets), in RAS millimetres. */
static void nifti_header(unsigned char *h, const sf_dose_image *d,
                         const char *description)
{
    memset(h, 0, NIFTI_DATA_OFFSET);
    put_le(h, 0, NIFTI_HEADER_BYTES, 4);        /* sizeof_hdr */
    h[38] = 'r';                                /* regular */
    int dim[8] = {3, d->nx, d->ny, d->nz, 1, 1, 1, 1};
    for (int i = 0; i < 8; ++i)
        put_i16(h, 40 + 2 * (size_t)i, dim[i]);
    put_i16(h, 70, NIFTI_FLOAT32);              /* datatype */
    put_i16(h, 72, 32);                         /* bitpix */
    double pix[8] = {1, 10 * d->spacing_cm[0], 10 * d->spacing_cm[1],
                     10 * d->spacing_cm[2], 0, 0, 0, 0};
    for (int i = 0; i < 8; ++i)
        put_f32(h, 76 + 4 * (size_t)i, pix[i]); /* pixdim[0] is qfac */
    put_f32(h, 108, NIFTI_DATA_OFFSET);         /* vox_offset */
    put_f32(h, 112, 1);                         /* scl_slope */
    h[123] = NIFTI_UNITS_MM;                    /* xyzt_units */
    snprintf((char *)h + 148, 80, "%s", description);
    put_i16(h, 252, NIFTI_XFORM_SCANNER_ANAT);  /* qform_code */
    put_i16(h, 254, NIFTI_XFORM_SCANNER_ANAT);  /* sform_code */
    double c[3];
    centre_mm(d, c);
    /* LPS -> RAS: quaternion (b, c, d) = (0, 0, 1), x and y negated. */
    put_f32(h, 264, 1);                         /* quatern_d */
    put_f32(h, 268, -c[0]);
    put_f32(h, 272, -c[1]);
    put_f32(h, 276, c[2]);
    double srow[3][4] = {{-pix[1], 0, 0, -c[0]}, {0, -pix[2], 0, -c[1]},
                         {0, 0, pix[3], c[2]}};
    for (int r = 0; r < 3; ++r)
        for (int k = 0; k < 4; ++k)
            put_f32(h, 280 + 16 * (size_t)r + 4 * (size_t)k, srow[r][k]);
    memcpy(h + 344, "n+1", 4);                  /* magic, single file */
}

sf_status sf_image_write_nifti(const char *path, const sf_dose_image *d,
                               const float *values, const char *description)
{
    unsigned char h[NIFTI_DATA_OFFSET];
    nifti_header(h, d, description);
    FILE *f = fopen(path, "wb");
    if (!f)
        SF_FAIL(SF_ERR_IO, "%s: cannot create (%s)", path, strerror(errno));
    int bad = fwrite(h, 1, sizeof h, f) != sizeof h ||
              write_floats_le(f, values, sf_dose_image_voxels(d)) != 0;
    bad |= fclose(f) != 0;
    if (bad)
        SF_FAIL(SF_ERR_IO, "%s: write error (disk full?)", path);
    return SF_OK;
}
