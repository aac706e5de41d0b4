/* Region tallies with history-by-history uncertainties, in exact integer
 * arithmetic.
 *
 * Each history's energy per target is accumulated in double while the
 * history runs (one thread, fixed order), then rounded once to a fixed-point
 * integer: sums in units of 2^-50 MeV, squares of the per-history value in
 * units of (2^-30 MeV)^2, both in 128-bit integers. Integer addition is
 * associative, so merging per-thread, per-chunk or per-rank tallies in any
 * order gives bitwise identical totals: results do not depend on the number
 * of threads or ranks, and a resumed run adds up to the same bits.
 * Capacity: 2^128 / (20 MeV * 2^50) ~ 1e22 histories for the sums and
 * ~7e17 histories of 20 MeV for the squares.
 */
#ifndef SF_TALLY_H
#define SF_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

__extension__ typedef unsigned __int128 sf_u128;

#define SF_TALLY_SUM_SCALE 1125899906842624.0  /* 2^50 per MeV */
#define SF_TALLY_SQ_SCALE 1073741824.0         /* 2^30 per MeV */

/* Diagnostic counters (not results). */
enum {
    SF_COUNT_REAL_COLLISIONS = 0,
    SF_COUNT_VIRTUAL_COLLISIONS,
    SF_COUNT_UNCOLLIDED_ESCAPES, /* primaries that left with no interaction */
    SF_COUNT_STACK_OVERFLOWS,    /* secondaries deposited: stack was full */
    SF_COUNT_EVENT_LIMIT,        /* histories stopped by the event cap */
    SF_COUNT_ELECTRON_STEPS,
    SF_N_COUNTERS
};

/* Energy categories of the bookkeeping, all in MeV. Conservation reads
 * emitted + annihilation = deposited + cutoff + escaped + pair_mass. */
enum {
    SF_ENERGY_EMITTED = 0,  /* kinetic energy of the primaries */
    SF_ENERGY_DEPOSITED,    /* deposited by interactions and slowing down */
    SF_ENERGY_CUTOFF,       /* absorbed on the spot below a cut-off */
    SF_ENERGY_ESCAPED,      /* carried out of the phantom */
    SF_ENERGY_ANNIHILATION, /* rest energy released by positron annihilation */
    SF_ENERGY_PAIR_MASS,    /* photon energy turned into pair rest mass */
    SF_N_ENERGY
};

typedef struct sf_tally {
    int n_targets;
    uint64_t histories;
    sf_u128 *sum;   /* [target], 2^-50 MeV */
    sf_u128 *sum2;  /* [target], (2^-30 MeV)^2 */
    sf_u128 energy[SF_N_ENERGY];
    uint64_t counter[SF_N_COUNTERS];
} sf_tally;

sf_status sf_tally_create(int n_targets, sf_tally **out);
void sf_tally_destroy(sf_tally **t);
void sf_tally_clear(sf_tally *t);

/* dst += src (same number of targets). */
void sf_tally_merge(sf_tally *dst, const sf_tally *src);

/* Folds one history's per-target energies (MeV) into the tally. */
static inline void sf_tally_score_history(sf_tally *t, int target,
                                          double energy_MeV)
{
    sf_u128 q = (sf_u128)(uint64_t)(energy_MeV * SF_TALLY_SUM_SCALE + 0.5);
    sf_u128 q2 = (sf_u128)(uint64_t)(energy_MeV * SF_TALLY_SQ_SCALE + 0.5);
    t->sum[target] += q;
    t->sum2[target] += q2 * q2;
}

static inline void sf_tally_score_energy(sf_tally *t, int category,
                                         double energy_MeV)
{
    t->energy[category] +=
        (sf_u128)(uint64_t)(energy_MeV * SF_TALLY_SUM_SCALE + 0.5);
}

/* Energy of a category in MeV. */
double sf_tally_energy_MeV(const sf_tally *t, int category);

/* Mean energy per history deposited in a target (MeV) and its relative
 * standard uncertainty (1 sigma of the mean; 0 when the mean is 0). */
void sf_tally_target_mean(const sf_tally *t, int target, double *mean_MeV,
                          double *rel_unc);

/* Relative energy-balance error:
 * |emitted + annihilation - deposited - cutoff - escaped - pair_mass| /
 * (emitted + annihilation). */
double sf_tally_balance_error(const sf_tally *t);

/* Converts a 128-bit count to double (for output). */
double sf_u128_to_double(sf_u128 x);

#endif

/* Flat representation of a tally as 64-bit words, for messages and files:
 * histories, energies (lo, hi), counters, then per target sum (lo, hi) and
 * sum of squares (lo, hi). */
size_t sf_tally_packed_words(int n_targets);
void sf_tally_pack(const sf_tally *t, uint64_t *words);
void sf_tally_unpack(sf_tally *t, const uint64_t *words);
