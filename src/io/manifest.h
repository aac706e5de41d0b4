/* Campaign manifests: the YAML file that says which SAFs to compute.
 *
 * A manifest is parsed, validated and frozen into a const sf_manifest; it is
 * then resolved against a loaded phantom into an sf_task_plan, the fixed
 * list of tasks the farm hands out. docs/manifest.md describes every key.
 *
 * Errors are one line, "FILE:LINE: FIELD: what was expected", LINE being the
 * 1-based line of the offending key or list item in the manifest.
 */
#ifndef SF_MANIFEST_H
#define SF_MANIFEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "geometry/phantom.h"
#include "transport/particle.h"

#define SF_MANIFEST_NAME_MAX 64

/* Particles (canonical order photon, electron, positron: tasks enumerate
 * them in this order) and transport modes are the kernel's own types. */

/* How skeletal targets (R-marrow, Endost-BS) score photons
 * (docs/skeleton.md); electrons always share the energy deposited in a
 * spongiosa voxel by mass fraction. */
typedef enum sf_skeletal_photons {
    /* The photon fluence in each spongiosa voxel times the target tissue's
     * kerma coefficient, times the tissue's mass there. */
    SF_SKELETAL_KERMA = 0,
    /* The energy deposited in a spongiosa voxel shared by mass fraction. */
    SF_SKELETAL_MASS_FRACTION
} sf_skeletal_photons;

/* Which tallies a precision rule watches. */
typedef enum sf_precision_on {
    SF_PRECISION_SELF = 0, /* the target that equals the source region */
    SF_PRECISION_ALL       /* every target that has received any energy */
} sf_precision_on;

typedef enum sf_list_kind {
    SF_LIST_ITEMS = 0, /* the items below */
    SF_LIST_ALL,       /* every in-body region of the phantom with voxels */
    SF_LIST_NONE       /* nothing (dose_maps only) */
} sf_list_kind;

/* A list of region names or labels as written, with the manifest line of
 * each item so that resolution errors can point at it. */
typedef struct sf_manifest_list {
    sf_list_kind kind;
    size_t n;
    char **items;
    int *lines;
    int line;           /* line of the key */
} sf_manifest_list;

/* A named union of phantom labels (the manifest's `regions:`). */
typedef struct sf_manifest_region {
    char *name;
    size_t n_labels;
    uint16_t *labels;   /* in the order written, no duplicates */
    int line;
} sf_manifest_region;

typedef struct sf_manifest {
    char *origin;        /* file name used in error lines */
    char *text;          /* the manifest text verbatim, for provenance */

    char name[SF_MANIFEST_NAME_MAX];
    uint32_t seed;
    char *phantom;       /* as written */
    char *phantom_path;  /* relative paths joined to the manifest's dir */
    int phantom_line;

    size_t n_regions;
    sf_manifest_region *regions;

    sf_manifest_list sources;   /* SF_LIST_ITEMS or SF_LIST_ALL */
    sf_manifest_list targets;   /* SF_LIST_ITEMS or SF_LIST_ALL (default) */
    sf_manifest_list dose_maps; /* any kind; default SF_LIST_NONE */

    int n_particles;
    sf_particle_type particles[SF_N_PARTICLE_TYPES]; /* canonical order, unique */

    char energy_preset[16];     /* "opendose", "icrp133" or "" for a list */
    size_t n_energies;
    double *energies_MeV;       /* ascending, unique */

    /* Exactly one of a fixed count and a precision rule. */
    int use_precision;
    uint64_t histories[SF_N_PARTICLE_TYPES]; /* per task; with a precision
                                            * rule, its max_histories */
    struct {
        double relative;        /* target relative standard error, (0,1) */
        sf_precision_on on;
        uint64_t max_histories;
        /* With on: self, the relative standard error every other target
         * of at least cross_fire_min_mass_kg must reach too, unless it
         * cannot within max_histories (farm/precision.h); 0: none. */
        double cross_fire;
        double cross_fire_min_mass_kg;
    } precision;

    uint64_t chunk_histories;   /* the farm's unit of work */
    sf_transport_mode mode;
    double electron_cutoff_MeV;
    /* 1: electron range rejection (sf_world_options.electron_range_rejection;
     * docs/manifest.md says when it is appropriate). */
    int range_rejection;
    /* 0: the elastic cross section without the Mott factor ("spin effects
     * off", sf_world_options.electron_elastic; for comparisons with codes
     * run so); 1, the default: with it. */
    int spin_effects;
    /* Electrons below this energy that cannot leave their label slow down
     * in place (sf_world_options.electron_in_place_below_MeV; 0: off). */
    double in_place_below_MeV;
    /* Growth of the delta-ray threshold with the projectile's energy
     * (sf_world_options.delta_ray_fraction; 0: a fixed 10 keV). */
    double delta_ray_fraction;
    /* Condensed-step sizes (sf_world_options.electron_step_fraction and
     * electron_boundary_step; docs/electron-transport.md, "Step sizes"). */
    double step_fraction, boundary_step;
    /* Kerma mode: how photon energy is scored
     * (sf_world_options.kerma_estimator; docs/variance-reduction.md). */
    sf_kerma_estimator kerma_estimator;
    /* 1 (default): `targets: all` on a phantom with spongiosa data adds the
     * skeletal targets R-marrow and Endost-BS. */
    int skeletal_targets;
    sf_skeletal_photons skeletal_photons;
    /* Skeletal photon response functions (transport/drf.h), the path
     * joined to the manifest's directory; NULL: the kerma approximation. */
    char *drf_path;
    /* A table of red marrow, yellow marrow and bone fractions per region
     * for a phantom without one (geometry/skeleton.h), joined to the
     * manifest's directory; NULL: the phantom's own, if any. */
    char *spongiosa_path;
} sf_manifest;

