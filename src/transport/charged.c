/* The charged-particle interface of the kernel: kerma mode (deposit on the
 * spot) and the class II condensed-history transport of electrons and
 * positrons (coupled mode). Algorithm: docs/electron-transport.md.
 *
 * Class II scheme (Berger 1963, "Monte Carlo calculation of the penetration
 * and diffusion of fast charged particles", Methods Comput. Phys. 1, 135;
 * the mixed scheme of PENELOPE, Baro et al., NIM B 100, 31 (1995), and of
 * DPM, Sempau, Wilderman & Bielajew, PMB 45, 2263 (2000)):
 *  - hard Moller/Bhabha collisions above the delta-ray threshold and hard
 *    bremsstrahlung above the photon threshold are discrete events, sampled
 *    by the fictitious-interaction method with a per-step majorant (the
 *    number of mean free paths to the next event is carried from step to
 *    step: a Poisson process with a piecewise-constant rate);
 *  - soft losses are continuous, with the restricted stopping power; the
 *    mean energy after a path tau (g/cm2) is E' = R_r^-1(R_r(E) - tau),
 *    and the loss is straggled about that mean (transport/soft_loss.h);
 *  - elastic scattering is condensed into one deflection per step, at a
 *    uniformly distributed "random hinge" (Fernandez-Varea et al., NIM B 73,
 *    447 (1993)), from physics/msc.h.
 * Every length of the algorithm is a mass thickness (g/cm2); the step is
 * chosen at its start from energy-loss, transport-mean-free-path and
 * hard-event limits only, never from the geometry. The two straight
 * segments of a step are walked voxel by voxel (exact distances to the
 * faces of the regular grid), each voxel taking the mass thickness
 * rho * length, so a density change along the path neither ends the step
 * nor changes any per-mass quantity: the transport is the same process in
 * g/cm2 whatever the densities, which is what Fano's theorem requires
 * (Kawrakow, Med. Phys. 27, 485 (2000) discusses why boundary-truncated
 * steps break it). A step ends early only where the MEDIUM changes (its
 * tables do), as in DPM. The continuous loss of a step is spread over the
 * step in proportion to mass thickness. */
#include <math.h>
#include <string.h>

#include "physics/bethe_heitler.h"
#include "physics/kinematics.h"
#include "physics/msc.h"
#include "transport/electron_interactions.h"
#include "transport/electron_medium.h"
#include "transport/history.h"

/* cos and sin of an azimuth uniform in [0, 2 pi), without trigonometric
 * functions: a point uniform in the unit disc (rejection from the square,
 * acceptance pi/4) has a uniform polar angle a, and (cos 2a, sin 2a) =
 * (x^2 - y^2, 2 x y) / r^2. One 32-bit word per trial, 16 bits per
 * coordinate: the grid of 2^32 points is symmetric about both axes, never
 * contains the origin, and resolves the azimuth to ~1e-4 rad except within
 * ~1e-4 of the centre (a fraction 1e-8 of the draws). */
static inline void random_azimuth(sf_rng *rng, double *cos_phi,
                                  double *sin_phi)
{
    for (;;) {
        uint32_t word = sf_rng_u32(rng);
        double x = ((double)(word >> 16) + 0.5) * 0x1p-15 - 1.0;
        double y = ((double)(word & 0xffffu) + 0.5) * 0x1p-15 - 1.0;
        double r2 = x * x + y * y;
        if (r2 < 1.0) {
            double inv = 1.0 / r2;
            *cos_phi = (x - y) * (x + y) * inv;
            *sin_phi = 2.0 * x * y * inv;
            return;
        }
    }
}

/* A positron at rest annihilates into two photons of m c^2, back to back,
 * in an isotropic direction; their energy comes from rest mass. */
