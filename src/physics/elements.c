#include "physics/elements.h"

#include <string.h>

static const char *const symbols[SF_Z_MAX + 1] = {
    "",   "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na",
    "Mg", "Al", "Si", "P",  "S",  "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",
    "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br",
    "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag",
    "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr",
    "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
    "Hf", "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi",
    "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",  "Np", "Pu", "Am",
    "Cm", "Bk", "Cf"};

const char *sf_element_symbol(int Z)
{
    return (Z >= 1 && Z <= SF_Z_MAX) ? symbols[Z] : NULL;
}

int sf_element_z(const char *symbol)
{
    if (!symbol)
        return 0;
    for (int Z = 1; Z <= SF_Z_MAX; ++Z)
        if (strcmp(symbols[Z], symbol) == 0)
            return Z;
    return 0;
}
