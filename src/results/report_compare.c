/* The report's comparison section: per reference table, the summary of
 * `saffron compare` side by side: per particle and kind of pair
 * (self-irradiation, cross-fire), the pairs, the median |ratio - 1|, how
 * many lie within 2 %, and the worst pairs. */
#include "results/report_internal.h"

#include "results/compare.h"
#include "results/convention.h"
#include "results/report_html.h"

/* The allowance for what statistics do not cover, as `saffron compare`
 * uses by default (docs/exports.md). */
#define SYSTEMATIC 0.05

static const char *kind_name(int self)
{
    return self ? "self" : "cross-fire";
}

static void groups_table(sf_report *r, const sf_saf_table *s,
                         const sf_compare_summary *sum)
{
    fprintf(r->f, "<table>\n<tr><th>particle</th><th>kind</th><th>pairs</th>"
            "<th>median |ratio &#8722; 1|</th><th>within 2 %%</th>"
            "<th>flagged</th><th>one value zero</th></tr>\n");
    for (size_t k = 0; k < sum->n_groups; ++k) {
        const sf_compare_group *g = &sum->groups[k];
        fprintf(r->f, "<tr><td>");
        sf_html_text(r->f, s->particles[g->particle]);
        fprintf(r->f, "</td><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">",
                kind_name(g->self), g->pairs);
        sf_html_number(r->f, g->median_abs_dev, 3);
        fprintf(r->f, "</td><td class=\"n\">%zu", g->within_2pc);
        if (g->pairs)
            fprintf(r->f, " (%.0f %%)", 100.0 * (double)g->within_2pc /
                                           (double)g->pairs);
        fprintf(r->f, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                "</tr>\n", g->flagged, g->one_zero);
    }
    fprintf(r->f, "</table>\n");
}

static void worst_table(sf_report *r, const sf_saf_table *s,
                        const sf_compare_result *res,
                        const sf_compare_summary *sum)
{
    fprintf(r->f, "<p>Worst pairs (largest |ratio &#8722; 1|, at most %d per "
            "particle and kind):</p>\n<table>\n<tr><th>particle</th><th>kind"
            "</th><th>energy (MeV)</th><th>target</th><th>source</th><th>saffron "
            "(kg&#8315;&#185;)</th><th>reference (kg&#8315;&#185;)</th><th>ratio"
            "</th><th>1 sigma</th></tr>\n", SF_COMPARE_WORST);
    for (size_t k = 0; k < sum->n_groups; ++k) {
        const sf_compare_group *g = &sum->groups[k];
        for (size_t w = 0; w < g->n_worst; ++w) {
            const sf_compare_row *row = &res->rows[g->worst[w]];
            fprintf(r->f, "<tr><td>");
            sf_html_text(r->f, s->particles[g->particle]);
            fprintf(r->f, "</td><td>%s</td><td class=\"n\">%.5g</td><td>",
                    kind_name(g->self), s->energies_MeV[row->energy]);
            sf_html_text(r->f, s->targets[row->target].name);
            fprintf(r->f, "</td><td>");
            sf_html_text(r->f, s->sources[row->source].name);
            fprintf(r->f, "</td><td class=\"n\">%.4g</td><td class=\"n\">%.4g"
                    "</td><td class=\"n\">%.3f</td><td class=\"n\">%.3f</td>"
                    "</tr>\n", row->saffron, row->reference, row->ratio,
                    row->sigma);
        }
    }
    fprintf(r->f, "</table>\n");
}

static sf_status one_reference(sf_report *r, const sf_report_reference *ref)
{
    const sf_saf_table *s = r->mapped;
    fprintf(r->f, "<h3>");
    sf_html_text(r->f, ref->path);
    fprintf(r->f, " (%s)</h3>\n", ref->is_csv ? "CSV" : "ICRP 133 layout");
    sf_compare_result res = {0};
    sf_compare_summary sum = {0};
    SF_TRY(sf_compare_tables(s, ref->table, SYSTEMATIC, &res));
    sf_status st = SF_OK;
    if (res.n_rows + res.both_zero + res.unavailable == 0) {
        sf_report_note(r, "No target <- source pair, particle and energy in "
                       "common with the results (check the region names, "
                       "--mapping and the energies).");
    } else if ((st = sf_compare_summarize(s, &res, &sum)) == SF_OK) {
        size_t flagged = 0;
        for (size_t i = 0; i < res.n_rows; ++i)
            flagged += (size_t)res.rows[i].flagged;
        fprintf(r->f, "<p>");
        sf_html_textf(r->f, "%zu pairs compared (ratio = saffron / reference, "
                      "saffron in the %s convention), %zu flagged (|ratio - 1| "
                      "> 3 sigma + %.2g), %zu both zero, %zu not available "
                      "(a task not done, or no reference value).", res.n_rows,
                      sf_convention_name((sf_convention)s->convention), flagged,
                      SYSTEMATIC, res.both_zero, res.unavailable);
        fprintf(r->f, "</p>\n");
        groups_table(r, s, &sum);
        worst_table(r, s, &res, &sum);
    }
    sf_compare_summary_clear(&sum);
    sf_compare_result_clear(&res);
    return st;
}

sf_status sf_report_comparison(sf_report *r)
{
    sf_report_section_begin(r, 5);
    sf_status st = SF_OK;
    if (r->opt->n_references == 0)
        fprintf(r->f, "<p>No reference table given ('saffron report OUT.h5 "
                "--reference FILE ...' adds one).</p>\n");
    else if (!r->mapped)
        sf_report_note(r, "No comparison: %s.", r->saf_why);
    for (size_t i = 0; st == SF_OK && r->mapped && i < r->opt->n_references; ++i)
        st = one_reference(r, &r->opt->references[i]);
    sf_report_section_end(r);
    return st;
}
