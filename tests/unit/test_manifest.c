/* Manifest parsing, validation, echo and resolution. Error cases assert on
 * the status, the "FILE:LINE:" prefix and the field name. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_support.h"

#include "core/error.h"
#include "geometry/phantom.h"
#include "io/manifest.h"

/* The reference manifest; cases below replace one of its lines (1-based). */
static const char *const base_lines[] = {
    "name: quickstart",                          /* 1 */
    "seed: 20181214",                            /* 2 */
    "phantom: builtin:stylized",                 /* 3 */
    "regions:",                                  /* 4 */
    "  Kidneys: [89, 90, 91, 92, 93, 94]",       /* 5 */
    "sources: [Liver, Kidneys]",                 /* 6 */
    "targets: all",                              /* 7 */
    "particles: [photon, electron]",             /* 8 */
    "energies_MeV: [0.015, 0.03, 0.1, 0.3, 1.0]", /* 9 */
    "histories: 1e6",                            /* 10 */
    "dose_maps: none",                           /* 11 */
};
#define N_BASE (sizeof base_lines / sizeof base_lines[0])

/* The base manifest with line `line` replaced by `text` (NULL deletes it;
 * line N_BASE+1 appends). */
static char *variant(size_t line, const char *text)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 1; i <= N_BASE + 1; ++i) {
        const char *l = i <= N_BASE ? base_lines[i - 1] : NULL;
        if (i == line)
            l = text;
        if (l) {
            strcat(buf, l);
            strcat(buf, "\n");
        }
    }
    return buf;
}

static void expect_error(const char *text, sf_status code, const char *where,
                         const char *field, const char *what)
{
    const sf_manifest *m = NULL;
    sf_status st = sf_manifest_parse(text, "t.yaml", &m);
    const char *msg = sf_error_message();
    if (st != code || !strstr(msg, where) || !strstr(msg, field) ||
        (what && !strstr(msg, what)))
        print_error("status %d (expected %d), message: %s\nexpected '%s', "
                    "'%s', '%s'\n", st, code, msg, where, field,
                    what ? what : "");
    assert_int_equal(st, code);
    assert_null(m);
    assert_non_null(strstr(msg, where));
    assert_non_null(strstr(msg, field));
    if (what)
        assert_non_null(strstr(msg, what));
    assert_null(strchr(msg, '\n'));
}

static const sf_manifest *parse_ok(const char *text, const char *origin)
{
    const sf_manifest *m = NULL;
    sf_status st = sf_manifest_parse(text, origin, &m);
    if (st != SF_OK)
        print_error("%s\n", sf_error_message());
    assert_int_equal(st, SF_OK);
    assert_non_null(m);
    return m;
}

/* m printed by sf_manifest_fprint and parsed back. */
static const sf_manifest *reprinted(const sf_manifest *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sf_manifest_fprint(f, m);
    fclose(f);
    const sf_manifest *b = parse_ok(buf, "b.yaml");
    free(buf);
    return b;
}

static void test_valid(void **state)
{
    (void)state;
    const char *text = variant(0, NULL);
    const sf_manifest *m = parse_ok(text, "t.yaml");
    assert_string_equal(m->name, "quickstart");
    assert_int_equal(m->seed, 20181214u);
    assert_string_equal(m->phantom, "builtin:stylized");
    assert_string_equal(m->phantom_path, "builtin:stylized");
    assert_int_equal(m->n_regions, 1);
    assert_string_equal(m->regions[0].name, "Kidneys");
    assert_int_equal(m->regions[0].n_labels, 6);
    assert_int_equal(m->regions[0].labels[0], 89);
    assert_int_equal(m->regions[0].labels[5], 94);
    assert_int_equal(m->regions[0].line, 5);
    assert_int_equal(m->sources.kind, SF_LIST_ITEMS);
    assert_int_equal(m->sources.n, 2);
    assert_string_equal(m->sources.items[0], "Liver");
    assert_string_equal(m->sources.items[1], "Kidneys");
    assert_int_equal(m->sources.lines[1], 6);
    assert_int_equal(m->targets.kind, SF_LIST_ALL);
    assert_int_equal(m->dose_maps.kind, SF_LIST_NONE);
    assert_int_equal(m->n_particles, 2);
    assert_int_equal(m->particles[0], SF_PARTICLE_PHOTON);
    assert_int_equal(m->particles[1], SF_PARTICLE_ELECTRON);
    assert_int_equal(m->n_energies, 5);
    assert_true(m->energies_MeV[0] == 0.015);
    assert_true(m->energies_MeV[4] == 1.0);
    assert_string_equal(m->energy_preset, "");
    assert_false(m->use_precision);
    assert_true(m->histories[SF_PARTICLE_PHOTON] == 1000000u);
    assert_true(m->histories[SF_PARTICLE_ELECTRON] == 1000000u);
    assert_true(m->chunk_histories == 100000u);
    assert_int_equal(m->mode, SF_MODE_COUPLED);
    assert_true(m->electron_cutoff_MeV == 0.001);
    assert_int_equal(m->range_rejection, 0);
    assert_int_equal(m->spin_effects, 1);
    assert_true(m->in_place_below_MeV == SF_DEFAULT_IN_PLACE_BELOW_MEV);
    assert_true(m->delta_ray_fraction == SF_DEFAULT_DELTA_RAY_FRACTION);
    assert_true(m->step_fraction == SF_DEFAULT_ELECTRON_STEP_FRACTION);
    assert_true(m->boundary_step == SF_DEFAULT_ELECTRON_BOUNDARY_STEP);
    assert_string_equal(m->text, text);
    assert_string_equal(m->origin, "t.yaml");
    sf_manifest_destroy(&m);
    assert_null(m);
    sf_manifest_destroy(&m);
    sf_manifest_destroy(NULL);
}

