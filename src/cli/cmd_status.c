/* saffron status: progress of a campaign from its results file. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "io/results.h"
#include "io/results_read.h"
#include "io/run_lock.h"
#include "results/fom_summary.h"
#include "results/progress.h"

/* One line of the FOM table (results/fom_summary.h). */
static void print_fom_line(const sf_results_fom *f, const sf_fom_summary_row *r)
{
    printf("  %-9s %-16s %5zu", f->particles[r->particle],
           r->smallest ? "smallest target" : "self", r->stats.n_valid);
    if (r->stats.n_valid == 0) {
        printf("  %10s %10s  (%s)\n", "-", "-", r->smallest
                                                   ? "no target scored"
                                                   : "no target equals the source");
        return;
    }
    const sf_results_fom_task *t = &f->tasks[r->lowest_task];
    printf("  %10.4g %10.4g  task %u (%s, %s, %.6g MeV", r->stats.median,
           r->stats.min, t->task_id, f->sources[t->source].name,
           f->particles[t->particle], t->energy_MeV);
    if (r->smallest && t->fom.smallest_target >= 0)
        printf("; %s, %.4g kg", f->targets[t->fom.smallest_target].name,
               f->targets[t->fom.smallest_target].mass_kg);
    printf(")\n");
}

static void print_fom_table(const sf_results_fom *f, const sf_fom_summary *sum)
{
    printf("figure of merit FOM = 1/(rel_unc^2 x CPU s) in 1/s, %zu done "
           "tasks%s\n(it depends on CPU time; tasks: how many have one):\n",
           sum->done, f->origin == SF_FOM_COMPUTED
                          ? " (computed from /saf_rel_unc: the file is older "
                            "than /tasks_fom)"
                          : "");
    printf("  %-9s %-16s %5s  %10s %10s  %s\n", "particle", "FOM of",
           "tasks", "median", "min", "lowest: task (source, particle, "
           "energy[; target, mass])");
    for (size_t i = 0; i < sum->n_rows; ++i)
        print_fom_line(f, &sum->rows[i]);
}

/* Per particle, the median and minimum figure of merit of the done tasks,
 * for the source itself and for the smallest target (docs/results-format.md,
 * /tasks_fom). A file that cannot give them says why; status goes on. */
static void print_fom(const char *path)
{
    sf_results_fom f;
    if (sf_results_load_fom(path, &f) != SF_OK) {
        printf("figure of merit: not available (%s)\n", sf_error_message());
        return;
    }
    sf_fom_summary sum = {0};
    if (f.origin == SF_FOM_UNAVAILABLE)
        printf("figure of merit: not in this file (a shard's file written "
               "before /tasks_fom existed; 'saffron merge' computes it)\n");
    else if (sf_fom_summary_build(&f, &sum) != SF_OK)
        printf("figure of merit: out of memory\n");
    else if (sum.done == 0)
        printf("figure of merit: no task done yet\n");
    else
        print_fom_table(&f, &sum);
    sf_fom_summary_clear(&sum);
    sf_results_fom_clear(&f);
}

int sf_cmd_status(int argc, char **argv)
{
    if (argc != 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf("usage: saffron status OUT.h5\n\nSays how many tasks of the "
               "campaign are done, running (some chunks done) and\nleft, and "
               "an ETA from the rate so far; then, per particle, the median "
               "and\nminimum figure of merit FOM = 1/(rel_unc^2 x CPU s) of "
               "the done tasks, for the\nsource region itself as target "
               "(self) and for the smallest target that received\nenergy, "
               "with the task of the lowest (per task: /tasks_fom,\n"
               "docs/results-format.md).\n");
        return argc == 2 ? 0 : 2;
    }
    sf_results_summary s;
    if (sf_results_summarize(argv[1], &s) != SF_OK)
        return sf_cli_fail();
    sf_progress pr;
    sf_progress_of(&s, &pr);
    printf("campaign '%s' (%s): %llu tasks: %llu done, %llu running, %llu "
           "left\n", s.name, s.status, (unsigned long long)s.n_tasks,
           (unsigned long long)s.done, (unsigned long long)s.running,
           (unsigned long long)s.pending);
    printf("histories: %llu of %llu planned (%.1f%%), %.4g CPU-hours\n",
           (unsigned long long)s.histories_done,
           (unsigned long long)s.histories_planned, 100 * pr.fraction,
           s.cpu_seconds / 3600);
    printf("last update %s, %s after the start; ETA %s%s\n", pr.last_update,
           pr.elapsed, pr.eta,
           strcmp(s.status, "running") == 0 ? " (if still running)" : "");
    char holder[512];
    if (sf_run_lock_holder(argv[1], holder, sizeof holder))
        printf("being written by a live run: %s\n", holder);
    else if (strcmp(s.status, "running") == 0)
        printf("no live run holds it (killed?): continue it with "
               "saffron run MANIFEST -o %s --resume\n", argv[1]);
    print_fom(argv[1]);
    return 0;
}
