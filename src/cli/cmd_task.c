/* saffron task: one source/particle/energy task from the command line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/spectrum_arg.h"
#include "cli/json.h"
#include "core/clock.h"
#include "core/name_list.h"
#include "core/parse.h"
#include "core/text_width.h"
#include "io/dose_map_h5.h"
#include "geometry/phantom.h"
#include "transport/task_run.h"

#define TASK_MAX_SOURCES 64

typedef struct task_args {
    const char *phantom, *source, *particle, *energy, *spectrum, *histories,
        *dose_map, *seed,
        *threads, *mode, *task_id, *photon_cutoff, *electron_cutoff, *spin,
        *kerma_estimator, *in_place_below, *delta_ray_cut,
        *delta_ray_fraction, *delta_ray_max, *step_fraction, *boundary_step;
    int json, range_rejection;
    /* --source, repeatable; source is their display, joined by " + ". */
    const char *sources[TASK_MAX_SOURCES];
    int n_sources;
    char source_text[1024];
} task_args;

static void task_help(void)
{
    printf(
        "usage: saffron task --phantom P --source NAME_OR_ID[,...] "
        "--particle photon|electron|positron\n"
        "                    (--energy E_MeV | --spectrum E1:Y1,...) "
        "--histories N [--seed S] "
        "[--threads T]\n"
        "                    [--mode kerma|coupled] [--task-id K] "
        "[--photon-cutoff E_MeV]\n"
        "                    [--electron-cutoff E_MeV] [--range-rejection] "
        "[--spin on|off]\n"
        "                    [--kerma-estimator analogue|expected] "
        "[--in-place-below E_MeV]\n"
        "                    [--delta-ray-cut E_MeV] [--delta-ray-fraction F]\n"
        "                    [--delta-ray-max E_MeV] [--step-fraction F] "
        "[--boundary-step B]\n"
        "                    [--dose-map OUT.h5] [--json]\n\n"
        "Runs one task: N histories emitted uniformly per unit mass in the "
        "source region\n(a region name, case-insensitive, or label id; "
        "several joined by commas or\ngiven in repeated --source options; "
        "a name may hold commas: \"Adrenal, left\"),\nand prints per target region the "
        "absorbed fraction AF, the specific absorbed\nfraction SAF = AF / "
        "target mass (kg^-1) and its relative 1-sigma uncertainty,\n"
        "with the energy balance and histories/s. Random streams are keyed "
        "by (seed,\ntask id, history): results are identical for any "
        "--threads.\n"
        "--mode kerma deposits the kinetic energy of every charged "
        "particle where it is\nset in motion (an approximation); --mode "
        "coupled transports electrons and\npositrons (condensed history, "
        "docs/electron-transport.md) down to\n--electron-cutoff (default "
        "0.001 MeV).\n"
        "--range-rejection deposits at once the energy of an electron whose "
        "residual\npath cannot leave its voxel: much faster, exact for "
        "region tallies except\nfor the bremsstrahlung such electrons would "
        "still emit (fine for photon\nsources; it loses part of the "
        "bremsstrahlung cross-fire of electron sources).\n"
        "--in-place-below E_MeV (default 1; 0: off): electrons below it "
        "whose residual\npath cannot leave their region have their energy "
        "losses and hard events\n(delta rays, bremsstrahlung photons) "
        "sampled but not their path; exact for\nregion tallies but for where "
        "along the track their photons start.\n"
        "--spin off drops the Mott (spin) factor of the elastic cross "
        "section, for\ncomparisons with codes run with spin effects off "
        "(default: on).\n"
        "--kerma-estimator expected (kerma mode) scores at every tentative "
        "photon\ncollision the kerma expected there instead of the energy "
        "of the real\ncollisions: unbiased, and it scores regions photons "
        "only cross (small or\ndistant targets; "
        "docs/variance-reduction.md). Default: analogue.\n"
        "--delta-ray-cut: the Moller/Bhabha production threshold (coupled "
        "mode; default\n0.01 MeV), for studies: raising it changes results "
        "through the step sizes\n(benchmarks/HISTORY.md, 2026-12-07).\n"
        "--delta-ray-fraction F (0 to 0.1; default 0.05): the threshold grows "
        "with the\nprojectile's energy T as max(cut, min(F T, cap)): fewer "
        "hard events end the\nsteps of fast electrons (the manifest's "
        "delta_ray_fraction, docs/manifest.md).\n"
        "--delta-ray-max MeV: the largest value of F T (default: the energy "
        "whose CSDA\nrange in water is 0.1 of the smallest voxel side; 0: "
        "no cap), for studies.\n"
        "--step-fraction F (0 < F <= 0.5; default 0.25): the largest fraction "
        "of its energy\nan electron loses in one condensed step (EGSnrc's "
        "ESTEPE); --boundary-step B\n(0 to 1; default 0.2): near another "
        "label a step is cut to the distance to\nit, but not below B times "
        "the energy-loss step (0: no such limit). Both for\nstudies "
        "(docs/electron-transport.md, \"Step sizes\").\n");
}

