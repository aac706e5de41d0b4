/* The layout of a results file shared by the files of the io module that
 * read and write it (results_h5.c and results_fom.c write,
 * results_check.c, results_provenance.c and results_read.c read); not for
 * use outside src/io. */
#ifndef SF_RESULTS_INTERNAL_H
#define SF_RESULTS_INTERNAL_H

#include <hdf5.h>
#include <stdint.h>

#include "io/results.h"
#include "results/fom.h"

#define NAME_LEN 96

/* Slot layout, in 64-bit words: the progress header, the packed tally
 * (sf_tally_pack), and a checksum. */
enum { W_SEQ = 0, W_BASE, W_MASK, W_HIST_DONE, W_STATE, W_CPU, W_TALLY };
#define SLOT_WORDS(n_targets) \
    ((size_t)W_TALLY + sf_tally_packed_words((int)(n_targets)) + 1)

struct sf_results {
    hid_t file;
    hid_t saf, saf_unc, af, tasks, slots, run;
    hid_t dose_slots, dose_seq;  /* -1 when no task keeps a dose map */
    hid_t fom;                   /* /tasks_fom; -1 in a file older than it */
    int32_t *self_target;        /* per source: the target equal to it, -1 */
    double *fom_buffer;          /* 3 x n_targets, for sf_rfile_fill_fom_row */
    int64_t *dose_index;         /* per task: row in dose_slots, or -1 */
    int64_t n_dose, n_voxels;
    char path[4096];
    const sf_manifest *m;
    const sf_task_plan *plan;
    size_t n_targets;
    int shard;                   /* a shard's file: no SAF tables */
    size_t slot_words;
    uint64_t *slot_buffer;
    double start_unix;
};

typedef struct task_row {
    uint32_t task_id, source, particle, energy_index;
    double energy_MeV;
    uint64_t histories_planned, histories_done, chunks_done;
    int32_t state;
    double cpu_seconds;
    double energy_MeV_cat[SF_N_ENERGY];
    double balance_rel_error;
} task_row;

typedef struct name_row {
    int32_t id;
    int32_t n_labels;
    char name[NAME_LEN];
} name_row;

/* Names of the energy-bookkeeping columns of /tasks. */
extern const char *const sf_rfile_energy_names[SF_N_ENERGY];

hid_t sf_rfile_name_row_type(void);
hid_t sf_rfile_task_row_type(void);

/* The rows of /sources or /targets (malloc'ed, zero-padded names). */
name_row *sf_rfile_label_set_rows(const sf_label_set *sets, size_t n);

/* The row of /tasks that a task's state gives. */
void sf_rfile_fill_task_row(const sf_results *r, uint32_t task,
                            const sf_task_progress *p, const sf_tally *t,
                            task_row *out);
int sf_rfile_task_row_io(sf_results *r, uint32_t task, task_row *row,
                         int write);

/* The rows of /saf, /saf_rel_unc and /absorbed_fraction (in that order,
 * n_targets each) that a task's tally gives, and their I/O. */
void sf_rfile_fill_saf_rows(const sf_results *r, const sf_tally *t,
                            double *rows);
int sf_rfile_saf_rows_io(sf_results *r, uint32_t task, double *rows,
                         int write);

/* A fully allocated dataset (early allocation, contiguous, no filters):
 * writing it later never changes the file's metadata. fill may be NULL. */
hid_t sf_rfile_create_dataset(hid_t loc, const char *name, hid_t type,
                              int rank, const hsize_t *dims, const void *fill);

/* Reads or writes one "row" of a dataset: the elements at `start` along
 * its first rank-1 axes (rank <= 4) and n consecutive ones along its last
 * axis. */
int sf_rfile_row_io(hid_t d, hid_t type, int rank, const hsize_t *start,
                    hsize_t n, void *buf, int write);

/* Reads or writes row `task` of a table of compound rows (/tasks,
 * /tasks_fom) whose type make_type makes. */
int sf_rfile_table_row_io(hid_t d, hid_t (*make_type)(void), uint32_t task,
                          void *row, int write);

/* /tasks_fom (results_fom.c): one sf_fom per task, its figures of merit as
 * its state gives them; timing-dependent, like cpu_seconds. */
hid_t sf_rfile_fom_row_type(void);
/* Per source of the plan, the target with the same labels, or -1
 * (malloc'ed, n_sources entries). */
int32_t *sf_rfile_self_targets(const sf_task_plan *plan);
void sf_rfile_fill_fom_row(const sf_results *r, uint32_t task,
                           const sf_task_progress *p, const sf_tally *t,
                           sf_fom *out);
int sf_rfile_fom_row_io(sf_results *r, uint32_t task, sf_fom *row, int write);
/* Creates /tasks_fom (in a file being laid out) with its initial rows:
 * those a cleared tally gives (self_target set, NaN, -1). */
int sf_rfile_create_fom(sf_results *r);

/* Reads or writes one state slot of a task (its last word is the
 * sf_results_slot_checksum of the others). */
int sf_rfile_slot_io(sf_results *r, uint32_t task, int slot, uint64_t *w,
                     int write);

#endif
