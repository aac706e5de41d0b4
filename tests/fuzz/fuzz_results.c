/* Fuzzes what `saffron status` and `saffron run --resume` read from a
 * results file: its contents, not HDF5's own structures.
 *
 * A structurally valid file is made once (a 4-task campaign on a 4x4x4
 * phantom, one task done, one part-way, dose maps for two tasks); each
 * input patches the raw bytes of its data and attributes in place: the
 * task-state slots, the task table and its figures of merit (/tasks_fom),
 * the run times, the dose-map slots and their sequence numbers, and the
 * text of the format, manifest, version and checksum attributes. HDF5's
 * parsing of damaged object headers and B-trees is HDF5's to harden:
 * saffron writes its files so that a kill never damages that structure
 * (docs/results-format.md), and only opens files it made.
 *
 * Input: one flags byte, then patches of [region][offset lo][offset hi]
 * [length][bytes]. Flag bit 0 recomputes every slot's checksum after
 * patching, so that states no kill could produce (a file written by other
 * code) reach the validation behind the checksum. The file is then read by
 * the status summary and its printing, and opened for resuming: every
 * task's newest state and dose map is restored into a scheduler, which is
 * then driven to the end; a state it cannot finish from is a hang of the
 * real run and aborts. */
/* memmem */
#define _GNU_SOURCE
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "farm/schedule.h"
#include "fuzz_support.h"
#include "io/results.h"

#define PHYSICS_SHA "physics-data-sha256-of-the-fuzzing-template"
#define PHANTOM_SHA "phantom-sha256-of-the-fuzzing-template-file"

enum { SLOTS, TASKS, TIMES, DOSE_SEQ, DOSE_SLOTS, MANIFEST_TEXT, FORMAT_TEXT,
       VERSION_TEXT, COMMIT_TEXT, PHYSICS_TEXT, PHANTOM_TEXT, TASKS_FOM,
       N_REGIONS };

typedef struct region {
    size_t offset, size;
} region;

static const sf_manifest *manifest;
static sf_phantom *phantom;
static sf_task_plan *plan;
static sf_results_info info;
static uint8_t *image;
static size_t image_n;
static region regions[N_REGIONS];
static size_t slot_words;

static const char table[] =
    "0 \"Outside air\" air 0.001205 outside\n"
    "1 Soft soft_tissue 1.03\n"
    "2 Liver water 1.06\n";

static void make_phantom(void)
{
    uint8_t raw[4 * 4 * 4 * 2] = {0};
    for (int i = 0; i < 64; ++i)
        raw[2 * i] = (uint8_t)(i % 3);
    fuzz_write(fuzz_path(0, "p.raw"), raw, sizeof raw);
    static const char header[] =
        "NDims = 3\nDimSize = 4 4 4\nElementType = MET_USHORT\n"
        "ElementSpacing = 10 10 10\nElementDataFile = p.raw\n";
    fuzz_write(fuzz_path(0, "p.mhd"), header, sizeof header - 1);
    fuzz_write(fuzz_path(0, "p.labels"), table, sizeof table - 1);
}

static void must(sf_status st)
{
    if (st != SF_OK) {
        fprintf(stderr, "fuzz_results set-up: %s\n", sf_error_message());
        abort();
    }
}

/* Progress as sf_schedule_complete leaves it after `done` leading chunks
 * and the chunks of `mask` (relative to done). */
static void commit(sf_results *r, uint32_t task, uint64_t done, uint64_t mask,
                   uint64_t chunk, uint64_t planned)
{
    sf_tally *t = NULL;
    must(sf_tally_create((int)plan->n_targets, &t));
    sf_task_progress p = {0};
    p.chunks_base = done;
    p.round_mask = mask;
    p.histories_done = done * chunk + (uint64_t)__builtin_popcountll(mask) * chunk;
    p.seq = done + (uint64_t)__builtin_popcountll(mask);
    p.state = done * chunk >= planned ? SF_TASK_DONE : SF_TASK_RUNNING;
    p.cpu_seconds = 0.5;
    t->histories = p.histories_done;
    for (uint64_t h = 0; h < p.histories_done; ++h)
        sf_tally_score_history(t, (int)(h % plan->n_targets), 0.01);
    if (sf_results_has_dose(r, task)) {
        sf_dose_map *d = NULL;
        must(sf_dose_map_create((int64_t)64, &d));
        d->histories = p.histories_done;
        must(sf_results_commit_dose(r, task, p.seq, d));
        sf_dose_map_destroy(&d);
    }
    must(sf_results_commit_task(r, task, &p, t));
    sf_tally_destroy(&t);
}

