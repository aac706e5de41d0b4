/* Per-element photon interaction data read from physics-data/photon/.
 *
 * The files are generated once by saffron-datagen (linked with xraylib) and
 * committed; at run time no xraylib is needed. Format: docs/physics-data.md.
 * Energies in MeV, cross sections as mass attenuation coefficients in cm2/g,
 * momentum transfer x = sin(theta/2)/lambda in 1/angstrom.
 */
#ifndef SF_PHOTON_DATA_H
#define SF_PHOTON_DATA_H

#include "core/error.h"
#include "physics/elements.h"

#define SF_PHOTON_DATA_FORMAT_VERSION 1
#define SF_MAX_K_LINES 4
#define SF_S_SQUEEZE_LEVELS 8

/* Levels of the S(x,Z)/Z squeeze, ascending (photon_data.c). */
extern const double sf_s_squeeze_level[SF_S_SQUEEZE_LEVELS];

/* Lowest and highest photon energy covered by the tables, MeV. */
#define SF_PHOTON_E_MIN_MEV 1.0e-3
#define SF_PHOTON_E_MAX_MEV 20.0

typedef enum sf_photon_process {
    SF_PROC_PHOTO = 0,  /* photoelectric absorption, all shells */
    SF_PROC_INCOH,      /* incoherent (Compton) scattering, with S(x,Z) */
    SF_PROC_COH,        /* coherent (Rayleigh) scattering, with F(x,Z) */
    SF_PROC_PAIR_NUC,   /* pair production in the nuclear field */
    SF_PROC_PAIR_EL,    /* pair production in the electron field (triplet) */
    SF_NPROC
} sf_photon_process;

/* Short name of a process ("photoelectric", "incoherent", ...). */
const char *sf_photon_process_name(sf_photon_process p);

typedef struct sf_element_photon {
    int Z;
    double atomic_weight_g_mol;

    /* Cross sections on the element's own grid: ascending energies in MeV;
     * an absorption edge appears as two equal consecutive energies, the
     * value just below the edge first. */
    int n_energy;
    double *energy_MeV;
    double *xs_cm2_g[SF_NPROC];
    double *photo_K_cm2_g;      /* K-shell part of photoelectric (0 below K) */

    /* Form factor F(x,Z) (F(0)=Z) and incoherent scattering function S(x,Z)
     * (S(0)=0, S->Z for large x), x ascending with x[0] = 0. */
    int n_x;
    double *x_inv_angstrom;
    double *form_factor;
    double *scatter_function;
    /* Per interval i of the S(x,Z) table, ln(S_i+1 / S_i) then
     * ln(x_i+1 / x_i) where the log-log interpolation uses them (0
     * elsewhere), set by the loader: the Compton sampler's lookup then
     * takes one logarithm instead of three, with the same result to the
     * bit. NULL (a hand-built element): the lookup computes them. */
    double *s_log_ratio;
    /* Squeeze for the rejection on S(x,Z)/Z (compton.c): for every x >=
     * s_squeeze_x[k], the interpolated S(x,Z) >= sf_s_squeeze_level[k] Z,
     * so an acceptance draw below that level needs no table lookup. Set by
     * the loader; s_squeeze_n = 0 (a zeroed struct) disables it. */
    int s_squeeze_n;
    double s_squeeze_x[SF_S_SQUEEZE_LEVELS];

    /* Atomic relaxation data used by the photoelectric sampler. */
    double binding_MeV_K, binding_MeV_L1, binding_MeV_L2, binding_MeV_L3;
    double fluor_yield_K;               /* probability a K vacancy radiates */
    int n_k_lines;
    double k_line_MeV[SF_MAX_K_LINES];  /* K x-ray line energies */
    double k_line_prob[SF_MAX_K_LINES]; /* relative rates, summing to 1 */
} sf_element_photon;

typedef struct sf_photon_data {
    /* elem[Z] is loaded when elem[Z].n_energy > 0. */
    sf_element_photon elem[SF_Z_MAX + 1];
    /* SHA-256 (hex) of the data set's index file, which lists every data
     * file with its own SHA-256: the provenance checksum of the whole set. */
    char checksum[65];
    char dir[4096];
    /* The index's SHA-256 (hex) of element Z's file; "" if not listed. */
    char index_sha256[SF_Z_MAX + 1][65];
} sf_photon_data;

/* Directory used when none is given: $SAFFRON_DATA/photon if set, else the
 * photon directory of the source tree the binary was built from, else the
 * installed one. */
const char *sf_photon_data_default_dir(void);

/* Loads the elements listed (all available ones if Z_list is NULL), checking
 * each file's format version and its SHA-256 against the index. */
sf_status sf_photon_data_load(const char *dir, const int *Z_list, int n_Z,
                              sf_photon_data **out);

/* Makes sure element Z is loaded (used when materials are added later). */
sf_status sf_photon_data_require(sf_photon_data *pd, int Z);

void sf_photon_data_destroy(sf_photon_data **pd);

/* Log-log interpolated cross section of one process, cm2/g; 0 below the
 * process threshold. Energy must lie in [SF_PHOTON_E_MIN_MEV,
 * SF_PHOTON_E_MAX_MEV]. */
double sf_element_xs(const sf_element_photon *e, sf_photon_process p,
                     double E_MeV);

/* K-shell photoelectric cross section, cm2/g. */
double sf_element_photo_K(const sf_element_photon *e, double E_MeV);

/* Whether xi * sigma_photo(E) < sigma_K(E) (xi in [0,1)): the K-shell choice
 * of the photoelectric sampler, with one interval search and, mostly, no
 * interpolation at all (the ratio of the two log-log interpolants lies
 * between its values at the interval's ends). */
int sf_element_photo_is_K(const sf_element_photon *e, double E_MeV, double xi);

/* Sets the derived fields of an S(x) table filled by hand (s_log_ratio,
 * and the squeeze when e->Z > 0), as the loader does for a file's; whoever
 * owns the table frees e->s_log_ratio with it. */
sf_status sf_element_scatter_prepare(sf_element_photon *e);

/* Interpolated F(x,Z) and S(x,Z) (linear in x between grid points near 0,
 * log-log above). */
double sf_element_form_factor(const sf_element_photon *e, double x_inv_A);
double sf_element_scatter_function(const sf_element_photon *e,
                                   double x_inv_A);

#endif
