/* ICRP 110 reader: the reference masses of AM and AF (skipped when
 * ../shared is absent) and the parsing of small hand-made tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "test_support.h"

#include "geometry/phantom.h"

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

static sf_phantom *load_shared(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", sf_test_require_shared_data(), name);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sf_phantom *ph = NULL;
    sf_status st = sf_phantom_load(path, &ph);
    if (st != SF_OK)
        printf("%s: %s\n", path, sf_error_message());
    assert_int_equal(st, SF_OK);
    printf("%s loaded in %.3f s: liver %.4f kg, body %.3f kg\n", name,
           seconds_since(&t0), ph->regions[95].mass_kg, ph->body_mass_kg);
    return ph;
}

static void assert_rel(double value, double expected, double rel)
{
    assert_true(fabs(value - expected) <= rel * expected);
}

static void test_am(void **state)
{
    (void)state;
    sf_phantom *ph = load_shared("AM");
    assert_int_equal(ph->nx, 254);
    assert_int_equal(ph->ny, 127);
    assert_int_equal(ph->nz, 222);
    assert_true(fabs(ph->spacing_cm[0] - 0.2137) < 1e-12);
    assert_true(fabs(ph->spacing_cm[2] - 0.8) < 1e-12);
    assert_string_equal(ph->name, "AM");
    int liver = sf_phantom_find_region(ph, "liver");
    assert_int_equal(liver, 95);
    assert_int_equal(ph->regions[95].voxels, 46917);
    assert_rel(ph->regions[95].mass_kg, 1.800, 0.002);
    assert_rel(ph->body_mass_kg, 73.0, 0.005);
    /* The body mass is the sum over IDs 1..141. */
    double sum = 0;
    for (int l = 1; l <= 141; ++l)
        sum += ph->regions[l].mass_kg;
    assert_true(fabs(sum - ph->body_mass_kg) < 1e-9);

    assert_string_equal(ph->regions[0].name, "Outside air");
    assert_int_equal(ph->regions[0].in_body, 0);
    assert_true(ph->regions[0].density_g_cm3 == 0.001205);
    assert_string_equal(ph->media[ph->regions[0].medium].name, "Air");
    assert_int_equal(ph->regions[140].in_body, 1);
    assert_true(ph->regions[140].density_g_cm3 == 0.001);
    assert_string_equal(ph->regions[141].name, "Skin (end slices)");
    int skin = sf_phantom_find_region(ph, "Skin, head");
    assert_true(skin > 0);
    assert_int_equal(ph->regions[141].medium, ph->regions[skin].medium);
    assert_true(ph->regions[141].density_g_cm3 ==
                ph->regions[skin].density_g_cm3);
    assert_true(ph->regions[141].voxels > 0);
    assert_int_equal(sf_phantom_find_region(ph, "SKIN (END SLICES)"), 141);
    assert_int_equal(sf_phantom_find_region(ph, "141"), 141);

    /* Media from AM_media.dat, compositions renormalised. */
    int m = ph->regions[95].medium;
    assert_string_equal(ph->media[m].name, "Liver");
    double f = 0;
    for (int e = 0; e < ph->media[m].n_elements; ++e)
        f += ph->media[m].mass_fraction[e];
    assert_true(fabs(f - 1) < 1e-12);
    assert_true(sf_phantom_find_medium(ph, "mineral BONE") >= 0);
    char sum1[65];
    sf_phantom_checksum(ph, sum1);
    printf("AM sha256 %s\n", sum1);
    sf_phantom_destroy(&ph);
}

static void test_af(void **state)
{
    (void)state;
    sf_phantom *ph = load_shared("AF/");
    assert_string_equal(ph->name, "AF");
    assert_int_equal(ph->nx * ph->ny * ph->nz, 14255124);
    assert_rel(ph->regions[95].mass_kg, 1.400, 0.002);
    assert_rel(ph->body_mass_kg, 60.0, 0.005);
    sf_phantom_destroy(&ph);
}