/* The bytes of `text` in the file, first found after those of `after`
 * (an attribute's name precedes its value). */
static void find_text(int k, const char *after, const char *text)
{
    const uint8_t *from = image;
    if (after) {
        from = memmem(image, image_n, after, strlen(after));
        if (!from)
            abort();
    }
    const uint8_t *at = memmem(from, image_n - (size_t)(from - image), text,
                               strlen(text));
    if (!at)
        abort();
    regions[k].offset = (size_t)(at - image);
    regions[k].size = strlen(text);
}

static void find_dataset(hid_t f, int k, const char *name)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    haddr_t at = H5Dget_offset(d);
    if (d < 0 || at == HADDR_UNDEF)
        abort();
    regions[k].offset = (size_t)at;
    regions[k].size = (size_t)H5Dget_storage_size(d);
    H5Dclose(d);
}

static void load_image(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0)
        abort();
    image_n = (size_t)ftell(f);
    image = malloc(image_n);
    rewind(f);
    if (!image || fread(image, 1, image_n, f) != image_n)
        abort();
    fclose(f);
    hid_t h5 = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    find_dataset(h5, SLOTS, "state/task_slots");
    find_dataset(h5, TASKS, "tasks");
    find_dataset(h5, TIMES, "run_times_unix");
    find_dataset(h5, DOSE_SEQ, "state/dose_seq");
    find_dataset(h5, DOSE_SLOTS, "state/dose_slots");
    find_dataset(h5, TASKS_FOM, "tasks_fom");
    H5Fclose(h5);
    find_text(MANIFEST_TEXT, NULL, manifest->text);
    find_text(FORMAT_TEXT, NULL, SF_RESULTS_FORMAT);
    find_text(VERSION_TEXT, "saffron_version", SAFFRON_VERSION);
    find_text(COMMIT_TEXT, "git_commit", SAFFRON_GIT_COMMIT);
    find_text(PHYSICS_TEXT, NULL, PHYSICS_SHA);
    find_text(PHANTOM_TEXT, NULL, PHANTOM_SHA);
    slot_words = regions[SLOTS].size / 8 / (2 * plan->n_tasks);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_silence();
    make_phantom();
    char text[2048];
    snprintf(text, sizeof text,
             "name: fuzz\nseed: 5\nphantom: %s\nsources: [Liver, Soft]\n"
             "targets: all\nparticles: [photon]\nenergies_MeV: [0.1, 1.0]\n"
             "histories: 1000\nchunk_histories: 100\nmode: kerma\n"
             "dose_maps: [Liver]\n", fuzz_path(0, "p.mhd"));
    must(sf_manifest_parse(text, "fuzz.yaml", &manifest));
    must(sf_phantom_load(manifest->phantom_path, &phantom));
    must(sf_manifest_resolve(manifest, phantom, &plan));
    info = (sf_results_info){.ph = phantom,
                             .physics_data_sha256 = PHYSICS_SHA,
                             .phantom_sha256 = PHANTOM_SHA,
                             .ranks = 1,
                             .threads = 1};
    const char *path = fuzz_path(1, "template.h5");
    sf_results *r = NULL;
    must(sf_results_create(path, manifest, plan, &info, &r));
    commit(r, 0, 10, 0, 100, 1000);      /* done */
    commit(r, 1, 3, 0x4, 100, 1000);     /* chunks 0-2 and 5 */
    commit(r, 2, 1, 0, 100, 1000);       /* chunk 0 */
    must(sf_results_close(&r, "interrupted"));
    load_image(path);
    return 0;
}