static int parse_args(int argc, char **argv, task_args *a)
{
    memset(a, 0, sizeof *a);
    a->seed = "1";
    a->threads = "1";
    a->mode = "coupled";
    a->task_id = "0";
    a->particle = "photon";
    a->spin = "on";
    a->kerma_estimator = "analogue";
    struct { const char *flag; const char **dst; } opts[] = {
        {"--phantom", &a->phantom},
        {"--particle", &a->particle},   {"--energy", &a->energy},
        {"--spectrum", &a->spectrum},   {"--dose-map", &a->dose_map},
        {"--histories", &a->histories}, {"--seed", &a->seed},
        {"--threads", &a->threads},     {"--mode", &a->mode},
        {"--task-id", &a->task_id},     {"--photon-cutoff", &a->photon_cutoff},
        {"--electron-cutoff", &a->electron_cutoff}, {"--spin", &a->spin},
        {"--kerma-estimator", &a->kerma_estimator},
        {"--in-place-below", &a->in_place_below},
        {"--delta-ray-cut", &a->delta_ray_cut},
        {"--delta-ray-fraction", &a->delta_ray_fraction},
        {"--delta-ray-max", &a->delta_ray_max},
        {"--step-fraction", &a->step_fraction},
        {"--boundary-step", &a->boundary_step}};
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            task_help();
            return 0;
        }
        if (!strcmp(argv[i], "--json")) {
            a->json = 1;
            continue;
        }
        if (!strcmp(argv[i], "--range-rejection")) {
            a->range_rejection = 1;
            continue;
        }
        if (!strcmp(argv[i], "--source")) {
            if (i + 1 >= argc || a->n_sources == TASK_MAX_SOURCES)
                return sf_cli_usage("task", "--source needs a region (at most "
                                    "%d --source options)", TASK_MAX_SOURCES);
            a->sources[a->n_sources++] = argv[++i];
            size_t len = strlen(a->source_text);
            snprintf(a->source_text + len, sizeof a->source_text - len, "%s%s",
                     len ? " + " : "", argv[i]);
            a->source = a->source_text;
            continue;
        }
        size_t k = 0;
        for (; k < sizeof opts / sizeof opts[0]; ++k)
            if (!strcmp(argv[i], opts[k].flag))
                break;
        if (k == sizeof opts / sizeof opts[0] || i + 1 >= argc)
            return sf_cli_usage("task", "unexpected or incomplete argument "
                                "'%s'", argv[i]);
        *opts[k].dst = argv[++i];
    }
    if (!a->energy == !a->spectrum)
        return sf_cli_usage("task", "give one of --energy E_MeV and "
                            "--spectrum E1:Y1,E2:Y2,...");
    if (!a->phantom || !a->source || !a->histories)
        return sf_cli_usage("task", "--phantom, --source, --energy and "
                            "--histories are required");
    return -1;
}

static int phantom_has(const char *name, const void *ctx)
{
    const sf_phantom *ph = ctx;
    int l = sf_phantom_find_region(ph, name);
    return l >= 0 && ph->regions[l].voxels > 0;
}

/* The labels of the --source arguments: each a region name (which may
 * hold commas: "Kidney, left, cortex") or label, or several joined by
 * commas ("Liver,Spleen", "Kidneys,89,90"); core/name_list.h. */
