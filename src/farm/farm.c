/* The MPI task farm. Rank 0 owns the scheduler and the results file (one
 * writer, serial HDF5); workers ask for chunks and send back their tallies.
 * With few ranks, rank 0 also computes, in slices short enough that
 * workers never wait long for an answer. Nobody busy-waits: idle loops
 * sleep between polls. */
#include "farm/farm.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/text_width.h"
#include "farm/campaign.h"
#include "farm/schedule.h"
#include "io/results.h"
#include "io/run_lock.h"

enum { TAG_REQUEST = 1, TAG_RESULT, TAG_DOSE, TAG_LEAVE, TAG_WORK, TAG_WAIT,
       TAG_STOP };

/* Header words of a TAG_RESULT message before the packed tally. */
enum { R_TASK = 0, R_CHUNK, R_CPU, R_HEADER };

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

void sf_farm_install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    /* Past a file size limit (ulimit -f) a write then fails with EFBIG and
     * is reported like a full disk, instead of SIGXFSZ killing the writer
     * in the middle of a write. */
    signal(SIGXFSZ, SIG_IGN);
}

static void nap(long microseconds)
{
    struct timespec ts = {0, microseconds * 1000L};
    nanosleep(&ts, NULL);
}

/* ---- setup, identical on every rank ----------------------------------- */

/* Sends rank 0's string to every rank; when rank 0 could not make it
 * (st0 not OK), every rank returns that failure. */
static sf_status broadcast_string(MPI_Comm comm, int rank, sf_status st0,
                                  char **s)
{
    long long len = -1;
    if (rank == 0)
        len = st0 == SF_OK ? (long long)strlen(*s) : -1;
    MPI_Bcast(&len, 1, MPI_LONG_LONG, 0, comm);
    if (len < 0)
        return st0 != SF_OK ? st0 : sf_error_set(SF_ERR_IO, "rank 0 failed");
    if (rank != 0) {
        *s = malloc((size_t)len + 1);
        if (!*s)
            return sf_error_set(SF_ERR_NOMEM, "out of memory");
        (*s)[len] = '\0';
    }
    MPI_Bcast(*s, (int)len, MPI_CHAR, 0, comm);
    return SF_OK;
}

/* The manifest text and its origin (the path relative phantom paths are
 * resolved against): from the YAML file, or as recorded in a results file
 * (`run --manifest-from`). */
static sf_status read_manifest(const sf_farm_config *cfg, char **text,
                               char **origin)
{
    if (!cfg->manifest_from) {
        SF_TRY(sf_manifest_read_text(cfg->manifest_path, text));
        *origin = strdup(cfg->manifest_path);
        return *origin ? SF_OK : sf_error_set(SF_ERR_NOMEM, "out of memory");
    }
    sf_results_provenance p;
    SF_TRY(sf_results_provenance_read(cfg->manifest_from, &p));
    *text = p.manifest;
    *origin = p.manifest_file[0] ? p.manifest_file : strdup(cfg->manifest_from);
    p.manifest = NULL;
    if (*origin == p.manifest_file)
        p.manifest_file = NULL;
    sf_results_provenance_free(&p);
    return *origin ? SF_OK : sf_error_set(SF_ERR_NOMEM, "out of memory");
}

/* Rank 0 reads the manifest and broadcasts it, so every rank parses the
 * same bytes. */
static sf_status broadcast_manifest(MPI_Comm comm, int rank,
                                    const sf_farm_config *cfg, char **text,
                                    char **origin)
{
    sf_status st = rank == 0 ? read_manifest(cfg, text, origin) : SF_OK;
    SF_TRY(broadcast_string(comm, rank, st, text));
    return broadcast_string(comm, rank, SF_OK, origin);
}

/* Every rank learns whether any rank failed; rank 0 keeps the message of
 * the first failing rank (the others' setup is identical). */