static void test_options(void **state)
{
    (void)state;
    const char *text =
        "name: opts\nseed: 4294967295\nphantom: /abs/AM\n"
        "sources: all\nparticles: [positron, photon]\n"
        "energies_MeV:\n  - 1.0\n  - 0.01\n  - 20\n"
        "precision: {relative: 0.05, on: all, max_histories: 2.5e7}\n"
        "chunk_histories: 5e4\ndose_maps: all\nmode: kerma\n"
        "electron_cutoff_MeV: 0.01\n";
    const sf_manifest *m = parse_ok(text, "a/b/opts.yaml");
    assert_int_equal(m->seed, 4294967295u);
    assert_string_equal(m->phantom_path, "/abs/AM");
    assert_int_equal(m->sources.kind, SF_LIST_ALL);
    assert_int_equal(m->targets.kind, SF_LIST_ALL);
    assert_int_equal(m->dose_maps.kind, SF_LIST_ALL);
    /* canonical particle order, ascending energies */
    assert_int_equal(m->particles[0], SF_PARTICLE_PHOTON);
    assert_int_equal(m->particles[1], SF_PARTICLE_POSITRON);
    assert_true(m->energies_MeV[0] == 0.01 && m->energies_MeV[2] == 20.0);
    assert_true(m->use_precision);
    assert_true(m->precision.relative == 0.05);
    assert_int_equal(m->precision.on, SF_PRECISION_ALL);
    assert_true(m->precision.max_histories == 25000000u);
    assert_true(m->histories[SF_PARTICLE_POSITRON] == 25000000u);
    assert_true(m->chunk_histories == 50000u);
    assert_int_equal(m->mode, SF_MODE_KERMA);
    assert_true(m->electron_cutoff_MeV == 0.01);
    sf_manifest_destroy(&m);
}

static void test_relative_phantom_path(void **state)
{
    (void)state;
    const sf_manifest *m = parse_ok(variant(3, "phantom: ../data/AM"),
                                    "runs/jobs/x.yaml");
    assert_string_equal(m->phantom, "../data/AM");
    assert_string_equal(m->phantom_path, "runs/jobs/../data/AM");
    sf_manifest_destroy(&m);
    m = parse_ok(variant(3, "phantom: AM.mhd"), "x.yaml");
    assert_string_equal(m->phantom_path, "AM.mhd");
    sf_manifest_destroy(&m);
}

static void test_opendose_preset(void **state)
{
    (void)state;
    const sf_manifest *m = parse_ok(variant(9, "energies_MeV: opendose"),
                                    "t.yaml");
    assert_string_equal(m->energy_preset, "opendose");
    assert_int_equal(m->n_energies, 91);
    assert_true(m->energies_MeV[0] == 0.005);
    assert_true(m->energies_MeV[90] == 10.0);
    for (size_t i = 1; i < m->n_energies; ++i) {
        double ratio = m->energies_MeV[i] / m->energies_MeV[i - 1];
        /* log spacing: 2000^(1/90) = 1.0882 */
        assert_true(fabs(ratio - 1.08820) < 1e-4);
    }
    sf_manifest_destroy(&m);
}

