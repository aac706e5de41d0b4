#include "transport/particle.h"

#include "core/parse.h"

static const char *const names[SF_N_PARTICLE_TYPES] = {"photon", "electron",
                                                       "positron"};

const char *sf_particle_name(int type)
{
    return (type >= 0 && type < SF_N_PARTICLE_TYPES) ? names[type] : 0;
}

int sf_particle_from_name(const char *name)
{
    for (int t = 0; t < SF_N_PARTICLE_TYPES; ++t)
        if (sf_strieq(names[t], name))
            return t;
    return -1;
}
