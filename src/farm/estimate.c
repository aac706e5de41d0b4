#include "farm/estimate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "farm/schedule.h"

static int particle_index(const sf_manifest *m, sf_particle_type p)
{
    int i = 0;
    while (i < m->n_particles && m->particles[i] != p)
        ++i;
    return i;
}

/* Calibration tasks: per particle, energies evenly spaced over the list
 * (both ends included), sources evenly spaced over theirs. */
static size_t pick_samples(const sf_campaign *c, int wanted, uint32_t *rows)
{
    const sf_manifest *m = c->m;
    const sf_task_plan *p = c->plan;
    int per_particle = wanted / m->n_particles;
    if (per_particle < 2)
        per_particle = 2;
    size_t n = 0, turn = 0, total = (size_t)per_particle * m->n_particles;
    for (int pi = 0; pi < m->n_particles; ++pi)
        for (int j = 0; j < per_particle; ++j) {
            size_t want_source = turn * p->n_sources / total;
            size_t e = m->n_energies < 2 ? 0
                       : (size_t)lround((double)j * (double)(m->n_energies - 1) /
                                        (per_particle - 1));
            size_t best = SIZE_MAX;
            /* That particle and energy for the wanted source, else for the
             * first source the plan has (a shard's plan lacks some). */
            for (size_t t = 0; t < p->n_tasks; ++t) {
                const sf_task *k = &p->tasks[t];
                if (particle_index(m, k->particle) != pi || k->energy_index != e)
                    continue;
                if (best == SIZE_MAX || k->source == want_source)
                    best = t;
                if (k->source == want_source)
                    break;
            }
            ++turn;
            int dup = 0;
            for (size_t i = 0; i < n; ++i)
                dup |= rows[i] == best;
            if (best != SIZE_MAX && !dup)
                rows[n++] = (uint32_t)best;
        }
    return n;
}

/* Histories a precision rule needs, from the uncertainty after n. */
static void histories_needed(const sf_campaign *c, sf_estimate_sample *s,
                             const sf_tally *t)
{
    const sf_task *k = &c->plan->tasks[s->task];
    s->histories_needed = (double)k->histories;
    if (!c->m->use_precision)
        return;
    sf_precision_state st;
    sf_precision_assess(&c->rule, t, c->precision_target[s->task],
                        k->histories, &st);
    s->cross_fire_pairs = st.pairs;
    s->cross_fire_unreachable = st.unreachable;
    s->cross_fire_unscored = st.unscored;
    double round = (double)c->m->chunk_histories * SF_SCHED_ROUND_CHUNKS;
    double need = ceil(st.needed / round) * round;
    s->histories_needed = need < (double)k->histories ? need
                                                      : (double)k->histories;
}

static sf_status calibrate(sf_campaign *c, const sf_estimate_options *o,
                           sf_estimate_sample *s, sf_tally *t, FILE *log)
{
    const sf_task *k = &c->plan->tasks[s->task];
    uint64_t done = 0, batch = 200;
    double cpu = 0;
    sf_tally_clear(t);
    while (done < k->histories && cpu < o->sample_cpu_seconds) {
        uint64_t n = k->histories - done < batch ? k->histories - done : batch;
        double dt = 0;
        int abandoned = 0;
        SF_TRY(sf_campaign_run_chunk(c, s->task, done, n, o->threads, 0, NULL,
                                     NULL, t, NULL, &dt, &abandoned));
        done += n;
        cpu += dt;
        batch *= 2;
    }
    s->histories = done;
    s->core_seconds_per_history = done ? cpu / (double)done : 0;
    histories_needed(c, s, t);
    if (log)
        fprintf(log, "  task %u (%s, %s, %.6g MeV): %llu histories, %.3g "
                "core-us per history\n", k->id,
                c->plan->sources[k->source].name,
                sf_manifest_particle_name(k->particle), k->energy_MeV,
                (unsigned long long)done, 1e6 * s->core_seconds_per_history);
    return SF_OK;
}

/* Piecewise-linear in (log E, log y) through the samples of one particle,
 * flat beyond the ends; samples at the same energy are averaged. */
