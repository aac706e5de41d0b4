/* saffron plan: how a campaign splits into shards, what it will cost, and
 * the batch scripts to run it. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/sbatch_template.h"
#include "core/clock.h"
#include "core/parse.h"
#include "farm/estimate.h"
#include "farm/shard.h"

typedef struct plan_args {
    const char *manifest, *write_dir, *prefix;
    long shards, threads, samples, nodes, ranks_per_node, cores_per_rank;
    long cores_per_shard, throttle;
    double sample_seconds, efficiency;
} plan_args;

static void plan_help(void)
{
    printf(
        "usage: saffron plan MANIFEST [--shards N] [--write-sbatch DIR]\n"
        "         [--nodes N] [--ranks-per-node R] [--cores-per-rank C]\n"
        "         [--cores-per-shard C] [--throttle P] [--efficiency E]\n"
        "         [--calibration-tasks K] [--calibration-seconds S] "
        "[--threads T]\n\n"
        "Runs a few tasks briefly (K, default 6, spread over particles, "
        "energies and\nsources, S CPU seconds each, default 1) to measure "
        "the cost per history, and\nestimates every task's cost in "
        "core-hours. Prints the split into N shards\n(default 1: no array) "
        "with each shard's cost, and the wall time and core-hours\nof one "
        "MPI job (N nodes x R ranks x C cores, default 1 x 2 x 18) and of a "
        "job\narray (one C-core element per shard, default 36, at most P at "
        "once, default\n100). --write-sbatch writes DIR/NAME-mpi.sbatch and "
        "(with --shards)\nDIR/NAME-array.sbatch from the templates in jobs/ "
        "with these sizes. E is\nthe farm's parallel efficiency (default "
        "0.95, benchmarks/HISTORY.md).\nRun it on a compute node: the "
        "estimate holds for the cores it runs on.\n");
}

static int parse_args(int argc, char **argv, plan_args *a)
{
    *a = (plan_args){.shards = 1, .threads = 1, .samples = 6, .nodes = 1,
                     .ranks_per_node = 2, .cores_per_rank = 18,
                     .cores_per_shard = 36, .throttle = 100,
                     .sample_seconds = 1, .efficiency = 0.95};
    const char *env = getenv("OMP_NUM_THREADS");
    if (env && sf_parse_int(env, "OMP_NUM_THREADS", 1, 1024, &a->threads) != SF_OK)
        return sf_cli_fail();
    struct { const char *flag; long *v; long lo, hi; } ints[] = {
        {"--shards", &a->shards, 1, 1000000},
        {"--threads", &a->threads, 1, 1024},
        {"--calibration-tasks", &a->samples, 1, 1000},
        {"--nodes", &a->nodes, 1, 100000},
        {"--ranks-per-node", &a->ranks_per_node, 1, 4096},
        {"--cores-per-rank", &a->cores_per_rank, 1, 4096},
        {"--cores-per-shard", &a->cores_per_shard, 1, 4096},
        {"--throttle", &a->throttle, 1, 1000000}};
    for (int i = 1; i < argc; ++i) {
        int used = 0;
        for (size_t k = 0; k < sizeof ints / sizeof *ints && !used; ++k)
            if (!strcmp(argv[i], ints[k].flag) && i + 1 < argc) {
                if (sf_parse_int(argv[++i], ints[k].flag, ints[k].lo,
                                 ints[k].hi, ints[k].v) != SF_OK)
                    return sf_cli_fail();
                used = 1;
            }
        if (used)
            continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            plan_help();
            return -1;
        } else if (!strcmp(argv[i], "--calibration-seconds") && i + 1 < argc) {
            if (sf_parse_double(argv[++i], "--calibration-seconds",
                                &a->sample_seconds) != SF_OK)
                return sf_cli_fail();
        } else if (!strcmp(argv[i], "--efficiency") && i + 1 < argc) {
            if (sf_parse_double(argv[++i], "--efficiency", &a->efficiency) != SF_OK)
                return sf_cli_fail();
        } else if (!strcmp(argv[i], "--write-sbatch") && i + 1 < argc) {
            a->write_dir = argv[++i];
        } else if (argv[i][0] != '-' && !a->manifest) {
            a->manifest = argv[i];
        } else {
            return sf_cli_usage("plan", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!a->manifest)
        return sf_cli_usage("plan", "a MANIFEST is required");
    if (!(a->efficiency > 0 && a->efficiency <= 1))
        return sf_cli_usage("plan", "--efficiency must be in (0, 1], not %g",
                            a->efficiency);
    if (!(a->sample_seconds > 0 && a->sample_seconds <= 3600))
        return sf_cli_usage("plan", "--calibration-seconds must be in (0, "
                            "3600], not %g", a->sample_seconds);
    return 0;
}

/* A wall-time request for Slurm: the estimate with a 25 % margin, the
 * stop signal's lead (90 s, up to a minute more) and a minute of start-up,
 * rounded up to 5 minutes. */
