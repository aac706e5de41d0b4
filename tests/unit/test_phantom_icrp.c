/* ICRP 110 reader: the reference masses of AM and AF (skipped when
 * ../shared is absent), their blood-inclusive and skeletal tissue masses
 * against ICRP 89 / ICRP 133 (docs/skeleton.md, docs/exports.md), and the
 * parsing of small hand-made tables. */
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
#include "geometry/skeleton.h"

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

/* Mass (kg) of a skeletal region, and of labels with their blood. */
static double skeletal_mass(const sf_phantom *ph, sf_skeletal_region r)
{
    double m = 0;
    for (int l = 0; l < ph->n_labels; ++l)
        m += sf_skeletal_weight(ph, l, r) * ph->regions[l].mass_kg;
    return m;
}

static double blood_mass(const sf_phantom *ph, const int *labels, int n)
{
    double m = 0;
    for (int i = 0; i < n; ++i)
        m += ph->regions[labels[i]].mass_kg *
             (1 + ph->regions[labels[i]].blood_fraction);
    return m;
}

static void check_mass(const char *what, double value, double reference,
                       double rel, const char *source)
{
    printf("%-22s %.4f kg, reference %.4f kg (%+.2f %%; %s)\n", what, value,
           reference, 100 * (value / reference - 1), source);
    assert_rel(value, reference, rel);
}

/* The tissue tables: blood-inclusive masses against the ICRP 133 target
 * masses (1 / SAF(E -> 0) of its self-irradiation records, to 0.1 %), and
 * the skeletal tissues against ICRP 89 (red marrow, AM 1.170 kg, AF 0.900
 * kg, to 1 %) and ICRP 133 (the marrow and bone sources, to 1 %; the
 * endosteum, 0.58 and 0.43 kg, to 1 %). */
static void test_tissue_masses(void **state)
{
    (void)state;
    static const int kidneys[6] = {89, 90, 91, 92, 93, 94};
    static const int liver = 95, spleen = 127, pancreas = 113, brain = 61;
    sf_phantom *am = load_shared("AM");
    assert_true(sf_phantom_has_spongiosa(am));
    check_mass("AM liver with blood", blood_mass(am, &liver, 1), 2.360, 0.001, "ICRP 133");
    check_mass("AM spleen with blood", blood_mass(am, &spleen, 1), 0.2284, 0.001, "ICRP 133");
    check_mass("AM kidneys with blood", blood_mass(am, kidneys, 6), 0.4221, 0.001, "ICRP 133");
    check_mass("AM pancreas with blood", blood_mass(am, &pancreas, 1), 0.1736, 0.001, "ICRP 133");
    check_mass("AM brain with blood", blood_mass(am, &brain, 1), 1.517, 0.001, "ICRP 133");
    check_mass("AM red marrow", skeletal_mass(am, SF_SKEL_R_MARROW), 1.170, 0.01, "ICRP 89");
    check_mass("AM yellow marrow", skeletal_mass(am, SF_SKEL_Y_MARROW), 2.480, 0.01, "ICRP 133 Y-marrow");
    check_mass("AM trabecular marrow", skeletal_mass(am, SF_SKEL_T_MARROW), 3.371, 0.01, "ICRP 133 T-marrow");
    check_mass("AM medullary marrow", skeletal_mass(am, SF_SKEL_C_MARROW), 0.279, 0.01, "ICRP 133 C-marrow");
    check_mass("AM cortical bone", skeletal_mass(am, SF_SKEL_C_BONE_V), 4.400, 0.01, "ICRP 133 C-bone-V");
    check_mass("AM endosteum", skeletal_mass(am, SF_SKEL_ENDOST), 0.58, 0.01, "ICRP 133");
    /* Not asserted: the spongiosa tables' bone column is everything but
     * marrow (mineral bone, cartilage, other tissue), 2.25 kg in the AM
     * against ICRP 89's 1.10 kg of trabecular bone (docs/skeleton.md). */
    printf("AM trabecular bone column: %.4f kg (ICRP 133 T-bone-V 1.100 kg)\n",
           skeletal_mass(am, SF_SKEL_T_BONE_V));
    sf_phantom_destroy(&am);
    sf_phantom *af = load_shared("AF");
    check_mass("AF red marrow", skeletal_mass(af, SF_SKEL_R_MARROW), 0.900, 0.01, "ICRP 89");
    check_mass("AF yellow marrow", skeletal_mass(af, SF_SKEL_Y_MARROW), 1.800, 0.01, "ICRP 133 Y-marrow");
    check_mass("AF endosteum", skeletal_mass(af, SF_SKEL_ENDOST), 0.43, 0.01, "ICRP 133");
    sf_phantom_destroy(&af);
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

static void write_table(const char *name, const char *text)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/XY/%s", sf_test_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_table(const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/XY/%s", sf_test_tmpdir(), name);
    remove(path);
}

