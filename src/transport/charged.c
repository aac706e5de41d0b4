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

#include "geometry/boundary_distance.h"
#include "physics/bethe_heitler.h"
#include "physics/kinematics.h"
#include "physics/msc.h"
#include "transport/electron_interactions.h"
#include "transport/electron_medium.h"
#include "transport/electron_step.h"
#include "transport/exp_ziggurat.h"
#include "transport/history.h"

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
    /* A charged primary is not photon kerma: always scored on the spot. */
    if (p->generation == 0)
        sf_history_deposit(s, v, p->energy_MeV, SF_ENERGY_DEPOSITED);
    else
        sf_history_deposit_kerma(s, v, p->energy_MeV);
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
    int label, material;
    double rho;
} walker;

enum { WALK_DONE = 0, WALK_ESCAPED, WALK_NEW_MEDIUM };

/* The flat index and the faces of voxel k->idx. */
static void walker_place(const sf_phantom *ph, walker *k)
{
    k->voxel = k->idx[0] + (int64_t)ph->nx * (k->idx[1] + (int64_t)ph->ny *
                                                              k->idx[2]);
    for (int a = 0; a < 3; ++a) {
        k->lo[a] = ph->origin_cm[a] + k->idx[a] * ph->spacing_cm[a];
        k->hi[a] = ph->origin_cm[a] + (k->idx[a] + 1) * ph->spacing_cm[a];
    }
}

/* Enters voxel k->idx, its label read through its block: a uniform block
 * needs no load from the label array. Such loads miss the caches where a
 * particle is set in motion at a random point and where a straight segment
 * crosses many voxels (in air, where every crossing waited on one: 14 % of
 * the time of 2.6 MeV electrons from the skin); where a step crosses a face
 * in tissue the block is seldom uniform and the array is read, its line
 * likely cached. */
static void walker_enter(const sf_world *w, walker *k, sf_history_scratch *s)
{
    const sf_phantom *ph = w->ph;
    walker_place(ph, k);
    int label = sf_majorant_grid_label(w->grid, ph->label, k->idx, k->voxel);
    sf_history_note_label(s, k->voxel, label);
    k->label = label;
    k->material = w->label_material[label];
    k->rho = w->label_density[label];
}

static int walker_init(const sf_world *w, const sf_particle *p, walker *k,
                       sf_history_scratch *s)
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
    walker_enter(w, k, s);
    return 1;
}

/* Puts the walker at pos, a point known to lie in a voxel of its own
 * label: the voxel is found from the coordinates, and its label, medium
 * and density are the walker's already. */
static void walker_move_in_label(const sf_world *w, walker *k,
                                 const double pos[3], sf_history_scratch *s)
{
    const sf_phantom *ph = w->ph;
    const int n[3] = {ph->nx, ph->ny, ph->nz};
    int moved = 0;
    for (int a = 0; a < 3; ++a) {
        k->pos[a] = pos[a];
        if (pos[a] >= k->lo[a] && pos[a] <= k->hi[a])
            continue;
        int i = (int)((pos[a] - ph->origin_cm[a]) * w->inv_spacing[a]);
        k->idx[a] = i < 0 ? 0 : (i >= n[a] ? n[a] - 1 : i);
        moved = 1;
    }
    if (moved) {
        walker_place(ph, k);
        sf_history_note_label(s, k->voxel, k->label);
    }
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
        walker_enter(w, k, s);
        if (k->material != material)
            return WALK_NEW_MEDIUM;
    }
    return WALK_DONE;
}