static void slurm_time(double seconds, char *buf, size_t n)
{
    double s = 1.25 * seconds + 150 + 60;
    long minutes = (long)ceil(s / 300) * 5;
    snprintf(buf, n, "%ld:%02ld:00", minutes / 60, minutes % 60);
}

static double shard_cost(const sf_campaign *c, const sf_estimate *e,
                         long shards, long s, size_t *tasks, double *hist)
{
    double cost = 0;
    *tasks = 0;
    *hist = 0;
    for (size_t k = 0; k < c->plan->n_tasks; ++k)
        if ((long)sf_shard_of_task(c->plan, c->m, &c->plan->tasks[k],
                                   (uint32_t)shards) == s) {
            cost += e->core_seconds[k];
            *hist += e->histories[k];
            ++*tasks;
        }
    return cost;
}

static void print_totals(const sf_campaign *c, const sf_estimate *e)
{
    double by_particle[SF_N_PARTICLE_TYPES] = {0}, total = 0, hist = 0;
    for (size_t k = 0; k < e->n_tasks; ++k) {
        by_particle[c->plan->tasks[k].particle] += e->core_seconds[k];
        total += e->core_seconds[k];
        hist += e->histories[k];
    }
    printf("estimate: %.4g core-hours for %.4g histories%s (", total / 3600,
           hist, c->m->use_precision ? " (precision rule: histories "
           "extrapolated from the calibration's uncertainty)" : "");
    for (int p = 0; p < c->m->n_particles; ++p)
        printf("%s%s %.3g", p ? ", " : "",
               sf_manifest_particle_name(c->m->particles[p]),
               by_particle[c->m->particles[p]] / 3600);
    printf(")\n");
    double by_decade[SF_N_PARTICLE_TYPES][SF_ESTIMATE_DECADES];
    sf_estimate_by_decade(c, e, by_decade);
    printf("  by source energy, core-hours:");
    for (int p = 0; p < c->m->n_particles; ++p) {
        const double *row = by_decade[c->m->particles[p]];
        printf("%s %s:", p ? ";" : "", sf_manifest_particle_name(c->m->particles[p]));
        for (int d = 0, first = 1; d < SF_ESTIMATE_DECADES; ++d) {
            if (row[d] <= 0)
                continue;
            char label[32];
            sf_estimate_decade_label(d, label, sizeof label);
            printf("%s %s %.3g", first ? "" : ",", label, row[d] / 3600);
            first = 0;
        }
    }
    printf("\n");
}

/* With a cross-fire rule: how its watched pairs stood after calibration,
 * per particle. A pair beyond the cap needs more histories than the rule
 * allows (it does not hold its task); one without a score got no energy in
 * the calibration's histories (usually a distant or shielded target of a
 * low-energy source). */