static void annihilate_at_rest(sf_history_scratch *s, const double pos[3])
{
    double d[3];
    sf_isotropic_direction(&s->rng, d);
    sf_particle g = sf_particle_make(pos, d, SF_ELECTRON_MASS_MEV,
                                     SF_PARTICLE_PHOTON, 1);
    s->energy[SF_ENERGY_ANNIHILATION] += 2 * SF_ELECTRON_MASS_MEV;
    sf_history_push(s, &g);
    for (int a = 0; a < 3; ++a)
        g.dir[a] = -g.dir[a];
    sf_history_push(s, &g);
}

static void kerma_transport(const sf_world *w, sf_particle *p,
                            sf_history_scratch *s)
{
    int64_t v = sf_world_voxel(w, p->pos_cm);
    if (v < 0) {
        /* Created outside (a source placed there): it leaves at once. */
        s->energy[SF_ENERGY_ESCAPED] += p->energy_MeV;
        return;
    }
    sf_history_deposit(s, v, p->energy_MeV, SF_ENERGY_DEPOSITED);
    if (p->type == SF_PARTICLE_POSITRON)
        annihilate_at_rest(s, p->pos_cm);
}

/* ---- voxel walker ------------------------------------------------------ */

/* Position, direction and the voxel holding them, with the integer voxel
 * indices carried explicitly so that face crossings never depend on
 * rounding of the position. */
typedef struct walker {
    double pos[3], dir[3];
    double lo[3], hi[3]; /* faces of the current voxel (cm) */
    int idx[3];
    int64_t voxel;
    int material;
    double rho;
} walker;

enum { WALK_DONE = 0, WALK_ESCAPED, WALK_NEW_MEDIUM };

static void walker_enter(const sf_world *w, walker *k)
{
    const sf_phantom *ph = w->ph;
    k->voxel = k->idx[0] + (int64_t)ph->nx * (k->idx[1] + (int64_t)ph->ny *
                                                              k->idx[2]);
    int label = ph->label[k->voxel];
    k->material = w->label_material[label];
    k->rho = w->label_density[label];
    for (int a = 0; a < 3; ++a) {
        k->lo[a] = ph->origin_cm[a] + k->idx[a] * ph->spacing_cm[a];
        k->hi[a] = ph->origin_cm[a] + (k->idx[a] + 1) * ph->spacing_cm[a];
    }
}

static int walker_init(const sf_world *w, const sf_particle *p, walker *k)
{
    const sf_phantom *ph = w->ph;
    const int n[3] = {ph->nx, ph->ny, ph->nz};
    memcpy(k->pos, p->pos_cm, sizeof k->pos);
    memcpy(k->dir, p->dir, sizeof k->dir);
    for (int a = 0; a < 3; ++a) {
        double f = (p->pos_cm[a] - ph->origin_cm[a]) * w->inv_spacing[a];
        if (!(f >= 0 && f < n[a]))
            return 0;
        int i = (int)f;
        k->idx[a] = i < n[a] ? i : n[a] - 1;
    }
    walker_enter(w, k);
    return 1;
}

/* The face-by-face part of walk(), for segments that leave the voxel. */
static __attribute__((noinline)) int walk_faces(const sf_world *w,
                                                walker *k, double *tau,
                                                double rate,
                                                sf_history_scratch *s,
                                                int category)
{
    const sf_phantom *ph = w->ph;
    const int n[3] = {ph->nx, ph->ny, ph->nz};
    const int material = k->material;
    double inv_dir[3];
    for (int a = 0; a < 3; ++a)
        inv_dir[a] = k->dir[a] != 0 ? 1.0 / k->dir[a] : 0.0;
    while (*tau > 0) {
        double tmin = INFINITY;
        int axis = 0;
        for (int a = 0; a < 3; ++a) {
            double t;
            if (k->dir[a] > 0)
                t = (k->hi[a] - k->pos[a]) * inv_dir[a];
            else if (k->dir[a] < 0)
                t = (k->lo[a] - k->pos[a]) * inv_dir[a];
            else
                continue;
            if (t < tmin) {
                tmin = t;
                axis = a;
            }
        }
        if (tmin < 0)
            tmin = 0;
        double mass = k->rho * tmin;
        if (mass >= *tau) {
            double t = *tau / k->rho;
            for (int a = 0; a < 3; ++a)
                k->pos[a] += t * k->dir[a];
            sf_history_deposit(s, k->voxel, rate * *tau, category);
            *tau = 0;
            return WALK_DONE;
        }
        for (int a = 0; a < 3; ++a)
            k->pos[a] += tmin * k->dir[a];
        sf_history_deposit(s, k->voxel, rate * mass, category);
        *tau -= mass;
        int up = k->dir[axis] > 0;
        k->pos[axis] = up ? k->hi[axis] : k->lo[axis];
        k->idx[axis] += up ? 1 : -1;
        if (k->idx[axis] < 0 || k->idx[axis] >= n[axis]) {
            if (!w->opt.periodic_charged)
                return WALK_ESCAPED;
            double L = n[axis] * ph->spacing_cm[axis];
            k->idx[axis] = up ? 0 : n[axis] - 1;
            k->pos[axis] += up ? -L : L;
        }
        walker_enter(w, k);
        if (k->material != material)
            return WALK_NEW_MEDIUM;
    }
    return WALK_DONE;
}

