#include "transport/targets.h"

#include "transport/skeletal_kerma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sf_status sf_target_map_from_sets(const sf_phantom *ph, int n_targets,
                                  const char *const *names,
                                  const int *offsets, const uint16_t *labels,
                                  sf_target_map **out)
{
    return sf_target_map_from_weighted_sets(ph, n_targets, names, offsets,
                                            labels, NULL, out);
}

sf_status sf_target_map_from_weighted_sets(const sf_phantom *ph, int n_targets,
                                           const char *const *names,
                                           const int *offsets,
                                           const uint16_t *labels,
                                           const double *weights,
                                           sf_target_map **out)
{
    *out = NULL;
    sf_target_map *m = calloc(1, sizeof *m);
    if (!m)
        SF_FAIL(SF_ERR_NOMEM, "targets: out of memory");
    m->n_labels = ph->n_labels;
    m->n_targets = n_targets;
    int n_pairs = offsets[n_targets];
    m->first = calloc((size_t)ph->n_labels + 1, sizeof *m->first);
    m->target = malloc((size_t)(n_pairs > 0 ? n_pairs : 1) * sizeof *m->target);
    if (weights)
        m->weight = malloc((size_t)(n_pairs > 0 ? n_pairs : 1) * sizeof *m->weight);
    m->mass_kg = calloc((size_t)(n_targets > 0 ? n_targets : 1), sizeof *m->mass_kg);
    m->name = calloc((size_t)(n_targets > 0 ? n_targets : 1), sizeof *m->name);
    m->id = calloc((size_t)(n_targets > 0 ? n_targets : 1), sizeof *m->id);
    if (!m->first || !m->target || (weights && !m->weight) || !m->mass_kg ||
        !m->name || !m->id) {
        sf_target_map_destroy(&m);
        SF_FAIL(SF_ERR_NOMEM, "targets: out of memory");
    }
    for (int t = 0; t < n_targets; ++t) {
        snprintf(m->name[t], sizeof m->name[t], "%s", names[t]);
        m->id[t] = t;
        for (int k = offsets[t]; k < offsets[t + 1]; ++k) {
            if (labels[k] >= ph->n_labels) {
                sf_target_map_destroy(&m);
                SF_FAIL(SF_ERR_VALUE, "target '%s': label %u is not in phantom "
                        "'%s' (labels 0..%d)", names[t], labels[k], ph->name,
                        ph->n_labels - 1);
            }
            double w = weights ? weights[k] : 1.0;
            m->mass_kg[t] += w * ph->regions[labels[k]].mass_kg;
            if (w > 0)
                m->first[labels[k] + 1]++;
        }
    }
    for (int l = 0; l < ph->n_labels; ++l)
        m->first[l + 1] += m->first[l];
    int *fill = malloc((size_t)ph->n_labels * sizeof *fill + 1);
    if (!fill) {
        sf_target_map_destroy(&m);
        SF_FAIL(SF_ERR_NOMEM, "targets: out of memory");
    }
    memcpy(fill, m->first, (size_t)ph->n_labels * sizeof *fill);
    for (int t = 0; t < n_targets; ++t)
        for (int k = offsets[t]; k < offsets[t + 1]; ++k) {
            double w = weights ? weights[k] : 1.0;
            if (!(w > 0))
                continue;
            int at = fill[labels[k]]++;
            m->target[at] = t;
            if (m->weight)
                m->weight[at] = w;
        }
    free(fill);
    *out = m;
    return SF_OK;
}

sf_status sf_target_map_per_label(const sf_phantom *ph, sf_target_map **out)
{
    int n = 0;
    for (int l = 0; l < ph->n_labels; ++l)
        n += ph->regions[l].voxels > 0;
    const char **names = calloc((size_t)(n + 1), sizeof *names);
    int *offsets = calloc((size_t)(n + 1), sizeof *offsets);
    uint16_t *labels = calloc((size_t)(n + 1), sizeof *labels);
    sf_status st;
    if (!names || !offsets || !labels) {
        st = sf_error_set(SF_ERR_NOMEM, "targets: out of memory");
    } else {
        int t = 0;
        for (int l = 0; l < ph->n_labels; ++l)
            if (ph->regions[l].voxels > 0) {
                names[t] = ph->regions[l].name;
                offsets[t] = t;
                labels[t] = (uint16_t)l;
                ++t;
            }
        offsets[n] = n;
        st = sf_target_map_from_sets(ph, n, names, offsets, labels, out);
        if (st == SF_OK)
            for (int k = 0; k < n; ++k)
                (*out)->id[k] = labels[k];
    }
    free(names);
    free(offsets);
    free(labels);
    return st;
}

void sf_target_map_destroy(sf_target_map **pm)
{
    if (!pm || !*pm)
        return;
    sf_skeletal_kerma_destroy(&(*pm)->kerma);
    free((*pm)->first);
    free((*pm)->target);
    free((*pm)->weight);
    free((*pm)->mass_kg);
    free((*pm)->name);
    free((*pm)->id);
    free(*pm);
    *pm = NULL;
}
