/* The charged-particle interface of the kernel. */
#include <string.h>

#include "physics/bethe_heitler.h"
#include "physics/kinematics.h"
#include "transport/history.h"

/* A positron at rest annihilates into two photons of m c^2, back to back,
 * in an isotropic direction; their energy comes from rest mass. */
static void annihilate_at_rest(sf_history_scratch *s, const double pos[3])
{
    sf_particle g;
    memcpy(g.pos_cm, pos, sizeof g.pos_cm);
    sf_isotropic_direction(&s->rng, g.dir);
    g.energy_MeV = SF_ELECTRON_MASS_MEV;
    g.type = SF_PARTICLE_PHOTON;
    g.generation = 1;
    s->energy[SF_ENERGY_ANNIHILATION] += 2 * SF_ELECTRON_MASS_MEV;
    sf_history_push(s, &g);
    for (int a = 0; a < 3; ++a)
        g.dir[a] = -g.dir[a];
    sf_history_push(s, &g);
}

void sf_charged_transport(const sf_world *w, sf_particle *p,
                          sf_history_scratch *s)
{
    int64_t v = sf_world_voxel(w, p->pos_cm);
    if (v < 0) {
        /* Created outside (a source placed there): it leaves at once. */
        s->energy[SF_ENERGY_ESCAPED] += p->energy_MeV;
        return;
    }
    /* Kerma mode (the coupled kernel is selected by the world's mode and
     * is not in this build yet; sf_world_build refuses it). */
    sf_history_deposit(s, v, p->energy_MeV, SF_ENERGY_DEPOSITED);
    if (p->type == SF_PARTICLE_POSITRON)
        annihilate_at_rest(s, p->pos_cm);
}