/* Moves straight through mass thickness *tau (g/cm2), leaving
 * rate * (mass thickness) MeV in every voxel crossed. On return *tau is the
 * part not travelled (0 unless the particle left the box or entered
 * another medium, in which case it stands on the face). */
static inline int walk(const sf_world *w, walker *k, double *tau,
                       double rate, sf_history_scratch *s, int category)
{
    if (!(*tau > 0))
        return WALK_DONE;
    /* Most segments end in the voxel they start in: then the end point
     * lies in its (convex) box and no face distance is needed. */
    double t = *tau / k->rho;
    double end[3];
    int inside = 1;
    for (int a = 0; a < 3; ++a) {
        end[a] = k->pos[a] + t * k->dir[a];
        inside &= (end[a] >= k->lo[a]) & (end[a] <= k->hi[a]);
    }
    if (!inside)
        return walk_faces(w, k, tau, rate, s, category);
    memcpy(k->pos, end, sizeof end);
    sf_history_deposit(s, k->voxel, rate * *tau, category);
    *tau = 0;
    return WALK_DONE;
}

/* Distance (cm) from the walker to the nearest face of its voxel. */
static double distance_to_faces(const sf_world *w, const walker *k)
{
    const sf_phantom *ph = w->ph;
    double d = INFINITY;
    for (int a = 0; a < 3; ++a) {
        double lo = k->pos[a] - k->lo[a];
        double hi = ph->spacing_cm[a] - lo;
        if (lo < d)
            d = lo;
        if (hi < d)
            d = hi;
    }
    return d > 0 ? d : 0;
}

/* ---- hard events --------------------------------------------------------- */

static void push_particle(sf_history_scratch *s, const double pos[3],
                          const double dir[3], double E, int type,
                          int generation)
{
    sf_particle q = sf_particle_make(pos, dir, E, type, generation);
    sf_history_push(s, &q);
}

/* Moller (electron) or Bhabha (positron) collision: returns the new kinetic
 * energy of the projectile and pushes the knock-on electron. */
static double hard_collision(const sf_world *w, walker *k, int positron,
                             double E, int generation, sf_history_scratch *s)
{
    double cut = w->delta_ray_cut_MeV;
    if (positron ? E <= cut : E <= 2.0 * cut)
        return E;
    double W = positron ? sf_bhabha_sample(E, cut, &s->rng)
                        : sf_moller_sample(E, cut, &s->rng);
    double E1 = E - W;
    double cphi, sphi;
    random_azimuth(&s->rng, &cphi, &sphi);
    double d[3] = {k->dir[0], k->dir[1], k->dir[2]};
    /* Azimuths opposite: phi + pi. */
    sf_rotate_cs(d, sf_binary_collision_cos(E, W), -cphi, -sphi);
    sf_rotate_cs(k->dir, sf_binary_collision_cos(E, E1), cphi, sphi);
    if (W < w->opt.electron_cutoff_MeV)
        sf_history_deposit(s, k->voxel, W, SF_ENERGY_CUTOFF);
    else
        push_particle(s, k->pos, d, W, SF_PARTICLE_ELECTRON, generation + 1);
    return E1;
}