static void test_particle_histories(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text, "%sparticle_histories: {electron: 2e5}\n",
             variant(0, NULL));
    const sf_manifest *m = parse_ok(text, "t.yaml");
    assert_true(m->histories[SF_PARTICLE_PHOTON] == 1000000u);
    assert_true(m->histories[SF_PARTICLE_ELECTRON] == 200000u);
    sf_manifest_destroy(&m);
    snprintf(text, sizeof text, "%sparticle_histories: {positron: 2e5}\n",
             variant(0, NULL));
    expect_error(text, SF_ERR_VALUE, "t.yaml:12:",
                 "particle_histories.positron", "not in particles");
}

static void test_bad_keys(void **state)
{
    (void)state;
    expect_error(variant(N_BASE + 1, "colour: blue"), SF_ERR_FORMAT,
                 "t.yaml:12:", "colour: unknown key", NULL);
    expect_error(variant(N_BASE + 1, "seed: 5"), SF_ERR_FORMAT, "t.yaml:12:",
                 "seed: duplicate key", "line 2");
    expect_error(variant(5, "  Kidneys: [89]\n  Kidneys: [90]"),
                 SF_ERR_FORMAT, "t.yaml:6:", "Kidneys: duplicate key", NULL);
    expect_error(variant(1, NULL), SF_ERR_FORMAT, "t.yaml:", "name: missing",
                 NULL);
    expect_error(variant(N_BASE + 1,
                         "precision: {relative: 0.1, max_histories: 1e6, "
                         "foo: 1}"),
                 SF_ERR_FORMAT, "t.yaml:12:", "precision.foo: unknown key",
                 NULL);
    expect_error(variant(10, "precision: {relative: 0.1}"), SF_ERR_FORMAT,
                 "t.yaml:10:", "precision.max_histories: missing", NULL);
}

/* precision.cross_fire: parsed, printed back, refused where it means
 * nothing. */
static void test_cross_fire_rule(void **state)
{
    (void)state;
    const sf_manifest *m = parse_ok(
        variant(10, "precision: {relative: 0.01, max_histories: 1e9, "
                    "cross_fire: 0.05, cross_fire_min_mass_kg: 0.01}"),
        "t.yaml");
    assert_true(m->precision.cross_fire == 0.05);
    assert_true(m->precision.cross_fire_min_mass_kg == 0.01);
    assert_int_equal(m->precision.on, SF_PRECISION_SELF);
    const sf_manifest *b = reprinted(m);
    assert_true(b->precision.cross_fire == 0.05);
    assert_true(b->precision.cross_fire_min_mass_kg == 0.01);
    sf_manifest_destroy(&b);
    sf_manifest_destroy(&m);
    m = parse_ok(variant(10, "precision: {relative: 0.01, max_histories: 1e9}"),
                 "t.yaml");
    assert_true(m->precision.cross_fire == 0.0);
    sf_manifest_destroy(&m);
    expect_error(variant(10, "precision: {relative: 0.01, max_histories: 1e9, "
                             "cross_fire: 5}"),
                 SF_ERR_VALUE, "t.yaml:10:", "precision.cross_fire: 5",
                 "outside (0, 1)");
    expect_error(variant(10, "precision: {relative: 0.01, on: all, "
                             "max_histories: 1e9, cross_fire: 0.05}"),
                 SF_ERR_VALUE, "t.yaml:10:", "precision.cross_fire",
                 "only with on: self");
    expect_error(variant(10, "precision: {relative: 0.01, max_histories: 1e9, "
                             "cross_fire_min_mass_kg: 0.01}"),
                 SF_ERR_VALUE, "t.yaml:10:", "cross_fire_min_mass_kg",
                 "only with precision.cross_fire");
    expect_error(variant(10, "precision: {relative: 0.01, max_histories: 1e9, "
                             "cross_fire: 0.05, cross_fire_min_mass_kg: -1}"),
                 SF_ERR_VALUE, "t.yaml:10:", "cross_fire_min_mass_kg: -1",
                 "outside [0, 1e6) kg");
    expect_error(variant(10, "precision: {relative: 0.01, max_histories: 1e9, "
                             "cross_fire: lots}"),
                 SF_ERR_VALUE, "t.yaml:10:", "precision.cross_fire", NULL);
}

