/* The EGSnrc electron-step algorithm (see electron_step.h). */
#include "transport/electron_step.h"

#include <math.h>

#include "physics/kinematics.h"

/* An orthonormal pair (p, q) perpendicular to the unit vector u, with
 * p x q = u: p from the coordinate axis least aligned with u. */
static void perpendicular_frame(const double u[3], double p[3], double q[3])
{
    /* The smallest component by selects, not branches (a random
     * direction's order is a coin toss); ties as a scan from x would. */
    double a0 = fabs(u[0]), a1 = fabs(u[1]), a2 = fabs(u[2]);
    int k = a1 < a0;
    double m = a1 < a0 ? a1 : a0;
    k += (a2 < m) * (2 - k);
    double inv = 1.0 / sqrt(1.0 - u[k] * u[k]);
    double e[3] = {0.0, 0.0, 0.0};
    e[k] = 1.0; /* the axis, by an indexed store rather than tests */
    for (int a = 0; a < 3; ++a)
        p[a] = (e[a] - u[k] * u[a]) * inv;
    q[0] = u[1] * p[2] - u[2] * p[1];
    q[1] = u[2] * p[0] - u[0] * p[2];
    q[2] = u[0] * p[1] - u[1] * p[0];
}

static double sine_of(double c)
{
    double s2 = (1.0 - c) * (1.0 + c);
    return s2 > 0.0 ? sqrt(s2) : 0.0;
}

void sf_electron_step_sample(const double u0[3], double G1, double G2,
                             double alpha1, double alpha2,
                             const sf_msc_table *msc, sf_rng *rng,
                             sf_step_path *out)
{
    /* sqrt(6) and the coefficients of delta. */
    const double r6 = 2.449489742783178098197;
    const double d0 = 0.5 + r6 / 6.0, d1 = 1.0 / (4.0 * r6),
                 d2 = (4.0 - r6) / (24.0 * r6);
    sf_msc_draw half = sf_msc_prepare_tab(msc, 0.5 * G1, 0.5 * G2);
    double c1 = sf_msc_draw_cos(&half, rng);
    double cp1, sp1;
    sf_random_azimuth_cs(rng, &cp1, &sp1);
    double c2 = sf_msc_draw_cos(&half, rng);
    double cp2, sp2;
    sf_random_azimuth_cs(rng, &cp2, &sp2);
    double s1 = sine_of(c1), s2 = sine_of(c2);

    /* Frame of the first deflection: f1 in the plane of u0 and u1, f2 =
     * u0 x f1; the second deflection is measured in the frame carried
     * along by the first, (e1, e2) = (c1 f1 - s1 u0, f2). */
    double p[3], q[3], f1[3], f2[3];
    perpendicular_frame(u0, p, q);
    for (int a = 0; a < 3; ++a) {
        f1[a] = cp1 * p[a] + sp1 * q[a];
        f2[a] = cp1 * q[a] - sp1 * p[a];
    }
    double u1[3], u[3], v[3];
    for (int a = 0; a < 3; ++a) {
        u1[a] = c1 * u0[a] + s1 * f1[a];
        double e1 = c1 * f1[a] - s1 * u0[a];
        u[a] = c2 * u1[a] + s2 * (cp2 * e1 + sp2 * f2[a]);
        v[a] = c2 * u0[a] + s2 * (cp2 * f1[a] + c1 * sp2 * f2[a]);
    }
    double nu = 1.0 / sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
    double nv = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);

    /* eta from 2 eta d eta: the square root of a uniform (one word). */
    double eta = sqrt(((double)sf_rng_u32(rng) + 0.5) * 0x1p-32);
    double gamma = G1 > 0.0 ? G2 / G1 : 0.0;
    double delta = d0 - (d1 - gamma * d2) * G1 + alpha2;
    if (delta > 1.0)
        delta = 1.0;
    else if (delta < 0.0)
        delta = 0.0;
    if (alpha1 > 1.0)
        alpha1 = 1.0;
    else if (alpha1 < -1.0)
        alpha1 = -1.0;
    out->len[0] = 0.5 * (1.0 - eta) * (1.0 + alpha1);
    out->len[1] = eta * delta;
    out->len[2] = eta * (1.0 - delta) * nv;
    out->len[3] = 0.5 * (1.0 - eta) * (1.0 - alpha1);
    double iv = nv > 0.0 ? 1.0 / nv : 0.0;
    for (int a = 0; a < 3; ++a) {
        out->dir[0][a] = u0[a];
        out->dir[1][a] = u1[a];
        out->dir[2][a] = v[a] * iv;
        out->dir[3][a] = u[a] * nu;
        out->final_dir[a] = u[a] * nu;
    }
    if (!(nv > 0.0)) {
        out->len[2] = 0.0;
        for (int a = 0; a < 3; ++a)
            out->dir[2][a] = u0[a];
    }
}