static double hard_brems(const sf_world *w, const sf_electron_medium *m,
                         walker *k, double E, int generation,
                         sf_history_scratch *s)
{
    double cut = w->brems_cut_MeV;
    if (E <= cut)
        return E;
    double kph = sf_brems_sample_k(m, E, cut, &s->rng);
    if (w->opt.local_brems) {
        sf_history_deposit(s, k->voxel, kph, SF_ENERGY_DEPOSITED);
    } else if (kph < w->opt.photon_cutoff_MeV) {
        sf_history_deposit(s, k->voxel, kph, SF_ENERGY_CUTOFF);
    } else {
        double d[3] = {k->dir[0], k->dir[1], k->dir[2]};
        double cos_theta = sf_brems_sample_cos(E, &s->rng), cphi, sphi;
        random_azimuth(&s->rng, &cphi, &sphi);
        sf_rotate_cs(d, cos_theta, cphi, sphi);
        push_particle(s, k->pos, d, kph, SF_PARTICLE_PHOTON, generation + 1);
    }
    return E - kph;
}

/* ---- condensed history ----------------------------------------------------- */

/* The particle stops: its kinetic energy stays in the voxel, a positron
 * annihilates at rest. */
static void stop_here(const walker *k, int positron, double E, int category,
                      sf_history_scratch *s)
{
    sf_history_deposit(s, k->voxel, E, category);
    if (positron)
        annihilate_at_rest(s, k->pos);
}

/* Below the cut-off: the residual energy is spread uniformly (per unit
 * mass) along a straight path of the residual restricted range in the
 * current direction, then a positron annihilates at its end. Like a point
 * deposit it is exact under Fano conditions, but it does not put a whole
 * cut-off energy into one low-density voxel (variance) and is closer to the
 * physics where the residual range exceeds the voxel. */
static void run_out(const sf_world *w, walker *k, int positron, double E,
                    sf_history_scratch *s)
{
    if (E > 0) {
        const sf_electron_medium *m = w->electron[k->material];
        int part = positron ? SF_POSITRON : SF_ELECTRON;
        double path = sf_egrid_interp(
            m->restricted_range[part],
            sf_electron_medium_at_x(m, sf_electron_medium_x(m, E)));
        double rate = E / path, left = path;
        for (;;) {
            int status = walk(w, k, &left, rate, s, SF_ENERGY_CUTOFF);
            if (status == WALK_ESCAPED) {
                s->energy[SF_ENERGY_ESCAPED] += rate * left;
                return; /* a positron leaves before it annihilates */
            }
            if (status == WALK_DONE)
                break;
        }
    }
    if (positron)
        annihilate_at_rest(s, k->pos);
}

enum { LIMIT_ENERGY_LOSS = 0, LIMIT_HARD, LIMIT_MSC };

/* ln cosh(y) for |y| <= 0.1 (series; the next term is below 1e-15). */
static inline double log_cosh_small(double y)
{
    double y2 = y * y;
    return y2 * (0.5 + y2 * (-1.0 / 12.0 + y2 * (1.0 / 45.0 +
                 y2 * (-17.0 / 2520.0 + y2 * (31.0 / 14175.0)))));
}

