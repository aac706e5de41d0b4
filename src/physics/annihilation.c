#include "physics/annihilation.h"

#include "physics/kinematics.h"

void sf_annihilation_at_rest(sf_rng *rng, double d1[3], double d2[3])
{
    sf_isotropic_direction(rng, d1);
    d2[0] = -d1[0];
    d2[1] = -d1[1];
    d2[2] = -d1[2];
}