static sf_status agree(MPI_Comm comm, int rank, sf_status local)
{
    int mine = (int)local, worst = 0;
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, comm);
    if (worst == 0)
        return SF_OK;
    if (local == SF_OK && rank == 0)
        sf_error_set((sf_status)worst, "another rank failed during setup");
    return local != SF_OK ? local : (sf_status)worst;
}

/* ---- rank 0 ------------------------------------------------------------ */

typedef struct summary_row {
    double af_self, saf_self, rel_self, af_total;
    int has_self;
} summary_row;

typedef struct master {
    MPI_Comm comm;
    int size;
    const sf_farm_config *cfg;
    sf_campaign *c;
    sf_schedule *sched;
    sf_results *res;
    sf_run_lock *lock;       /* held while rank 0 writes the output */
    int workers_active;
    int stopping;
    uint64_t *msg;
    size_t msg_words;
    sf_tally *scratch_tally;
    sf_dose_map **dose;          /* per task keeping a map: merged sums */
    sf_dose_map *scratch_dose;   /* a chunk's map as received */
    uint64_t *dose_words;        /* message buffer for TAG_DOSE */
    sf_dose_map *own_dose;       /* rank 0's own chunk */
    summary_row *summary;
    sf_status error;
    /* rank 0's own chunk */
    int own_active;
    uint64_t own_task, own_chunk, own_first, own_n, own_done, own_slice;
    double own_cpu;
    sf_tally *own_tally;
    /* progress */
    double t_start, t_last_progress;
    uint64_t histories_this_run;
} master;

static void record_summary(master *ms, uint64_t task, const sf_tally *t)
{
    const sf_task_plan *p = ms->c->plan;
    summary_row *row = &ms->summary[task];
    double E0 = sf_tally_energy_MeV(t, SF_ENERGY_EMITTED) / (double)t->histories;
    row->af_total = 0;
    for (size_t k = 0; k < p->n_targets; ++k) {
        /* Skeletal targets share the energy of spongiosa voxels that are
         * targets too: counting them would count that energy twice. */
        if (p->targets[k].skeletal)
            continue;
        double mean, rel;
        sf_tally_target_mean(t, (int)k, &mean, &rel);
        row->af_total += mean / E0;
    }
    int self = ms->c->precision_target[task];
    if (self < 0) {
        const sf_label_set *src = &p->sources[p->tasks[task].source];
        for (size_t k = 0; k < p->n_targets; ++k)
            if (sf_label_set_same(&p->targets[k], src))
                self = (int)k;
    }
    if (self >= 0) {
        double mean, rel;
        sf_tally_target_mean(t, self, &mean, &rel);
        row->has_self = 1;
        row->af_self = mean / E0;
        row->saf_self = row->af_self / p->targets[self].mass_kg;
        row->rel_self = rel;
    }
}

static sf_status task_dose(master *ms, uint64_t task, sf_dose_map **out)
{
    if (!ms->dose[task])
        SF_TRY(sf_dose_map_create(sf_campaign_voxels(ms->c), &ms->dose[task]));
    *out = ms->dose[task];
    return SF_OK;
}

/* A finished task's dose map goes to its own file (see results.h). */
static sf_status finish_dose(master *ms, uint64_t task)
{
    sf_status st = sf_results_write_dose_map(ms->res, (uint32_t)task, ms->c->ph,
                                             ms->dose[task]);
    sf_dose_map_destroy(&ms->dose[task]);
    return st;
}

/* Merges a finished chunk (and its dose map, if the task keeps one) and
 * records it durably: dose slot first, then the task state that refers
 * to it. */
