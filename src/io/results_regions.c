/* What a results file keeps about its regions beyond the axes' names and
 * voxel masses (docs/results-format.md, "Regions"): the labels of every
 * source and target, their blood-inclusive masses (the ICRP 133 target
 * mass), and the voxel mass of every phantom label. With them a reader
 * re-expresses SAFs in the ICRP 133 convention, maps a manifest union to
 * an ICRP 133 name by its labels and finds the E -> 0 limit of any pair,
 * without the phantom's files.
 *
 * Files written before these datasets existed (same format_version) lack
 * them; they are read with the labels and blood masses unknown. */
#include "io/results_regions.h"

#include "geometry/skeleton.h"
#include "io/h5_attr.h"
#include "io/h5_dataset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_1d(hid_t file, const char *name, hid_t type, size_t n,
                    const void *v)
{
    hsize_t dims[1] = {n};
    hid_t d = sf_rfile_create_dataset(file, name, type, 1, dims, NULL);
    if (d < 0)
        return -1;
    int rc = (n > 0 && H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0)
                 ? -1 : 0;
    H5Dclose(d);
    return rc;
}

static size_t total_labels(const sf_label_set *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; ++i)
        k += s[i].n_labels;
    return k;
}

/* The labels of every set, one after the other (each set's count is the
 * n_labels of its row in /sources or /targets). */
static uint16_t *flat_labels(const sf_label_set *s, size_t n, size_t *count)
{
    *count = total_labels(s, n);
    uint16_t *v = malloc((*count + 1) * sizeof *v);
    for (size_t i = 0, k = 0; v && i < n; ++i)
        for (size_t j = 0; j < s[i].n_labels; ++j)
            v[k++] = s[i].labels[j];
    return v;
}

static double *blood_masses(const sf_label_set *s, size_t n)
{
    double *v = malloc((n + 1) * sizeof *v);
    for (size_t i = 0; v && i < n; ++i)
        v[i] = s[i].mass_blood_kg;
    return v;
}

/* The weights of every set's labels, as flat_labels lists them (1 for a
 * set of whole labels). */
static double *flat_weights(const sf_label_set *s, size_t n, size_t count)
{
    double *v = malloc((count + 1) * sizeof *v);
    for (size_t i = 0, k = 0; v && i < n; ++i)
        for (size_t j = 0; j < s[i].n_labels; ++j)
            v[k++] = s[i].weights ? s[i].weights[j] : 1.0;
    return v;
}

static int32_t *skeletal_kinds(const sf_label_set *s, size_t n)
{
    int32_t *v = malloc((n + 1) * sizeof *v);
    for (size_t i = 0; v && i < n; ++i)
        v[i] = s[i].skeletal;
    return v;
}

int sf_rfile_write_regions(hid_t file, const sf_task_plan *p,
                           const sf_phantom *ph)
{
    const struct { const char *side; const sf_label_set *sets; size_t n; }
        sides[2] = {{"source", p->sources, p->n_sources},
                    {"target", p->targets, p->n_targets}};
    int rc = 0;
    for (int k = 0; k < 2 && rc == 0; ++k) {
        size_t count;
        char name[4][48];
        snprintf(name[0], sizeof name[0], "%s_labels", sides[k].side);
        snprintf(name[1], sizeof name[1], "%s_label_weights", sides[k].side);
        snprintf(name[2], sizeof name[2], "%s_mass_blood_kg", sides[k].side);
        snprintf(name[3], sizeof name[3], "%s_skeletal", sides[k].side);
        uint16_t *labels = flat_labels(sides[k].sets, sides[k].n, &count);
        double *weights = flat_weights(sides[k].sets, sides[k].n, count);
        double *blood = blood_masses(sides[k].sets, sides[k].n);
        int32_t *kind = skeletal_kinds(sides[k].sets, sides[k].n);
        rc = (!labels || !weights || !blood || !kind ||
              write_1d(file, name[0], H5T_NATIVE_UINT16, count, labels) ||
              write_1d(file, name[1], H5T_NATIVE_DOUBLE, count, weights) ||
              write_1d(file, name[2], H5T_NATIVE_DOUBLE, sides[k].n, blood) ||
              write_1d(file, name[3], H5T_NATIVE_INT32, sides[k].n, kind))
                 ? -1 : 0;
        free(labels);
        free(weights);
        free(blood);
        free(kind);
    }
    if (rc == 0 && ph) {
        double *mass = malloc(((size_t)ph->n_labels + 1) * sizeof *mass);
        for (int l = 0; mass && l < ph->n_labels; ++l)
            mass[l] = ph->regions[l].mass_kg;
        rc = (!mass || write_1d(file, "label_mass_kg", H5T_NATIVE_DOUBLE,
                                (size_t)ph->n_labels, mass)) ? -1 : 0;
        free(mass);
    }
    return rc;
}

