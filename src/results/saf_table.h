/* An SAF table in memory: the SAF (kg^-1), its relative 1-sigma
 * uncertainty and the absorbed fraction for every source, particle, energy
 * (MeV) and target, with the region names and masses (kg). It is what the
 * results file holds, what a reference file (ICRP 133 layout, CSV) is read
 * into, and what the export, compare, plot and svalue commands work on.
 *
 * Values are stored [source][particle][energy][target], as in the results
 * file; NaN marks a value that is unknown (task not done, uncertainty not
 * given by a reference). */
#ifndef SF_SAF_TABLE_H
#define SF_SAF_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define SF_SAF_NAME_MAX 96
#define SF_SAF_PARTICLE_MAX 16
/* Regions of more labels keep their labels unknown (n_labels -1). */
#define SF_SAF_LABELS_MAX 256

typedef struct sf_saf_region {
    char name[SF_SAF_NAME_MAX];
    int id;          /* phantom label when the region is one label, else -1 */
    double mass_kg;  /* sum of its voxel masses; NaN when unknown */
    /* With the blood of the phantom's blood table: the ICRP 133 target
     * mass (docs/exports.md); NaN when unknown. */
    double mass_blood_kg;
    /* The phantom labels it is made of, ascending; n_labels -1 when
     * unknown (a reference table, an older results file), 0 for a region
     * that is not a set of labels. */
    int n_labels;
    uint16_t labels[SF_SAF_LABELS_MAX];
} sf_saf_region;

typedef struct sf_saf_table {
    size_t n_sources, n_particles, n_energies, n_targets;
    sf_saf_region *sources;
    sf_saf_region *targets;
    char (*particles)[SF_SAF_PARTICLE_MAX];
    double *energies_MeV;            /* ascending */
    double *saf;                     /* kg^-1 */
    double *rel_unc;                 /* relative, 1 sigma */
    double *af;                      /* absorbed fraction */
    /* Voxel mass (kg) of every phantom label, when the results file has it
     * (NULL otherwise): the E -> 0 limit of a pair of overlapping regions
     * needs the mass they share. */
    double *label_mass_kg;
    size_t n_label_masses;
    /* The mass convention of saf[] (results/convention.h): 0, voxel, as
     * read from a results file; 1, icrp133, once re-expressed. */
    int convention;
} sf_saf_table;

/* Allocates a table of the given shape, every value NaN, names empty. */
sf_status sf_saf_table_create(size_t n_sources, size_t n_particles,
                              size_t n_energies, size_t n_targets,
                              sf_saf_table **out);

void sf_saf_table_destroy(sf_saf_table **t);

/* Flat index of a value. */
static inline size_t sf_saf_index(const sf_saf_table *t, size_t source,
                                  size_t particle, size_t energy,
                                  size_t target)
{
    return ((source * t->n_particles + particle) * t->n_energies + energy) *
               t->n_targets + target;
}

/* Index of a source / target / particle by name (case-insensitive), or -1. */
long sf_saf_find_source(const sf_saf_table *t, const char *name);
long sf_saf_find_target(const sf_saf_table *t, const char *name);
long sf_saf_find_particle(const sf_saf_table *t, const char *name);

/* Gives dst (made with src's numbers of particles and energies) src's
 * particles, energies, convention and per-label masses: what a table
 * derived from src (a selection, a mapping) keeps of it. */
sf_status sf_saf_table_copy_axes(sf_saf_table *dst, const sf_saf_table *src);

/* Sets a region to unknown: no name, id -1, masses NaN, labels unknown. */
void sf_saf_region_init(sf_saf_region *r);

/* 1 when source and target are the same region (self-irradiation): the
 * same labels when both are known label sets, else the same name
 * (case-insensitive). */
int sf_saf_region_same(const sf_saf_region *a, const sf_saf_region *b);

/* Index of the energy equal to e_MeV within the precision of a table
 * written with five decimals (5e-6 MeV) or 1e-4 relative, or -1. */
long sf_saf_find_energy(const sf_saf_table *t, double e_MeV);

#endif