static sf_status complete_chunk(master *ms, uint64_t task, uint64_t chunk,
                                const sf_tally *t, double cpu,
                                const sf_dose_map *chunk_dose)
{
    int done = 0;
    SF_TRY(sf_schedule_complete(ms->sched, task, chunk, t, cpu, &done));
    sf_sched_task *k = &ms->sched->tasks[task];
    ms->histories_this_run += t->histories;
    int keeps_dose = sf_results_has_dose(ms->res, (uint32_t)task);
    if (keeps_dose) {
        sf_dose_map *merged = NULL;
        SF_TRY(task_dose(ms, task, &merged));
        if (chunk_dose)
            sf_dose_map_merge(merged, chunk_dose);
        merged->histories = k->progress.histories_done;
        SF_TRY(sf_results_commit_dose(ms->res, (uint32_t)task, k->progress.seq,
                                      merged));
    }
    SF_TRY(sf_results_commit_task(ms->res, (uint32_t)task, &k->progress,
                                  k->tally));
    if (done && keeps_dose)
        SF_TRY(finish_dose(ms, task));
    if (done) {
        double balance = sf_tally_balance_error(k->tally);
        if (!(balance <= 1e-9))
            fprintf(stderr, "saffron: warning: task %llu: energy balance "
                    "relative error %.3e exceeds 1e-9\n",
                    (unsigned long long)task, balance);
        record_summary(ms, task, k->tally);
        sf_schedule_release(ms->sched, task);
    }
    return SF_OK;
}

static void send_words(MPI_Comm comm, int dest, int tag, const uint64_t *w,
                       int n)
{
    MPI_Send(w, n, MPI_UINT64_T, dest, tag, comm);
}

/* Answers a worker that is ready for work. */
static void assign(master *ms, int worker)
{
    uint64_t w[4] = {0, 0, 0, 0};
    if (ms->stopping || ms->error != SF_OK) {
        send_words(ms->comm, worker, TAG_STOP, w, 4);
        return;
    }
    int r = sf_schedule_next(ms->sched, &w[0], &w[1], &w[2], &w[3]);
    if (r == 1) {
        send_words(ms->comm, worker, TAG_WORK, w, 4);
    } else if (r == 0) {
        send_words(ms->comm, worker, TAG_WAIT, w, 4);
    } else {
        send_words(ms->comm, worker, TAG_STOP, w, 4);
    }
}

/* Protocol: a worker sends REQUEST when it wants one more chunk (it keeps
 * one in reserve, so it never waits for an answer between chunks), RESULT
 * when a chunk is done (no answer), and LEAVE (word 0: 1 if interrupted)
 * as its last message. Rank 0 answers each REQUEST with WORK, WAIT or
 * STOP. */
static int serve_messages(master *ms)
{
    int served = 0;
    for (;;) {
        int flag = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, ms->comm, &flag, &status);
        if (!flag)
            return served;
        MPI_Recv(ms->msg, (int)ms->msg_words, MPI_UINT64_T, status.MPI_SOURCE,
                 status.MPI_TAG, ms->comm, MPI_STATUS_IGNORE);
        ++served;
        if (status.MPI_TAG == TAG_LEAVE) {
            ms->workers_active--;
            if (ms->msg[0])
                ms->stopping = 1; /* a signal reached that rank */
        } else if (status.MPI_TAG == TAG_RESULT) {
            uint64_t task = ms->msg[R_TASK];
            const sf_dose_map *chunk_dose = NULL;
            if (task < ms->c->plan->n_tasks && ms->c->plan->tasks[task].dose_map) {
                /* The worker sends the chunk's map right after its result;
                 * it is taken even after an error, or it would arrive in
                 * place of the next small message. */
                int64_t nv = sf_campaign_voxels(ms->c);
                MPI_Recv(ms->dose_words, (int)(3 * nv), MPI_UINT64_T,
                         status.MPI_SOURCE, TAG_DOSE, ms->comm, MPI_STATUS_IGNORE);
                sf_dose_map_unpack(ms->scratch_dose, ms->dose_words);
                chunk_dose = ms->scratch_dose;
            }
            if (ms->error != SF_OK)
                continue;
            double cpu;
            memcpy(&cpu, &ms->msg[R_CPU], sizeof cpu);
            sf_tally_unpack(ms->scratch_tally, &ms->msg[R_HEADER]);
            sf_status st = complete_chunk(ms, task, ms->msg[R_CHUNK],
                                          ms->scratch_tally, cpu, chunk_dose);
            if (st != SF_OK)
                ms->error = st;
        } else {
            assign(ms, status.MPI_SOURCE);
        }
    }
}