/* A 2 x 2 x 2 phantom in the ICRP layout, written to a scratch dir. */
static const char *fake_dir(const char *organs, const char *media,
                            int raw_bytes)
{
    static char dir[1024];
    snprintf(dir, sizeof dir, "%s/XY", sf_test_tmpdir());
    mkdir(dir, 0755);
    char path[1200];
    FILE *f;
    snprintf(path, sizeof path, "%s/XY.mhd", dir);
    f = fopen(path, "w");
    fprintf(f, "NDims = 3\nDimSize = 2 2 2\nElementType = MET_USHORT\n"
               "ElementSpacing = 10 10 10\nElementByteOrderMSB = False\n"
               "ElementDataFile = XY.raw\n");
    fclose(f);
    snprintf(path, sizeof path, "%s/XY.raw", dir);
    f = fopen(path, "wb");
    const uint8_t raw[16] = {0, 0, 1, 0, 1, 0, 2, 0, 2, 0, 2, 0, 140, 0,
                             141, 0};
    fwrite(raw, 1, (size_t)raw_bytes, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/XY_organs.dat", dir);
    f = fopen(path, "wb");
    fputs(organs, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/XY_media.dat", dir);
    f = fopen(path, "wb");
    fputs(media, f);
    fclose(f);
    return dir;
}

static const char *ORGANS =
    "Organs\t\t\r\n\r\nOrgan Organ   Tissue Density\r\nID      number\r\n"
    "1     Liver, caf\xe9          2    1.050\r\n"
    "2     Skin, trunk           1    1.090\r\n"
    "140   Air inside body       3    0.001\r\n";
static const char *MEDIA =
    "           1     6     7     8\r\n"
    "  Tissues:      H     C     N     O\r\n"
    "No.      (% by mass)\t\t\r\n"
    "1     Skin     10.0  20.0   4.0  66.0\r\n"
    "2     Liver    10.0  14.0   3.0  73.0\r\n"
    "3     Air       0.0   0.0  80.0  20.0\t\t\r\n";

static void test_fake_layout(void **state)
{
    (void)state;
    sf_phantom *ph = NULL;
    sf_status st = sf_phantom_load(fake_dir(ORGANS, MEDIA, 16), &ph);
    if (st != SF_OK)
        printf("%s\n", sf_error_message());
    assert_int_equal(st, SF_OK);
    assert_true(ph->spacing_cm[0] == 1.0);
    /* Latin-1 in the tables becomes UTF-8. */
    assert_string_equal(ph->regions[1].name, "Liver, caf\xc3\xa9");
    assert_int_equal(ph->regions[1].voxels, 2);
    assert_true(fabs(ph->regions[1].mass_kg - 2 * 1.05e-3) < 1e-15);
    assert_int_equal(ph->regions[141].voxels, 1);
    assert_true(ph->regions[141].density_g_cm3 == 1.09);
    assert_int_equal(ph->n_media, 3);
    assert_string_equal(ph->media[ph->regions[0].medium].name, "Air");
    double body = (2 * 1.05 + 3 * 1.09 + 1 * 0.001 + 1 * 1.09) * 1e-3;
    assert_true(fabs(ph->body_mass_kg - body) < 1e-12);
    sf_phantom_destroy(&ph);
}

static void expect_fake_error(const char *organs, const char *media,
                              int raw_bytes, const char *needle)
{
    sf_phantom *ph = NULL;
    sf_error_clear();
    sf_status st = sf_phantom_load(fake_dir(organs, media, raw_bytes), &ph);
    const char *msg = sf_error_message();
    printf("-> %s\n", msg);
    assert_int_not_equal(st, SF_OK);
    assert_null(ph);
    assert_non_null(strstr(msg, needle));
    assert_null(strchr(msg, '\n'));
}

static void test_fake_errors(void **state)
{
    (void)state;
    expect_fake_error(ORGANS, MEDIA, 14, "expected 16 bytes");
    expect_fake_error("1 Liver 9 1.05\r\n", MEDIA, 16, "XY_organs.dat:1");
    expect_fake_error("1 Liver 2 -1.05\r\n", MEDIA, 16, "XY_organs.dat:1");
    expect_fake_error("1 Liver 2 1.05\r\n1 Liver 2 1.05\r\n", MEDIA, 16,
                      "twice");
    expect_fake_error("1 Liver 2 1.05\r\n", MEDIA, 16, "label 2");
    expect_fake_error("1 Liver two 1.05\r\n", MEDIA, 16, "two");
    expect_fake_error(ORGANS, "1 Skin 10 20 4 66\r\n", 16,
                      "XY_media.dat");
    expect_fake_error(ORGANS,
                      "  H C N O\r\n1 Skin 10 20 4 60\r\n"
                      "2 Liver 10 14 3 73\r\n3 Air 0 0 80 20\r\n",
                      16, "XY_media.dat:2");
    expect_fake_error(ORGANS, "  H C N O\r\n1 Skin 10 20 4\r\n", 16,
                      "XY_media.dat:2");
    expect_fake_error(ORGANS, "  1 6 7 8\r\n  H C N Na\r\n", 16, ":2:");
    expect_fake_error(ORGANS, "  H C N O\r\n1 Skin 10 x 4 66\r\n", 16, "'x'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fake_layout),
        cmocka_unit_test(test_fake_errors),
        cmocka_unit_test(test_am),
        cmocka_unit_test(test_af),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
