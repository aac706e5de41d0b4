#include "results/fom_summary.h"

#include <stdlib.h>
#include <string.h>

#include "io/results.h"

/* One row over the done tasks of one particle; 0 when it has none. v,
 * scratch and task have room for f->n_tasks entries. */
static int build_row(const sf_results_fom *f, size_t particle, int smallest,
                     double *v, double *scratch, size_t *task,
                     sf_fom_summary_row *row)
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
        return 0;
    row->particle = particle;
    row->smallest = smallest;
    sf_fom_stats_of(v, n, scratch, &row->stats);
    row->lowest_task = row->stats.n_valid ? (long)task[row->stats.argmin] : -1;
    return 1;
}

sf_status sf_fom_summary_build(const sf_results_fom *f, sf_fom_summary *out)
{
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < f->n_tasks; ++k)
        out->done += f->tasks[k].state == SF_TASK_DONE;
    double *v = malloc(2 * (f->n_tasks + 1) * sizeof *v);
    size_t *task = malloc((f->n_tasks + 1) * sizeof *task);
    out->rows = calloc(2 * f->n_particles + 1, sizeof *out->rows);
    if (!v || !task || !out->rows) {
        free(v);
        free(task);
        sf_fom_summary_clear(out);
        SF_FAIL(SF_ERR_NOMEM, "figure of merit: out of memory");
    }
    for (size_t p = 0; p < f->n_particles; ++p)
        for (int smallest = 0; smallest < 2; ++smallest)
            out->n_rows += (size_t)build_row(f, p, smallest, v,
                                             v + f->n_tasks + 1, task,
                                             &out->rows[out->n_rows]);
    free(v);
    free(task);
    return SF_OK;
}

void sf_fom_summary_clear(sf_fom_summary *s)
{
    free(s->rows);
    memset(s, 0, sizeof *s);
}