static void print_progress(master *ms, int final)
{
    double now = sf_wall_seconds();
    if (!final && now - ms->t_last_progress < ms->cfg->progress_seconds)
        return;
    ms->t_last_progress = now;
    if (ms->cfg->quiet)
        return;
    const sf_schedule *s = ms->sched;
    uint64_t running = 0, remaining = 0;
    for (uint64_t t = s->first_open; t < s->n_tasks; ++t) {
        const sf_sched_task *k = &s->tasks[t];
        if (k->progress.state == SF_TASK_DONE)
            continue;
        running += k->progress.state == SF_TASK_RUNNING;
        remaining += k->histories_planned - k->progress.histories_done;
    }
    double elapsed = now - ms->t_start;
    double rate = elapsed > 0 ? ms->histories_this_run / elapsed : 0;
    char el[32], eta[32];
    sf_format_duration(elapsed, el, sizeof el);
    sf_format_duration(rate > 0 ? remaining / rate : NAN, eta, sizeof eta);
    printf("progress: %llu/%llu tasks done, %llu running | %.3g histories/s | "
           "elapsed %s | ETA %s\n",
           (unsigned long long)s->tasks_done, (unsigned long long)s->n_tasks,
           (unsigned long long)running, rate, el, final ? "0:00:00" : eta);
    fflush(stdout);
}

static void print_summary(master *ms)
{
    if (ms->cfg->quiet)
        return;
    const sf_task_plan *p = ms->c->plan;
    const sf_manifest *m = ms->c->m;
    size_t w = sf_text_max_width(p->sources[0].name, p->n_sources,
                                 sizeof p->sources[0], 24);
    putchar('\n');
    sf_fprint_padded(stdout, "source", w, 0);
    printf(" %-9s %10s %12s %12s %9s %10s\n", "particle", "E_MeV", "AF_self",
           "SAF_self_kg", "rel_unc", "AF_total");
    size_t shown = 0;
    for (size_t t = 0; t < p->n_tasks && shown < 40; ++t) {
        const summary_row *r = &ms->summary[t];
        if (ms->sched->tasks[t].progress.state != SF_TASK_DONE || r->af_total == 0)
            continue;
        const sf_task *k = &p->tasks[t];
        sf_fprint_padded(stdout, p->sources[k->source].name, w, 0);
        printf(" %-9s %10.4g ", sf_manifest_particle_name(k->particle),
               k->energy_MeV);
        if (r->has_self)
            printf("%12.5e %12.5e %9.2e", r->af_self, r->saf_self, r->rel_self);
        else
            printf("%12s %12s %9s", "-", "-", "-");
        printf(" %10.5f\n", r->af_total);
        ++shown;
    }
    if (shown < p->n_tasks)
        printf("(%zu of %zu tasks shown; all are in %s)\n", shown, p->n_tasks,
               ms->cfg->output_path);
    printf("results: %s (campaign '%s', %zu tasks)\n", ms->cfg->output_path,
           m->name, p->n_tasks);
}

/* Puts the output's name before the message of a failure found in it. */
static sf_status in_file(const char *path)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", sf_error_message());
    return sf_error_set(SF_ERR_FORMAT, "%s: %s", path, msg);
}

