/* Atomic weights and mean excitation energies for the electron physics. */
#include "physics/electron_elements.h"

#include <math.h>

#include "physics/elements.h"

/* Standard atomic weights, g/mol: IUPAC Commission on Isotopic Abundances
 * and Atomic Weights, "Standard atomic weights of the elements 2013"
 * (Meija et al., Pure Appl. Chem. 88, 265 (2016)), conventional values for
 * the elements given as intervals; mass number of the longest-lived
 * isotope for the elements without a standard atomic weight (Tc, Pm, Po,
 * At, Rn, Fr, Ra, Ac, Np, Pu, Am, Cm, Bk, Cf). */
static const double atomic_weight[SF_Z_MAX + 1] = {
    0.0,
    1.008,        4.002602,   6.94,        9.0121831,  10.81,
    12.011,       14.007,     15.999,      18.998403163, 20.1797,
    22.98976928,  24.305,     26.9815385,  28.085,     30.973761998,
    32.06,        35.45,      39.948,      39.0983,    40.078,
    44.955908,    47.867,     50.9415,     51.9961,    54.938044,
    55.845,       58.933194,  58.6934,     63.546,     65.38,
    69.723,       72.630,     74.921595,   78.971,     79.904,
    83.798,       85.4678,    87.62,       88.90584,   91.224,
    92.90637,     95.95,      98.0,        101.07,     102.90550,
    106.42,       107.8682,   112.414,     114.818,    118.710,
    121.760,      127.60,     126.90447,   131.293,    132.90545196,
    137.327,      138.90547,  140.116,     140.90766,  144.242,
    145.0,        150.36,     151.964,     157.25,     158.92535,
    162.500,      164.93033,  167.259,     168.93422,  173.045,
    174.9668,     178.49,     180.94788,   183.84,     186.207,
    190.23,       192.217,    195.084,     196.966569, 200.592,
    204.38,       207.2,      208.98040,   209.0,      210.0,
    222.0,        223.0,      226.0,       227.0,      232.0377,
    231.03588,    238.02891,  237.0,       244.0,      243.0,
    247.0,        247.0,      251.0};

/* Mean excitation energies of the elements, eV: ICRU Report 37 (1984),
 * the values adopted in ICRU Report 49 and used by NIST ESTAR. */
static const double mean_excitation[SF_Z_MAX + 1] = {
    0.0,
    19.2,  41.8,  40.0,  63.7,  76.0,  78.0,  82.0,  95.0,  115.0, 137.0,
    149.0, 156.0, 166.0, 173.0, 173.0, 180.0, 174.0, 188.0, 190.0, 191.0,
    216.0, 233.0, 245.0, 257.0, 272.0, 286.0, 297.0, 311.0, 322.0, 330.0,
    334.0, 350.0, 347.0, 348.0, 343.0, 352.0, 363.0, 366.0, 379.0, 393.0,
    417.0, 424.0, 428.0, 441.0, 449.0, 470.0, 470.0, 469.0, 488.0, 488.0,
    487.0, 485.0, 491.0, 482.0, 488.0, 491.0, 501.0, 523.0, 535.0, 546.0,
    560.0, 574.0, 580.0, 591.0, 614.0, 628.0, 650.0, 658.0, 674.0, 684.0,
    694.0, 705.0, 718.0, 727.0, 736.0, 746.0, 757.0, 790.0, 790.0, 800.0,
    810.0, 823.0, 823.0, 830.0, 825.0, 794.0, 827.0, 826.0, 841.0, 847.0,
    878.0, 890.0, 902.0, 921.0, 934.0, 939.0, 952.0, 966.0};

double sf_electron_atomic_weight(int Z)
{
    return (Z >= 1 && Z <= SF_Z_MAX) ? atomic_weight[Z] : 0.0;
}

double sf_electron_mean_excitation_eV(int Z)
{
    return (Z >= 1 && Z <= SF_Z_MAX) ? mean_excitation[Z] : 0.0;
}

/* Chemical binding and the condensed phase raise the I values of the
 * constituents. Seltzer & Berger, Int. J. Appl. Radiat. Isot. 33, 1189
 * (1982), adopted in ICRU 37: in condensed
 * compounds H 19.2, C 81.0, N 82.0, O 106.0, F 112.0, Cl 180.0 eV and
 * 1.13 times the elemental value for every other element; in gaseous
 * compounds H 19.2, C 70.0, N 82.0, O 97.0 eV and the elemental value
 * (which is itself a gas-phase value for the gaseous elements) otherwise. */
double sf_electron_mean_excitation_in_compound_eV(int Z, int condensed)
{
    if (Z < 1 || Z > SF_Z_MAX)
        return 0.0;
    if (condensed) {
        switch (Z) {
        case 1: return 19.2;
        case 6: return 81.0;
        case 7: return 82.0;
        case 8: return 106.0;
        case 9: return 112.0;
        case 17: return 180.0;
        default: return 1.13 * mean_excitation[Z];
        }
    }
    switch (Z) {
    case 1: return 19.2;
    case 6: return 70.0;
    case 7: return 82.0;
    case 8: return 97.0;
    default: return mean_excitation[Z];
    }
}

double sf_electron_z_over_a(const sf_material *m)
{
    double s = 0.0;
    for (int i = 0; i < m->n_elements; ++i)
        s += m->mass_fraction[i] * m->Z[i] /
             sf_electron_atomic_weight(m->Z[i]);
    return s;
}

sf_status sf_electron_mean_excitation_mixture_eV(const sf_material *m,
                                                 int condensed, double *I_eV)
{
    if (m->n_elements < 1)
        SF_FAIL(SF_ERR_VALUE, "material '%s': no elements, expected at "
                "least one", m->name);
    for (int i = 0; i < m->n_elements; ++i)
        if (m->Z[i] < 1 || m->Z[i] > SF_Z_MAX)
            SF_FAIL(SF_ERR_VALUE, "material '%s': element Z=%d is outside "
                    "1..%d", m->name, m->Z[i], SF_Z_MAX);
    if (m->n_elements == 1) {
        *I_eV = sf_electron_mean_excitation_eV(m->Z[0]);
        return SF_OK;
    }
    double num = 0.0, den = 0.0;
    for (int i = 0; i < m->n_elements; ++i) {
        double n_el = m->mass_fraction[i] * m->Z[i] /
                      sf_electron_atomic_weight(m->Z[i]);
        num += n_el * log(sf_electron_mean_excitation_in_compound_eV(
                          m->Z[i], condensed));
        den += n_el;
    }
    *I_eV = exp(num / den);
    return SF_OK;
}