static void test_bad_types(void **state)
{
    expect_error(variant(N_BASE + 1, "range_rejection: yes"), SF_ERR_VALUE,
                 "t.yaml:12:", "range_rejection", "expected true or false");
    expect_error(variant(N_BASE + 1, "mode: kerma\nrange_rejection: true"),
                 SF_ERR_VALUE, "t.yaml:13:", "range_rejection",
                 "needs mode: coupled");
    expect_error(variant(N_BASE + 1, "spin_effects: off"), SF_ERR_VALUE,
                 "t.yaml:12:", "spin_effects", "expected true or false");
    expect_error(variant(N_BASE + 1, "mode: kerma\nspin_effects: false"),
                 SF_ERR_VALUE, "t.yaml:13:", "spin_effects",
                 "needs mode: coupled");
    /* The numbers of the coupled-mode physics: a value above and below
     * the range, not a number, and kerma mode. */
    const struct {
        const char *key, *above, *range, *below, *valid;
    } coupled[] = {
        {"in_place_below_MeV", "20", "outside [0, 20) MeV", "-0.1", "0"},
        {"delta_ray_fraction", "0.2", "outside [0, 0.1]", "-0.01", "0"},
        {"step_fraction", "0.6", "outside [0.01, 0.5]", "0", "0.2"},
        {"boundary_step", "1.5", "outside [0, 1]", "-0.1", "0"}};
    for (size_t i = 0; i < sizeof coupled / sizeof coupled[0]; ++i) {
        const char *key = coupled[i].key;
        char line[128];
        snprintf(line, sizeof line, "%s: %s", key, coupled[i].above);
        expect_error(variant(N_BASE + 1, line), SF_ERR_VALUE, "t.yaml:12:",
                     key, coupled[i].range);
        snprintf(line, sizeof line, "%s: %s", key, coupled[i].below);
        expect_error(variant(N_BASE + 1, line), SF_ERR_VALUE, "t.yaml:12:",
                     key, "outside");
        snprintf(line, sizeof line, "%s: low", key);
        expect_error(variant(N_BASE + 1, line), SF_ERR_VALUE, "t.yaml:12:",
                     key, "not a number");
        snprintf(line, sizeof line, "mode: kerma\n%s: %s", key,
                 coupled[i].valid);
        expect_error(variant(N_BASE + 1, line), SF_ERR_VALUE, "t.yaml:13:",
                     key, "needs mode: coupled");
    }
    expect_error(variant(N_BASE + 1, "mode: kerma\nkerma_estimator: track"),
                 SF_ERR_VALUE, "t.yaml:13:", "kerma_estimator: 'track'",
                 "expected analogue or expected_value");
    expect_error(variant(N_BASE + 1, "kerma_estimator: expected_value"),
                 SF_ERR_VALUE, "t.yaml:12:", "kerma_estimator",
                 "needs mode: kerma");
    (void)state;
    expect_error(variant(6, "sources: {Liver: 1}"), SF_ERR_FORMAT,
                 "t.yaml:6:", "sources: expected a list", "found a mapping");
    expect_error(variant(8, "particles: photon"), SF_ERR_FORMAT, "t.yaml:8:",
                 "particles: expected a list", "found a scalar");
    expect_error(variant(10, "histories: [1, 2]"), SF_ERR_FORMAT,
                 "t.yaml:10:", "histories: expected a count", "found a list");
    expect_error(variant(9, "energies_MeV: [[0.1], 0.2]"), SF_ERR_FORMAT,
                 "t.yaml:9:", "energies_MeV[0]", "found a list");
    expect_error(variant(5, "  Kidneys: 89"), SF_ERR_FORMAT, "t.yaml:5:",
                 "regions.Kidneys", "list of labels");
    expect_error("- a\n- b\n", SF_ERR_FORMAT, "t.yaml:1:", "manifest",
                 "expected a mapping");
    expect_error("", SF_ERR_FORMAT, "t.yaml:1:", "manifest", "empty");
    expect_error(variant(6, "sources: [Liver, Kidneys"), SF_ERR_FORMAT,
                 "t.yaml:", "YAML syntax", NULL);
    expect_error("name: a\n---\nname: b\n", SF_ERR_FORMAT, "t.yaml:3:",
                 "manifest", "second YAML document");
    expect_error(variant(6, "sources: Liver"), SF_ERR_VALUE, "t.yaml:6:",
                 "sources", "[Liver]");
}