/* Labels of the regions, given each one's count (counts[i] labels, in the
 * order of the flat dataset). A region of more labels than
 * SF_SAF_LABELS_MAX keeps n_labels -1 (unknown). */
static void spread_labels(const uint16_t *flat, const int32_t *counts,
                          sf_saf_region *r, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; ++i) {
        size_t c = (size_t)counts[i];
        if (c <= SF_SAF_LABELS_MAX) {
            memcpy(r[i].labels, flat + k, c * sizeof *flat);
            r[i].n_labels = (int)c;
        }
        k += c;
    }
}

int sf_rfile_read_regions(hid_t file, int targets, const int32_t *counts,
                          sf_saf_region *r, size_t n)
{
    const char *labels = targets ? "target_labels" : "source_labels";
    const char *blood = targets ? "target_mass_blood_kg" : "source_mass_blood_kg";
    size_t total = 0;
    for (size_t i = 0; i < n; ++i) {
        if (counts[i] < 0)
            return -1;
        total += (size_t)counts[i];
    }
    if (sf_h5_length_1d(file, labels) < 0)
        return 0; /* an older file: labels and blood masses unknown */
    uint16_t *flat = malloc((total + 1) * sizeof *flat);
    double *mass = malloc((n + 1) * sizeof *mass);
    int rc = (!flat || !mass || sf_h5_read_1d(file, labels, H5T_NATIVE_UINT16, total, flat) ||
              sf_h5_read_1d(file, blood, H5T_NATIVE_DOUBLE, n, mass)) ? -1 : 0;
    if (rc == 0) {
        spread_labels(flat, counts, r, n);
        for (size_t i = 0; i < n; ++i)
            r[i].mass_blood_kg = mass[i];
        /* A region that is a share of its labels' mass (a marrow) is known
         * by its name, not its labels (R-marrow and Y-marrow share theirs);
         * one of whole labels (C-bone-V) is the union of those labels. */
        double *w = malloc((total + 1) * sizeof *w);
        if (w && sf_h5_read_1d(file, targets ? "target_label_weights"
                                             : "source_label_weights",
                               H5T_NATIVE_DOUBLE, total, w) == 0)
            for (size_t i = 0, k = 0; i < n; k += (size_t)counts[i++])
                for (size_t j = 0; j < (size_t)counts[i]; ++j)
                    if (w[k + j] != 1.0)
                        r[i].n_labels = 0;
        free(w);
    }
    free(flat);
    free(mass);
    return rc;
}

int sf_rfile_read_label_masses(hid_t file, double **mass, size_t *n)
{
    *mass = NULL;
    *n = 0;
    long len = sf_h5_length_1d(file, "label_mass_kg");
    if (len < 0)
        return 0;
    double *v = malloc(((size_t)len + 1) * sizeof *v);
    if (!v || sf_h5_read_1d(file, "label_mass_kg", H5T_NATIVE_DOUBLE, (size_t)len, v)) {
        free(v);
        return -1;
    }
    *mass = v;
    *n = (size_t)len;
    return 0;
}

static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