static void fix_checksums(uint8_t *buf)
{
    uint64_t *w = malloc(slot_words * sizeof *w);
    if (!w)
        abort();
    for (size_t s = 0; s < 2 * plan->n_tasks; ++s) {
        uint8_t *at = buf + regions[SLOTS].offset + s * slot_words * 8;
        memcpy(w, at, slot_words * 8);
        w[slot_words - 1] = sf_results_slot_checksum(w, slot_words - 1);
        memcpy(at, w, slot_words * 8);
    }
    free(w);
}

static void apply_patches(uint8_t *buf, const uint8_t *p, size_t n)
{
    while (n >= 4) {
        const region *g = &regions[p[0] % N_REGIONS];
        size_t offset = (size_t)(p[1] | p[2] << 8) % g->size;
        size_t len = p[3];
        p += 4;
        n -= 4;
        if (len > n)
            len = n;
        if (len > g->size - offset)
            len = g->size - offset;
        memcpy(buf + g->offset + offset, p, len);
        p += len;
        n -= len;
    }
}

/* Every chunk finishes at once, in order: a restored state from which the
 * scheduler stops handing out chunks before the end would hang a run. */
static void drive_to_end(sf_schedule *s)
{
    sf_tally *t = NULL;
    must(sf_tally_create((int)plan->n_targets, &t));
    for (;;) {
        uint64_t task, chunk, first, n;
        int r = sf_schedule_next(s, &task, &chunk, &first, &n);
        if (r < 0)
            break;
        if (r == 0) {
            fprintf(stderr, "a resumed run would wait forever\n");
            abort();
        }
        sf_tally_clear(t);
        t->histories = n;
        int done;
        if (sf_schedule_complete(s, task, chunk, t, 0, &done) != SF_OK) {
            fprintf(stderr, "scheduler refused its own chunk: %s\n",
                    sf_error_message());
            abort();
        }
    }
    sf_tally_destroy(&t);
}

static void resume(const char *path)
{
    sf_results *r = NULL;
    if (sf_results_open_resume(path, manifest, plan, &info, &r) != SF_OK)
        return;
    uint64_t hist[64];
    for (size_t t = 0; t < plan->n_tasks; ++t)
        hist[t] = plan->tasks[t].histories;
    sf_schedule *s = NULL;
    sf_tally *tally = NULL;
    sf_dose_map *dose = NULL;
    must(sf_schedule_create(plan->n_tasks, hist, NULL, NULL,
                            manifest->chunk_histories, (int)plan->n_targets,
                            &s));
    must(sf_tally_create((int)plan->n_targets, &tally));
    must(sf_dose_map_create(64, &dose));
    int ok = 1;
    for (uint32_t t = 0; t < plan->n_tasks && ok; ++t) {
        sf_task_progress p;
        ok = sf_results_read_task(r, t, &p, tally) == SF_OK;
        if (!ok || p.seq == 0)
            continue;
        ok = sf_schedule_restore(s, t, &p, tally) == SF_OK;
        if (ok && sf_results_has_dose(r, t))
            ok = sf_results_read_dose(r, t, p.seq, dose) == SF_OK;
    }
    if (ok)
        drive_to_end(s);
    sf_dose_map_destroy(&dose);
    sf_tally_destroy(&tally);
    sf_schedule_destroy(&s);
    sf_results_close(&r, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    uint8_t *buf = malloc(image_n);
    if (!buf)
        abort();
    memcpy(buf, image, image_n);
    if (n > 0)
        apply_patches(buf, data + 1, n - 1);
    if (n > 0 && (data[0] & 1))
        fix_checksums(buf);
    const char *path = fuzz_path(2, "r.h5");
    fuzz_write(path, buf, image_n);
    free(buf);
    /* `saffron status`: the summary and its printing. */
    char *argv[] = {"status", (char *)path, NULL};
    sf_cmd_status(2, argv);
    resume(path);
    return 0;
}
