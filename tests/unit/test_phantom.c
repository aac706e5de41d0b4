/* Built-in stylized phantom, look-ups, checksum and load dispatch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include "test_support.h"

#include "geometry/phantom.h"

static sf_phantom *stylized;

static int setup(void **state)
{
    (void)state;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (sf_phantom_load("builtin:stylized", &stylized) != SF_OK) {
        printf("load failed: %s\n", sf_error_message());
        return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("builtin:stylized generated in %.3f s\n",
           (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sf_phantom_destroy(&stylized);
    return 0;
}

static double mass(const char *name)
{
    int l = sf_phantom_find_region(stylized, name);
    assert_true(l > 0);
    return stylized->regions[l].mass_kg;
}

static void expect_mass(const char *name, double reference_kg, double tol)
{
    double m = mass(name);
    printf("%-16s %.3f kg (reference %.3f)\n", name, m, reference_kg);
    assert_true(m > reference_kg * (1 - tol));
    assert_true(m < reference_kg * (1 + tol));
}

static void test_stylized_masses(void **state)
{
    (void)state;
    assert_non_null(stylized);
    assert_int_equal(stylized->nx * stylized->ny * stylized->nz > 0, 1);
    assert_true(stylized->spacing_cm[0] == 0.4);
    /* ICRP 89 adult male reference masses; the report's phantom is no
     * closer than this for the simplified organs. */
    expect_mass("Liver", 1.8, 0.25);
    expect_mass("Kidneys", 0.31, 0.25);
    expect_mass("Spleen", 0.15, 0.3);
    expect_mass("Lungs", 1.2, 0.3);
    expect_mass("Heart", 0.83, 0.25);
    expect_mass("Brain", 1.45, 0.2);
    expect_mass("Thyroid", 0.02, 0.4);
    expect_mass("Stomach", 0.4, 0.3);
    expect_mass("Urinary bladder", 0.25, 0.3);
    expect_mass("Skeleton", 10.0, 0.3);
    printf("body             %.2f kg (reference 70 - 73)\n",
           stylized->body_mass_kg);
    assert_true(stylized->body_mass_kg > 60 && stylized->body_mass_kg < 82);
    int air = sf_phantom_find_region(stylized, "Outside air");
    assert_int_equal(air, 0);
    assert_int_equal(stylized->regions[0].in_body, 0);
    double sum = 0;
    for (int l = 0; l < stylized->n_labels; ++l)
        if (stylized->regions[l].in_body)
            sum += stylized->regions[l].mass_kg;
    assert_true(sum == stylized->body_mass_kg);
}

static void test_stylized_media(void **state)
{
    (void)state;
    const char *media[] = {"soft_tissue", "lung", "cortical_bone", "air"};
    for (int i = 0; i < 4; ++i)
        assert_true(sf_phantom_find_medium(stylized, media[i]) >= 0);
    assert_true(sf_phantom_find_medium(stylized, "SOFT_TISSUE") >= 0);
    assert_int_equal(sf_phantom_find_medium(stylized, "unobtainium"), -1);
    int lungs = sf_phantom_find_region(stylized, "lungs");
    assert_string_equal(
        stylized->media[stylized->regions[lungs].medium].name, "lung");
}

static void test_find_region(void **state)
{
    (void)state;
    int liver = sf_phantom_find_region(stylized, "Liver");
    assert_true(liver > 0);
    assert_int_equal(sf_phantom_find_region(stylized, "LIVER"), liver);
    assert_int_equal(sf_phantom_find_region(stylized, "liver"), liver);
    assert_int_equal(sf_phantom_find_region(stylized, "uRiNaRy BlAdDeR"),
                     sf_phantom_find_region(stylized, "Urinary bladder"));
    char id[16];
    snprintf(id, sizeof id, "%d", liver);
    assert_int_equal(sf_phantom_find_region(stylized, id), liver);
    assert_int_equal(sf_phantom_find_region(stylized, "0"), 0);
    assert_int_equal(sf_phantom_find_region(stylized, "999"), -1);
    assert_int_equal(sf_phantom_find_region(stylized, "-1"), -1);
    assert_int_equal(sf_phantom_find_region(stylized, "3x"), -1);
    assert_int_equal(sf_phantom_find_region(stylized, ""), -1);
    assert_int_equal(sf_phantom_find_region(stylized, "Livers"), -1);
    assert_int_equal(sf_phantom_find_region(NULL, "Liver"), -1);
}

