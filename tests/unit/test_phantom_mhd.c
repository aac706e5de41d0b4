/* MetaImage label images with label tables: a good phantom in several
 * element types and byte orders, and each kind of bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#include "geometry/phantom.h"

#define N 20

static char dir[512];

static void write_text(const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The example label image: air (0) around a body (1) holding an organ (2)
 * and a dense insert (3). */
static int label_at(int i, int j, int k)
{
    double x = i - 9.5, y = j - 9.5, z = k - 9.5;
    double r2 = x * x + y * y + z * z;
    if (r2 <= 9.0)
        return 2;
    if (i >= 14 && i <= 15 && j >= 9 && j <= 10 && k >= 9 && k <= 10)
        return 3;
    return r2 <= 81.0 ? 1 : 0;
}

/* Writes `name` with n voxels of `bytes` bytes each, big-endian if msb;
 * `value` gives label_at plus `bias` (to make negative values). */
static void write_raw(const char *name, int bytes, int msb, int bias,
                      long drop_bytes)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    long total = 0, limit = (long)N * N * N * bytes - drop_bytes;
    for (int k = 0; k < N; ++k)
        for (int j = 0; j < N; ++j)
            for (int i = 0; i < N; ++i) {
                uint32_t v = (uint32_t)(label_at(i, j, k) + bias);
                for (int b = 0; b < bytes && total < limit; ++b, ++total) {
                    int shift = msb ? 8 * (bytes - 1 - b) : 8 * b;
                    fputc((int)((v >> shift) & 0xff), f);
                }
            }
    fclose(f);
}

static void write_mhd(const char *name, const char *type, int msb,
                      const char *raw, const char *extra)
{
    char text[2048];
    snprintf(text, sizeof text,
             "ObjectType = Image\r\nNDims = 3\r\nDimSize = %d %d %d\r\n"
             "ElementType = %s\r\nElementSpacing = 5 5 5\r\n"
             "ElementByteOrderMSB = %s\r\n%sElementDataFile = %s\r\n",
             N, N, N, type, msb ? "True" : "False", extra, raw);
    write_text(name, text);
}

static const char *GOOD_TABLE =
    "# example label table\n"
    "medium muscle: H 10.2 C 14.3 N 3.4 O 71.0 Na 0.1 P 0.2 S 0.3 Cl 0.1 "
    "K 0.4\n"
    "0  \"Outside air\"  air          0.001205  outside\n"
    "1  \"Soft tissue\"  soft_tissue  1.03\n"
    "2  Liver          muscle       1.06   # an organ\n"
    "3  \"Dense insert\" cortical_bone 1.92\n";

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s", sf_test_tmpdir());
    write_raw("u16.raw", 2, 0, 0, 0);
    write_mhd("u16.mhd", "MET_USHORT", 0, "u16.raw", "");
    write_text("u16.labels", GOOD_TABLE);
    return 0;
}

static sf_phantom *load_ok(const char *spec_in_dir)
{
    char spec[2048];
    snprintf(spec, sizeof spec, "%s/%s", dir, spec_in_dir);
    sf_phantom *ph = NULL;
    sf_status st = sf_phantom_load(spec, &ph);
    if (st != SF_OK)
        printf("unexpected error: %s\n", sf_error_message());
    assert_int_equal(st, SF_OK);
    return ph;
}

static void check_example(const sf_phantom *ph)
{
    assert_int_equal(ph->nx, N);
    assert_int_equal(ph->nz, N);
    assert_true(fabs(ph->spacing_cm[1] - 0.5) < 1e-12);
    int64_t count[4] = {0};
    for (int k = 0; k < N; ++k)
        for (int j = 0; j < N; ++j)
            for (int i = 0; i < N; ++i)
                ++count[label_at(i, j, k)];
    for (int l = 0; l < 4; ++l)
        assert_int_equal(ph->regions[l].voxels, count[l]);
    int liver = sf_phantom_find_region(ph, "LIVER");
    assert_int_equal(liver, 2);
    assert_true(fabs(ph->regions[2].mass_kg - count[2] * 0.125 * 1.06e-3) <
                1e-12);
    assert_int_equal(sf_phantom_find_region(ph, "soft TISSUE"), 1);
    assert_int_equal(ph->regions[0].in_body, 0);
    double body = (count[1] * 1.03 + count[2] * 1.06 + count[3] * 1.92) *
                  0.125e-3;
    assert_true(fabs(ph->body_mass_kg - body) < 1e-9);
    int muscle = sf_phantom_find_medium(ph, "Muscle");
    assert_true(muscle >= 0);
    assert_int_equal(ph->regions[2].medium, muscle);
    assert_true(sf_phantom_find_medium(ph, "cortical_bone") >= 0);
}