static sf_status master_open(master *ms, int threads)
{
    sf_campaign *c = ms->c;
    sf_results_info info = {.ph = c->ph,
                            .physics_data_sha256 = c->physics_sha256,
                            .phantom_sha256 = c->phantom_sha256,
                            .ranks = ms->size, .threads = threads};
    /* Before the output is looked at: a second run on it is refused. */
    SF_TRY(sf_run_lock_acquire(ms->cfg->output_path, &ms->lock));
    if (ms->cfg->resume)
        SF_TRY(sf_results_open_resume(ms->cfg->output_path, c->m, c->plan,
                                      &info, &ms->res));
    else
        SF_TRY(sf_results_create(ms->cfg->output_path, c->m, c->plan, &info,
                                 &ms->res));
    size_t n = c->plan->n_tasks;
    uint64_t *hist = malloc((n ? n : 1) * sizeof *hist);
    if (!hist)
        SF_FAIL(SF_ERR_NOMEM, "out of memory");
    for (size_t t = 0; t < n; ++t)
        hist[t] = c->plan->tasks[t].histories;
    sf_status st = sf_schedule_create(n, hist, c->precision_target,
                                      c->m->use_precision ? &c->rule : NULL,
                                      c->m->chunk_histories, c->map->n_targets,
                                      &ms->sched);
    free(hist);
    SF_TRY(st);
    SF_TRY(sf_tally_create(c->map->n_targets, &ms->scratch_tally));
    SF_TRY(sf_tally_create(c->map->n_targets, &ms->own_tally));
    ms->summary = calloc(n ? n : 1, sizeof *ms->summary);
    ms->dose = calloc(n ? n : 1, sizeof *ms->dose);
    if (!ms->summary || !ms->dose)
        SF_FAIL(SF_ERR_NOMEM, "out of memory");
    int any_dose = 0;
    for (size_t t = 0; t < n; ++t)
        any_dose |= c->plan->tasks[t].dose_map;
    if (any_dose) {
        int64_t nv = sf_campaign_voxels(c);
        SF_TRY(sf_dose_map_create(nv, &ms->scratch_dose));
        ms->dose_words = malloc((size_t)(3 * nv) * sizeof *ms->dose_words);
        if (!ms->dose_words)
            SF_FAIL(SF_ERR_NOMEM, "out of memory for dose maps");
    }
    if (ms->cfg->resume) {
        sf_task_progress pr;
        for (size_t t = 0; t < n; ++t) {
            SF_TRY(sf_results_read_task(ms->res, (uint32_t)t, &pr,
                                        ms->scratch_tally));
            if (pr.seq == 0)
                continue;
            if (sf_schedule_restore(ms->sched, t, &pr, ms->scratch_tally) != SF_OK)
                return in_file(ms->cfg->output_path);
            SF_TRY(sf_results_restore_rows(ms->res, (uint32_t)t, &pr,
                                           ms->scratch_tally));
            if (pr.state == SF_TASK_DONE)
                record_summary(ms, t, ms->scratch_tally);
            if (!sf_results_has_dose(ms->res, (uint32_t)t))
                continue;
            /* The merged map saved with this state; a task that finished
             * just before a kill may still lack its final map file. */
            char path[4096];
            sf_results_dose_path(ms->res, (uint32_t)t, path, sizeof path);
            if (pr.state == SF_TASK_DONE && access(path, F_OK) == 0)
                continue;
            sf_dose_map *merged = NULL;
            SF_TRY(task_dose(ms, t, &merged));
            SF_TRY(sf_results_read_dose(ms->res, (uint32_t)t, pr.seq, merged));
            merged->histories = pr.histories_done;
            if (pr.state == SF_TASK_DONE)
                SF_TRY(finish_dose(ms, t));
        }
        SF_TRY(sf_results_flush(ms->res));
    }
    return SF_OK;
}

