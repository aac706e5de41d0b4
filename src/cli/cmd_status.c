/* saffron status: progress of a campaign from its results file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/clock.h"
#include "io/results.h"
#include "io/results_read.h"
#include "io/run_lock.h"

/* A time stamp of the file as a UTC date; "unknown" when it is not a date
 * between 1970 and 9999 (a damaged file). */
static void format_time(double unix_seconds, char *buf, size_t n)
{
    struct tm tm;
    time_t t = (time_t)(unix_seconds >= 0 && unix_seconds < 2.5e11
                            ? unix_seconds : 0);
    if (!(unix_seconds >= 0 && unix_seconds < 2.5e11) || !gmtime_r(&t, &tm))
        snprintf(buf, n, "unknown");
    else
        strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* One line of the FOM summary: median and minimum of one FOM over the done
 * tasks of one particle, and the task with the minimum. v, scratch and
 * task have room for f->n_tasks entries. */
static void print_fom_line(const sf_results_fom *f, size_t particle,
                           int smallest, double *v, double *scratch,
                           size_t *task)
{
    size_t n = 0;
    for (size_t k = 0; k < f->n_tasks; ++k) {
        const sf_results_fom_task *t = &f->tasks[k];
        if (t->particle != particle || t->state != SF_TASK_DONE)
            continue;
        task[n] = k;
        v[n++] = smallest ? t->fom.smallest : t->fom.self;
    }
    if (n == 0)
        return;
    sf_fom_stats st;
    sf_fom_stats_of(v, n, scratch, &st);
    printf("  %-9s %-16s %5zu", f->particles[particle],
           smallest ? "smallest target" : "self", st.n_valid);
    if (st.n_valid == 0) {
        printf("  %10s %10s  (%s)\n", "-", "-", smallest ? "no target scored"
                                                        : "no target equals the source");
        return;
    }
    const sf_results_fom_task *t = &f->tasks[task[st.argmin]];
    printf("  %10.4g %10.4g  task %u (%s, %s, %.6g MeV", st.median, st.min,
           t->task_id, f->sources[t->source].name, f->particles[t->particle],
           t->energy_MeV);
    if (smallest && t->fom.smallest_target >= 0)
        printf("; %s, %.4g kg", f->targets[t->fom.smallest_target].name,
               f->targets[t->fom.smallest_target].mass_kg);
    printf(")\n");
}

static void print_fom_table(const sf_results_fom *f, size_t done)
{
    double *v = malloc(2 * (f->n_tasks + 1) * sizeof *v);
    size_t *task = malloc((f->n_tasks + 1) * sizeof *task);
    if (!v || !task) {
        printf("figure of merit: out of memory\n");
    } else {
        printf("figure of merit FOM = 1/(rel_unc^2 x CPU s) in 1/s, %zu done "
               "tasks%s\n(it depends on CPU time; tasks: how many have one):\n",
               done, f->origin == SF_FOM_COMPUTED
                         ? " (computed from /saf_rel_unc: the file is older "
                           "than /tasks_fom)"
                         : "");
        printf("  %-9s %-16s %5s  %10s %10s  %s\n", "particle", "FOM of",
               "tasks", "median", "min", "lowest: task (source, particle, "
               "energy[; target, mass])");
        for (size_t p = 0; p < f->n_particles; ++p)
            for (int smallest = 0; smallest < 2; ++smallest)
                print_fom_line(f, p, smallest, v, v + f->n_tasks + 1, task);
    }
    free(v);
    free(task);
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
    size_t done = 0;
    for (size_t k = 0; k < f.n_tasks; ++k)
        done += f.tasks[k].state == SF_TASK_DONE;
    if (f.origin == SF_FOM_UNAVAILABLE)
        printf("figure of merit: not in this file (a shard's file written "
               "before /tasks_fom existed; 'saffron merge' computes it)\n");
    else if (done == 0)
        printf("figure of merit: no task done yet\n");
    else
        print_fom_table(&f, done);
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
    double elapsed = s.last_update_unix - s.start_unix;
    double frac = s.histories_planned ? (double)s.histories_done / (double)s.histories_planned : 1;
    double eta = (frac > 0 && frac < 1) ? elapsed * (1 - frac) / frac : (frac >= 1 ? 0 : NAN);
    char el[32], et[32];
    sf_format_duration(elapsed, el, sizeof el);
    sf_format_duration(eta, et, sizeof et);
    char when[64];
    format_time(s.last_update_unix, when, sizeof when);
    printf("campaign '%s' (%s): %llu tasks: %llu done, %llu running, %llu "
           "left\n", s.name, s.status, (unsigned long long)s.n_tasks,
           (unsigned long long)s.done, (unsigned long long)s.running,
           (unsigned long long)s.pending);
    printf("histories: %llu of %llu planned (%.1f%%), %.4g CPU-hours\n",
           (unsigned long long)s.histories_done,
           (unsigned long long)s.histories_planned, 100 * frac,
           s.cpu_seconds / 3600);
    printf("last update %s, %s after the start; ETA %s%s\n", when, el,
           strcmp(s.status, "complete") == 0 ? "0:00:00" : et,
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