static double interpolate(const sf_campaign *c, const sf_estimate *e,
                          sf_particle_type particle, double energy,
                          int histories_ratio)
{
    double lo_e = -INFINITY, hi_e = INFINITY, lo_y = 0, hi_y = 0;
    int lo_n = 0, hi_n = 0;
    for (int i = 0; i < e->n_samples; ++i) {
        const sf_estimate_sample *s = &e->samples[i];
        const sf_task *k = &c->plan->tasks[s->task];
        if (k->particle != particle)
            continue;
        double y = histories_ratio ? s->histories_needed / (double)k->histories
                                   : s->core_seconds_per_history;
        y = log(y > 0 ? y : 1e-300);
        double x = k->energy_MeV;
        if (x <= energy && x >= lo_e) {
            lo_n = x == lo_e ? lo_n + 1 : 1;
            lo_y = x == lo_e ? lo_y + y : y;
            lo_e = x;
        }
        if (x >= energy && x <= hi_e) {
            hi_n = x == hi_e ? hi_n + 1 : 1;
            hi_y = x == hi_e ? hi_y + y : y;
            hi_e = x;
        }
    }
    if (!lo_n && !hi_n)
        return 0;
    if (!lo_n)
        return exp(hi_y / hi_n);
    if (!hi_n || hi_e == lo_e)
        return exp(lo_y / lo_n);
    double f = log(energy / lo_e) / log(hi_e / lo_e);
    return exp((1 - f) * lo_y / lo_n + f * hi_y / hi_n);
}

sf_status sf_estimate_campaign(sf_campaign *c, const sf_estimate_options *o,
                               double setup_seconds, FILE *log,
                               sf_estimate *out)
{
    memset(out, 0, sizeof *out);
    size_t n = c->plan->n_tasks;
    out->n_tasks = n;
    out->setup_seconds = setup_seconds;
    out->core_seconds = calloc(n ? n : 1, sizeof *out->core_seconds);
    out->histories = calloc(n ? n : 1, sizeof *out->histories);
    int cap = o->samples > 2 * c->m->n_particles ? o->samples
                                                 : 2 * c->m->n_particles;
    uint32_t *rows = calloc((size_t)cap, sizeof *rows);
    out->samples = calloc((size_t)cap, sizeof *out->samples);
    sf_tally *t = NULL;
    sf_status st = SF_OK;
    if (!out->core_seconds || !out->histories || !rows || !out->samples)
        st = sf_error_set(SF_ERR_NOMEM, "plan: out of memory");
    if (st == SF_OK)
        st = sf_tally_create(c->map->n_targets, &t);
    size_t ns = st == SF_OK ? pick_samples(c, o->samples, rows) : 0;
    if (log && ns)
        fprintf(log, "calibration: %zu tasks, about %.3g CPU s each, "
                "threads: %d\n", ns, o->sample_cpu_seconds, o->threads);
    for (size_t i = 0; i < ns && st == SF_OK; ++i) {
        out->samples[i].task = rows[i];
        st = calibrate(c, o, &out->samples[i], t, log);
        out->n_samples = (int)i + 1;
    }
    for (size_t k = 0; k < n && st == SF_OK; ++k) {
        const sf_task *task = &c->plan->tasks[k];
        double h = (double)task->histories;
        if (c->m->use_precision)
            h *= interpolate(c, out, task->particle, task->energy_MeV, 1);
        double per_history =
            interpolate(c, out, task->particle, task->energy_MeV, 0);
        /* A calibrated task keeps its own figures. */
        for (int i = 0; i < out->n_samples; ++i)
            if (out->samples[i].task == k) {
                h = out->samples[i].histories_needed;
                per_history = out->samples[i].core_seconds_per_history;
            }
        out->histories[k] = h;
        out->core_seconds[k] = h * per_history;
    }
    sf_tally_destroy(&t);
    free(rows);
    if (st != SF_OK)
        sf_estimate_free(out);
    return st;
}

void sf_estimate_free(sf_estimate *e)
{
    free(e->core_seconds);
    free(e->histories);
    free(e->samples);
    memset(e, 0, sizeof *e);
}

double sf_estimate_decade_MeV(int d)
{
    return d <= 0 ? 0.0 : 0.001 * pow(10.0, d);
}

void sf_estimate_decade_label(int d, char *buf, size_t n)
{
    if (d <= 0)
        snprintf(buf, n, "< %.3g MeV", sf_estimate_decade_MeV(1));
    else if (d + 1 < SF_ESTIMATE_DECADES)
        snprintf(buf, n, "%.3g-%.3g MeV", sf_estimate_decade_MeV(d),
                 sf_estimate_decade_MeV(d + 1));
    else
        snprintf(buf, n, ">= %.3g MeV", sf_estimate_decade_MeV(d));
}

void sf_estimate_by_decade(const sf_campaign *c, const sf_estimate *e,
                           double out[SF_N_PARTICLE_TYPES][SF_ESTIMATE_DECADES])
{
    memset(out, 0, sizeof(double[SF_N_PARTICLE_TYPES][SF_ESTIMATE_DECADES]));
    for (size_t k = 0; k < e->n_tasks; ++k) {
        const sf_task *t = &c->plan->tasks[k];
        int d = SF_ESTIMATE_DECADES - 1;
        while (d > 0 && t->energy_MeV < sf_estimate_decade_MeV(d))
            --d;
        out[t->particle][d] += e->core_seconds[k];
    }
}
