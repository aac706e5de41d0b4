/* Physical constants shared by the modules that turn energies into doses
 * (a dose map's grays, an S value's J, a response function's Gy cm2). */
#ifndef SF_UNITS_H
#define SF_UNITS_H

/* Joules per MeV (CODATA 2018, exact since the 2019 SI). */
#define SF_J_PER_MEV 1.602176634e-13

#endif