static void test_bad_counts(void **state)
{
    (void)state;
    const sf_manifest *m = parse_ok(variant(10, "histories: 1e6"), "t.yaml");
    assert_true(m->histories[SF_PARTICLE_PHOTON] == 1000000u);
    sf_manifest_destroy(&m);
    expect_error(variant(10, "histories: -5"), SF_ERR_VALUE, "t.yaml:10:",
                 "histories", "negative");
    expect_error(variant(10, "histories: 3.7"), SF_ERR_VALUE, "t.yaml:10:",
                 "histories", "whole");
    expect_error(variant(10, "histories: 0"), SF_ERR_VALUE, "t.yaml:10:",
                 "histories", "at least 1");
    expect_error(variant(10, "histories: 1e6x"), SF_ERR_VALUE, "t.yaml:10:",
                 "histories", NULL);
    expect_error(variant(10, "histories:"), SF_ERR_VALUE, "t.yaml:10:",
                 "histories", "empty");
    expect_error(variant(2, "seed: 4294967296"), SF_ERR_VALUE, "t.yaml:2:",
                 "seed", "maximum");
    expect_error(variant(2, "seed: -1"), SF_ERR_VALUE, "t.yaml:2:", "seed",
                 "negative");
    expect_error(variant(N_BASE + 1, "chunk_histories: 1.5"), SF_ERR_VALUE,
                 "t.yaml:12:", "chunk_histories", "whole");
    expect_error(variant(5, "  Kidneys: [89, 70000]"), SF_ERR_VALUE,
                 "t.yaml:5:", "regions.Kidneys[1]", "maximum");
    expect_error(variant(5, "  Kidneys: [89, 89]"), SF_ERR_VALUE, "t.yaml:5:",
                 "regions.Kidneys[1]", "twice");
    expect_error(variant(N_BASE + 1, "precision: {relative: 1.5, "
                                     "max_histories: 1e6}"),
                 SF_ERR_VALUE, "t.yaml:", "precision", NULL);
    expect_error(variant(10, "precision: {relative: 1.5, max_histories: 1e6}"),
                 SF_ERR_VALUE, "t.yaml:10:", "precision.relative", "(0, 1)");
    expect_error(variant(10, "precision: {relative: 0.01, on: some, "
                             "max_histories: 1e6}"),
                 SF_ERR_VALUE, "t.yaml:10:", "precision.on", "self or all");
    expect_error(variant(10, NULL), SF_ERR_VALUE, "t.yaml:1:", "histories",
                 "missing");
}

static void test_bad_energies(void **state)
{
    (void)state;
    expect_error(variant(9, "energies_MeV: [0.01MeV]"), SF_ERR_VALUE,
                 "t.yaml:9:", "energies_MeV[0]", "0.01MeV");
    expect_error(variant(9, "energies_MeV:\n  - 0.1\n  - -0.5"), SF_ERR_VALUE,
                 "t.yaml:11:", "energies_MeV[1]", "outside");
    expect_error(variant(9, "energies_MeV: [0.1, 25]"), SF_ERR_VALUE,
                 "t.yaml:9:", "energies_MeV[1]", "photon data range");
    expect_error(variant(9, "energies_MeV: [0.0005]"), SF_ERR_VALUE,
                 "t.yaml:9:", "energies_MeV[0]", "outside");
    expect_error(variant(9, "energies_MeV:\n  - 0.1\n  - 0.10"), SF_ERR_VALUE,
                 "t.yaml:11:", "energies_MeV", "twice");
    expect_error(variant(9, "energies_MeV: []"), SF_ERR_VALUE, "t.yaml:9:",
                 "energies_MeV", "empty list");
    expect_error(variant(9, "energies_MeV: icrp"), SF_ERR_VALUE, "t.yaml:9:",
                 "energies_MeV", "opendose");
    expect_error(variant(N_BASE + 1, "electron_cutoff_MeV: 0.0001"),
                 SF_ERR_VALUE, "t.yaml:12:", "electron_cutoff_MeV", "range");
}

