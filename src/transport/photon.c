/* Photon transport by Woodcock (delta) tracking: flights are sampled with
 * the majorant attenuation coefficient of the whole phantom, and a
 * tentative collision in a voxel is real with probability mu(voxel)/mu_max
 * (Woodcock et al., ANL-7050, 1965). No voxel boundary is ever computed. */
#include <math.h>
#include <string.h>

#include "physics/bethe_heitler.h"
#include "physics/compton.h"
#include "physics/kinematics.h"
#include "physics/pair.h"
#include "physics/photoelectric.h"
#include "physics/rayleigh.h"
#include "transport/history.h"

typedef struct collision {
    int process;  /* sf_photon_process */
    int slot;     /* element slot in the cross-section tables */
    int k;        /* element index within the material */
} collision;

/* Chooses the process, then the element within it, from the per-element
 * cross sections at this energy (the same grid point as the flight). */
static collision choose_collision(const sf_photon_xs *xs, int material,
                                  sf_xs_point xp, sf_rng *rng)
{
    const sf_xs_material *xm = &xs->materials[material];
    double part[SF_MAX_MAT_ELEMENTS][SF_NPROC];
    double by_process[SF_NPROC] = {0};
    for (int k = 0; k < xm->n_elements; ++k)
        for (int p = 0; p < SF_NPROC; ++p) {
            double v = xm->mass_fraction[k] *
                       sf_xs_interp(sf_photon_xs_element_row(xs, xm->slot[k],
                                                             (sf_photon_process)p), xp);
            part[k][p] = v > 0 ? v : 0;
            by_process[p] += part[k][p];
        }
    double total = 0;
    for (int p = 0; p < SF_NPROC; ++p)
        total += by_process[p];
    double r = sf_rng_uniform(rng) * total;
    int proc = 0;
    while (proc < SF_NPROC - 1 && (r >= by_process[proc] || by_process[proc] <= 0)) {
        r -= by_process[proc];
        ++proc;
    }
    double r2 = sf_rng_uniform(rng) * by_process[proc];
    int k = 0;
    while (k < xm->n_elements - 1 && (r2 >= part[k][proc] || part[k][proc] <= 0)) {
        r2 -= part[k][proc];
        ++k;
    }
    collision c = {proc, xm->slot[k], k};
    return c;
}

static void emit_charged(sf_history_scratch *s, const double pos[3],
                         const double dir[3], double T_MeV, int type)
{
    sf_particle q;
    memcpy(q.pos_cm, pos, sizeof q.pos_cm);
    memcpy(q.dir, dir, sizeof q.dir);
    q.energy_MeV = T_MeV;
    q.type = type;
    q.generation = 1;
    sf_charged_transport(s->w, &q, s);
}

static void emit_photon(sf_history_scratch *s, const double pos[3],
                        const double dir[3], double E_MeV, int64_t voxel)
{
    if (E_MeV < s->w->opt.photon_cutoff_MeV) {
        sf_history_deposit(s, voxel, E_MeV, SF_ENERGY_CUTOFF);
        return;
    }
    sf_particle q;
    memcpy(q.pos_cm, pos, sizeof q.pos_cm);
    memcpy(q.dir, dir, sizeof q.dir);
    q.energy_MeV = E_MeV;
    q.type = SF_PARTICLE_PHOTON;
    q.generation = 1;
    sf_history_push(s, &q);
}

static void do_photoelectric(const sf_world *w, sf_particle *p, collision c,
                             int64_t voxel, sf_history_scratch *s)
{
    sf_photoelectric_result r;
    sf_photoelectric_sample(&w->pd->elem[w->xs->Z[c.slot]], p->energy_MeV,
                            &s->rng, &r);
    sf_history_deposit(s, voxel, r.local_MeV, SF_ENERGY_DEPOSITED);
    if (r.fluorescence_MeV > 0) {
        double d[3];
        sf_isotropic_direction(&s->rng, d);
        emit_photon(s, p->pos_cm, d, r.fluorescence_MeV, voxel);
    }
    if (r.electron_MeV > 0) {
        double d[3] = {p->dir[0], p->dir[1], p->dir[2]};
        sf_rotate(d, r.electron_cos_theta, sf_azimuth(&s->rng));
        emit_charged(s, p->pos_cm, d, r.electron_MeV, SF_PARTICLE_ELECTRON);
    }
}

/* Compton scattering: the electron takes the momentum the photon lost,
 * p_e = k - k' (free-electron kinematics, as in the sampler). */