/* Blood and spongiosa tables beside the media file: read when present,
 * given to regions through their medium; errors name the file and line. */
static void test_fake_tissue_tables(void **state)
{
    (void)state;
    fake_dir(ORGANS, MEDIA, 16);
    write_table("XY_blood.dat", "Med  Density\r\n  1  0.010\r\n  2  0.311\r\n"
                                "  3  0.000\r\n\r\n");
    write_table("XY_spongiosa.dat", "Med   RBM    YBM   Bone\r\n"
                                    "  2  0.300  0.200  0.500\r\n");
    sf_phantom *ph = NULL;
    sf_status st = sf_phantom_load(fake_dir(ORGANS, MEDIA, 16), &ph);
    if (st != SF_OK)
        printf("%s\n", sf_error_message());
    assert_int_equal(st, SF_OK);
    assert_true(ph->regions[1].blood_fraction == 0.311);
    assert_true(ph->regions[2].blood_fraction == 0.010);
    assert_true(ph->regions[141].blood_fraction == 0.010); /* skin's medium */
    assert_true(ph->regions[1].spongiosa[SF_SPONGIOSA_RBM] == 0.3);
    assert_true(isnan(ph->regions[2].spongiosa[SF_SPONGIOSA_RBM]));
    assert_true(sf_skeletal_weight(ph, 1, SF_SKEL_R_MARROW) == 0.3);
    assert_true(fabs(sf_skeletal_weight(ph, 1, SF_SKEL_ENDOST) -
                     SF_ENDOSTEUM_MARROW_SHARE * 0.5) < 1e-15);
    sf_phantom_destroy(&ph);
    write_table("XY_spongiosa.dat", "Med RBM YBM Bone\r\n2 0.3 0.2 0.4\r\n");
    expect_fake_error(ORGANS, MEDIA, 16, "XY_spongiosa.dat:2: medium 2: the "
                      "RBM YBM Bone fractions add up to 0.9000");
    write_table("XY_spongiosa.dat", "Med RBM YBM Bone\r\n7 0.3 0.2 0.5\r\n");
    expect_fake_error(ORGANS, MEDIA, 16, "XY_spongiosa.dat:2: medium 7 is not "
                      "in the media table");
    write_table("XY_spongiosa.dat", "Med RBM YBM Bone\r\n2 0.3 0.2\r\n");
    expect_fake_error(ORGANS, MEDIA, 16, "2 values, expected 3");
    remove_table("XY_spongiosa.dat");
    write_table("XY_blood.dat", "Med Density\r\n2 0.1\r\n2 0.2\r\n");
    expect_fake_error(ORGANS, MEDIA, 16, "XY_blood.dat:3: medium 2 is listed twice");
    write_table("XY_blood.dat", "Med Density\r\n2 -0.1\r\n");
    expect_fake_error(ORGANS, MEDIA, 16, "outside [0, 10]");
    remove_table("XY_blood.dat");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fake_layout),
        cmocka_unit_test(test_fake_errors),
        cmocka_unit_test(test_fake_tissue_tables),
        cmocka_unit_test(test_tissue_masses),
        cmocka_unit_test(test_am),
        cmocka_unit_test(test_af),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