static void test_bad_lists(void **state)
{
    (void)state;
    expect_error(variant(6, "sources: []"), SF_ERR_VALUE, "t.yaml:6:",
                 "sources", "empty list");
    expect_error(variant(8, "particles: []"), SF_ERR_VALUE, "t.yaml:8:",
                 "particles", "empty list");
    expect_error(variant(5, "  Kidneys: []"), SF_ERR_VALUE, "t.yaml:5:",
                 "regions.Kidneys", "empty list");
    expect_error(variant(8, "particles: [photon, neutron]"), SF_ERR_VALUE,
                 "t.yaml:8:", "particles[1]", "'neutron' is not a particle");
    expect_error(variant(8, "particles: [photon, photon]"), SF_ERR_VALUE,
                 "t.yaml:8:", "particles[1]", "twice");
    expect_error(variant(6, "sources: [Liver, liver]"), SF_ERR_VALUE,
                 "t.yaml:6:", "sources[1]", "already listed");
    expect_error(variant(6, "sources: [Liver, all]"), SF_ERR_VALUE,
                 "t.yaml:6:", "sources[1]", "stand alone");
    expect_error(variant(11, "dose_maps: [Heart]"), SF_ERR_VALUE,
                 "t.yaml:11:", "dose_maps[0]", "not one of the sources");
    expect_error(variant(1, "name: my campaign"), SF_ERR_VALUE, "t.yaml:1:",
                 "name", "letters");
    expect_error(variant(N_BASE + 1, "histories: 5"), SF_ERR_FORMAT,
                 "t.yaml:12:", "histories: duplicate key", NULL);
    expect_error(variant(N_BASE + 1, "precision: {relative: 0.1, "
                                     "max_histories: 1e6}"),
                 SF_ERR_VALUE, "t.yaml:12:", "precision", "not both");
}

/* The echo parses back to the same configuration. */
static void test_fprint_round_trip(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text, "%s", variant(9, "energies_MeV: [0.015, "
                                                 "0.1, 0.3333333333333333]"));
    strcat(text, "particle_histories: {electron: 2e5}\nrange_rejection: true\n"
                 "spin_effects: false\nin_place_below_MeV: 0\n"
                 "delta_ray_fraction: 0\nstep_fraction: 0.2\n"
                 "boundary_step: 0.1\n");
    const sf_manifest *a = parse_ok(text, "a.yaml");
    assert_true(a->delta_ray_fraction == 0.0);
    assert_true(a->step_fraction == 0.2);
    assert_true(a->boundary_step == 0.1);
    assert_int_equal(a->range_rejection, 1);
    assert_int_equal(a->spin_effects, 0);
    assert_true(a->in_place_below_MeV == 0.0);
    const sf_manifest *b = reprinted(a);
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->seed, b->seed);
    assert_string_equal(a->phantom_path, b->phantom_path);
    assert_int_equal(a->n_regions, b->n_regions);
    assert_memory_equal(a->regions[0].labels, b->regions[0].labels,
                        a->regions[0].n_labels * sizeof(uint16_t));
    assert_int_equal(a->sources.n, b->sources.n);
    assert_int_equal(a->n_energies, b->n_energies);
    for (size_t i = 0; i < a->n_energies; ++i)
        assert_true(a->energies_MeV[i] == b->energies_MeV[i]);
    for (int p = 0; p < a->n_particles; ++p)
        assert_true(a->histories[a->particles[p]] ==
                    b->histories[b->particles[p]]);
    assert_true(a->chunk_histories == b->chunk_histories);
    assert_int_equal(b->range_rejection, 1);
    assert_int_equal(b->spin_effects, 0);
    assert_true(b->in_place_below_MeV == 0.0);
    assert_true(b->delta_ray_fraction == 0.0);
    assert_true(b->step_fraction == 0.2);
    assert_true(b->boundary_step == 0.1);
    sf_manifest_destroy(&a);
    sf_manifest_destroy(&b);

    /* The kerma estimator (kerma mode) round trips too. */
    snprintf(text, sizeof text, "%s", variant(N_BASE + 1, "mode: kerma\n"
                                          "kerma_estimator: expected_value"));
    a = parse_ok(text, "a.yaml");
    assert_int_equal(a->kerma_estimator, SF_KERMA_EXPECTED_VALUE);
    b = reprinted(a);
    assert_int_equal(b->mode, SF_MODE_KERMA);
    assert_int_equal(b->kerma_estimator, SF_KERMA_EXPECTED_VALUE);
    sf_manifest_destroy(&a);
    sf_manifest_destroy(&b);

    a = parse_ok(variant(9, "energies_MeV: opendose"), "a.yaml");
    b = reprinted(a);
    assert_string_equal(b->energy_preset, "opendose");
    sf_manifest_destroy(&a);
    sf_manifest_destroy(&b);
}

