/* Fuzzes the YAML manifest reader: parse, the echo (`--dry-run`), which
 * must parse back to the same values, and resolution against the built-in
 * phantom. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "io/manifest.h"

static sf_phantom *phantom;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_silence();
    if (sf_phantom_load("builtin:stylized:2.0", &phantom) != SF_OK)
        abort();
    return 0;
}

static int same_values(const sf_manifest *a, const sf_manifest *b)
{
    int same = !strcmp(a->name, b->name) && a->seed == b->seed &&
               a->n_particles == b->n_particles &&
               !memcmp(a->particles, b->particles, sizeof a->particles) &&
               a->n_energies == b->n_energies &&
               !memcmp(a->energies_MeV, b->energies_MeV,
                       a->n_energies * sizeof *a->energies_MeV) &&
               a->use_precision == b->use_precision &&
               a->chunk_histories == b->chunk_histories &&
               a->mode == b->mode &&
               a->electron_cutoff_MeV == b->electron_cutoff_MeV &&
               a->range_rejection == b->range_rejection &&
               a->spin_effects == b->spin_effects &&
               a->in_place_below_MeV == b->in_place_below_MeV &&
               a->delta_ray_fraction == b->delta_ray_fraction &&
               a->step_fraction == b->step_fraction &&
               a->boundary_step == b->boundary_step &&
               a->kerma_estimator == b->kerma_estimator &&
               a->skeletal_targets == b->skeletal_targets &&
               a->skeletal_photons == b->skeletal_photons &&
               !a->drf_path == !b->drf_path &&
               !a->spongiosa_path == !b->spongiosa_path &&
               (!a->drf_path || !strcmp(a->drf_path, b->drf_path)) &&
               a->n_regions == b->n_regions &&
               a->sources.kind == b->sources.kind &&
               a->sources.n == b->sources.n &&
               a->targets.kind == b->targets.kind &&
               a->targets.n == b->targets.n &&
               a->dose_maps.kind == b->dose_maps.kind &&
               a->dose_maps.n == b->dose_maps.n;
    /* Histories of the particles the campaign runs: a count the manifest
     * gives for another one (`histories` when `particle_histories` covers
     * every listed particle) runs nothing and is not echoed. */
    for (int p = 0; same && p < a->n_particles; ++p)
        same = a->histories[a->particles[p]] == b->histories[a->particles[p]];
    if (same && a->use_precision)
        same = a->precision.relative == b->precision.relative &&
               a->precision.on == b->precision.on &&
               a->precision.max_histories == b->precision.max_histories;
    return same;
}

/* The echo of a valid manifest is itself a manifest with its values. */
static void check_echo(const sf_manifest *m)
{
    char *echo = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&echo, &len);
    if (!f)
        abort();
    sf_manifest_fprint(f, m);
    fclose(f);
    const sf_manifest *back = NULL;
    if (sf_manifest_parse(echo, "echo.yaml", &back) != SF_OK) {
        fprintf(stderr, "echo does not parse: %s\n--- echo:\n%s\n",
                sf_error_message(), echo);
        abort();
    }
    if (!same_values(m, back)) {
        fprintf(stderr, "echo parses to other values:\n%s\n", echo);
        abort();
    }
    sf_manifest_destroy(&back);
    free(echo);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    char *text = fuzz_string(data, n);
    const sf_manifest *m = NULL;
    if (sf_manifest_parse(text, "fuzz.yaml", &m) == SF_OK) {
        check_echo(m);
        sf_task_plan *plan = NULL;
        if (sf_manifest_resolve(m, phantom, &plan) == SF_OK)
            sf_manifest_plan_fprint(stdout, m, plan);
        sf_manifest_plan_destroy(&plan);
    }
    sf_manifest_destroy(&m);
    free(text);
    return 0;
}