static sf_status resolve_labels(const sf_phantom *ph, const task_args *a,
                                uint16_t **labels, int *n)
{
    enum { MAX = 256 };
    char (*names)[SF_NAME_LIST_ITEM_MAX] = malloc(MAX * sizeof *names);
    *labels = malloc(MAX * sizeof **labels);
    *n = 0;
    sf_status st = names && *labels ? SF_OK
                 : sf_error_set(SF_ERR_NOMEM, "out of memory");
    for (int i = 0; st == SF_OK && i < a->n_sources; ++i) {
        size_t k = 0;
        st = sf_name_list_read(a->sources[i], "--source", phantom_has, ph,
                               names, MAX - (size_t)*n, &k);
        for (size_t j = 0; st == SF_OK && j < k; ++j) {
            int l = sf_phantom_find_region(ph, names[j]);
            if (l < 0 || ph->regions[l].voxels <= 0)
                st = sf_error_set(SF_ERR_VALUE, "--source: phantom '%s' has no "
                                  "region '%s' with voxels (see 'saffron "
                                  "phantom info')", ph->name, names[j]);
            else
                (*labels)[(*n)++] = (uint16_t)l;
        }
    }
    free(names);
    if (st == SF_OK && *n == 0)
        st = sf_error_set(SF_ERR_VALUE, "--source: no region given");
    return st;
}

typedef struct task_setup {
    sf_world_options opt;
    int particle;
    double energy_MeV;
    uint64_t histories;
    sf_stream_id id;
    int threads;
} task_setup;

static sf_status parse_setup(const task_args *a, task_setup *t)
{
    sf_world_options_default(&t->opt);
    t->particle = sf_particle_from_name(a->particle);
    if (t->particle < 0)
        SF_FAIL(SF_ERR_VALUE, "--particle: '%s' is not photon, electron or "
                "positron", a->particle);
    if (!strcmp(a->mode, "kerma"))
        t->opt.mode = SF_MODE_KERMA;
    else if (!strcmp(a->mode, "coupled"))
        t->opt.mode = SF_MODE_COUPLED;
    else
        SF_FAIL(SF_ERR_VALUE, "--mode: '%s' is not kerma or coupled", a->mode);
    if (a->energy)
        SF_TRY(sf_parse_double(a->energy, "--energy", &t->energy_MeV));
    SF_TRY(sf_parse_count(a->histories, "--histories", UINT64_C(1) << 50,
                          &t->histories));
    if (t->histories == 0)
        SF_FAIL(SF_ERR_VALUE, "--histories: expected at least 1");
    long v;
    SF_TRY(sf_parse_int(a->seed, "--seed", 0, 4294967295L, &v));
    t->id.campaign_seed = (uint32_t)v;
    SF_TRY(sf_parse_int(a->task_id, "--task-id", 0, 4294967295L, &v));
    t->id.task_id = (uint32_t)v;
    SF_TRY(sf_parse_int(a->threads, "--threads", 1, 1024, &v));
    t->threads = (int)v;
    t->opt.electron_range_rejection = a->range_rejection;
    /* The numbers of the world options, each given or left at its default. */
    const struct {
        const char *text, *flag;
        double *dst;
    } numbers[] = {
        {a->photon_cutoff, "--photon-cutoff", &t->opt.photon_cutoff_MeV},
        {a->electron_cutoff, "--electron-cutoff", &t->opt.electron_cutoff_MeV},
        {a->in_place_below, "--in-place-below",
         &t->opt.electron_in_place_below_MeV},
        {a->delta_ray_cut, "--delta-ray-cut", &t->opt.delta_ray_cut_MeV},
        {a->delta_ray_fraction, "--delta-ray-fraction",
         &t->opt.delta_ray_fraction},
        {a->delta_ray_max, "--delta-ray-max", &t->opt.delta_ray_max_MeV},
        {a->step_fraction, "--step-fraction", &t->opt.electron_step_fraction},
        {a->boundary_step, "--boundary-step", &t->opt.electron_boundary_step}};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; ++i)
        if (numbers[i].text)
            SF_TRY(sf_parse_double(numbers[i].text, numbers[i].flag,
                                   numbers[i].dst));
    if (!strcmp(a->spin, "on"))
        t->opt.electron_elastic = SF_ELASTIC_MOTT;
    else if (!strcmp(a->spin, "off"))
        t->opt.electron_elastic = SF_ELASTIC_RUTHERFORD;
    else
        SF_FAIL(SF_ERR_VALUE, "--spin: '%s' is not on or off", a->spin);
    if (!strcmp(a->kerma_estimator, "analogue"))
        t->opt.kerma_estimator = SF_KERMA_ANALOGUE;
    else if (!strcmp(a->kerma_estimator, "expected"))
        t->opt.kerma_estimator = SF_KERMA_EXPECTED_VALUE;
    else
        SF_FAIL(SF_ERR_VALUE, "--kerma-estimator: '%s' is not analogue or "
                "expected", a->kerma_estimator);
    if (t->opt.kerma_estimator != SF_KERMA_ANALOGUE &&
        t->opt.mode != SF_MODE_KERMA)
        SF_FAIL(SF_ERR_VALUE, "--kerma-estimator expected needs --mode "
                "kerma (coupled mode transports the electrons)");
    return SF_OK;
}