static void test_ushort(void **state)
{
    (void)state;
    sf_phantom *ph = load_ok("u16.mhd");
    check_example(ph);
    assert_string_equal(ph->name, "u16");
    assert_true(ph->origin_cm[0] == 0.0);
    sf_phantom_destroy(&ph);
}

static void test_other_types_and_explicit_table(void **state)
{
    (void)state;
    write_raw("u8.raw", 1, 0, 0, 0);
    write_mhd("u8.mhd", "MET_UCHAR", 0, "u8.raw", "Offset = -50 -50 10\n");
    write_raw("s16be.raw", 2, 1, 0, 0);
    write_mhd("s16be.mhd", "MET_SHORT", 1, "s16be.raw", "");
    write_raw("i32.raw", 4, 0, 0, 0);
    write_mhd("i32.mhd", "MET_INT", 0, "i32.raw",
              "TransformMatrix = 1 0 0 0 1 0 0 0 1\nCompressedData = False\n");
    write_text("shared.labels", GOOD_TABLE);
    const char *specs[] = {"u8.mhd:shared.labels", "s16be.mhd:shared.labels",
                           "i32.mhd:shared.labels"};
    for (int i = 0; i < 3; ++i) {
        sf_phantom *ph = load_ok(specs[i]);
        check_example(ph);
        if (i == 0) {
            /* Offset is the first voxel's centre, in mm. */
            assert_true(fabs(ph->origin_cm[0] - (-5.25)) < 1e-12);
            assert_true(fabs(ph->origin_cm[2] - 0.75) < 1e-12);
        }
        sf_phantom_destroy(&ph);
    }
}

/* The load fails with a one-line message containing every needle. */
static void expect_error(const char *spec_in_dir, const char *needle1,
                         const char *needle2)
{
    char spec[2048];
    snprintf(spec, sizeof spec, "%s/%s", dir, spec_in_dir);
    sf_phantom *ph = NULL;
    sf_error_clear();
    sf_status st = sf_phantom_load(spec, &ph);
    const char *msg = sf_error_message();
    printf("%s\n  -> %s\n", spec_in_dir, msg);
    assert_int_not_equal(st, SF_OK);
    assert_null(ph);
    assert_non_null(strstr(msg, needle1));
    if (needle2)
        assert_non_null(strstr(msg, needle2));
    assert_null(strchr(msg, '\n'));
}

/* A bad table next to the good image. */
static void expect_table_error(const char *table_text, const char *needle)
{
    write_text("bad.labels", table_text);
    expect_error("u16.mhd:" "bad.labels", "bad.labels", needle);
}

static void test_raw_errors(void **state)
{
    (void)state;
    write_mhd("missing.mhd", "MET_USHORT", 0, "nothere.raw", "");
    write_text("missing.labels", GOOD_TABLE);
    expect_error("missing.mhd", "nothere.raw", NULL);

    write_raw("short.raw", 2, 0, 0, 2);
    write_mhd("short.mhd", "MET_USHORT", 0, "short.raw", "");
    write_text("short.labels", GOOD_TABLE);
    expect_error("short.mhd", "short.raw: expected 16000 bytes", "found 15998");

    write_raw("neg.raw", 2, 0, -1, 0);
    write_mhd("neg.mhd", "MET_SHORT", 0, "neg.raw", "");
    write_text("neg.labels", GOOD_TABLE);
    expect_error("neg.mhd", "neg.raw", "-1");

    expect_error("u16.mhd:nolabels.labels", "nolabels.labels", NULL);
    write_mhd("notable.mhd", "MET_USHORT", 0, "u16.raw", "");
    expect_error("notable.mhd", "notable.labels", NULL);
}

