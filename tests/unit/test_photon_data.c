/* Photon data reader (physics/photon_data.c): checksums, format errors on
 * corrupted copies in a scratch directory, handle life cycle, loading all
 * elements, S(x) through the stored logarithms. The comparison with
 * xraylib is test_photon_data_xrl.c. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <nettle/sha2.h>

#include "test_support.h"
#include "physics/photon_data.h"


static char data_dir[4096];

static int setup(void **state)
{
    (void)state;
    snprintf(data_dir, sizeof data_dir, "%s/physics-data/photon",
             sf_test_source_dir());
    return 0;
}


/* --- checksum and format errors (no xraylib needed) --------------------- */

static void sha256_file(const char *path, char hex[65])
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536], d[SHA256_DIGEST_SIZE];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&ctx, n, buf);
    fclose(f);
    sha256_digest(&ctx, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; ++i)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void spit(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Writes dir/Z008.txt = text and an index for it (with its true SHA-256
 * unless fake_hash is given). */
static void make_set(const char *dir, const char *text, size_t len,
                     const char *fake_hash)
{
    char path[4200], hex[65], idx[512];
    snprintf(path, sizeof path, "%s/Z008.txt", dir);
    spit(path, text, len);
    sha256_file(path, hex);
    snprintf(idx, sizeof idx, "saffron-photon-index 1\n%s  Z008.txt\n",
             fake_hash ? fake_hash : hex);
    snprintf(path, sizeof path, "%s/index.txt", dir);
    spit(path, idx, strlen(idx));
}

static void expect_failure(const char *dir, sf_status code, const char *needle)
{
    sf_photon_data *pd = (sf_photon_data *)1;
    int Z = 8;
    sf_status st = sf_photon_data_load(dir, &Z, 1, &pd);
    printf("expected error: %s\n", sf_error_message());
    assert_int_equal(st, code);
    assert_null(pd);
    assert_non_null(strstr(sf_error_message(), needle));
    assert_null(strchr(sf_error_message(), '\n'));
}

static void test_checksum_and_lifecycle(void **state)
{
    (void)state;
    sf_photon_data *pd = NULL;
    int Z[] = {8, 1, 8};
    assert_int_equal(sf_photon_data_load(data_dir, Z, 3, &pd), SF_OK);
    char path[4200], hex[65];
    snprintf(path, sizeof path, "%s/index.txt", data_dir);
    sha256_file(path, hex);
    assert_string_equal(pd->checksum, hex);
    assert_true(pd->elem[8].n_energy > 0 && pd->elem[1].n_energy > 0);
    assert_true(pd->elem[26].n_energy == 0);
    assert_int_equal(sf_photon_data_require(pd, 26), SF_OK);
    assert_true(pd->elem[26].n_energy > 0);
    assert_int_not_equal(sf_photon_data_require(pd, 99), SF_OK);
    assert_int_not_equal(sf_photon_data_require(pd, 0), SF_OK);
    /* K lines normalised, K fraction within the photoelectric total */
    const sf_element_photon *fe = &pd->elem[26];
    double sum = 0;
    for (int i = 0; i < fe->n_k_lines; ++i)
        sum += fe->k_line_prob[i];
    assert_true(fe->n_k_lines >= 2 && fabs(sum - 1) < 1e-9);
    assert_true(fe->binding_MeV_K > 7.0e-3 && fe->binding_MeV_K < 7.2e-3);
    assert_true(sf_element_photo_K(fe, 7.0e-3) == 0.0);
    assert_true(sf_element_photo_K(fe, 7.2e-3) > 0.0);
    assert_true(sf_element_photo_K(fe, 0.1) < sf_element_xs(fe, SF_PROC_PHOTO, 0.1));
    assert_string_equal(sf_photon_process_name(SF_PROC_PAIR_EL), "pair_electron");
    sf_photon_data_destroy(&pd);
    assert_null(pd);
    sf_photon_data_destroy(&pd);
    sf_photon_data_destroy(NULL);

    setenv("SAFFRON_DATA", "/some/where", 1);
    assert_string_equal(sf_photon_data_default_dir(), "/some/where/photon");
    unsetenv("SAFFRON_DATA");
}

static void test_corrupt_files(void **state)
{
    (void)state;
    char src[4200], dir[4200];
    snprintf(src, sizeof src, "%s/Z008.txt", data_dir);
    snprintf(dir, sizeof dir, "%s/photon", sf_test_tmpdir());
    char cmd[8600];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    assert_int_equal(system(cmd), 0);
    size_t len;
    char *text = slurp(src, &len);

    /* an intact copy loads */
    make_set(dir, text, len, NULL);
    sf_photon_data *pd = NULL;
    int Z = 8;
    assert_int_equal(sf_photon_data_load(dir, &Z, 1, &pd), SF_OK);
    sf_photon_data_destroy(&pd);

    /* wrong version */
    char *v2 = malloc(len + 1);
    memcpy(v2, text, len + 1);
    char *ver = strstr(v2, "saffron-photon-data 1");
    assert_non_null(ver);
    ver[strlen("saffron-photon-data ")] = '2';
    make_set(dir, v2, len, NULL);
    expect_failure(dir, SF_ERR_FORMAT, "format version");
    free(v2);

    /* truncated in the middle of the cross-section table */
    make_set(dir, text, len / 3, NULL);
    expect_failure(dir, SF_ERR_FORMAT, "Z008.txt");
    /* truncated at a line end: caught as a short table */
    char *cut = text + len / 3;
    while (*cut != '\n')
        ++cut;
    make_set(dir, text, (size_t)(cut - text + 1), NULL);
    expect_failure(dir, SF_ERR_FORMAT, "truncated");

    /* a changed value not reflected in the index */
    char *mod = malloc(len + 1);
    memcpy(mod, text, len + 1);
    char *row = strstr(mod, "cross_sections");
    row = strchr(strchr(row, '\n') + 1, '\n') + 1; /* first table row */
    row[1] = row[1] == '9' ? '8' : '9';
    char path[4300], hex[65];
    snprintf(path, sizeof path, "%s/Z008.txt", dir);
    make_set(dir, text, len, NULL);
    sha256_file(path, hex);
    spit(path, mod, len);
    expect_failure(dir, SF_ERR_FORMAT, "SHA-256");

    /* a matching index but a number that does not parse */
    memcpy(mod, text, len + 1);
    row = strstr(mod, "cross_sections");
    row = strchr(strchr(row, '\n') + 1, '\n') + 1;
    row[3] = 'x';
    make_set(dir, mod, len, NULL);
    expect_failure(dir, SF_ERR_FORMAT, "Z008.txt:");
    free(mod);

    /* element missing from the index; index missing */
    make_set(dir, text, len, NULL);
    int Zfe = 26;
    pd = (sf_photon_data *)1;
    assert_int_equal(sf_photon_data_load(dir, &Zfe, 1, &pd), SF_ERR_FORMAT);
    assert_null(pd);
    assert_non_null(strstr(sf_error_message(), "no entry for Z026.txt"));
    snprintf(path, sizeof path, "%s/index.txt", dir);
    remove(path);
    expect_failure(dir, SF_ERR_IO, "index.txt");
    free(text);
}

static void test_load_speed(void **state)
{
    (void)state;
    sf_photon_data *pd = NULL;
    assert_int_equal(sf_photon_data_load(data_dir, NULL, 0, &pd), SF_OK);
    for (int Z = 1; Z <= SF_Z_MAX; ++Z) {
        const sf_element_photon *e = &pd->elem[Z];
        assert_true(e->n_energy > 0);
        /* continuity at 800 keV, where xraylib's data end */
        for (int p = 0; p < SF_PROC_PAIR_NUC; ++p) {
            double a = sf_element_xs(e, p, 0.8 * (1 - 1e-3));
            double b = sf_element_xs(e, p, 0.8 * (1 + 1e-3));
            assert_true(fabs(b / a - 1.0) < 5e-3);
        }
    }
    sf_photon_data_destroy(&pd);
}

/* S(x,Z) through the loader's stored logarithms is the plain log-log
 * interpolation to the bit (the same operations on the same values), at
 * every tabulated x, next to it, between points and beyond the table, for
 * every element. */
static void test_scatter_function_stored_logs(void **state)
{
    (void)state;
    sf_photon_data *pd = NULL;
    assert_int_equal(sf_photon_data_load(data_dir, NULL, 0, &pd), SF_OK);
    long n_checked = 0;
    for (int Z = 1; Z <= SF_Z_MAX; ++Z) {
        const sf_element_photon *e = &pd->elem[Z];
        assert_non_null(e->s_log_ratio);
        sf_element_photon plain = *e;
        plain.s_log_ratio = NULL;
        for (int i = 0; i < e->n_x; ++i) {
            double x = e->x_inv_angstrom[i];
            double next = i + 1 < e->n_x ? e->x_inv_angstrom[i + 1] : 2 * x + 1;
            const double probe[5] = {x, nextafter(x, INFINITY),
                                     nextafter(next, 0.0), x + 0.37 * (next - x),
                                     x + 0.91 * (next - x)};
            for (int k = 0; k < 5; ++k) {
                double a = sf_element_scatter_function(e, probe[k]);
                double b = sf_element_scatter_function(&plain, probe[k]);
                assert_memory_equal(&a, &b, sizeof a);
                ++n_checked;
            }
        }
    }
    assert_true(n_checked > 10000);
    sf_photon_data_destroy(&pd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checksum_and_lifecycle),
        cmocka_unit_test(test_corrupt_files),
        cmocka_unit_test(test_load_speed),
        cmocka_unit_test(test_scatter_function_stored_logs),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