static void print_results(const task_args *a, const task_setup *t,
                          const sf_target_map *map, const sf_tally *tally,
                          double seconds)
{
    double N = (double)tally->histories;
    double emitted = sf_tally_energy_MeV(tally, SF_ENERGY_EMITTED);
    double E0 = emitted / N; /* mean emitted energy per history */
    double dep = sf_tally_energy_MeV(tally, SF_ENERGY_DEPOSITED);
    double cut = sf_tally_energy_MeV(tally, SF_ENERGY_CUTOFF);
    double esc = sf_tally_energy_MeV(tally, SF_ENERGY_ESCAPED);
    double ann = sf_tally_energy_MeV(tally, SF_ENERGY_ANNIHILATION);
    double pm = sf_tally_energy_MeV(tally, SF_ENERGY_PAIR_MASS);
    double balance = sf_tally_balance_error(tally);
    FILE *o = stdout;
    if (a->json) {
        fprintf(o, "{\"targets\": [");
        for (int i = 0; i < map->n_targets; ++i) {
            double mean, rel;
            sf_tally_target_mean(tally, i, &mean, &rel);
            double af = mean / E0;
            fprintf(o, "%s\n  {\"id\": %d, \"name\": ", i ? "," : "", map->id[i]);
            sf_json_string(o, map->name[i]);
            fprintf(o, ", \"mass_kg\": ");
            sf_json_double(o, map->mass_kg[i]);
            fprintf(o, ", \"af\": ");
            sf_json_double(o, af);
            fprintf(o, ", \"saf_per_kg\": ");
            sf_json_double(o, map->mass_kg[i] > 0 ? af / map->mass_kg[i] : NAN);
            fprintf(o, ", \"rel_unc\": ");
            sf_json_double(o, rel);
            fprintf(o, "}");
        }
        fprintf(o, "],\n \"histories\": %llu, \"particle\": \"%s\", "
                   "\"energy_MeV\": %.17g, \"seed\": %u, \"task_id\": %u, "
                   "\"threads\": %d, \"mode\": \"%s\", "
                   "\"range_rejection\": %s, \"spin\": \"%s\", "
                   "\"kerma_estimator\": \"%s\", \"in_place_below_MeV\": "
                   "%.17g,\n",
                (unsigned long long)tally->histories,
                sf_particle_name(t->particle), t->energy_MeV,
                t->id.campaign_seed, t->id.task_id, t->threads, a->mode,
                t->opt.electron_range_rejection ? "true" : "false",
                t->opt.electron_elastic == SF_ELASTIC_MOTT ? "on" : "off",
                a->kerma_estimator, t->opt.electron_in_place_below_MeV);
        fprintf(o, " \"emitted_MeV\": %.17g, \"deposited_MeV\": %.17g, "
                   "\"cutoff_MeV\": %.17g, \"escaped_MeV\": %.17g, "
                   "\"annihilation_MeV\": %.17g, \"pair_mass_MeV\": %.17g, "
                   "\"balance_rel_error\": %.3e,\n",
                emitted, dep, cut, esc, ann, pm, balance);
        fprintf(o, " \"seconds\": %.6f, \"histories_per_second\": %.6g, "
                   "\"real_collisions\": %llu, \"virtual_collisions\": %llu, "
                   "\"uncollided_escapes\": %llu}\n",
                seconds, N / seconds,
                (unsigned long long)tally->counter[SF_COUNT_REAL_COLLISIONS],
                (unsigned long long)tally->counter[SF_COUNT_VIRTUAL_COLLISIONS],
                (unsigned long long)tally->counter[SF_COUNT_UNCOLLIDED_ESCAPES]);
        return;
    }
    fprintf(o, "# task: %s source '%s', %s at %s%g MeV, %llu histories, seed "
               "%u, task id %u, mode %s\n",
            a->phantom, a->source, sf_particle_name(t->particle),
            a->spectrum ? "a spectrum of mean energy " : "", t->energy_MeV,
            (unsigned long long)tally->histories, t->id.campaign_seed,
            t->id.task_id, a->mode);
    size_t w = sf_text_max_width(map->name[0], (size_t)map->n_targets,
                                 sizeof map->name[0], 44);
    fprintf(o, "%5s  ", "id");
    sf_fprint_padded(o, "target", w, 0);
    fprintf(o, " %10s %12s %12s %9s\n", "mass_kg", "AF", "SAF_per_kg",
            "rel_unc");
    for (int i = 0; i < map->n_targets; ++i) {
        double mean, rel;
        sf_tally_target_mean(tally, i, &mean, &rel);
        double af = mean / E0;
        fprintf(o, "%5d  ", map->id[i]);
        sf_fprint_padded(o, map->name[i], w, 0);
        fprintf(o, " %10.4g %12.5e %12.5e %9.2e\n", map->mass_kg[i], af,
                map->mass_kg[i] > 0 ? af / map->mass_kg[i] : NAN, rel);
    }
    fprintf(o, "# energy balance (MeV): emitted %.9g + annihilation %.9g = "
               "deposited %.9g + below cut-off %.9g + escaped %.9g + pair "
               "rest mass %.9g; relative error %.2e\n",
            emitted, ann, dep, cut, esc, pm, balance);
    fprintf(o, "# %.3f s, %.4g histories/s on %d thread(s), %.4g "
               "histories/s/thread\n",
            seconds, N / seconds, t->threads, N / seconds / t->threads);
}