/* Whether point p lies in the walker's voxel (faces included). */
static inline int in_voxel_box(const walker *k, const double p[3])
{
    int inside = 1;
    for (int a = 0; a < 3; ++a)
        inside &= (p[a] >= k->lo[a]) & (p[a] <= k->hi[a]);
    return inside;
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
    for (int a = 0; a < 3; ++a)
        end[a] = k->pos[a] + t * k->dir[a];
    if (!in_voxel_box(k, end))
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

/* Lower bound (cm) of the distance from the walker to the nearest voxel of
 * another label or the outside of the box (geometry/boundary_distance.h). */
static double boundary_distance(const sf_world *w, const walker *k)
{
    double below[3], above[3];
    for (int a = 0; a < 3; ++a) {
        double lo = k->pos[a] - k->lo[a], hi = k->hi[a] - k->pos[a];
        below[a] = lo > 0 ? lo : 0;
        above[a] = hi > 0 ? hi : 0;
    }
    return sf_boundary_bound_cm(w->boundary_distance[k->voxel], below, above,
                                w->ph->spacing_cm);
}

/* ---- hard events --------------------------------------------------------- */

static void push_particle(sf_history_scratch *s, const double pos[3],
                          const double dir[3], double E, int type,
                          int generation)
{
    sf_particle q = sf_particle_make(pos, dir, E, type, generation);
    sf_history_push(s, &q);
}

/* The shortcut of the low-energy range rejection: a particle of E MeV
 * under the threshold whose bound on the path left (twice the restricted
 * range at the threshold, world.c) is shorter than the distance to its
 * voxel's faces stops where it is. */
static inline int rejected_at_once(const sf_world *w,
                                   const sf_electron_medium *m, int part,
                                   const walker *k, double E)
{
    return E < w->opt.electron_range_rejection_below_MeV &&
           m->reject_path[part] < k->rho * distance_to_faces(w, k);
}

/* Whether a delta ray of W MeV set in motion at the walker would be
 * range-rejected as soon as it is popped (the test at the top of
 * coupled_transport, in the same voxel): then its energy is deposited here
 * instead, which spares its trip through the stack and the voxel lookup;
 * the result is the same but for the order of the history's sums. Not in
 * single-scattering mode, where a popped electron draws its elastic clock
 * first. */
static int delta_stops_at_once(const sf_world *w, const walker *k, double W)
{
    return !w->opt.electron_single_scattering &&
           rejected_at_once(w, w->electron[k->material], SF_ELECTRON, k, W);
}

/* Moller (electron) or Bhabha (positron) collision: returns the new kinetic
 * energy of the projectile and pushes the knock-on electron. */
static double hard_collision(const sf_world *w, walker *k, int positron,
                             double E, int generation, sf_history_scratch *s)
{
    double cut = sf_electron_delta_cut(&w->cuts, E);
    if (positron ? E <= cut : E <= 2.0 * cut)
        return E;
    double W = positron ? sf_bhabha_sample(E, cut, &s->rng)
                        : sf_moller_sample(E, cut, &s->rng);
    double E1 = E - W;
    double cphi, sphi;
    sf_random_azimuth_cs(&s->rng, &cphi, &sphi);
    double d[3] = {k->dir[0], k->dir[1], k->dir[2]};
    sf_rotate_cs(k->dir, sf_binary_collision_cos(E, E1), cphi, sphi);
    if (W < w->opt.electron_cutoff_MeV) {
        sf_history_deposit(s, k->voxel, W, SF_ENERGY_CUTOFF);
    } else if (delta_stops_at_once(w, k, W)) {
        sf_history_deposit(s, k->voxel, W, SF_ENERGY_DEPOSITED);
    } else {
        /* Azimuths opposite: phi + pi. */
        sf_rotate_cs(d, sf_binary_collision_cos(E, W), -cphi, -sphi);
        push_particle(s, k->pos, d, W, SF_PARTICLE_ELECTRON, generation + 1);
    }
    return E1;
}

static double hard_brems(const sf_world *w, const sf_electron_medium *m,
                         walker *k, double E, int generation,
                         sf_history_scratch *s)
{
    double cut = w->cuts.photon_MeV;
    if (E <= cut)
        return E;
    double kph = sf_brems_sample_k(m, E, cut, &s->rng);
    if (w->opt.local_brems) {
        sf_history_deposit(s, k->voxel, kph, SF_ENERGY_DEPOSITED);
    } else if (kph < w->opt.photon_cutoff_MeV) {
        sf_history_deposit(s, k->voxel, kph, SF_ENERGY_CUTOFF);
    } else {
        double d[3] = {k->dir[0], k->dir[1], k->dir[2]};
        sf_rotate_random_azimuth(d, sf_brems_sample_cos(E, &s->rng), &s->rng);
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

enum { HARD_VIRTUAL, HARD_COLLISION, HARD_BREMS };

/* What a tentative hard event at grid position x under the majorant
 * sigma_maj is (one uniform): real with probability sigma / sigma_maj,
 * then a Moller/Bhabha collision or a bremsstrahlung emission in
 * proportion to their cross sections. */
static inline int hard_event_kind(const sf_electron_medium *m, int part,
                                  double x, double sigma_maj,
                                  sf_history_scratch *s)
{
    sf_egrid_point g = sf_electron_medium_at_x(m, x);
    double r = sf_rng_uniform(&s->rng) * sigma_maj;
    if (!(r < sf_egrid_interp(m->hard_xs[part], g)))
        return HARD_VIRTUAL;
    return r < sf_egrid_interp(m->data->table[part][SF_EQ_HARD_COLLISION_XS], g)
               ? HARD_COLLISION
               : HARD_BREMS;
}

/* A tentative hard event at energy E (grid position x): returns the
 * projectile's energy after it; *real tells whether the event was real. */
static double hard_event(const sf_world *w, const sf_electron_medium *m,
                         walker *k, int positron, double E, double x,
                         double sigma_maj, int generation,
                         sf_history_scratch *s, int *real)
{
    int kind = hard_event_kind(m, positron ? SF_POSITRON : SF_ELECTRON, x,
                               sigma_maj, s);
    *real = kind != HARD_VIRTUAL;
    if (kind == HARD_COLLISION)
        return hard_collision(w, k, positron, E, generation, s);
    if (kind == HARD_BREMS)
        return hard_brems(w, m, k, E, generation, s);
    return E;
}

/* Mean energy after a path tau (g/cm2) from energy E (grid position x0,
 * restricted range R0, grid point g0), kept within [E_cut, E]; *x_end is
 * its grid position. */
static double energy_after(const sf_electron_medium *m, int part, double E,
                           double x0, double R0, sf_egrid_point g0,
                           double tau, double E_cut, double x_cut,
                           double *x_end)
{
    double E_end =
        sf_electron_medium_energy_from_range_near(m, part, R0 - tau, g0.i,
                                                  x_end);
    if (E_end > E) {
        E_end = E;
        *x_end = x0;
    }
    if (E_end < E_cut) {
        E_end = E_cut;
        *x_end = x_cut;
    }
    return E_end;
}

/* Lower bound (cm) of the distance the walker must travel to reach a voxel
 * of another label: from the boundary-distance map where the world has
 * one, else the faces of its own voxel. */
static double label_distance(const sf_world *w, const walker *k)
{
    return w->boundary_distance ? boundary_distance(w, k)
                                : distance_to_faces(w, k);
}

/* In-place slowing-down: first transport paths (G1, G2) of the path slowed
 * down from grid position x_from to x, added to g[2]. */
static void add_transport_path(const sf_electron_medium *m, double x_from,
                               double x, double g[2])
{
    sf_egrid_point a = sf_electron_medium_at_x(m, x_from);
    sf_egrid_point b = sf_electron_medium_at_x(m, x);
    for (int l = 0; l < 2; ++l) {
        const double *P = m->transport_path[SF_ELECTRON][l];
        g[l] += sf_egrid_interp(P, a) - sf_egrid_interp(P, b);
    }
}

/* A tentative hard event of the in-place slowing-down (hard_event with one
 * addition): before a bremsstrahlung emission the direction is turned by
 * one draw of the multiple scattering of the path slowed down since the
 * previous emission (g, to which the path from x_from to x is added first;
 * then cleared), so that the photon starts in a direction the full
 * transport would give it there. Without it the photons kept the direction
 * the electron had when it stopped being tracked, changed by its hard
 * collisions only, which matters more as the threshold rises (at 1 MeV the
 * direction is randomised within a third of the range). Deflections with
 * random azimuths compose in any order, so those of the Moller collisions
 * in between need not wait for theirs. The position stays the electron's.
 * Returns the energy after the event; *real tells whether it was real. */
static double hard_event_in_place(const sf_world *w,
                                  const sf_electron_medium *m, walker *k,
                                  double E, double x_from, double x,
                                  double sigma_maj, int generation,
                                  double g[2], sf_history_scratch *s,
                                  int *real)
{
    int kind = hard_event_kind(m, SF_ELECTRON, x, sigma_maj, s);
    *real = kind != HARD_VIRTUAL;
    if (kind == HARD_VIRTUAL)
        return E;
    add_transport_path(m, x_from, x, g);
    if (kind == HARD_COLLISION)
        return hard_collision(w, k, 0, E, generation, s);
    if (g[0] > 0) {
        sf_msc_draw d = sf_msc_prepare_tab(m->msc, g[0], g[1]);
        sf_rotate_random_azimuth(k->dir, sf_msc_draw_cos(&d, &s->rng),
                                 &s->rng);
    }
    g[0] = g[1] = 0.0;
    return hard_brems(w, m, k, E, generation, s);
}

/* In-place slowing-down (docs/electron-transport.md): an electron whose
 * residual path cannot take it out of its label deposits all it loses
 * there, whatever its path, so the path is not simulated: only the energy
 * is. The continuous losses and the hard events are sampled as in
 * coupled_transport (the same steps in energy, the same majorants and
 * samplers), so the bremsstrahlung photons and delta rays are those the
 * full transport would make; what is lost is where and in which direction
 * along the track they start: at the electron's position, with its
 * direction as changed by its hard collisions and, before each photon, by
 * one draw of the multiple scattering since the last. No straggling: the
 * deposit is the same, and the energy of a hard event moves only by the
 * straggling of the steps before it. Starts at energy E, grid position x,
 * with n_mfp mean free paths to the next hard event. */
static void slow_down_in_place(const sf_world *w, const sf_electron_medium *m,
                               walker *k, double E, double x, double n_mfp,
                               double x_cut, double keep_x, int generation,
                               sf_history_scratch *s)
{
    const double E_cut = w->opt.electron_cutoff_MeV;
    const double f = w->opt.electron_step_fraction;
    const double *R = m->restricted_range[SF_ELECTRON];
    const double *maj = m->hard_majorant[SF_ELECTRON];
    /* Below both production thresholds no hard event can happen: the rest
     * is deposited at once. */
    const double E_quiet = fmax(E_cut, fmin(w->cuts.photon_MeV,
                                            2.0 * w->cuts.delta_ray_MeV));
    double lost = 0.0; /* continuous losses, MeV */
    double x_dir = x;           /* where gt was brought up to date */
    double gt[2] = {0.0, 0.0};  /* G1, G2 since the last emission */
    /* Most tracks reach E_quiet without a tentative hard event. The steps'
     * optical depths under the majorant add up to at most the largest
     * majorant at or below E times the restricted range down to the
     * cut-off; when n_mfp exceeds that bound (with margins far above the
     * rounding of the sums), the loop below would only add up the losses,
     * which is done here without its table lookups: the same operations on
     * E and `lost`, so the same result to the bit. */
    const sf_egrid_point g = sf_electron_medium_at_x(m, x);
    if (n_mfp >= m->hard_majorant_below[SF_ELECTRON][g.i] *
                         (sf_egrid_interp(R, g) - m->range_at_cut[SF_ELECTRON]) *
                         (1.0 + 1e-9) + 1e-12) {
        while (E > E_quiet) {
            s->events++;
            double E_low = E * (1.0 - f);
            if (E_low <= E_cut)
                E_low = E_cut;
            lost += E - E_low;
            E = E_low;
        }
    }
    while (E > E_quiet) {
        s->events++;
        sf_egrid_point g0 = sf_electron_medium_at_x(m, x);
        double R0 = sf_egrid_interp(R, g0);
        double E_low = E * (1.0 - f), x_low = x + keep_x;
        if (E_low <= E_cut) {
            E_low = E_cut;
            x_low = x_cut;
        }
        double tau = R0 - sf_egrid_interp(R, sf_electron_medium_at_x(m, x_low));
        double sigma_maj = sf_egrid_interp(maj, g0);
        if (!(sigma_maj > 0 && n_mfp < tau * sigma_maj)) {
            if (sigma_maj > 0)
                n_mfp -= tau * sigma_maj;
            lost += E - E_low;
            E = E_low;
            x = x_low;
            continue;
        }
        double x_end;
        double E_end = energy_after(m, SF_ELECTRON, E, x, R0, g0,
                                    n_mfp / sigma_maj, E_cut, x_cut, &x_end);
        lost += E - E_end;
        E = E_end;
        x = x_end;
        n_mfp = sf_rng_exponential(&w->zig, &s->rng);
        if (E <= E_cut)
            break;
        int real;
        E = hard_event_in_place(w, m, k, E, x_dir, x, sigma_maj, generation,
                                gt, s, &real);
        if (real) {
            x = sf_electron_medium_x(m, E);
            x_dir = x;
        }
    }
    if (E > E_cut) {
        lost += E - E_cut;
        E = E_cut;
    }
    sf_history_deposit(s, k->voxel, lost, SF_ENERGY_DEPOSITED);
    sf_history_deposit(s, k->voxel, E, SF_ENERGY_CUTOFF);
}

enum {
    LIMIT_ENERGY_LOSS = 0,
    LIMIT_HARD,
    LIMIT_MSC,
    LIMIT_BOUNDARY,
    LIMIT_ELASTIC
};

/* Walks one condensed-history step of tau g/cm2 along the path of the
 * electron-step algorithm (electron_step.h): G1, G2 from the transport
 * paths between the step's initial and mean final energies (grid points g0
 * and x_end), the energy-loss corrections at its mid-point energy (grid
 * point gm), the
 * continuous loss `loss` (MeV) spread uniformly per unit mass over the
 * walked polyline, whose length is at most tau (its end point is the
 * step's displacement, not its curved path). On return the direction is
 * the final one, or that of the segment where the walk stopped, and
 * *walked is the fraction of the step done. */
static int walk_step(const sf_world *w, const sf_electron_medium *m,
                     int part, walker *k, sf_egrid_point g0, double x_end,
                     double tau, sf_egrid_point gm, double E,
                     double E_mean_end, double loss, int in_label,
                     sf_history_scratch *s, double *walked)
{
    sf_egrid_point ge = sf_electron_medium_at_x(m, x_end);
    const double *P1 = m->transport_path[part][0];
    const double *P2 = m->transport_path[part][1];
    double G1 = sf_egrid_interp(P1, g0) - sf_egrid_interp(P1, ge);
    double G2 = sf_egrid_interp(P2, g0) - sf_egrid_interp(P2, ge);
    /* Delta E / E~ of the mean loss at the mid-point energy. */
    double r = 2.0 * (E - E_mean_end) / (E + E_mean_end);
    double k1 = sf_egrid_interp(m->transport_slope[part][0], gm);
    double k2 = sf_egrid_interp(m->transport_slope[part][1], gm);
    double alpha1 = -0.5 * k1 * r;
    double alpha2 = (k2 - k1) * r * 0.2041241452319315; /* 1/(2 sqrt 6) */
    sf_step_path path;
    sf_electron_step_sample(k->dir, G1, G2, alpha1, alpha2, m->msc, &s->rng,
                            &path);
    double length = path.len[0] + path.len[1] + path.len[2] + path.len[3];
    if (in_label) {
        /* The polyline (no longer than tau / rho) cannot leave the label:
         * which of its voxels receives the loss changes no region tally,
         * so it all goes to the first one, and only the end point is
         * found. */
        sf_history_deposit(s, k->voxel, loss, SF_ENERGY_DEPOSITED);
        double pos[3] = {k->pos[0], k->pos[1], k->pos[2]};
        for (int j = 0; j < 4; ++j) {
            double seg = tau * path.len[j];
            if (!(seg > 0))
                continue;
            double t = seg / k->rho;
            for (int a = 0; a < 3; ++a)
                pos[a] += t * path.dir[j][a];
        }
        walker_move_in_label(w, k, pos, s);
        memcpy(k->dir, path.final_dir, sizeof k->dir);
        *walked = 1.0;
        return WALK_DONE;
    }
    /* Most steps stay in their voxel: the segments' end points are found
     * as walk() finds them, and when every one lies in the voxel's box
     * (convex, so the whole polyline does) the step's loss is deposited
     * at once: the same total as the segments' deposits but for the
     * rounding of their partial sums. Otherwise the segments before the
     * first that leaves are deposited one by one, as walk() does, and the
     * walk goes on from there: the same bits as without the shortcut. */
    double pos[3] = {k->pos[0], k->pos[1], k->pos[2]};
    int j = 0;
    for (; j < 4; ++j) {
        double seg = tau * path.len[j];
        if (!(seg > 0))
            continue;
        double t = seg / k->rho, end[3];
        for (int a = 0; a < 3; ++a)
            end[a] = pos[a] + t * path.dir[j][a];
        if (!in_voxel_box(k, end))
            break;
        memcpy(pos, end, sizeof pos);
    }
    if (j == 4) {
        memcpy(k->pos, pos, sizeof pos);
        memcpy(k->dir, path.final_dir, sizeof k->dir);
        sf_history_deposit(s, k->voxel, loss, SF_ENERGY_DEPOSITED);
        *walked = 1.0;
        return WALK_DONE;
    }
    double rate = loss / (tau * length); /* MeV per g/cm2 walked */
    double done = 0.0;
    for (int i = 0; i < j; ++i) {
        double seg = tau * path.len[i];
        if (seg > 0) {
            sf_history_deposit(s, k->voxel, rate * seg, SF_ENERGY_DEPOSITED);
            done += seg;
        }
    }
    memcpy(k->pos, pos, sizeof pos);
    for (; j < 4; ++j) {
        memcpy(k->dir, path.dir[j], sizeof k->dir);
        double seg = tau * path.len[j], left = seg;
        int status = walk(w, k, &left, rate, s, SF_ENERGY_DEPOSITED);
        done += seg - left;
        if (status != WALK_DONE) {
            *walked = done / (tau * length);
            return status;
        }
    }
    memcpy(k->dir, path.final_dir, sizeof k->dir);
    *walked = 1.0;
    return WALK_DONE;
}

/* Single-scattering mode: a majorant of the total elastic cross section
 * (cm2/g) over the grid positions [x_lo, x_hi] one step can span (the
 * largest node value in and around the interval, which bounds the linear
 * interpolant whatever the shape of the table). */
static double elastic_majorant(const sf_electron_medium *m, int part,
                               double x_lo, double x_hi)
{
    const double *t = m->data->table[part][SF_EQ_ELASTIC_XS];
    int lo = x_lo > 0 ? (int)x_lo : 0, hi = (int)x_hi + 1;
    if (hi > m->n - 1)
        hi = m->n - 1;
    double v = 0.0;
    for (int i = lo; i <= hi; ++i)
        if (t[i] > v)
            v = t[i];
    return v * (1.0 + 1e-12);
}

/* Single-scattering mode: the end of a step limited by the elastic clock.
 * Real with probability sigma_0 / majorant (at the mean end energy, like
 * the hard events), then one deflection from the single-scattering cross
 * section. */
static void elastic_event(const sf_electron_medium *m, int part, walker *k,
                          double x_mean, double sigma_maj, double E,
                          sf_history_scratch *s)
{
    sf_egrid_point g = sf_electron_medium_at_x(m, x_mean);
    double sigma = sf_egrid_interp(m->data->table[part][SF_EQ_ELASTIC_XS], g);
    if (sf_rng_uniform(&s->rng) * sigma_maj >= sigma)
        return;
    double mu = sf_elastic_single_sample_mu(m->single[part], g.i, g.f, E,
                                            &s->rng);
    sf_rotate_random_azimuth(k->dir, 1.0 - 2.0 * mu, &s->rng);
}

/* ln cosh(y) for |y| <= 0.15 (series; the next term is below 3e-13). */
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
    if (!walker_init(w, p, &k, s)) {
        s->energy[SF_ENERGY_ESCAPED] += p->energy_MeV;
        return;
    }
    const int part = positron ? SF_POSITRON : SF_ELECTRON;
    const double E_cut = w->opt.electron_cutoff_MeV;
    const double f = w->opt.electron_step_fraction;
    const double mfp_max = w->opt.electron_step_mfp;
    /* All media share the energy grid: grid positions x = (ln E -
     * ln E_min) / d(ln E) carry over from one medium to the next. The
     * position of E is carried along with E (valid while have_x), so that a
     * step needs no logarithm unless a hard event or a medium change set a
     * new energy. */
    const sf_electron_medium *m = w->electron[k.material];
    const double x_cut = w->electron_x_cut;
    const double keep_x = w->electron_keep_x;
    const double dlog = 1.0 / m->inv_dlog;
    double E = p->energy_MeV;
    double x0 = 0.0;
    int have_x = 0;
    /* Mean free paths to the next hard event, drawn when first needed:
     * most electrons set in motion by photons are range-rejected at once
     * and never need it (a draw and a logarithm each). */
    double n_mfp = -1.0;
    /* Single-scattering mode: majorant mean free paths to the next elastic
     * collision, carried like n_mfp. */
    const int single = w->opt.electron_single_scattering;
    double n_el = single ? sf_rng_exponential(&w->zig, &s->rng) : 0.0;

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
        /* The low-energy rejection below without its logarithm: twice the
         * restricted range at the threshold bounds the path at any E under
         * it, so when that passes the exact test would pass too (the same
         * decision and deposit). Most electrons photons set in motion end
         * here. */
        if (rejected_at_once(w, m, part, &k, E)) {
            stop_here(&k, positron, E, SF_ENERGY_DEPOSITED, s);
            return;
        }
        if (!have_x) {
            x0 = sf_electron_medium_x(m, E);
            have_x = 1;
        }
        sf_egrid_point g0 = sf_electron_medium_at_x(m, x0);
        double R0 = sf_egrid_interp(R, g0);

        if (w->opt.electron_range_rejection ||
            E < w->opt.electron_range_rejection_below_MeV) {
            /* The continuous-loss path to the cut-off bounds the path left
             * (hard events only shorten it) but for the straggling of the
             * soft losses, which lets a few electrons run further. Below
             * the low-energy threshold, where this is the default, the
             * bound is doubled and includes the run-out below the cut-off:
             * rejecting an electron that could still cross a face biases
             * the dose towards dense voxels (the Fano test sees it), and
             * such tracks are microns long anyway. */
            double path = w->opt.electron_range_rejection
                              ? R0 - sf_egrid_interp(R, sf_electron_medium_at_x(m, x_cut))
                              : 2.0 * R0;
            if (path < k.rho * distance_to_faces(w, &k)) {
                stop_here(&k, positron, E, SF_ENERGY_DEPOSITED, s);
                return;
            }
        }

        if (n_mfp < 0)
            n_mfp = sf_rng_exponential(&w->zig, &s->rng);
        /* The distance (cm) to another label where the in-place test below
         * found it from the map: the boundary limit then needs it again at
         * the same point. < 0: not found. */
        double label_cm = -1.0;
        if (!positron && !single && E < w->opt.electron_in_place_below_MeV) {
            double room_cm = s->dose ? distance_to_faces(w, &k)
                                     : (label_cm = label_distance(w, &k));
            if (2.0 * R0 < k.rho * room_cm) {
                slow_down_in_place(w, m, &k, E, x0, n_mfp, x_cut, keep_x,
                                   p->generation, s);
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
        const double tau_loss = tau;
        int limit = LIMIT_ENERGY_LOSS;
        double sigma_maj = sf_egrid_interp(m->hard_majorant[part], g0);
        if (sigma_maj > 0 && n_mfp < tau * sigma_maj) {
            tau = n_mfp / sigma_maj;
            limit = LIMIT_HARD;
        }
        double sigma_el = 0.0;
        int in_label = 0;
        if (single) {
            sigma_el = elastic_majorant(m, part, x_low, x0);
            if (n_el < tau * sigma_el) {
                tau = n_el / sigma_el;
                limit = LIMIT_ELASTIC;
            }
        } else {
            double sigma1 =
                sf_egrid_interp(d->table[part][SF_EQ_TRANSPORT1_XS], g0);
            if (sigma1 * tau > mfp_max) {
                tau = mfp_max / sigma1;
                limit = LIMIT_MSC;
            }
            /* Near a boundary between labels (a tally or medium change) the
             * step is at most the distance to it, down to a fraction of the
             * energy-loss step (PRESTA's boundary step limit, Bielajew &
             * Rogers, NIM B 18, 165 (1987)): where a step's end and the
             * energy it leaves fall on either side of a face is decided by
             * short steps (docs/electron-transport.md). The floor in voxel
             * sides spares coarse voxels steps shorter than their
             * boundaries need. */
            if (w->boundary_distance) {
                double t_perp = k.rho * (label_cm >= 0.0
                                             ? label_cm
                                             : boundary_distance(w, &k));
                /* A step shorter than the distance to any other label
                 * stays in this one: label tallies (no dose map) need
                 * neither its voxels nor where along it the loss goes.
                 * The margin keeps the end point, summed segment by
                 * segment, off the last face by far more than rounding. */
                in_label = !s->dose && tau < t_perp * (1.0 - 1e-9);
                double t_min = fmax(w->opt.electron_boundary_step * tau_loss,
                                    k.rho * w->boundary_floor_cm);
                if (tau > t_perp && tau > t_min) {
                    tau = t_perp > t_min ? t_perp : t_min;
                    limit = LIMIT_BOUNDARY;
                }
            }
        }
        double E_end, x_end;
        if (limit == LIMIT_ENERGY_LOSS) {
            E_end = E_low;
            x_end = x_low;
        } else {
            E_end = energy_after(m, part, E, x0, R0, g0, tau, E_cut, x_cut,
                                 &x_end);
        }
        double rate = tau > 0 ? (E - E_end) / tau : 0.0; /* MeV per g/cm2 */

        /* Mid-point energy of the step, E_mid = (E + E_end)/2, for the
         * straggling variance: with D = ln(E / E_end),
         * ln E_mid = ln E_end + D/2 + ln cosh(D/2). */
        double D = (x0 - x_end) * dlog, x_mid;
        if (D <= 0.3)
            x_mid = 0.5 * (x0 + x_end) + log_cosh_small(0.5 * D) * m->inv_dlog;
        else
            x_mid = sf_electron_medium_x(m, 0.5 * (E + E_end));
        sf_egrid_point gm = sf_electron_medium_at_x(m, x_mid);

        /* Straggling: the soft loss of the step about its mean E - E_end
         * (transport/soft_loss.h), with the variance at the mid-point
         * energy. A hard event at the end of the step is accepted with the
         * cross section at the mean end energy x_hard, which the majorant
         * of the step covers; the straggled energy is the one the event
         * then acts on. The last step, to the cut-off, keeps its mean:
         * straggling it would only leave a remnant above the cut-off for
         * one more step of sub-micrometre length. */
        double x_hard = x_end, E_mean_end = E_end;
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

        /* Fraction of the step's path walked (1 unless the particle left
         * the box or reached another medium). */
        double walked;
        int status;
        if (single) {
            double left = tau;
            status = walk(w, &k, &left, rate, s, SF_ENERGY_DEPOSITED);
            walked = tau > 0 ? (tau - left) / tau : 1.0;
        } else {
            status = walk_step(w, m, part, &k, g0, x_hard, tau, gm, E,
                               E_mean_end, (E - E_end), in_label, s,
                               &walked);
        }
        s->counter[SF_COUNT_ELECTRON_STEPS]++;
        s->events++;
        if (status != WALK_DONE) {
            double E_now = E - (E - E_end) * walked;
            if (E_now < E_end)
                E_now = E_end;
            if (status == WALK_ESCAPED) {
                s->energy[SF_ENERGY_ESCAPED] += E_now;
                return;
            }
            /* Another medium: a new step starts on the face with its
             * tables; the hard-event clock carries on. */
            n_mfp -= walked * tau * sigma_maj;
            if (n_mfp < 0)
                n_mfp = 0;
            n_el = fmax(n_el - walked * tau * sigma_el, 0.0);
            E = E_now;
            have_x = 0;
            continue;
        }
        E = E_end;
        x0 = x_end;
        if (single) {
            if (limit == LIMIT_ELASTIC) {
                elastic_event(m, part, &k, x_hard, sigma_el, E, s);
                n_el = sf_rng_exponential(&w->zig, &s->rng);
            } else {
                n_el = fmax(n_el - tau * sigma_el, 0.0);
            }
        }
        if (limit != LIMIT_HARD) {
            n_mfp -= tau * sigma_maj;
            if (n_mfp < 0)
                n_mfp = 0;
            continue;
        }
        n_mfp = sf_rng_exponential(&w->zig, &s->rng);
        if (E <= E_cut)
            continue;
        int real;
        E = hard_event(w, m, &k, positron, E, x_hard, sigma_maj, p->generation,
                       s, &real);
        if (real)
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