/* Runs one slice of rank 0's own chunk (or starts one). */
static void master_compute(master *ms, int threads)
{
    if (!ms->own_active) {
        if (sf_schedule_next(ms->sched, &ms->own_task, &ms->own_chunk,
                             &ms->own_first, &ms->own_n) != 1)
            return;
        ms->own_active = 1;
        ms->own_done = 0;
        ms->own_cpu = 0;
        sf_tally_clear(ms->own_tally);
        if (ms->c->plan->tasks[ms->own_task].dose_map) {
            sf_dose_map_destroy(&ms->own_dose);
            sf_status st = sf_dose_map_create(sf_campaign_voxels(ms->c),
                                              &ms->own_dose);
            if (st != SF_OK) {
                ms->error = st;
                return;
            }
        }
    }
    /* Rank 0 computes in slices between which it answers workers; the
     * slice size adapts to the measured speed and carries over from chunk
     * to chunk, so chunks do not start with tiny, badly threaded slices. */
    if (ms->own_slice == 0)
        ms->own_slice = 64;
    uint64_t k = ms->own_n - ms->own_done < ms->own_slice
                     ? ms->own_n - ms->own_done : ms->own_slice;
    double cpu = 0, w0 = sf_wall_seconds();
    int abandoned = 0;
    sf_status st = sf_campaign_run_chunk(ms->c, ms->own_task,
                                         ms->own_first + ms->own_done, k,
                                         threads, 0, NULL, NULL,
                                         ms->own_tally, ms->own_dose, &cpu,
                                         &abandoned);
    /* Workers keep a chunk in reserve, so rank 0 may answer them a little
     * late; alone, it only has to notice signals and print progress. */
    double target = ms->size > 1 ? 0.01 : 0.25;
    double dt = sf_wall_seconds() - w0, grow = dt > 0 ? target / dt : 4.0;
    ms->own_slice = (uint64_t)((double)k * (grow > 4.0 ? 4.0 : grow)) + 1;
    if (st != SF_OK) {
        ms->error = st;
        return;
    }
    ms->own_cpu += cpu;
    ms->own_done += k;
    if (ms->own_done == ms->own_n) {
        ms->own_active = 0;
        st = complete_chunk(ms, ms->own_task, ms->own_chunk, ms->own_tally,
                            ms->own_cpu, ms->own_dose);
        sf_dose_map_destroy(&ms->own_dose);
        if (st != SF_OK)
            ms->error = st;
    }
}

static sf_status run_master(master *ms, int threads, sf_farm_outcome *outcome)
{
    int compute = ms->cfg->rank0_computes >= 0 ? ms->cfg->rank0_computes
                                               : ms->size <= 4;
    if (ms->size == 1)
        compute = 1;
    ms->t_start = ms->t_last_progress = sf_wall_seconds();
    for (;;) {
        int served = serve_messages(ms);
        if (stop_requested)
            ms->stopping = 1;
        int all_done = ms->sched->tasks_done == ms->sched->n_tasks;
        if (!ms->stopping && ms->error == SF_OK && compute && !all_done)
            master_compute(ms, threads);
        print_progress(ms, 0);
        all_done = ms->sched->tasks_done == ms->sched->n_tasks;
        int quitting = all_done || ms->stopping || ms->error != SF_OK;
        if (quitting && ms->workers_active == 0)
            break;
        if (!served && !(ms->own_active && !quitting))
            nap(1000);
    }
    *outcome = ms->sched->tasks_done == ms->sched->n_tasks ? SF_FARM_COMPLETE
                                                           : SF_FARM_INTERRUPTED;
    if (ms->error != SF_OK)
        return ms->error;
    print_progress(ms, 1);
    if (*outcome == SF_FARM_COMPLETE)
        print_summary(ms);
    else if (!ms->cfg->quiet)
        printf("interrupted: %llu of %llu tasks done; completed chunks are "
               "saved in %s; rerun with --resume to finish\n",
               (unsigned long long)ms->sched->tasks_done,
               (unsigned long long)ms->sched->n_tasks, ms->cfg->output_path);
    return SF_OK;
}

