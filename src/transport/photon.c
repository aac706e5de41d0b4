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

static void do_photoelectric(const sf_world *w, sf_particle *p, collision c,
                             int64_t voxel, sf_history_scratch *s)
{
    sf_photoelectric_result r;
    sf_photoelectric_sample(&w->pd->elem[w->xs->Z[c.slot]], p->energy_MeV,
                            &s->rng, &r);
    sf_history_deposit_kerma(s, voxel, r.local_MeV);
    if (r.fluorescence_MeV > 0) {
        double d[3];
        sf_isotropic_direction(&s->rng, d);
        emit_photon(s, p->pos_cm, d, r.fluorescence_MeV, voxel);
    }
    if (r.electron_MeV > 0) {
        double d[3] = {p->dir[0], p->dir[1], p->dir[2]};
        sf_rotate_random_azimuth(d, r.electron_cos_theta, &s->rng);
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
    sf_rotate_random_azimuth(p->dir, cos_t, &s->rng);
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

/* Distance along axis a from the box corner to the face of block i (the
 * last block may be partial: its far face is the box face). */
static inline double block_face(const sf_majorant_grid *g, int a, int i)
{
    double f = i * g->block_cm[a];
    return f < g->extent_cm[a] ? f : g->extent_cm[a];
}

/* Flies the photon from p->pos_cm to its next real collision, by optical
 * depth through the blocks of the majorant grid: tau = -ln(u) is drawn once
 * per tentative collision and spent block by block (3-D DDA, Amanatides
 * and Woo, Eurographics 1987), with no logarithm and no label load per
 * block. A tentative collision in block b is real with probability
 * mu(voxel)/mu_b; otherwise a new tau is drawn from that point (the
 * exponential is memoryless). Returns the voxel of the real collision and
 * sets *material, p->pos_cm; returns -1 when the photon leaves the box
 * (everything outside is vacuum and the box is convex, so it never comes
 * back).
 *
 * *tau_io is the optical depth of this flight on entry and that of the
 * next one on return: the next depth is drawn at every tentative collision
 * before the voxel's label is examined, so that the logarithm overlaps the
 * (often cache-missing) label load. Each depth is a fresh uniform, so it is
 * independent of everything else whichever flight uses it. */
static int64_t fly(const sf_world *w, sf_particle *p, sf_xs_point xp,
                   sf_history_scratch *s, int *material, double *tau_io)
{
    const sf_majorant_grid *g = w->grid;
    const sf_phantom *ph = w->ph;
    const double *d = p->dir;
    double c[SF_MAJORANT_GROUPS];
    sf_majorant_grid_curves(g, xp, c);
    const double mu_glob = sf_xs_interp(g->cap, xp);
    const double *total_rows = w->xs->material_total;
    const double *kerma_coef = w->kerma_coef;
    const int n_grid = w->xs->n_grid;

    /* Coordinates from the box corner; a start outside the box (a beam
     * aimed at the phantom, or a secondary born on a face after rounding)
     * crosses vacuum to the entry point. */
    double q[3], t = 0.0;
    int inside = 1;
    for (int a = 0; a < 3; ++a) {
        q[a] = p->pos_cm[a] - ph->origin_cm[a];
        inside &= q[a] >= 0 && q[a] < g->extent_cm[a];
    }
    if (!inside) {
        double t_in = 0.0, t_out = INFINITY;
        for (int a = 0; a < 3; ++a) {
            if (d[a] != 0) {
                double t0 = -q[a] / d[a], t1 = (g->extent_cm[a] - q[a]) / d[a];
                if (t0 > t1) {
                    double x = t0;
                    t0 = t1;
                    t1 = x;
                }
                if (t0 > t_in) t_in = t0;
                if (t1 < t_out) t_out = t1;
            } else if (!(q[a] >= 0 && q[a] < g->extent_cm[a])) {
                t_out = -1.0;
            }
        }
        if (!(t_in < t_out))
            return -1; /* *tau_io unused: still valid for the next flight */
        t = t_in;
    }

    int ib[3], step[3];
    double tnext[3], inv[3];
    const int64_t stride[3] = {1, g->nb[0], (int64_t)g->nb[0] * g->nb[1]};
    int64_t b = 0;
    for (int a = 0; a < 3; ++a) {
        double x = q[a] + t * d[a];
        double fi = floor(x * g->inv_block_cm[a]);
        int i = fi < 0 ? 0 : fi >= g->nb[a] ? g->nb[a] - 1 : (int)fi;
        ib[a] = i;
        b += stride[a] * i;
        if (d[a] > 0) {
            step[a] = 1;
            inv[a] = 1.0 / d[a];
            tnext[a] = (block_face(g, a, i + 1) - q[a]) * inv[a];
        } else if (d[a] < 0) {
            step[a] = -1;
            inv[a] = 1.0 / d[a];
            tnext[a] = (block_face(g, a, i) - q[a]) * inv[a];
        } else {
            step[a] = 0;
            inv[a] = 0.0;
            tnext[a] = INFINITY;
        }
    }
    double mu_b = sf_majorant_grid_mu(g, b, c);
    if (mu_b > mu_glob)
        mu_b = mu_glob;
    double tau = *tau_io;
    for (;;) {
        int a = tnext[0] < tnext[1] ? 0 : 1;
        if (tnext[2] < tnext[a])
            a = 2;
        double seg = tnext[a] > t ? tnext[a] - t : 0.0;
        if (tau < mu_b * seg) {
            /* Tentative collision in this block. Its voxel is clamped to the
             * block, so rounding at a face never picks a voxel the block
             * majorant does not cover. */
            t += tau / mu_b;
            int64_t v = 0;
            for (int k = 2; k >= 0; --k) {
                int lo = ib[k] * g->bv[k];
                int hi = lo + g->bv[k] < g->nv[k] ? lo + g->bv[k] - 1
                                                   : g->nv[k] - 1;
                double fx = (q[k] + t * d[k]) * w->inv_spacing[k];
                int ix = fx <= lo ? lo : fx >= hi ? hi : (int)fx;
                v = v * g->nv[k] + ix;
            }
            int label = ph->label[v];
            double u = sf_rng_uniform32(&s->rng);
            double tau_next = -log(sf_rng_uniform(&s->rng));
            int m = w->label_material[label];
            double rho = w->label_density[label];
            double mu = m < 0 ? 0.0
                        : rho * sf_xs_interp(total_rows + (size_t)m * n_grid, xp);
            if (kerma_coef && m >= 0)
                sf_history_score(s, v,
                                 rho * sf_xs_interp(kerma_coef + (size_t)m * n_grid,
                                                    xp) / mu_b);
            if (u * mu_b < mu) {
                for (int k = 0; k < 3; ++k)
                    p->pos_cm[k] = ph->origin_cm[k] + (q[k] + t * d[k]);
                *material = m;
                *tau_io = tau_next;
                return v;
            }
            s->counter[SF_COUNT_VIRTUAL_COLLISIONS]++;
            tau = tau_next;
        } else {
            /* Spend the optical depth of the rest of the block and cross
             * into the next one. */
            tau -= mu_b * seg;
            t = tnext[a];
            ib[a] += step[a];
            if (ib[a] < 0 || ib[a] >= g->nb[a])
                return -1;
            b += step[a] * stride[a];
            tnext[a] = (block_face(g, a, ib[a] + (step[a] > 0)) - q[a]) * inv[a];
            mu_b = sf_majorant_grid_mu(g, b, c);
            if (mu_b > mu_glob)
                mu_b = mu_glob;
        }
    }
}

void sf_photon_transport(const sf_world *w, sf_particle *p,
                         sf_history_scratch *s)
{
    const sf_photon_xs *xs = w->xs;
    int collided = 0;
    double tau = -log(sf_rng_uniform(&s->rng));
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
        int material = -1;
        int64_t v = fly(w, p, xp, s, &material, &tau);
        if (v < 0) {
            s->energy[SF_ENERGY_ESCAPED] += p->energy_MeV;
            if (!collided && p->generation == 0)
                s->counter[SF_COUNT_UNCOLLIDED_ESCAPES]++;
            return;
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
            sf_rotate_random_azimuth(p->dir, cos_t, &s->rng);
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
