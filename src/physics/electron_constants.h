/* Physical constants used by the electron and positron physics (CODATA 2018,
 * Tiesinga et al., Rev. Mod. Phys. 93, 025010 (2021)). Kept apart from the
 * photon modules so that the electron data stay self-contained. */
#ifndef SF_ELECTRON_CONSTANTS_H
#define SF_ELECTRON_CONSTANTS_H

#define SF_EL_MC2_MEV 0.51099895000      /* electron rest energy */
#define SF_EL_RE_CM 2.8179403262e-13     /* classical electron radius */
#define SF_EL_ALPHA 7.2973525693e-3      /* fine-structure constant */
#define SF_EL_AVOGADRO 6.02214076e23     /* 1/mol */
#define SF_EL_PI 3.14159265358979323846

/* 2 pi r_e^2 m c^2 N_A, MeV cm2/mol: the prefactor of the Bethe formula
 * (ICRU Report 37). */
#define SF_EL_BETHE_K (2.0 * SF_EL_PI * SF_EL_RE_CM * SF_EL_RE_CM * \
                       SF_EL_MC2_MEV * SF_EL_AVOGADRO)

#endif
