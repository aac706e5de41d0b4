/* Photon transport by Woodcock (delta) tracking with local majorants:
 * tentative collisions are sampled with a majorant attenuation coefficient
 * that is constant over each block of a coarse grid (majorant_grid.h), and
 * a tentative collision in a voxel is real with probability
 * mu(voxel)/mu_block (Woodcock et al., ANL-7050, 1965; local majorants as
 * in Leppanen, Ann. Nucl. Energy 37 (2010) 715). No voxel boundary is ever
 * computed; only the few block faces along a flight are. */
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

/* Chooses the process from the material's per-process coefficients, then
 * the element within that process from the per-element cross sections at
 * this energy (the same grid point as the flight). Only the chosen
 * process's element rows are read: the same distribution as drawing from
 * the full element x process table, at a fifth of the lookups. */
static collision choose_collision(const sf_photon_xs *xs, int material,
                                  sf_xs_point xp, sf_rng *rng)
{
    const sf_xs_material *xm = &xs->materials[material];
    const double *p0 = sf_photon_xs_material_proc(xs, material, xp.i);
    double by_process[SF_NPROC], total = 0;
    for (int p = 0; p < SF_NPROC; ++p) {
        double v = p0[p] + xp.f * (p0[SF_NPROC + p] - p0[p]);
        by_process[p] = v > 0 ? v : 0;
        total += by_process[p];
    }
    double r = sf_rng_uniform32(rng) * total;
    int proc = 0;
    while (proc < SF_NPROC - 1 && (r >= by_process[proc] || by_process[proc] <= 0)) {
        r -= by_process[proc];
        ++proc;
    }
    /* Compton scattering samples on the material's mixed S(x) table
     * (world.h): no element to choose. */
    if (proc == SF_PROC_INCOH) {
        collision c = {proc, -1, -1};
        return c;
    }
    double r2 = sf_rng_uniform32(rng) * by_process[proc];
    int k = 0;
    for (; k < xm->n_elements - 1; ++k) {
        double v = xm->mass_fraction[k] *
                   sf_xs_interp(sf_photon_xs_element_row(xs, xm->slot[k],
                                                         (sf_photon_process)proc), xp);
        if (v > 0 && r2 < v)
            break;
        if (v > 0)
            r2 -= v;
    }
    collision c = {proc, xm->slot[k], k};
    return c;
}

static void emit_charged(sf_history_scratch *s, const double pos[3],
                         const double dir[3], double T_MeV, int type)
{
    sf_particle q = sf_particle_make(pos, dir, T_MeV, type, 1);
    sf_charged_transport(s->w, &q, s);
}

static void emit_photon(sf_history_scratch *s, const double pos[3],
                        const double dir[3], double E_MeV, int64_t voxel)
{
    if (E_MeV < s->w->opt.photon_cutoff_MeV) {
        sf_history_deposit(s, voxel, E_MeV, SF_ENERGY_CUTOFF);
        return;
    }
    sf_particle q = sf_particle_make(pos, dir, E_MeV, SF_PARTICLE_PHOTON, 1);
    sf_history_push(s, &q);
}

/* Only a transported photoelectron needs its direction: kerma mode leaves
 * its energy on the spot (the collision's voxel, whose medium made the
 * collision) and draws no angle for it. */
static void do_photoelectric(const sf_world *w, sf_particle *p, collision c,
                             int64_t voxel, sf_history_scratch *s)
{
    sf_photoelectric_result r;
    sf_photoelectric_sample(&w->pd->elem[w->xs->Z[c.slot]], p->energy_MeV,
                            &s->rng, &r);
    int coupled = w->opt.mode == SF_MODE_COUPLED;
    double cos_e = coupled ? sf_photoelectric_sauter_cos(r.electron_MeV, &s->rng)
                           : 0.0;
    sf_history_deposit_kerma(s, voxel, r.local_MeV);
    if (r.fluorescence_MeV > 0) {
        double d[3];
        sf_isotropic_direction(&s->rng, d);
        emit_photon(s, p->pos_cm, d, r.fluorescence_MeV, voxel);
    }
    if (r.electron_MeV > 0 && !coupled) {
        sf_history_deposit_kerma(s, voxel, r.electron_MeV);
    } else if (r.electron_MeV > 0) {
        double d[3] = {p->dir[0], p->dir[1], p->dir[2]};
        sf_rotate_random_azimuth(d, cos_e, &s->rng);
        emit_charged(s, p->pos_cm, d, r.electron_MeV, SF_PARTICLE_ELECTRON);
    }
}