static void print_cross_fire(const sf_campaign *c, const sf_estimate *e)
{
    if (!c->m->use_precision || !(c->m->precision.cross_fire > 0))
        return;
    printf("cross-fire rule: %.3g %% on targets of %.3g kg and more, at most "
           "%.3g histories; watched pairs of the %d calibration tasks:\n",
           100 * c->m->precision.cross_fire,
           c->m->precision.cross_fire_min_mass_kg,
           (double)c->m->precision.max_histories, e->n_samples);
    for (int p = 0; p < c->m->n_particles; ++p) {
        int pairs = 0, beyond = 0, unscored = 0, tasks = 0, capped = 0;
        for (int i = 0; i < e->n_samples; ++i) {
            const sf_estimate_sample *s = &e->samples[i];
            const sf_task *k = &c->plan->tasks[s->task];
            if (k->particle != c->m->particles[p])
                continue;
            ++tasks;
            pairs += s->cross_fire_pairs;
            beyond += s->cross_fire_unreachable;
            unscored += s->cross_fire_unscored;
            capped += s->histories_needed >= (double)k->histories;
        }
        int all = pairs + beyond + unscored;
        printf("  %s: %d tasks, %d pairs: %d within reach, %d beyond the cap, "
               "%d without a score (%.1f %% cannot reach it); %d tasks "
               "need the cap\n",
               sf_manifest_particle_name(c->m->particles[p]), tasks, all,
               pairs, beyond, unscored,
               all ? 100.0 * (beyond + unscored) / all : 0.0, capped);
    }
}

/* The shards' costs; returns the largest, in core-seconds. */
static double print_shards(const sf_campaign *c, const sf_estimate *e,
                           long shards)
{
    double max = 0, min = INFINITY, sum = 0;
    printf("\nshards: %ld (tasks dealt in (particle, energy, source) order, "
           "snake-wise)\n  %6s %7s %12s %11s\n", shards, "shard", "tasks",
           "histories", "core-hours");
    for (long s = 0; s < shards; ++s) {
        size_t tasks;
        double hist, cost = shard_cost(c, e, shards, s, &tasks, &hist);
        if (s < 10 || s == shards - 1)
            printf("  %6ld %7zu %12.4g %11.4g\n", s, tasks, hist, cost / 3600);
        else if (s == 10)
            printf("  %6s\n", "...");
        max = cost > max ? cost : max;
        min = cost < min ? cost : min;
        sum += cost;
    }
    printf("  smallest %.3g, mean %.3g, largest %.3g core-hours\n", min / 3600,
           sum / shards / 3600, max / 3600);
    return max;
}

static sf_status write_scripts(const plan_args *a, const sf_campaign *c,
                               const char *mpi_time, const char *array_time)
{
    char manifest[PATH_MAX], exe[PATH_MAX], tmpl[PATH_MAX], out[PATH_MAX];
    if (!realpath(a->manifest, manifest) || !realpath("/proc/self/exe", exe))
        SF_FAIL(SF_ERR_IO, "%s: cannot resolve the manifest's path",
                a->manifest);
    char nodes[32], rpn[32], cpr[32], shards[32], cps[32], array[64];
    char result[128];
    snprintf(nodes, sizeof nodes, "%ld", a->nodes);
    snprintf(rpn, sizeof rpn, "%ld", a->ranks_per_node);
    snprintf(cpr, sizeof cpr, "%ld", a->cores_per_rank);
    snprintf(shards, sizeof shards, "%ld", a->shards);
    snprintf(cps, sizeof cps, "%ld", a->cores_per_shard);
    snprintf(array, sizeof array, "0-%ld%%%ld", a->shards - 1,
             a->throttle < a->shards ? a->throttle : a->shards);
    snprintf(result, sizeof result, "%s.h5", c->m->name);
    sf_sbatch_value mpi[] = {
        {"--job-name", c->m->name}, {"--nodes", nodes},
        {"--ntasks-per-node", rpn}, {"--cpus-per-task", cpr},
        {"--time", mpi_time}, {"MANIFEST", manifest}, {"OUT", result},
        {"SAFFRON", exe}};
    snprintf(tmpl, sizeof tmpl, "%s/slurm-mpi.sbatch", sf_sbatch_template_dir());
    snprintf(out, sizeof out, "%s/%s-mpi.sbatch", a->write_dir, c->m->name);
    SF_TRY(sf_sbatch_write(tmpl, out, mpi, (int)(sizeof mpi / sizeof *mpi)));
    printf("wrote %s\n", out);
    if (a->shards < 2)
        return SF_OK;
    sf_sbatch_value arr[] = {
        {"--job-name", c->m->name}, {"--array", array},
        {"--cpus-per-task", cps}, {"--time", array_time},
        {"MANIFEST", manifest}, {"SHARDS", shards}, {"PREFIX", c->m->name},
        {"SAFFRON", exe}};
    snprintf(tmpl, sizeof tmpl, "%s/slurm-array.sbatch", sf_sbatch_template_dir());
    snprintf(out, sizeof out, "%s/%s-array.sbatch", a->write_dir, c->m->name);
    SF_TRY(sf_sbatch_write(tmpl, out, arr, (int)(sizeof arr / sizeof *arr)));
    printf("wrote %s (then: saffron merge -o %s %s-shard-*.h5)\n", out, result,
           c->m->name);
    return SF_OK;
}