static void do_incoherent(const sf_world *w, sf_particle *p, collision c,
                          int64_t voxel, sf_history_scratch *s)
{
    double E = p->energy_MeV, E1, cos_t;
    sf_compton_sample(&w->pd->elem[w->xs->Z[c.slot]], E, &s->rng, &E1, &cos_t);
    double d0[3] = {p->dir[0], p->dir[1], p->dir[2]};
    sf_rotate(p->dir, cos_t, sf_azimuth(&s->rng));
    double T = E - E1;
    if (T > 0) {
        double pe[3], n = 0;
        for (int a = 0; a < 3; ++a) {
            pe[a] = E * d0[a] - E1 * p->dir[a];
            n += pe[a] * pe[a];
        }
        n = sqrt(n);
        if (n > 0)
            for (int a = 0; a < 3; ++a)
                pe[a] /= n;
        else
            memcpy(pe, d0, sizeof pe);
        emit_charged(s, p->pos_cm, pe, T, SF_PARTICLE_ELECTRON);
    }
    p->energy_MeV = E1;
    (void)voxel;
}

static void do_pair(const sf_world *w, sf_particle *p, collision c,
                    sf_history_scratch *s)
{
    sf_pair_result r;
    sf_pair_sample(&w->pair[c.slot], (sf_photon_process)c.process,
                   p->energy_MeV, &s->rng, &r);
    /* The photon energy not given to the leptons became their rest mass;
     * annihilation gives it back if the positron stops in the phantom. */
    s->energy[SF_ENERGY_PAIR_MASS] +=
        p->energy_MeV - r.electron_MeV - r.positron_MeV;
    double de[3] = {p->dir[0], p->dir[1], p->dir[2]};
    double dp[3] = {p->dir[0], p->dir[1], p->dir[2]};
    sf_rotate(de, r.electron_cos_theta, r.electron_phi);
    sf_rotate(dp, r.positron_cos_theta, r.positron_phi);
    emit_charged(s, p->pos_cm, de, r.electron_MeV, SF_PARTICLE_ELECTRON);
    emit_charged(s, p->pos_cm, dp, r.positron_MeV, SF_PARTICLE_POSITRON);
}

void sf_photon_transport(const sf_world *w, sf_particle *p,
                         sf_history_scratch *s)
{
    const sf_photon_xs *xs = w->xs;
    const uint16_t *labels = w->ph->label;
    int collided = 0;
    for (;;) {
        if (p->energy_MeV < w->opt.photon_cutoff_MeV) {
            int64_t v = sf_world_voxel(w, p->pos_cm);
            if (v >= 0)
                sf_history_deposit(s, v, p->energy_MeV, SF_ENERGY_CUTOFF);
            else
                s->energy[SF_ENERGY_ESCAPED] += p->energy_MeV;
            return;
        }
        sf_xs_point xp = sf_photon_xs_locate(xs, p->energy_MeV);
        double mu_max = sf_xs_interp(w->majorant_cm, xp);
        int64_t v;
        int material;
        for (;;) {
            double step = -log(sf_rng_uniform(&s->rng)) / mu_max;
            for (int a = 0; a < 3; ++a)
                p->pos_cm[a] += step * p->dir[a];
            v = sf_world_voxel(w, p->pos_cm);
            if (v < 0) {
                s->energy[SF_ENERGY_ESCAPED] += p->energy_MeV;
                if (!collided && p->generation == 0)
                    s->counter[SF_COUNT_UNCOLLIDED_ESCAPES]++;
                return;
            }
            int label = labels[v];
            material = w->label_material[label];
            double mu = material < 0 ? 0.0
                        : w->label_density[label] *
                              sf_xs_interp(sf_photon_xs_total_row(xs, material), xp);
            if (sf_rng_uniform(&s->rng) * mu_max < mu)
                break;
            s->counter[SF_COUNT_VIRTUAL_COLLISIONS]++;
        }
        s->counter[SF_COUNT_REAL_COLLISIONS]++;
        s->events++;
        collided = 1;
        collision c = choose_collision(xs, material, xp, &s->rng);
        switch (c.process) {
        case SF_PROC_PHOTO:
            do_photoelectric(w, p, c, v, s);
            return;
        case SF_PROC_INCOH:
            do_incoherent(w, p, c, v, s);
            break;
        case SF_PROC_COH: {
            double cos_t;
            sf_rayleigh_sample(w->rayleigh[c.slot], p->energy_MeV, &s->rng,
                               &cos_t);
            sf_rotate(p->dir, cos_t, sf_azimuth(&s->rng));
            break;
        }
        default:
            do_pair(w, p, c, s);
            return;
        }
        if (s->events > SF_MAX_EVENTS_PER_HISTORY) {
            sf_history_deposit(s, v, p->energy_MeV, SF_ENERGY_CUTOFF);
            s->counter[SF_COUNT_EVENT_LIMIT]++;
            return;
        }
    }
}