/* One simulation: a source, a particle, an energy. */
typedef struct sf_task {
    uint32_t id;                /* index in the whole campaign's plan */
    uint32_t source;            /* index into sf_task_plan.sources */
    sf_particle_type particle;
    uint32_t energy_index;      /* index into sf_manifest.energies_MeV */
    double energy_MeV;
    uint64_t histories;         /* fixed count, or the cap of the rule */
    int dose_map;               /* write the 3-D dose map of this task */
} sf_task;

/* A set of phantom labels under one name (a region or a union), or a
 * skeletal region: a share of the mass of some labels. */
typedef struct sf_label_set {
    char name[SF_REGION_NAME_MAX];
    size_t n_labels;
    uint16_t *labels;           /* ascending */
    /* Per label, the fraction of its mass in the region (NULL: all of it);
     * skeletal is 1 + the sf_skeletal_region (geometry/skeleton.h) for a
     * skeletal region, 0 otherwise. */
    double *weights;
    int skeletal;
    int64_t voxels;
    double mass_kg;             /* sum of weight x label mass */
    /* With the blood the phantom's blood table assigns (the ICRP 133 target
     * mass, docs/exports.md); NaN when the phantom has no such table. */
    double mass_blood_kg;
} sf_label_set;

/* 1 when two label sets are the same region whatever their names: the
 * same labels with the same weights, else 0. */
int sf_label_set_same(const sf_label_set *a, const sf_label_set *b);

typedef struct sf_task_plan {
    size_t n_sources;
    sf_label_set *sources;
    size_t n_targets;
    sf_label_set *targets;
    size_t n_tasks;
    sf_task *tasks;             /* source-major, then particle, then energy */
    /* A shard's plan (farm/shard.h) keeps only the shard's tasks, in id
     * order; ids stay those of the whole campaign. shard_count is 0 for the
     * whole campaign. */
    size_t n_campaign_tasks;
    uint32_t shard_index, shard_count;
} sf_task_plan;

/* Reads the text of a manifest file (malloc'ed; it must be text, at most
 * 16 MiB). */
sf_status sf_manifest_read_text(const char *path, char **out);

/* Reads and parses the manifest file at `path`. */
sf_status sf_manifest_load(const char *path, const sf_manifest **out);

/* Parses manifest text. `origin` names it in error lines and is taken as
 * the manifest's path: relative phantom paths are resolved against its
 * directory (none if it has no '/'). */
sf_status sf_manifest_parse(const char *text, const char *origin,
                            const sf_manifest **out);

/* Frees a manifest and sets *m to NULL; accepts NULL and *m == NULL. */
void sf_manifest_destroy(const sf_manifest **m);

/* "photon", "electron", "positron". */
const char *sf_manifest_particle_name(sf_particle_type p);

/* Loads the manifest's phantom, with the manifest's spongiosa table when
 * it names one: every command that resolves a manifest loads it so, so that
 * they all see (and checksum) the same phantom. */
sf_status sf_manifest_load_phantom(const sf_manifest *m, sf_phantom **out);

/* Turns sources and targets into label sets of `ph` and enumerates the
 * tasks. Unknown regions, regions without voxels and dose maps for regions
 * that are not sources are errors naming the manifest line. */
sf_status sf_manifest_resolve(const sf_manifest *m, const sf_phantom *ph,
                              sf_task_plan **out);

void sf_manifest_plan_destroy(sf_task_plan **plan);

/* Writes the validated configuration as a manifest (YAML) that parses back
 * to the same values: the echo of `--dry-run` and of result files. */
void sf_manifest_fprint(FILE *f, const sf_manifest *m);

/* Writes the resolved plan: label sets and one line per task. */
void sf_manifest_plan_fprint(FILE *f, const sf_manifest *m,
                             const sf_task_plan *plan);

#endif
