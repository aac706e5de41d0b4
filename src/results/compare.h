/* Comparison of saffron's SAFs with a reference table: for every target <-
 * source pair, particle and energy present in both, the two values, their
 * ratio (saffron / reference) and its 1-sigma uncertainty from both
 * relative uncertainties (a reference without uncertainties counts as
 * exact), flagged when |ratio - 1| exceeds 3 sigma plus a stated
 * systematic allowance; and per particle and energy decade the median of
 * |ratio - 1|. */
#ifndef SF_COMPARE_H
#define SF_COMPARE_H

#include <stddef.h>

#include "core/error.h"
#include "results/saf_table.h"

typedef enum sf_compare_kind {
    SF_COMPARE_RATIO = 0,    /* both values positive */
    SF_COMPARE_ONE_ZERO = 1  /* one of them zero: no ratio, counted apart */
} sf_compare_kind;

typedef struct sf_compare_row {
    size_t particle, energy;         /* indices into the saffron table */
    size_t source, target;           /* indices into the saffron table */
    double saffron, saffron_unc;     /* kg^-1, relative */
    double reference, reference_unc; /* kg^-1, relative (NaN: not given) */
    double ratio, sigma;             /* saffron / reference and its 1 sigma */
    int flagged;
    sf_compare_kind kind;
} sf_compare_row;

/* Energy bands of the summary: decades from 1 keV. */
#define SF_COMPARE_BANDS 5

typedef struct sf_compare_band {
    size_t pairs;            /* ratios in the band */
    size_t flagged;
    double median_abs_dev;   /* median |ratio - 1|, NaN when no pairs */
} sf_compare_band;

typedef struct sf_compare_result {
    sf_compare_row *rows;
    size_t n_rows;
    size_t both_zero;        /* pairs where both values are 0 */
    size_t unavailable;      /* in both tables but a value is unknown */
    size_t n_particles;      /* as in the saffron table */
    sf_compare_band *bands;  /* [particle][SF_COMPARE_BANDS] */
} sf_compare_result;

/* Lower edge (MeV) of band b; the last band runs to infinity. */
double sf_compare_band_low(int b);

/* Compares. A reference particle, energy, source or target unknown to
 * saffron is skipped; the caller can check n_rows. */
sf_status sf_compare_tables(const sf_saf_table *saffron,
                            const sf_saf_table *reference, double systematic,
                            sf_compare_result *out);

void sf_compare_result_clear(sf_compare_result *r);

/* The summary a physicist reads first (compare_summary.c): per particle
 * and kind of pair (self-irradiation, target = source; cross-fire), the
 * ratios, their median |ratio - 1|, how many lie within 2 %, and the
 * pairs of largest |ratio - 1|. */
#define SF_COMPARE_WORST 5

typedef struct sf_compare_group {
    size_t particle;         /* index into the saffron table's particles */
    int self;                /* 1: self-irradiation, 0: cross-fire */
    size_t pairs;            /* rows with a ratio (both values positive) */
    size_t within_2pc;       /* of them, |ratio - 1| <= 0.02 */
    size_t flagged;          /* of them, flagged (|ratio - 1| > 3 sigma + s) */
    size_t one_zero;         /* rows where one value is zero */
    double median_abs_dev;   /* median |ratio - 1|; NaN when no pairs */
    size_t worst[SF_COMPARE_WORST]; /* row indices, largest |ratio - 1| first */
    size_t n_worst;
} sf_compare_group;

typedef struct sf_compare_summary {
    size_t n_groups;         /* groups with any row, particle-major, self first */
    sf_compare_group *groups;
} sf_compare_summary;

sf_status sf_compare_summarize(const sf_saf_table *saffron,
                               const sf_compare_result *r,
                               sf_compare_summary *out);

void sf_compare_summary_clear(sf_compare_summary *s);

#endif