void sf_rfile_check_regions(hid_t file, const sf_task_plan *p,
                            const sf_phantom *ph, char *diff, size_t len)
{
    if (sf_h5_length_1d(file, "target_labels") < 0)
        return; /* an older file */
    for (int k = 0; k < 2 && !diff[0]; ++k) {
        const sf_label_set *sets = k ? p->targets : p->sources;
        size_t n = k ? p->n_targets : p->n_sources, count;
        const char *labels = k ? "target_labels" : "source_labels";
        const char *blood = k ? "target_mass_blood_kg" : "source_mass_blood_kg";
        uint16_t *want = flat_labels(sets, n, &count);
        uint16_t *have = malloc((count + 1) * sizeof *have);
        double *mass = malloc((n + 1) * sizeof *mass);
        if (!want || !have || !mass ||
            sf_h5_read_1d(file, labels, H5T_NATIVE_UINT16, count, have) ||
            sf_h5_read_1d(file, blood, H5T_NATIVE_DOUBLE, n, mass))
            snprintf(diff, len, "/%s or /%s cannot be read", labels, blood);
        else if (memcmp(want, have, count * sizeof *have))
            snprintf(diff, len, "/%s differs from the labels the manifest and "
                     "phantom give", labels);
        for (size_t i = 0; !diff[0] && i < n; ++i)
            if (!same(mass[i], sets[i].mass_blood_kg))
                snprintf(diff, len, "/%s[%zu] is %.17g, the manifest and "
                         "phantom give %.17g", blood, i, mass[i],
                         sets[i].mass_blood_kg);
        free(want);
        free(have);
        free(mass);
    }
    double *mass = NULL;
    size_t n = 0;
    if (!diff[0] && ph && (sf_rfile_read_label_masses(file, &mass, &n) ||
                           n != (size_t)ph->n_labels))
        snprintf(diff, len, "/label_mass_kg cannot be read as %d masses",
                 ph->n_labels);
    for (size_t l = 0; !diff[0] && mass && l < n; ++l)
        if (!same(mass[l], ph->regions[l].mass_kg))
            snprintf(diff, len, "/label_mass_kg[%zu] is %.17g, the phantom "
                     "gives %.17g", l, mass[l], ph->regions[l].mass_kg);
    free(mass);
}

int sf_rfile_write_skeletal_method(hid_t file, const sf_manifest *m,
                                   const sf_task_plan *p)
{
    int targets = 0, sources = 0;
    for (size_t i = 0; i < p->n_targets; ++i)
        targets |= p->targets[i].skeletal > 0;
    for (size_t i = 0; i < p->n_sources; ++i)
        sources |= p->sources[i].skeletal > 0;
    if (!targets && !sources)
        return 0;
    char photons[4600], text[6000];
    if (m->skeletal_photons == SF_SKELETAL_MASS_FRACTION)
        snprintf(photons, sizeof photons, "by the mass fraction of the "
                 "energy deposited in spongiosa voxels");
    else if (m->drf_path)
        snprintf(photons, sizeof photons, "by the response functions of %s "
                 "(fluence x dose per fluence, at each tentative collision "
                 "in spongiosa voxels)", m->drf_path);
    else
        snprintf(photons, sizeof photons, "by the kerma of ICRU 46 red and "
                 "yellow marrow (fluence x E mu_tr/rho, at each tentative "
                 "collision in spongiosa voxels)");
    snprintf(text, sizeof text, "skeletal targets R-marrow and Endost-BS: "
             "photons %s; electrons and positrons by the mass fraction of "
             "the energy deposited in spongiosa voxels; Endost-BS = %.3f of "
             "the marrow of spongiosa and medullary voxels. Skeletal sources "
             "emit in proportion to their tissue's mass in each voxel; "
             "T-bone-S and C-bone-S as T-bone-V and C-bone-V. Fractions "
             "from the phantom's spongiosa table (docs/skeleton.md).",
             photons, SF_ENDOSTEUM_MARROW_SHARE);
    return sf_h5_attr_string(file, "skeletal_method", text);
}
