/* Helpers shared by the cmocka tests. Include after <cmocka.h>. */
#ifndef SF_TEST_SUPPORT_H
#define SF_TEST_SUPPORT_H

#define SF_TEST_SKIP 77 /* ctest SKIP_RETURN_CODE */

/* Directory of the ICRP 110 phantoms, or NULL (after printing why) when it
 * is absent. */
const char *sf_test_shared_data(void);

/* Exits with SF_TEST_SKIP, printing the reason, when ../shared is absent. */
const char *sf_test_require_shared_data(void);

/* Source tree root (for physics-data/ and jobs/). */
const char *sf_test_source_dir(void);

/* Path of a fresh scratch directory for this test (removed by the OS's tmp
 * cleaning; tests may create files inside). */
const char *sf_test_tmpdir(void);

#endif

#include "geometry/phantom.h"

/* A box of nx*ny*nz voxels of `spacing_cm`, origin at 0, all voxels label
 * 1, with n_labels regions ("R0", "R1", ...) all made of the built-in
 * material `material` at `density_g_cm3`. Callers may relabel voxels, then
 * call sf_phantom_update_masses. Aborts the test on failure. */
sf_phantom *sf_test_box_phantom(int nx, int ny, int nz, double spacing_cm,
                                const char *material, double density_g_cm3,
                                int n_labels);