static sf_status report(const plan_args *a, sf_campaign *c, double setup)
{
    sf_estimate_options o = {(int)a->samples, a->sample_seconds,
                             (int)a->threads};
    sf_estimate e;
    const sf_task_plan *p = c->plan;
    printf("campaign '%s' (%s): %zu sources x %d particles x %zu energies = "
           "%zu tasks, %zu targets\nset-up of a run: %.2g s (phantom, physics "
           "data, tables)\n", c->m->name, a->manifest, p->n_sources,
           c->m->n_particles, c->m->n_energies, p->n_tasks, p->n_targets,
           setup);
    SF_TRY(sf_estimate_campaign(c, &o, setup, stdout, &e));
    print_totals(c, &e);
    print_cross_fire(c, &e);
    double total = 0;
    for (size_t k = 0; k < e.n_tasks; ++k)
        total += e.core_seconds[k];
    double largest = a->shards > 1 ? print_shards(c, &e, a->shards) : total;
    long cores = a->nodes * a->ranks_per_node * a->cores_per_rank;
    double mpi_wall = total / ((double)cores * a->efficiency) + setup;
    char mpi_time[32], array_time[32], wall[32];
    slurm_time(mpi_wall, mpi_time, sizeof mpi_time);
    sf_format_duration(mpi_wall, wall, sizeof wall);
    printf("\none MPI job: %ld nodes x %ld ranks x %ld cores = %ld cores: "
           "about %s of wall time;\n  request --time=%s (%.4g core-hours "
           "reserved)\n", a->nodes, a->ranks_per_node, a->cores_per_rank,
           cores, wall, mpi_time, (double)cores * mpi_wall / 3600);
    if (a->shards > 1) {
        double shard_wall = largest / ((double)a->cores_per_shard *
                                       a->efficiency) + setup;
        long at_once = a->throttle < a->shards ? a->throttle : a->shards;
        long waves = (a->shards + at_once - 1) / at_once;
        slurm_time(shard_wall, array_time, sizeof array_time);
        sf_format_duration(shard_wall, wall, sizeof wall);
        printf("job array: %ld elements x %ld cores, at most %ld at once: the "
               "longest shard\n  about %s; request --time=%s --array=0-%ld%%%ld"
               " (about %ld waves)\n", a->shards, a->cores_per_shard,
               at_once, wall, array_time, a->shards - 1, at_once, waves);
    }
    sf_status st = a->write_dir ? write_scripts(a, c, mpi_time, array_time)
                                : SF_OK;
    sf_estimate_free(&e);
    return st;
}

int sf_cmd_plan(int argc, char **argv)
{
    plan_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    sf_campaign *c = NULL;
    char *text = NULL;
    double t0 = sf_wall_seconds();
    sf_status st = sf_manifest_read_text(a.manifest, &text);
    if (st == SF_OK)
        st = sf_campaign_setup(text, a.manifest, (sf_shard){0, 0}, &c);
    free(text);
    if (st == SF_OK && a.shards > (long)c->plan->n_tasks)
        st = sf_error_set(SF_ERR_VALUE, "--shards %ld: the campaign has only "
                          "%zu tasks", a.shards, c->plan->n_tasks);
    if (st == SF_OK)
        st = report(&a, c, sf_wall_seconds() - t0);
    sf_campaign_destroy(&c);
    return st == SF_OK ? 0 : sf_cli_fail();
}