/* Compton scattering: the electron takes the momentum the photon lost,
 * p_e = k - k' (free-electron kinematics, as in the sampler). Kerma mode
 * leaves its energy on the spot, so it needs no direction (none is drawn:
 * the random stream is the same in both modes). */
static void do_incoherent(const sf_world *w, sf_particle *p, int material,
                          int64_t voxel, sf_history_scratch *s)
{
    double E = p->energy_MeV, E1, cos_t;
    sf_compton_sample(&w->compton_mix[material], E, &s->rng, &E1, &cos_t);
    double d0[3] = {p->dir[0], p->dir[1], p->dir[2]};
    sf_rotate_random_azimuth(p->dir, cos_t, &s->rng);
    double T = E - E1;
    if (T > 0 && w->opt.mode != SF_MODE_COUPLED) {
        sf_history_deposit_kerma(s, voxel, T);
    } else if (T > 0) {
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

/* Distance along axis a from the box corner to the face of block i (the
 * last block may be partial: its far face is the box face). */
static inline double block_face(const sf_majorant_grid *g, int a, int i)
{
    double f = i * g->block_cm[a];
    return f < g->extent_cm[a] ? f : g->extent_cm[a];
}

static inline double block_mu(const sf_majorant_grid *g, const sf_photon_track *k)
{
    double mu = sf_majorant_grid_mu(g, k->b, k->c);
    return mu < k->mu_glob ? mu : k->mu_glob;
}

/* Sets up the flight of the photon from p->pos_cm at its current energy:
 * the majorant grid for its energy, the grid point, the block majorant
 * curves and the 3-D DDA through the blocks (Amanatides and Woo,
 * Eurographics 1987). A start outside the box (a beam aimed at the
 * phantom, or a secondary born on a face after rounding) crosses vacuum to
 * the entry point. Returns 0 when the line misses the box. */
static int flight_start(const sf_world *w, sf_photon_track *k)
{
    /* Indexed, not branched on: photons above and below the threshold
     * alternate at random along a history. */
    const sf_majorant_grid *grids[2] = {w->grid, w->grid_coarse};
    const sf_majorant_grid *g =
        grids[k->p.energy_MeV >= SF_MAJORANT_COARSE_FROM_MEV];
    const sf_phantom *ph = w->ph;
    const double *d = k->p.dir;
    k->g = g;
    k->xp = sf_photon_xs_locate(w->xs, k->p.energy_MeV);
    sf_majorant_grid_curves(g, k->xp, k->c);
    k->mu_glob = sf_xs_interp(g->cap, k->xp);
    double t = 0.0;
    int inside = 1;
    for (int a = 0; a < 3; ++a) {
        k->q[a] = k->p.pos_cm[a] - ph->origin_cm[a];
        inside &= k->q[a] >= 0 && k->q[a] < g->extent_cm[a];
    }
    if (!inside) {
        double t_in = 0.0, t_out = INFINITY;
        for (int a = 0; a < 3; ++a) {
            if (d[a] != 0) {
                double t0 = -k->q[a] / d[a];
                double t1 = (g->extent_cm[a] - k->q[a]) / d[a];
                if (t0 > t1) {
                    double x = t0;
                    t0 = t1;
                    t1 = x;
                }
                if (t0 > t_in) t_in = t0;
                if (t1 < t_out) t_out = t1;
            } else if (!(k->q[a] >= 0 && k->q[a] < g->extent_cm[a])) {
                t_out = -1.0;
            }
        }
        if (!(t_in < t_out))
            return 0;
        t = t_in;
    }
    const int64_t stride[3] = {1, g->nb[0], (int64_t)g->nb[0] * g->nb[1]};
    k->t = t;
    k->b = 0;
    for (int a = 0; a < 3; ++a) {
        double x = k->q[a] + t * d[a];
        /* Truncation instead of floor(): the same index after the clamp,
         * without a library call. */
        double fi = x * g->inv_block_cm[a];
        int i = fi < 0 ? 0 : fi >= g->nb[a] ? g->nb[a] - 1 : (int)fi;
        k->ib[a] = i;
        k->b += stride[a] * i;
        /* The sign of each direction cosine is a coin toss: selects, not
         * branches (three mispredictions a flight otherwise). A zero
         * cosine, which never crosses a face on its axis, is rare. */
        if (d[a] != 0) {
            int up = d[a] > 0;
            k->step[a] = up ? 1 : -1;
            k->inv[a] = 1.0 / d[a];
            k->tnext[a] = (block_face(g, a, i + up) - k->q[a]) * k->inv[a];
        } else {
            k->step[a] = 0;
            k->inv[a] = 0.0;
            k->tnext[a] = INFINITY;
        }
    }
    k->mu_b = block_mu(g, k);
    return 1;
}

/* Spends the optical depth k->tau block by block until a tentative
 * collision: tau = -ln(u) is drawn once per tentative collision, with no
 * logarithm and no label load per block. Sets k->t and k->v, the voxel of
 * the tentative collision, clamped to the block so that rounding at a face
 * never picks a voxel the block majorant does not cover. Returns 0 when the
 * photon leaves the box (everything outside is vacuum and the box is
 * convex, so it never comes back). */
static int flight_next(const sf_world *w, sf_photon_track *k)
{
    const sf_majorant_grid *g = k->g;
    const double *d = k->p.dir;
    const int64_t stride[3] = {1, g->nb[0], (int64_t)g->nb[0] * g->nb[1]};
    double t = k->t, tau = k->tau;
    for (;;) {
        /* The nearest face by selects (minsd and integer arithmetic): as
         * a branch it mispredicted about once in three crossings. Ties go
         * as before: to axis 1 over 0, to the earlier axis over 2. */
        double t0 = k->tnext[0], t1 = k->tnext[1], t2 = k->tnext[2];
        int a = t1 <= t0;
        double m = t0 < t1 ? t0 : t1;
        int z = t2 < m;
        a += z * (2 - a);
        m = t2 < m ? t2 : m;
        double seg = m - t;
        seg = seg > 0.0 ? seg : 0.0;
        if (tau < k->mu_b * seg) {
            t += tau / k->mu_b;
            int64_t v = 0;
            for (int x = 2; x >= 0; --x) {
                int lo = k->ib[x] * g->bv[x];
                int hi = lo + g->bv[x] < g->nv[x] ? lo + g->bv[x] - 1
                                                   : g->nv[x] - 1;
                double fx = (k->q[x] + t * d[x]) * w->inv_spacing[x];
                /* Truncated, then clamped as integers (conditional
                 * moves, no branch): the same index as testing fx
                 * against lo and hi first, since lo and hi are whole
                 * (fx lies within a few voxels of the box). */
                int ix = (int)fx;
                ix = ix < lo ? lo : ix;
                ix = ix > hi ? hi : ix;
                v = v * g->nv[x] + ix;
            }
            k->t = t;
            k->v = v;
            return 1;
        }
        /* Spend the optical depth of the rest of the block and cross into
         * the next one. */
        tau -= k->mu_b * seg;
        t = k->tnext[a];
        k->ib[a] += k->step[a];
        if (k->ib[a] < 0 || k->ib[a] >= g->nb[a])
            return 0;
        k->b += k->step[a] * stride[a];
        k->tnext[a] = (block_face(g, a, k->ib[a] + (k->step[a] > 0)) - k->q[a]) *
                      k->inv[a];
        k->mu_b = block_mu(g, k);
    }
}

void sf_photon_track_start(sf_photon_track *k, const sf_particle *p,
                           sf_history_scratch *s)
{
    k->p = *p;
    k->collided = 0;
    k->in_flight = 0;
    k->tau = sf_rng_exponential(&s->w->zig, &s->rng);
}

/* The photon ends: absorbed below the cut-off where it stands, or gone. */
static int photon_cutoff(const sf_world *w, sf_photon_track *k,
                         sf_history_scratch *s)
{
    int64_t v = sf_world_voxel(w, k->p.pos_cm);
    if (v >= 0)
        sf_history_deposit(s, v, k->p.energy_MeV, SF_ENERGY_CUTOFF);
    else
        s->energy[SF_ENERGY_ESCAPED] += k->p.energy_MeV;
    return 0;
}

static int photon_escape(sf_photon_track *k, sf_history_scratch *s)
{
    s->energy[SF_ENERGY_ESCAPED] += k->p.energy_MeV;
    if (!k->collided && k->p.generation == 0)
        s->counter[SF_COUNT_UNCOLLIDED_ESCAPES]++;
    return 0;
}

int sf_photon_track_advance(const sf_world *w, sf_photon_track *k,
                            sf_history_scratch *s)
{
    if (!k->in_flight) {
        if (k->p.energy_MeV < w->opt.photon_cutoff_MeV)
            return photon_cutoff(w, k, s);
        if (!flight_start(w, k))
            return photon_escape(k, s);
        k->in_flight = 1;
    }
    if (!flight_next(w, k))
        return photon_escape(k, s);
    return 1;
}

int sf_photon_track_collide(const sf_world *w, sf_photon_track *k,
                            sf_history_scratch *s)
{
    int64_t v = k->v;
    sf_particle *p = &k->p;
    s->counter[SF_COUNT_REAL_COLLISIONS]++;
    s->events++;
    k->collided = 1;
    k->in_flight = 0;
    collision c = choose_collision(w->xs, k->material, k->xp, &s->rng);
    switch (c.process) {
    case SF_PROC_PHOTO:
        do_photoelectric(w, p, c, v, s);
        return 0;
    case SF_PROC_INCOH:
        do_incoherent(w, p, k->material, v, s);
        break;
    case SF_PROC_COH: {
        double cos_t;
        sf_rayleigh_sample(w->rayleigh[c.slot], p->energy_MeV, &s->rng, &cos_t);
        sf_rotate_random_azimuth(p->dir, cos_t, &s->rng);
        break;
    }
    default:
        do_pair(w, p, c, s);
        return 0;
    }
    if (s->events > SF_MAX_EVENTS_PER_HISTORY) {
        sf_history_deposit(s, v, p->energy_MeV, SF_ENERGY_CUTOFF);
        s->counter[SF_COUNT_EVENT_LIMIT]++;
        return 0;
    }
    return 1;
}

/* A uniform block gives the voxel's label without a load from the label
 * array. The next optical depth is drawn at every tentative collision
 * before the voxel's label is used, so that the logarithm overlaps the
 * (often cache-missing) label load in a mixed block; each depth is a fresh
 * uniform, so it is independent of everything else whichever flight uses
 * it. A tentative collision in block b is real with probability
 * mu(voxel)/mu_b; otherwise the flight goes on from that point with the
 * new depth (the exponential is memoryless). */
int sf_photon_track_resolve(const sf_world *w, sf_photon_track *k,
                            sf_history_scratch *s)
{
    int label = k->g->block_label[k->b];
    if (label < 0)
        label = w->ph->label[k->v];
    sf_history_note_label(s, k->v, label);
    double u = sf_rng_uniform32(&s->rng);
    double tau_next = sf_rng_exponential(&w->zig, &s->rng);
    int m = w->label_material[label];
    double rho = w->label_density[label];
    const int n_grid = w->xs->n_grid;
    double mu = m < 0 ? 0.0
                : rho * sf_xs_interp(w->xs->material_total + (size_t)m * n_grid,
                                     k->xp);
    if (w->kerma_coef && m >= 0)
        sf_history_score(s, k->v,
                         rho * sf_xs_interp(w->kerma_coef + (size_t)m * n_grid,
                                            k->xp) / k->mu_b);
    if (s->skeletal)
        sf_history_score_skeletal(s, label, k->xp, k->mu_b);
    k->tau = tau_next;
    if (u * k->mu_b < mu) {
        const sf_phantom *ph = w->ph;
        for (int a = 0; a < 3; ++a)
            k->p.pos_cm[a] = ph->origin_cm[a] + (k->q[a] + k->t * k->p.dir[a]);
        k->material = m;
        return 1;
    }
    s->counter[SF_COUNT_VIRTUAL_COLLISIONS]++;
    return 0;
}

void sf_photon_transport(const sf_world *w, const sf_particle *p,
                         sf_history_scratch *s)
{
    sf_photon_track k;
    sf_photon_track_start(&k, p, s);
    while (sf_photon_track_advance(w, &k, s))
        if (sf_photon_track_resolve(w, &k, s) && !sf_photon_track_collide(w, &k, s))
            break;
}
