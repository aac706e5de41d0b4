/* Chemical elements Z = 1..98 (the range of the photon data). */
#ifndef SF_ELEMENTS_H
#define SF_ELEMENTS_H

#define SF_Z_MAX 98

/* Symbol of element Z ("H", "Fe"); NULL when Z is out of 1..SF_Z_MAX. */
const char *sf_element_symbol(int Z);

/* Z of a symbol, matched exactly as written ("Fe", not "FE"); 0 if unknown. */
int sf_element_z(const char *symbol);

#endif