/* ---- workers ----------------------------------------------------------- */

/* A worker holds up to two chunks: the one it runs and one in reserve,
 * asked for while the first runs, so that it never idles waiting for rank
 * 0 (which answers between its own compute slices). */
typedef struct worker {
    MPI_Comm comm;
    uint64_t queue[2][4];   /* task, chunk, first history, histories */
    int queued;
    int asking;             /* a REQUEST is out; its answer lands in reply */
    MPI_Request req;
    uint64_t reply[4];
    int stopped;            /* rank 0 said STOP */
    double retry_at;        /* after a WAIT, ask again from this time */
} worker;

static void worker_ask(worker *k)
{
    uint64_t none = 0;
    if (k->asking || k->stopped || k->queued == 2 || stop_requested ||
        sf_wall_seconds() < k->retry_at)
        return;
    send_words(k->comm, 0, TAG_REQUEST, &none, 1);
    MPI_Irecv(k->reply, 4, MPI_UINT64_T, 0, MPI_ANY_TAG, k->comm, &k->req);
    k->asking = 1;
}

/* Takes rank 0's answer if it has arrived (or waits for it). */
static void worker_take_answer(worker *k, int wait)
{
    while (k->asking) {
        int flag = 0;
        MPI_Status status;
        MPI_Test(&k->req, &flag, &status);
        if (!flag) {
            if (!wait)
                return;
            nap(200);
            continue;
        }
        k->asking = 0;
        if (status.MPI_TAG == TAG_WORK)
            memcpy(k->queue[k->queued++], k->reply, sizeof k->reply);
        else if (status.MPI_TAG == TAG_WAIT)
            k->retry_at = sf_wall_seconds() + 0.02;
        else
            k->stopped = 1;
    }
}

static int worker_poll(void *ctx)
{
    worker *k = ctx;
    worker_take_answer(k, 0);
    worker_ask(k);
    return stop_requested != 0;
}

static sf_status run_worker(MPI_Comm comm, sf_campaign *c, int threads)
{
    size_t words = R_HEADER + sf_tally_packed_words(c->map->n_targets);
    uint64_t *msg = calloc(words, sizeof *msg);
    sf_tally *tally = NULL;
    worker k;
    memset(&k, 0, sizeof k);
    k.comm = comm;
    sf_status st = SF_OK;
    if (!msg || sf_tally_create(c->map->n_targets, &tally) != SF_OK)
        st = sf_error_set(SF_ERR_NOMEM, "out of memory");
    int interrupted = 0;
    while (st == SF_OK) {
        worker_ask(&k);
        if (k.queued == 0) {
            if (k.stopped || stop_requested)
                break;
            if (k.asking)
                worker_take_answer(&k, 1);
            else
                nap(2000); /* waiting to ask again after a WAIT */
            continue;
        }
        uint64_t *w = k.queue[0];
        sf_tally_clear(tally);
        double cpu = 0;
        int abandoned = 0;
        sf_dose_map *dose = NULL;
        if (w[0] < c->plan->n_tasks && c->plan->tasks[w[0]].dose_map) {
            st = sf_dose_map_create(sf_campaign_voxels(c), &dose);
            if (st != SF_OK)
                break;
        }
        st = sf_campaign_run_chunk(c, w[0], w[2], w[3], threads, 0.25,
                                   worker_poll, &k, tally, dose, &cpu,
                                   &abandoned);
        if (st != SF_OK || abandoned)
            sf_dose_map_destroy(&dose);
        if (st != SF_OK)
            break;
        if (abandoned) {
            interrupted = 1;
            break;
        }
        msg[R_TASK] = w[0];
        msg[R_CHUNK] = w[1];
        memcpy(&msg[R_CPU], &cpu, sizeof cpu);
        sf_tally_pack(tally, &msg[R_HEADER]);
        send_words(comm, 0, TAG_RESULT, msg, (int)words);
        if (dose) {
            /* The chunk's map follows its result (rank 0 expects it). */
            int64_t nv = dose->n_voxels;
            uint64_t *dw = malloc((size_t)(3 * nv) * sizeof *dw);
            if (!dw) {
                sf_dose_map_destroy(&dose);
                st = sf_error_set(SF_ERR_NOMEM, "out of memory");
                break;
            }
            sf_dose_map_pack(dose, dw);
            send_words(comm, 0, TAG_DOSE, dw, (int)(3 * nv));
            free(dw);
            sf_dose_map_destroy(&dose);
        }
        memmove(k.queue[0], k.queue[1], sizeof k.queue[0]);
        k.queued--;
    }
    /* Every REQUEST gets an answer: collect it before leaving. */
    worker_take_answer(&k, 1);
    uint64_t leave = (uint64_t)(interrupted || stop_requested || st != SF_OK);
    send_words(comm, 0, TAG_LEAVE, &leave, 1);
    sf_tally_destroy(&tally);
    free(msg);
    return st;
}