static void coupled_transport(const sf_world *w, sf_particle *p,
                              sf_history_scratch *s)
{
    walker k;
    const int positron = p->type == SF_PARTICLE_POSITRON;
    if (!walker_init(w, p, &k)) {
        s->energy[SF_ENERGY_ESCAPED] += p->energy_MeV;
        return;
    }
    const int part = positron ? SF_POSITRON : SF_ELECTRON;
    const double E_cut = w->opt.electron_cutoff_MeV;
    const double f = w->opt.electron_step_fraction;
    const double log_keep = log1p(-f);
    const double mfp_max = w->opt.electron_step_mfp;
    /* All media share the energy grid: grid positions x = (ln E -
     * ln E_min) / d(ln E) carry over from one medium to the next. The
     * position of E is carried along with E (valid while have_x), so that a
     * step needs no logarithm unless a hard event or a medium change set a
     * new energy. */
    const sf_electron_medium *m = w->electron[k.material];
    const double x_cut = sf_electron_medium_x(m, E_cut);
    const double keep_x = log_keep * m->inv_dlog;
    const double dlog = 1.0 / m->inv_dlog;
    double E = p->energy_MeV;
    double x0 = 0.0;
    int have_x = 0;
    double n_mfp = -log(sf_rng_uniform(&s->rng)); /* to the next hard event */

    for (;;) {
        if (E <= E_cut) {
            run_out(w, &k, positron, E, s);
            return;
        }
        if (s->events > SF_MAX_EVENTS_PER_HISTORY) {
            s->counter[SF_COUNT_EVENT_LIMIT]++;
            stop_here(&k, positron, E, SF_ENERGY_CUTOFF, s);
            return;
        }
        m = w->electron[k.material];
        const sf_electron_data *d = m->data;
        const double *R = m->restricted_range[part];
        if (!have_x) {
            x0 = sf_electron_medium_x(m, E);
            have_x = 1;
        }
        sf_egrid_point g0 = sf_electron_medium_at_x(m, x0);
        double R0 = sf_egrid_interp(R, g0);

        if (w->opt.electron_range_rejection) {
            /* The continuous-loss path to the cut-off bounds the path left
             * (hard events only shorten it). */
            double path = R0 - sf_egrid_interp(R, sf_electron_medium_at_x(m, x_cut));
            if (path < k.rho * distance_to_faces(w, &k)) {
                stop_here(&k, positron, E, SF_ENERGY_DEPOSITED, s);
                return;
            }
        }

        /* Step limits, all in g/cm2. */
        double E_low = E * (1.0 - f), x_low = x0 + keep_x;
        if (E_low <= E_cut) {
            E_low = E_cut;
            x_low = x_cut;
        }
        double tau = R0 - sf_egrid_interp(R, sf_electron_medium_at_x(m, x_low));
        int limit = LIMIT_ENERGY_LOSS;
        double sigma_maj = sf_egrid_interp(m->hard_majorant[part], g0);
        if (sigma_maj > 0 && n_mfp < tau * sigma_maj) {
            tau = n_mfp / sigma_maj;
            limit = LIMIT_HARD;
        }
        double sigma1 =
            sf_egrid_interp(d->table[part][SF_EQ_TRANSPORT1_XS], g0);
        if (sigma1 * tau > mfp_max) {
            tau = mfp_max / sigma1;
            limit = LIMIT_MSC;
        }
        double E_end, x_end;
        if (limit == LIMIT_ENERGY_LOSS) {
            E_end = E_low;
            x_end = x_low;
        } else {
            E_end = sf_electron_medium_energy_from_range_near(
                m, part, R0 - tau, g0.i, &x_end);
        }
        if (E_end > E) {
            E_end = E;
            x_end = x0;
        }
        if (E_end < E_cut) {
            E_end = E_cut;
            x_end = x_cut;
        }
        double rate = tau > 0 ? (E - E_end) / tau : 0.0; /* MeV per g/cm2 */

        /* Deflection of the whole step, at its mid-point energy
         * E_mid = (E + E_end)/2: with D = ln(E / E_end),
         * ln E_mid = ln E_end + D/2 + ln cosh(D/2). */
        double D = (x0 - x_end) * dlog, x_mid;
        if (D <= 0.2)
            x_mid = 0.5 * (x0 + x_end) + log_cosh_small(0.5 * D) * m->inv_dlog;
        else
            x_mid = sf_electron_medium_x(m, 0.5 * (E + E_end));
        sf_egrid_point gm = sf_electron_medium_at_x(m, x_mid);
        double sigma1_mid =
            sf_egrid_interp(d->table[part][SF_EQ_TRANSPORT1_XS], gm);
        double sigma2_mid =
            sf_egrid_interp(d->table[part][SF_EQ_TRANSPORT2_XS], gm);

        /* Straggling: the soft loss of the step about its mean E - E_end
         * (transport/soft_loss.h), with the variance at the mid-point
         * energy. A hard event at the end of the step is accepted with the
         * cross section at the mean end energy x_hard, which the majorant
         * of the step covers; the straggled energy is the one the event
         * then acts on. The last step, to the cut-off, keeps its mean:
         * straggling it would only leave a remnant above the cut-off for
         * one more step of sub-micrometre length. */
        double x_hard = x_end;
        if (w->soft_loss && E_end < E && E_end > E_cut) {
            double var = tau * sf_egrid_interp(m->straggling[part], gm);
            double loss =
                sf_soft_loss_sample(w->soft_loss, E - E_end, var, &s->rng);
            if (loss > m->loss_fraction_max * E)
                loss = m->loss_fraction_max * E;
            if (loss != E - E_end) {
                E_end = E - loss;
                x_end = sf_electron_medium_x(m, E_end);
                rate = loss / tau;
            }
        }

        /* Random hinge: straight, deflect, straight (the hinge point
         * from one 32-bit word: uniform on a grid of 2^32 midpoints). */
        double first = tau * (((double)sf_rng_u32(&s->rng) + 0.5) * 0x1p-32);
        double travelled = 0;
        double left = first;
        int status = walk(w, &k, &left, rate, s, SF_ENERGY_DEPOSITED);
        travelled += first - left;
        if (status == WALK_DONE) {
            double cos_theta = sf_msc_sample_cos_theta_tab(
                m->msc, tau * sigma1_mid, tau * sigma2_mid, &s->rng);
            double cphi, sphi;
            random_azimuth(&s->rng, &cphi, &sphi);
            sf_rotate_cs(k.dir, cos_theta, cphi, sphi);
            double second = tau - first;
            left = second;
            status = walk(w, &k, &left, rate, s, SF_ENERGY_DEPOSITED);
            travelled += second - left;
        }
        s->counter[SF_COUNT_ELECTRON_STEPS]++;
        s->events++;
        if (status != WALK_DONE) {
            double E_now = E - rate * travelled;
            if (E_now < E_end)
                E_now = E_end;
            if (status == WALK_ESCAPED) {
                s->energy[SF_ENERGY_ESCAPED] += E_now;
                return;
            }
            /* Another medium: a new step starts on the face with its
             * tables; the hard-event clock carries on. */
            n_mfp -= travelled * sigma_maj;
            if (n_mfp < 0)
                n_mfp = 0;
            E = E_now;
            have_x = 0;
            continue;
        }
        E = E_end;
        x0 = x_end;
        if (limit != LIMIT_HARD) {
            n_mfp -= tau * sigma_maj;
            if (n_mfp < 0)
                n_mfp = 0;
            continue;
        }
        n_mfp = -log(sf_rng_uniform(&s->rng));
        if (E <= E_cut)
            continue;
        /* Real or fictitious event: real with sigma / majorant. */
        sf_egrid_point g = sf_electron_medium_at_x(m, x_hard);
        double sigma = sf_egrid_interp(m->hard_xs[part], g);
        double r = sf_rng_uniform(&s->rng) * sigma_maj;
        if (r >= sigma)
            continue;
        double sigma_col =
            sf_egrid_interp(d->table[part][SF_EQ_HARD_COLLISION_XS], g);
        if (r < sigma_col)
            E = hard_collision(w, &k, positron, E, p->generation, s);
        else
            E = hard_brems(w, m, &k, E, p->generation, s);
        have_x = 0;
    }
}

void sf_charged_transport(const sf_world *w, sf_particle *p,
                          sf_history_scratch *s)
{
    if (w->opt.mode == SF_MODE_COUPLED)
        coupled_transport(w, p, s);
    else
        kerma_transport(w, p, s);
}
