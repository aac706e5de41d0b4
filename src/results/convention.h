/* Which mass an SAF divides by (docs/exports.md, "Mass conventions").
 *
 *   voxel    every pair: the target's voxel mass, sum of m_vox over its
 *            voxels (saffron's own; what /saf holds);
 *   icrp133  self-irradiation pairs (target = source): the target mass with
 *            its blood, sum of m_vox x (1 + f_blood) over its voxels, f_blood
 *            from the phantom's blood table; cross-fire pairs: the voxel
 *            mass. This is what the published ICRP 133 files do (AM liver
 *            1.800 kg x 1.311 = 2.360 kg).
 *
 * The absorbed fractions are the same in both; only SAF = AF / mass moves. */
#ifndef SF_CONVENTION_H
#define SF_CONVENTION_H

#include <stddef.h>

#include "core/error.h"
#include "results/saf_table.h"

typedef enum sf_convention {
    SF_CONVENTION_VOXEL = 0,
    SF_CONVENTION_ICRP133 = 1
} sf_convention;

/* "icrp133" or "voxel"; `what` names the option in the error line. */
sf_status sf_convention_parse(const char *text, const char *what,
                              sf_convention *out);

const char *sf_convention_name(sf_convention c);

/* The mass (kg) SAF(source s -> target g) divides by in the table's
 * convention (t->convention). */
double sf_saf_pair_mass(const sf_saf_table *t, size_t s, size_t g);

/* Re-expresses a table's SAFs (and records the convention in it). Going to
 * icrp133 needs the blood-inclusive mass of every self-irradiation target;
 * the self pairs whose target lacks it (a phantom without a blood table, a
 * file older than /target_mass_blood_kg) keep the voxel mass and are
 * counted in *no_blood (may be NULL). Relative uncertainties and absorbed
 * fractions do not change. */
void sf_saf_table_apply_convention(sf_saf_table *t, sf_convention c,
                                   size_t *no_blood);

/* sf_saf_table_apply_convention, except that a table none of whose
 * self-irradiated targets has a blood-inclusive mass (its phantom has no
 * blood table: the stylized one) stays in the voxel convention, having no
 * other mass to offer. Returns the convention applied. */
sf_convention sf_saf_table_use_convention(sf_saf_table *t, sf_convention c,
                                          size_t *no_blood);

/* Self-irradiation pairs of the table and, of them, those whose target has
 * a blood-inclusive mass. */
void sf_saf_table_count_self(const sf_saf_table *t, size_t *self,
                             size_t *with_blood);

/* The SAF (kg^-1, in the table's convention) in the limit E -> 0, where
 * every particle deposits its energy where it is emitted: the share of the
 * source's mass that lies in the target over the pair's mass. Identical
 * regions give 1 / mass, disjoint ones 0; partly overlapping ones (a target
 * inside a source) need the per-label masses of the results file, and
 * without them, or without labels, count as disjoint unless they are the
 * same region by name, as the published files assume. */
double sf_saf_zero_energy_limit(const sf_saf_table *t, size_t s, size_t g);

#endif
