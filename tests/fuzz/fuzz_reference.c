/* Fuzzes the readers of reference SAF tables (`saffron compare`, `plot
 * --reference`): the ICRP 133 layout, as published and as older saffron
 * versions wrote it, and CSV (sf_reference_load tells them apart by the
 * header). Input: the file's text. A table that reads must have positive,
 * ascending energies, SAFs that are non-negative (or NaN for pairs a CSV
 * leaves out) and target masses, where the E -> 0 column gave them,
 * positive. */
#include <math.h>
#include <stdlib.h>

#include "fuzz_support.h"
#include "results/reference.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_silence();
    return 0;
}

static void check(const sf_saf_table *t)
{
    for (size_t e = 0; e < t->n_energies; ++e)
        if (!(t->energies_MeV[e] > 0) || (e > 0 && !(t->energies_MeV[e] > t->energies_MeV[e - 1])))
            abort();
    size_t n = t->n_sources * t->n_particles * t->n_energies * t->n_targets;
    for (size_t i = 0; i < n; ++i)
        if (t->saf[i] < 0 || isinf(t->saf[i]))
            abort();
    for (size_t g = 0; g < t->n_targets; ++g)
        if (!isnan(t->targets[g].mass_kg) && !(t->targets[g].mass_kg > 0))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    const char *path = fuzz_path(0, "ref.SAF");
    fuzz_write(path, data, n);
    sf_saf_table *t = NULL;
    int csv = 0;
    if (sf_reference_load(path, &t, &csv) == SF_OK)
        check(t);
    sf_saf_table_destroy(&t);
    return 0;
}
