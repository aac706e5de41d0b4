/* Memo of per-atom bremsstrahlung cross sections (see brems_memo.h). */
#include "physics/brems_memo.h"

#include <math.h>
#include <stdlib.h>

#include "physics/bremsstrahlung.h"
#include "physics/elements.h"

/* The nodes of one electron energy: k and, per element, the value (NaN
 * until computed). */
typedef struct memo_block {
    double T;
    int n, cap;
    double *k;   /* [cap] */
    double *val; /* [cap][n_Z] */
} memo_block;

struct sf_brems_memo {
    int n_Z;
    int z_index[SF_Z_MAX + 1]; /* -1: not memoised */
    memo_block *blocks;
    int n_blocks, cap_blocks;
    int cur;  /* block of the last request, -1 before any */
    int row;  /* its row */
};

sf_status sf_brems_memo_create(const int *Z, int n_Z, sf_brems_memo **out)
{
    *out = NULL;
    sf_brems_memo *m = calloc(1, sizeof *m);
    if (!m)
        SF_FAIL(SF_ERR_NOMEM, "bremsstrahlung memo: out of memory");
    for (int z = 0; z <= SF_Z_MAX; ++z)
        m->z_index[z] = -1;
    for (int i = 0; i < n_Z; ++i)
        if (Z[i] >= 1 && Z[i] <= SF_Z_MAX && m->z_index[Z[i]] < 0)
            m->z_index[Z[i]] = m->n_Z++;
    m->cur = m->row = -1;
    *out = m;
    return SF_OK;
}

void sf_brems_memo_destroy(sf_brems_memo **pm)
{
    if (!pm || !*pm)
        return;
    sf_brems_memo *m = *pm;
    for (int b = 0; b < m->n_blocks; ++b) {
        free(m->blocks[b].k);
        free(m->blocks[b].val);
    }
    free(m->blocks);
    free(m);
    *pm = NULL;
}

/* The block of energy T, appended if new; -1 when out of memory. The next
 * energy asked for is nearly always the next block. */
static int find_block(sf_brems_memo *m, double T)
{
    for (int i = 0; i < m->n_blocks; ++i) {
        int b = (m->cur + 1 + i) % m->n_blocks;
        if (m->blocks[b].T == T)
            return b;
    }
    if (m->n_blocks == m->cap_blocks) {
        int cap = m->cap_blocks ? 2 * m->cap_blocks : 256;
        memo_block *nb = realloc(m->blocks, (size_t)cap * sizeof *nb);
        if (!nb)
            return -1;
        m->blocks = nb;
        m->cap_blocks = cap;
    }
    memo_block *b = &m->blocks[m->n_blocks];
    *b = (memo_block){.T = T};
    return m->n_blocks++;
}

/* The row of k in block b, appended (values unknown) if new; -1 when out
 * of memory. Tries the current row and the one after it first. */
static int find_row(sf_brems_memo *m, memo_block *b, int from, double k)
{
    if (from >= 0 && from < b->n && b->k[from] == k)
        return from;
    if (from + 1 >= 0 && from + 1 < b->n && b->k[from + 1] == k)
        return from + 1;
    for (int r = 0; r < b->n; ++r)
        if (b->k[r] == k)
            return r;
    if (b->n == b->cap) {
        int cap = b->cap ? 2 * b->cap : 512;
        double *nk = realloc(b->k, (size_t)cap * sizeof *nk);
        if (!nk)
            return -1;
        b->k = nk;
        double *nv = realloc(b->val, (size_t)cap * (size_t)m->n_Z * sizeof *nv);
        if (!nv)
            return -1;
        b->val = nv;
        b->cap = cap;
    }
    b->k[b->n] = k;
    for (int z = 0; z < m->n_Z; ++z)
        b->val[(size_t)b->n * m->n_Z + z] = NAN;
    return b->n++;
}

double sf_brems_memo_dcs_atom(sf_brems_memo *m, int Z, double T, double k)
{
    int z = (m && Z >= 1 && Z <= SF_Z_MAX) ? m->z_index[Z] : -1;
    if (z < 0)
        return sf_brems_dcs_atom(Z, T, k);
    int b = (m->cur >= 0 && m->blocks[m->cur].T == T) ? m->cur : find_block(m, T);
    if (b < 0)
        return sf_brems_dcs_atom(Z, T, k);
    int r = find_row(m, &m->blocks[b], b == m->cur ? m->row : -1, k);
    if (r < 0)
        return sf_brems_dcs_atom(Z, T, k);
    m->cur = b;
    m->row = r;
    double *v = &m->blocks[b].val[(size_t)r * m->n_Z + z];
    if (isnan(*v))
        *v = sf_brems_dcs_atom(Z, T, k);
    return *v;
}