static void test_load_errors(void **state)
{
    (void)state;
    const sf_manifest *m = NULL;
    assert_int_equal(sf_manifest_load("/nonexistent/x.yaml", &m), SF_ERR_IO);
    assert_non_null(strstr(sf_error_message(), "/nonexistent/x.yaml"));
    assert_null(m);
}

static const sf_manifest *load_job(const char *file)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/jobs/%s", sf_test_source_dir(), file);
    const sf_manifest *m = NULL;
    sf_status st = sf_manifest_load(path, &m);
    if (st != SF_OK)
        print_error("%s\n", sf_error_message());
    assert_int_equal(st, SF_OK);
    return m;
}

static void test_jobs(void **state)
{
    (void)state;
    const sf_manifest *m = load_job("quickstart.yaml");
    assert_string_equal(m->phantom_path, "builtin:stylized");
    assert_int_equal(m->n_particles, 2);
    assert_int_equal(m->sources.n, 3);
    /* About a minute on 2 cores at the coupled-transport speed measured on
     * the stylized phantom over the quickstart's mix of tasks (5e4
     * histories/s per core; benchmarks/HISTORY.md): a sizing check of the
     * job file, not a timing test. */
    double seconds = 0;
    for (int p = 0; p < m->n_particles; ++p)
        seconds += (double)m->sources.n * (double)m->n_energies *
                   (double)m->histories[m->particles[p]] / 5e4;
    assert_true(seconds / 2 > 15 && seconds / 2 < 90);
    sf_manifest_destroy(&m);

    const char *files[] = { "opendose-am.yaml", "opendose-af.yaml" };
    for (int i = 0; i < 2; ++i) {
        m = load_job(files[i]);
        assert_int_equal(m->sources.kind, SF_LIST_ALL);
        assert_string_equal(m->energy_preset, "opendose");
        assert_true(m->use_precision);
        /* The relative path lands on the shared data next to the repo. */
        const char *shared = sf_test_shared_data();
        if (shared) {
            char probe[8192];
            struct stat st;
            snprintf(probe, sizeof probe, "%s/%s.mhd", m->phantom_path,
                     i == 0 ? "AM" : "AF");
            assert_int_equal(stat(probe, &st), 0);
        }
        sf_manifest_destroy(&m);
    }
}