static void test_deterministic_checksum(void **state)
{
    (void)state;
    sf_phantom *again = NULL;
    assert_int_equal(sf_phantom_load("builtin:stylized:0.4", &again), SF_OK);
    char a[65], b[65];
    sf_phantom_checksum(stylized, a);
    sf_phantom_checksum(again, b);
    assert_int_equal(strlen(a), 64);
    assert_string_equal(a, b);
    again->regions[1].density_g_cm3 += 0.01;
    sf_phantom_checksum(again, b);
    assert_string_not_equal(a, b);
    again->regions[1].density_g_cm3 -= 0.01;
    again->label[0] = 1;
    sf_phantom_checksum(again, b);
    assert_string_not_equal(a, b);
    sf_phantom_destroy(&again);
    assert_null(again);
}

static void test_update_masses(void **state)
{
    (void)state;
    sf_phantom *ph = NULL;
    assert_int_equal(sf_phantom_load("builtin:stylized:1", &ph), SF_OK);
    int liver = sf_phantom_find_region(ph, "Liver");
    int64_t v = ph->regions[liver].voxels;
    double body = ph->body_mass_kg;
    size_t n = (size_t)ph->nx * ph->ny * ph->nz;
    for (size_t i = 0; i < n; ++i)
        if (ph->label[i] == liver) {
            ph->label[i] = 0;
            break;
        }
    sf_phantom_update_masses(ph);
    assert_int_equal(ph->regions[liver].voxels, v - 1);
    assert_true(fabs(body - ph->body_mass_kg - 1.04e-3) < 1e-9);
    sf_phantom_destroy(&ph);
}

static void test_other_voxel_size(void **state)
{
    (void)state;
    sf_phantom *ph = NULL;
    assert_int_equal(sf_phantom_load("builtin:stylized:0.3", &ph), SF_OK);
    assert_true(ph->spacing_cm[2] == 0.3);
    int liver = sf_phantom_find_region(ph, "liver");
    assert_true(fabs(ph->regions[liver].mass_kg - mass("Liver")) < 0.05);
    assert_string_equal(ph->name, "builtin:stylized:0.3");
    sf_phantom_destroy(&ph);
}

static void expect_load_error(const char *spec, const char *needle)
{
    sf_phantom *ph = (sf_phantom *)0x1;
    sf_error_clear();
    sf_status st = sf_phantom_load(spec, &ph);
    const char *msg = sf_error_message();
    printf("%s -> %s\n", spec, msg);
    assert_int_not_equal(st, SF_OK);
    assert_null(ph);
    assert_non_null(strstr(msg, needle));
    assert_null(strchr(msg, '\n'));
}

static void test_load_errors(void **state)
{
    (void)state;
    expect_load_error("builtin:stylised", "builtin:stylized");
    expect_load_error("builtin:stylized:abc", "not a number");
    expect_load_error("builtin:stylized:0.01", "0.01");
    expect_load_error("builtin:stylized:5", "outside");
    expect_load_error("", "empty");
    expect_load_error("/nonexistent/dir", "/nonexistent/dir");
    expect_load_error("/etc/hostname", "not a directory");
    expect_load_error("/nonexistent/x.mhd", "/nonexistent/x.mhd");
    sf_phantom *ph = NULL;
    sf_phantom_destroy(&ph);
    sf_phantom_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stylized_masses),
        cmocka_unit_test(test_stylized_media),
        cmocka_unit_test(test_find_region),
        cmocka_unit_test(test_deterministic_checksum),
        cmocka_unit_test(test_update_masses),
        cmocka_unit_test(test_other_voxel_size),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