static sf_status set_spectrum(sf_source *src, const char *text)
{
    double *E = NULL, *Y = NULL;
    int n = 0;
    SF_TRY(sf_cli_parse_lines(text, &E, &Y, &n));
    sf_status st = sf_source_set_spectrum(src, E, Y, n);
    free(E);
    free(Y);
    return st;
}

int sf_cmd_task(int argc, char **argv)
{
    task_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    task_setup t;
    if (parse_setup(&a, &t) != SF_OK)
        return sf_cli_fail();

    sf_phantom *ph = NULL;
    sf_world *w = NULL;
    sf_source *src = NULL;
    sf_target_map *map = NULL;
    sf_tally *tally = NULL;
    sf_dose_map *dose = NULL;
    uint16_t *labels = NULL;
    int n_labels = 0;
    sf_status st = SF_OK;
    if (a.dose_map && access(a.dose_map, F_OK) == 0) {
        st = sf_error_set(SF_ERR_IO, "--dose-map: %s exists; it is not "
                          "overwritten", a.dose_map);
        goto fail;
    }
    SF_TRY_GOTO(st, sf_phantom_load(a.phantom, &ph));
    SF_TRY_GOTO(st, resolve_labels(ph, &a, &labels, &n_labels));
    SF_TRY_GOTO(st, sf_world_build(ph, &t.opt, &w));
    SF_TRY_GOTO(st, sf_source_region(ph, labels, n_labels, t.particle, &src));
    if (a.spectrum) {
        SF_TRY_GOTO(st, set_spectrum(src, a.spectrum));
        t.energy_MeV = src->mean_energy_MeV; /* reported as the mean */
    }
    else
        SF_TRY_GOTO(st, sf_source_set_energy(src, t.energy_MeV));
    SF_TRY_GOTO(st, sf_target_map_per_label(ph, &map));
    SF_TRY_GOTO(st, sf_tally_create(map->n_targets, &tally));
    double t0 = sf_wall_seconds();
    if (a.dose_map)
        SF_TRY_GOTO(st, sf_dose_map_create((int64_t)ph->nx * ph->ny * ph->nz,
                                           &dose));
    SF_TRY_GOTO(st, sf_task_run_dose(w, src, map, t.id, 0, t.histories,
                                     t.threads, tally, dose));
    double seconds = sf_wall_seconds() - t0;
    double balance = sf_tally_balance_error(tally);
    print_results(&a, &t, map, tally, seconds);
    if (!(balance <= 1e-9))
        st = sf_error_set(SF_ERR_STATE, "energy balance does not close: "
                          "relative error %.3e > 1e-9", balance);
    if (st == SF_OK && dose) {
        sf_dose_map_info info = {a.source, sf_particle_name(t.particle),
                                 t.energy_MeV, t.id.campaign_seed, t.id.task_id};
        st = sf_dose_map_write(a.dose_map, ph, dose, &info);
    }
fail:
    sf_dose_map_destroy(&dose);
    sf_tally_destroy(&tally);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
    free(labels);
    return st == SF_OK ? 0 : sf_cli_fail();
}
