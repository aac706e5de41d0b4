/* Cost of rank 0's work per completed chunk: merging a chunk tally and
 * committing the task state to the HDF5 results file (slot write, task
 * row, H5Fflush). This is the service time per message that
 * bench_scheduler_sim needs. Uses a manifest's real plan (default: the
 * built-in phantom with every region as source and target).
 *
 * usage: bench_commit [MANIFEST [COMMITS]] */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/clock.h"
#include "farm/campaign.h"
#include "farm/schedule.h"
#include "io/results.h"

static const char *default_manifest =
    "name: bench-commit\nseed: 1\nphantom: builtin:stylized\n"
    "sources: all\ntargets: all\nparticles: [photon, electron]\n"
    "energies_MeV: opendose\nhistories: 1e7\nchunk_histories: 1e5\n"
    "mode: kerma\n";

int main(int argc, char **argv)
{
    const sf_manifest *m = NULL;
    long commits = argc > 2 ? atol(argv[2]) : 2000;
    if (argc > 1 ? sf_manifest_load(argv[1], &m) != SF_OK
                 : sf_manifest_parse(default_manifest, "bench-commit.yaml", &m) != SF_OK) {
        fprintf(stderr, "bench_commit: %s\n", sf_error_message());
        return 1;
    }
    sf_phantom *ph = NULL;
    sf_task_plan *plan = NULL;
    if (sf_phantom_load(m->phantom_path, &ph) != SF_OK ||
        sf_manifest_resolve(m, ph, &plan) != SF_OK) {
        fprintf(stderr, "bench_commit: %s\n", sf_error_message());
        return 1;
    }
    char path[] = "/tmp/saffron-bench-commit-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    remove(path);
    sf_results_info info = {.ph = ph, .physics_data_sha256 = "-",
                            .phantom_sha256 = "-", .ranks = 1, .threads = 1};
    sf_results *r = NULL;
    sf_tally *chunk = NULL, *merged = NULL;
    if (sf_results_create(path, m, plan, &info, &r) != SF_OK ||
        sf_tally_create((int)plan->n_targets, &chunk) != SF_OK ||
        sf_tally_create((int)plan->n_targets, &merged) != SF_OK) {
        fprintf(stderr, "bench_commit: %s\n", sf_error_message());
        return 1;
    }
    chunk->histories = 100000;
    for (size_t i = 0; i < plan->n_targets; ++i)
        sf_tally_score_history(chunk, (int)i, 0.01 * (double)i);
    sf_tally_score_energy(chunk, SF_ENERGY_EMITTED, 1e5);
    sf_task_progress p = {0};
    p.state = SF_TASK_RUNNING;
    double t0 = sf_wall_seconds();
    for (long c = 0; c < commits; ++c) {
        uint32_t task = (uint32_t)((c * 7919) % (long)plan->n_tasks);
        sf_tally_merge(merged, chunk);
        p.seq++;
        p.histories_done += chunk->histories;
        p.state = (c % 10 == 9) ? SF_TASK_DONE : SF_TASK_RUNNING;
        if (sf_results_commit_task(r, task, &p, merged) != SF_OK) {
            fprintf(stderr, "bench_commit: %s\n", sf_error_message());
            return 1;
        }
    }
    double dt = sf_wall_seconds() - t0;
    printf("{\"tasks\": %zu, \"targets\": %zu, \"commits\": %ld, "
           "\"seconds_per_commit\": %.3e}\n", plan->n_tasks, plan->n_targets,
           commits, dt / commits);
    sf_results_close(&r, "complete");
    remove(path);
    sf_tally_destroy(&chunk);
    sf_tally_destroy(&merged);
    sf_manifest_plan_destroy(&plan);
    sf_phantom_destroy(&ph);
    sf_manifest_destroy(&m);
    return 0;
}