/* ---- entry ------------------------------------------------------------- */

sf_status sf_farm_run(MPI_Comm comm, const sf_farm_config *cfg,
                      sf_farm_outcome *outcome)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    *outcome = SF_FARM_INTERRUPTED;
    int threads = cfg->threads > 0 ? cfg->threads : 1;

    char *text = NULL, *origin = NULL;
    sf_campaign *c = NULL;
    sf_status st = broadcast_manifest(comm, rank, cfg, &text, &origin);
    if (st == SF_OK)
        st = sf_campaign_setup(text, origin, cfg->shard, &c);
    free(text);
    free(origin);
    st = agree(comm, rank, st);
    if (st != SF_OK) {
        sf_campaign_destroy(&c);
        return st;
    }

    master ms;
    memset(&ms, 0, sizeof ms);
    if (rank == 0) {
        ms.comm = comm;
        ms.size = size;
        ms.cfg = cfg;
        ms.c = c;
        ms.workers_active = size - 1;
        ms.msg_words = R_HEADER + sf_tally_packed_words(c->map->n_targets);
        ms.msg = calloc(ms.msg_words, sizeof *ms.msg);
        st = ms.msg ? master_open(&ms, threads)
                    : sf_error_set(SF_ERR_NOMEM, "out of memory");
    }
    st = agree(comm, rank, st);
    if (st == SF_OK) {
        if (rank == 0) {
            st = run_master(&ms, threads, outcome);
            /* After an error (a full disk, say) the file is left as a kill
             * leaves it: rewriting attributes then could fail half-way. */
            const char *end = st != SF_OK ? NULL
                              : *outcome == SF_FARM_COMPLETE ? "complete"
                                                             : "interrupted";
            sf_status cs = sf_results_close(&ms.res, end);
            if (st == SF_OK)
                st = cs;
        } else {
            st = run_worker(comm, c, threads);
        }
    }
    if (rank == 0) {
        sf_results_close(&ms.res, NULL); /* a file refused while opening */
        sf_run_lock_release(&ms.lock);
        sf_schedule_destroy(&ms.sched);
        sf_tally_destroy(&ms.scratch_tally);
        sf_tally_destroy(&ms.own_tally);
        if (ms.dose)
            for (size_t t = 0; t < c->plan->n_tasks; ++t)
                sf_dose_map_destroy(&ms.dose[t]);
        free(ms.dose);
        sf_dose_map_destroy(&ms.scratch_dose);
        sf_dose_map_destroy(&ms.own_dose);
        free(ms.dose_words);
        free(ms.summary);
        free(ms.msg);
    }
    /* Workers learn the outcome from rank 0. */
    int out = (int)*outcome;
    MPI_Bcast(&out, 1, MPI_INT, 0, comm);
    *outcome = (sf_farm_outcome)out;
    sf_campaign_destroy(&c);
    return st;
}
