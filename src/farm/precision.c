#include "farm/precision.h"

/* Histories after which relative error rel at n histories reaches bound. */
static double projected(double n, double rel, double bound)
{
    return n * (rel / bound) * (rel / bound);
}

static void need_at_least(sf_precision_state *s, double h)
{
    if (h > s->needed)
        s->needed = h;
}

/* `on: all`: every target that has received energy within `relative`; a
 * tally with no score anywhere does not meet it. */
static void assess_all(const sf_precision_rule *r, const sf_tally *t,
                       sf_precision_state *s)
{
    const double n = (double)t->histories;
    int any = 0;
    for (int i = 0; i < t->n_targets; ++i) {
        double mean, rel;
        sf_tally_target_mean(t, i, &mean, &rel);
        if (!(mean > 0))
            continue;
        any = 1;
        if (rel > r->relative)
            s->met = 0;
        need_at_least(s, projected(n, rel, r->relative));
    }
    if (!any)
        s->met = 0;
}

static void assess_cross_fire(const sf_precision_rule *r, const sf_tally *t,
                              int self, uint64_t cap, sf_precision_state *s)
{
    const double n = (double)t->histories;
    for (int i = 0; i < t->n_targets; ++i) {
        if (i == self || !r->watch[i])
            continue;
        double mean, rel;
        sf_tally_target_mean(t, i, &mean, &rel);
        if (!(mean > 0)) {
            s->unscored++;
            continue;
        }
        double h = projected(n, rel, r->cross_fire);
        if (h > (double)cap) {
            s->unreachable++;
            continue;
        }
        s->pairs++;
        if (rel > r->cross_fire)
            s->met = 0;
        need_at_least(s, h);
    }
}

void sf_precision_assess(const sf_precision_rule *r, const sf_tally *t,
                         int target, uint64_t cap, sf_precision_state *out)
{
    *out = (sf_precision_state){.met = 1, .needed = 0};
    if (target == SF_PRECISION_ALL_TARGETS) {
        assess_all(r, t, out);
    } else {
        double mean, rel;
        sf_tally_target_mean(t, target, &mean, &rel);
        if (mean > 0) {
            out->met = rel <= r->relative;
            need_at_least(out, projected((double)t->histories, rel,
                                         r->relative));
        } else {
            /* Not a single score yet: the self-SAF needs the cap. */
            out->met = 0;
            out->needed = (double)cap;
        }
        if (r->cross_fire > 0)
            assess_cross_fire(r, t, target, cap, out);
    }
    if (out->needed > (double)cap)
        out->needed = (double)cap;
}