static void test_header_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *needle;
    } cases[] = {
        {"\x89PNG\r\n\x1a\n\x00\x00garbage", "binary"},
        {"NDims = 3\nthis is not a header\n", ":2:"},
        {"NDims = 2\nDimSize = 20 20\n", "NDims"},
        {"NDims = 3\nDimSize = 20 20\nElementType = MET_USHORT\n", "DimSize"},
        {"NDims = 3\nDimSize = 20 20 -3\n", "DimSize"},
        {"NDims = 3\nDimSize = 20 20 20\nElementType = MET_FLOAT\n",
         "MET_FLOAT"},
        {"NDims = 3\nDimSize = 20 20 20\nElementType = MET_USHORT\n"
         "ElementSpacing = 5 0 5\n", "ElementSpacing"},
        {"NDims = 3\nDimSize = 20 20 20\nElementType = MET_USHORT\n"
         "CompressedData = True\nElementSpacing = 5 5 5\n"
         "ElementDataFile = u16.zraw\n", "CompressedData"},
        {"NDims = 3\nDimSize = 20 20 20\nElementType = MET_USHORT\n"
         "ElementSpacing = 5 5 5\n", "ElementDataFile"},
        {"NDims = 3\nDimSize = 20 20 20\nElementType = MET_USHORT\n"
         "ElementSpacing = 5 5 5\nElementDataFile = LOCAL\n", "LOCAL"},
        {"NDims = 3\nDimSize = 20 20 20\nElementType = MET_USHORT\n"
         "ElementSpacing = 5 5 5\nTransformMatrix = 0 1 0 1 0 0 0 0 1\n"
         "ElementDataFile = u16.raw\n", "TransformMatrix"},
        {"", "NDims"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; ++i) {
        char path[1024];
        snprintf(path, sizeof path, "%s/garbled.mhd", dir);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        size_t len = strlen(cases[i].text);
        if (i == 0)
            len = 18; /* includes the NUL bytes */
        fwrite(cases[i].text, 1, len, f);
        fclose(f);
        write_text("garbled.labels", GOOD_TABLE);
        expect_error("garbled.mhd", "garbled.mhd", cases[i].needle);
    }
}

static void test_table_errors(void **state)
{
    (void)state;
    /* Label 3 is in the image but not in the table. */
    expect_table_error("0 air air 0.0012 outside\n1 body soft_tissue 1.03\n"
                       "2 liver soft_tissue 1.06\n", "label 3");
    expect_table_error("medium bad: H 10 O 80\n0 a air 0.001\n1 b bad 1\n"
                       "2 c bad 1\n3 d bad 1\n", "bad.labels:1");
    expect_table_error("medium bad: H 10 Xx 90\n0 a air 0.001\n", "Xx");
    expect_table_error("0 a air 0.001\n1 b soft_tissue -1.03\n"
                       "2 c soft_tissue 1\n3 d soft_tissue 1\n", "density");
    expect_table_error("0 a air 0.001\n1 b soft_tissue 0\n", "density");
    expect_table_error("0 a air 0.001\n1 b plutonium 1\n", "plutonium");
    expect_table_error("0 a air 0.001\n0 b air 0.001\n", "twice");
    expect_table_error("0 \"a air 0.001\n", "quote");
    expect_table_error("0 a air\n", ":1:");
    expect_table_error("0 a air 0.001 inside\n", "inside");
    expect_table_error("70000 a air 0.001\n", "70000");
    expect_table_error("organ 1 liver\n", ":1:");
    expect_table_error("medium m H 100\n0 a m 1\n", "medium NAME:");
    expect_table_error("medium m: H\n0 a m 1\n", "pairs");
    expect_table_error("medium m: H 50 H 50\n0 a m 1\n", "twice");
    expect_table_error("medium m: H ten\n0 a m 1\n", "ten");
    expect_table_error("0 a air 0.001\n1 A air 0.001\n", "twice");
    expect_table_error("# nothing\n", "no label");
    expect_table_error("0 a air abc\n", "abc");
}

static void test_quoted_names_and_tabs(void **state)
{
    (void)state;
    write_text("tabs.labels",
               "medium \"red marrow\" : H 10.5 C 41.4 N 3.4 O 43.9 P 0.1 "
               "S 0.2 Cl 0.2 K 0.2 Fe 0.1\r\n"
               "0\t\"Outside air\"\tair\t0.001205\toutside\r\n"
               "1\t\"Body, soft tissue\"\tSoft-Tissue\t1.03\r\n"
               "2\t\"Red marrow\"\t\"red marrow\"\t1.03\r\n"
               "3\tInsert\tCORTICAL_BONE\t1.92\r\n");
    sf_phantom *ph = load_ok("u16.mhd:tabs.labels");
    assert_int_equal(sf_phantom_find_region(ph, "body, SOFT tissue"), 1);
    assert_int_equal(sf_phantom_find_region(ph, "red MARROW"), 2);
    assert_string_equal(ph->media[ph->regions[2].medium].name, "red marrow");
    assert_true(ph->media[ph->regions[2].medium].density_g_cm3 == 1.03);
    sf_phantom_destroy(&ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ushort),
        cmocka_unit_test(test_other_types_and_explicit_table),
        cmocka_unit_test(test_raw_errors),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_table_errors),
        cmocka_unit_test(test_quoted_names_and_tabs),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