static void test_resolve(void **state)
{
    (void)state;
    sf_phantom *ph = NULL;
    if (sf_phantom_load("builtin:stylized:1.0", &ph) != SF_OK) {
        print_error("%s\n", sf_error_message());
        fail();
    }
    char text[4096];
    snprintf(text, sizeof text,
             "name: r\nseed: 1\nphantom: builtin:stylized\n"
             "regions:\n  Abdomen: [%d, %d]\n"          /* line 5 */
             "sources: [Liver, Abdomen, lungs]\n"        /* line 6 */
             "particles: [electron, photon]\n"
             "energies_MeV: [0.1, 1]\n"
             "histories: 1e3\nparticle_histories: {electron: 10}\n"
             "dose_maps: [abdomen]\n",
             sf_phantom_find_region(ph, "Liver"),
             sf_phantom_find_region(ph, "Kidneys"));
    const sf_manifest *m = parse_ok(text, "t.yaml");
    sf_task_plan *plan = NULL;
    sf_status st = sf_manifest_resolve(m, ph, &plan);
    if (st != SF_OK)
        print_error("%s\n", sf_error_message());
    assert_int_equal(st, SF_OK);
    assert_int_equal(plan->n_sources, 3);
    assert_string_equal(plan->sources[0].name, "Liver");
    assert_string_equal(plan->sources[1].name, "Abdomen");
    assert_string_equal(plan->sources[2].name, "Lungs");
    assert_int_equal(plan->sources[1].n_labels, 2);
    double liver = plan->sources[0].mass_kg;
    double kidneys = ph->regions[sf_phantom_find_region(ph, "Kidneys")].mass_kg;
    assert_true(liver > 0 && kidneys > 0);
    assert_true(plan->sources[1].mass_kg == liver + kidneys ||
                plan->sources[1].mass_kg == kidneys + liver);
    /* targets: all = every in-body region with voxels */
    size_t expected = 0;
    for (int l = 0; l < ph->n_labels; ++l)
        expected += ph->regions[l].in_body && ph->regions[l].voxels > 0 &&
                    ph->regions[l].medium >= 0;
    assert_int_equal(plan->n_targets, expected);
    /* source-major, then particle (photon first), then energy */
    assert_int_equal(plan->n_tasks, 3 * 2 * 2);
    for (size_t i = 0; i < plan->n_tasks; ++i)
        assert_int_equal(plan->tasks[i].id, i);
    const sf_task *t = plan->tasks;
    assert_int_equal(t[0].source, 0);
    assert_int_equal(t[0].particle, SF_PARTICLE_PHOTON);
    assert_true(t[0].energy_MeV == 0.1 && t[1].energy_MeV == 1.0);
    assert_true(t[0].histories == 1000);
    assert_int_equal(t[2].particle, SF_PARTICLE_ELECTRON);
    assert_true(t[2].histories == 10);
    assert_int_equal(t[4].source, 1);
    assert_false(t[0].dose_map);
    assert_true(t[4].dose_map && t[7].dose_map);
    assert_false(t[8].dose_map);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sf_manifest_plan_fprint(f, m, plan);
    fclose(f);
    assert_non_null(strstr(buf, "12 tasks"));
    assert_non_null(strstr(buf, "{id: 11, source: \"Lungs\", particle: "
                                "electron, energy_MeV: 1, histories: 10"));
    free(buf);
    sf_manifest_plan_destroy(&plan);
    assert_null(plan);
    sf_manifest_destroy(&m);

    /* Unknown region, named at its line. */
    m = parse_ok("name: r\nseed: 1\nphantom: builtin:stylized\n"
                 "sources:\n  - Liver\n  - Foo\n"
                 "particles: [photon]\nenergies_MeV: [1]\nhistories: 10\n",
                 "t.yaml");
    assert_int_equal(sf_manifest_resolve(m, ph, &plan), SF_ERR_VALUE);
    assert_null(plan);
    assert_non_null(strstr(sf_error_message(), "t.yaml:6: sources[1]: "
                                                "unknown region 'Foo' in "
                                                "phantom"));
    sf_manifest_destroy(&m);

    /* The same region twice, by name and by label. */
    snprintf(text, sizeof text,
             "name: r\nseed: 1\nphantom: builtin:stylized\n"
             "sources: [Liver, %d]\nparticles: [photon]\n"
             "energies_MeV: [1]\nhistories: 10\n",
             sf_phantom_find_region(ph, "Liver"));
    m = parse_ok(text, "t.yaml");
    assert_int_equal(sf_manifest_resolve(m, ph, &plan), SF_ERR_VALUE);
    assert_non_null(strstr(sf_error_message(), "t.yaml:4: sources[1]"));
    assert_non_null(strstr(sf_error_message(), "same region"));
    sf_manifest_destroy(&m);

    /* A union label outside the phantom. */
    m = parse_ok("name: r\nseed: 1\nphantom: builtin:stylized\n"
                 "regions: {Big: [900]}\nsources: [Big]\n"
                 "particles: [photon]\nenergies_MeV: [1]\nhistories: 10\n",
                 "t.yaml");
    assert_int_equal(sf_manifest_resolve(m, ph, &plan), SF_ERR_VALUE);
    assert_non_null(strstr(sf_error_message(), "t.yaml:4: regions.Big"));
    sf_manifest_destroy(&m);

    /* sources: all, on the whole phantom. */
    m = parse_ok("name: r\nseed: 1\nphantom: builtin:stylized\n"
                 "sources: all\nparticles: [photon]\nenergies_MeV: [1]\n"
                 "histories: 10\n", "t.yaml");
    assert_int_equal(sf_manifest_resolve(m, ph, &plan), SF_OK);
    assert_int_equal(plan->n_sources, expected);
    sf_manifest_plan_destroy(&plan);
    sf_manifest_destroy(&m);
    sf_phantom_destroy(&ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_relative_phantom_path),
        cmocka_unit_test(test_opendose_preset),
        cmocka_unit_test(test_particle_histories),
        cmocka_unit_test(test_bad_keys),
        cmocka_unit_test(test_cross_fire_rule),
        cmocka_unit_test(test_bad_types),
        cmocka_unit_test(test_bad_counts),
        cmocka_unit_test(test_bad_energies),
        cmocka_unit_test(test_bad_lists),
        cmocka_unit_test(test_fprint_round_trip),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_jobs),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
