/* Per-atom bremsstrahlung cross sections remembered across the media of one
 * world build.
 *
 * The bremsstrahlung tables of a medium integrate its k dsigma/dk over the
 * photon energy at ~500 quadrature nodes for each of 216 electron energies,
 * and each node sums the per-atom cross section of every element
 * (sf_brems_dcs_atom: a few logarithms and exponentials). The nodes depend
 * only on the electron energy and the photon cut, which all media of a world
 * share, and ICRP 110 media share a dozen elements: building the 53 media of
 * the AM phantom evaluated the same ~1.4 million (Z, T, k) values 40 times
 * over, 80 % of the 5.4 s its coupled-mode world took to build. The memo
 * computes each once; callers get the very value sf_brems_dcs_atom returns,
 * so the tables are bitwise the same with or without it.
 *
 * Values are kept per electron energy in the order the nodes are first
 * asked for, and found by following that order (media ask in the same
 * order), else by a search within that energy. Not thread-safe: one memo
 * per building thread. */
#ifndef SF_BREMS_MEMO_H
#define SF_BREMS_MEMO_H

#include "core/error.h"

typedef struct sf_brems_memo sf_brems_memo;

/* A memo for the elements Z[0..n_Z-1]; other elements are computed each
 * time. */
sf_status sf_brems_memo_create(const int *Z, int n_Z, sf_brems_memo **out);
void sf_brems_memo_destroy(sf_brems_memo **m);

/* sf_brems_dcs_atom(Z, T_MeV, k_MeV), computed on the first request of
 * (Z, T, k) only. A NULL memo, or one out of memory, computes it. */
double sf_brems_memo_dcs_atom(sf_brems_memo *m, int Z, double T_MeV,
                              double k_MeV);

#endif
