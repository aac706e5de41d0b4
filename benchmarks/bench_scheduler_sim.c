/* Discrete-event simulation of the task farm's scheduler (the real
 * sf_schedule code) for an OpenDose-sized campaign on many ranks.
 *
 * Model: R worker ranks; rank 0 is a single server that takes
 * `service_s` per message (receiving a result, merging it, committing it to
 * HDF5 with H5Fflush, answering); each message travels `latency_s`. A chunk
 * of a task costs histories x cost_per_history(particle, energy) x a
 * per-region factor. Costs per history are the ones measured with
 * bench_photon / bench_electron (see benchmarks/README.md); pass others on
 * the command line.
 *
 * usage: bench_scheduler_sim [RANKS [TASK_HISTORIES [CHUNK [SERVICE_S]]]]
 * Prints makespan, the ideal (total work / ranks) and the efficiency. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "farm/schedule.h"

/* Seconds per history on one core, coupled transport, from the AM
 * liver-source benchmarks (photons 0.14 / 1 MeV, electrons 0.1 / 1 MeV);
 * interpolated in log energy, extrapolated flat. */
static double cost_per_history(int particle, double E)
{
    const double e_lo = 0.1, e_hi = 1.0;
    double lo = particle == 0 ? 1.0 / 24000 : 1.0 / 48000;
    double hi = particle == 0 ? 1.0 / 15700 : 1.0 / 10800;
    double f = (log(E) - log(e_lo)) / (log(e_hi) - log(e_lo));
    if (f < 0) f = 0;
    if (f > 1.5) f = 1.5;
    return exp(log(lo) + f * (log(hi) - log(lo)));
}

typedef struct event {
    double time;
    int worker;
} event;

/* Binary min-heap of worker events. */
static void heap_push(event *h, int *n, event e)
{
    int i = (*n)++;
    h[i] = e;
    while (i > 0 && h[(i - 1) / 2].time > h[i].time) {
        event t = h[i];
        h[i] = h[(i - 1) / 2];
        h[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static event heap_pop(event *h, int *n)
{
    event top = h[0];
    h[0] = h[--(*n)];
    for (int i = 0;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < *n && h[l].time < h[m].time) m = l;
        if (r < *n && h[r].time < h[m].time) m = r;
        if (m == i) break;
        event t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
    return top;
}

int main(int argc, char **argv)
{
    int ranks = argc > 1 ? atoi(argv[1]) : 1000;
    double task_histories = argc > 2 ? atof(argv[2]) : 2e6;
    double chunk = argc > 3 ? atof(argv[3]) : 1e5;
    double service_s = argc > 4 ? atof(argv[4]) : 2e-3;
    const double latency_s = 20e-6;
    /* OpenDose: 2 phantoms x 141 regions x 2 particles x 91 energies
     * (10 keV to 10 MeV, log spaced). */
    const int phantoms = 2, regions = 141, particles = 2, energies = 91;
    uint64_t n = (uint64_t)phantoms * regions * particles * energies;
    uint64_t *hist = malloc(n * sizeof *hist);
    double *cost = malloc(n * sizeof *cost);
    srand(12345);
    double total_work = 0;
    uint64_t t = 0;
    for (int p = 0; p < phantoms; ++p)
        for (int r = 0; r < regions; ++r) {
            /* Large regions cost more per history (longer tracks inside
             * the body): a factor 0.5 to 2 per region. */
            double region_factor = 0.5 + 1.5 * rand() / (double)RAND_MAX;
            for (int q = 0; q < particles; ++q)
                for (int e = 0; e < energies; ++e, ++t) {
                    double E = 0.01 * pow(1000.0, e / (double)(energies - 1));
                    hist[t] = (uint64_t)task_histories;
                    cost[t] = cost_per_history(q, E) * region_factor;
                    total_work += hist[t] * cost[t];
                }
        }
    sf_schedule *s = NULL;
    if (sf_schedule_create(n, hist, NULL, NULL, (uint64_t)chunk, 1, &s) != SF_OK) {
        fprintf(stderr, "%s\n", sf_error_message());
        return 1;
    }
    sf_tally *tally = NULL;
    sf_tally_create(1, &tally);

    event *heap = malloc((size_t)ranks * sizeof *heap);
    uint64_t *w_task = calloc((size_t)ranks, sizeof *w_task);
    uint64_t *w_chunk = calloc((size_t)ranks, sizeof *w_chunk);
    uint64_t *w_n = calloc((size_t)ranks, sizeof *w_n);
    int *w_busy = calloc((size_t)ranks, sizeof *w_busy);
    int nheap = 0;
    double server_free = 0, makespan = 0, busy_time = 0;
    long messages = 0;
    for (int w = 0; w < ranks; ++w)
        heap_push(heap, &nheap, (event){latency_s, w});
    while (nheap > 0) {
        event ev = heap_pop(heap, &nheap);
        /* rank 0 serves messages one at a time, in arrival order */
        double start = ev.time > server_free ? ev.time : server_free;
        double done_at = start + service_s;
        server_free = done_at;
        ++messages;
        int w = ev.worker;
        if (w_busy[w]) {
            int task_done = 0;
            sf_tally_clear(tally);
            tally->histories = w_n[w];
            sf_schedule_complete(s, w_task[w], w_chunk[w], tally, 0, &task_done);
            if (task_done)
                sf_schedule_release(s, w_task[w]);
            w_busy[w] = 0;
        }
        uint64_t task, c, first, k;
        int r = sf_schedule_next(s, &task, &c, &first, &k);
        if (r == 1) {
            double work = k * cost[task];
            busy_time += work;
            w_task[w] = task;
            w_chunk[w] = c;
            w_n[w] = k;
            w_busy[w] = 1;
            double finish = done_at + latency_s + work;
            if (finish > makespan)
                makespan = finish;
            heap_push(heap, &nheap, (event){finish + latency_s, w});
        } else if (r == 0) {
            heap_push(heap, &nheap, (event){done_at + 0.02, w}); /* WAIT */
        }
        /* r == -1: STOP, the worker leaves */
    }
    double ideal = total_work / ranks;
    printf("{\"tasks\": %llu, \"ranks\": %d, \"histories_per_task\": %.3g, "
           "\"chunk_histories\": %.3g, \"rank0_service_s\": %.3g, "
           "\"messages\": %ld, \"total_cpu_hours\": %.1f, "
           "\"makespan_hours\": %.3f, \"ideal_hours\": %.3f, "
           "\"efficiency\": %.4f, \"rank0_utilisation\": %.3f, "
           "\"all_done\": %s}\n",
           (unsigned long long)n, ranks, task_histories, chunk, service_s,
           messages, total_work / 3600, makespan / 3600, ideal / 3600,
           ideal / makespan, messages * service_s / makespan,
           s->tasks_done == n ? "true" : "false");
    sf_tally_destroy(&tally);
    sf_schedule_destroy(&s);
    free(heap);
    free(w_task);
    free(w_chunk);
    free(w_n);
    free(w_busy);
    free(hist);
    free(cost);
    return 0;
}
