/* saffron report: reading the file once and writing the page, section by
 * section (results/report.h). */
#include "results/report_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "io/run_lock.h"
#include "results/report_html.h"

static const char *const section_titles[] = {
    "Summary", "Provenance", "Phantom", "SAF against energy",
    "Comparison with references", "Precision", "Dose maps"};
#define N_SECTIONS (int)(sizeof section_titles / sizeof *section_titles)
static const char *const section_ids[N_SECTIONS] = {
    "summary", "provenance", "phantom", "saf", "comparison", "precision",
    "dose"};

void sf_report_section_begin(sf_report *r, int number)
{
    fprintf(r->f, "<section id=\"%s\">\n<h2>%d. %s</h2>\n",
            section_ids[number - 1], number, section_titles[number - 1]);
}

void sf_report_section_end(sf_report *r)
{
    fprintf(r->f, "</section>\n");
}

void sf_report_note(sf_report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(r->f, "<p class=\"note\">");
    sf_html_vtextf(r->f, fmt, ap);
    fprintf(r->f, "</p>\n");
    va_end(ap);
}

void sf_report_row(sf_report *r, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(r->f, "<tr><th>");
    sf_html_text(r->f, key);
    fprintf(r->f, "</th><td>");
    sf_html_vtextf(r->f, fmt, ap);
    fprintf(r->f, "</td></tr>\n");
    va_end(ap);
}

long sf_report_self_target(const sf_saf_table *t, size_t s)
{
    for (size_t g = 0; g < t->n_targets; ++g)
        if (sf_saf_region_same(&t->sources[s], &t->targets[g]))
            return (long)g;
    return -1;
}

/* ---- reading ------------------------------------------------------------ */

static void load_saf(sf_report *r)
{
    sf_results_meta meta;
    if (r->has_prov && r->prov.shard_count > 0) {
        snprintf(r->saf_why, sizeof r->saf_why, "this is the file of shard "
                 "%lld of %lld, which holds no SAF tables: merge the shards "
                 "with 'saffron merge' and report the merged file",
                 r->prov.shard_index, r->prov.shard_count);
        return;
    }
    if (sf_results_load_saf(r->path, &r->saf, &meta) != SF_OK) {
        snprintf(r->saf_why, sizeof r->saf_why, "%s", sf_error_message());
        return;
    }
    r->mapped = r->saf;
    if (r->opt->map &&
        sf_region_map_apply(r->opt->map, r->saf, &r->mapped,
                            &r->map_report) != SF_OK) {
        snprintf(r->saf_why, sizeof r->saf_why, "the region mapping %.300s "
                 "cannot be applied: %.600s", r->opt->map->path,
                 sf_error_message());
        r->mapped = NULL;
        return;
    }
    sf_convention c = r->opt->convention;
    r->convention_fell_back =
        sf_saf_table_use_convention(r->mapped, c, &r->no_blood) != c;
}

/* The campaign's phantom, found as `saffron run` found it: the manifest's
 * path relative to the manifest's directory. It must be the phantom that
 * made the results (same checksum), or the pictures would lie. */
static void load_phantom(sf_report *r)
{
    char *why = r->phantom_why;
    size_t n = sizeof r->phantom_why;
    if (!r->has_prov) {
        snprintf(why, n, "the file records no manifest, hence no phantom");
        return;
    }
    if (sf_manifest_parse(r->prov.manifest, r->prov.manifest_file,
                          &r->manifest) != SF_OK) {
        snprintf(why, n, "the manifest in the file does not parse here (%s)",
                 sf_error_message());
        return;
    }
    const char *spec = r->manifest->phantom_path;
    if (sf_manifest_load_phantom(r->manifest, &r->ph) != SF_OK) {
        snprintf(why, n, "the phantom %s cannot be loaded here: %s", spec,
                 sf_error_message());
        return;
    }
    char sha[65];
    sf_phantom_checksum(r->ph, sha);
    if (r->prov.phantom_sha256[0] && strcmp(sha, r->prov.phantom_sha256)) {
        snprintf(why, n, "the phantom found at %s (sha256 %.12s...) is not "
                 "the one that made the results (sha256 %.12s...)", spec, sha,
                 r->prov.phantom_sha256);
        sf_phantom_destroy(&r->ph);
    } else if (sf_manifest_resolve(r->manifest, r->ph, &r->plan) != SF_OK) {
        snprintf(why, n, "the manifest's regions do not resolve in the "
                 "phantom %s (%s)", spec, sf_error_message());
        sf_phantom_destroy(&r->ph);
    }
}

static sf_status load(sf_report *r)
{
    SF_TRY(sf_results_summarize(r->path, &r->summary));
    sf_progress_of(&r->summary, &r->progress);
    r->has_prov = sf_results_provenance_read(r->path, &r->prov) == SF_OK;
    r->live = sf_run_lock_holder(r->path, r->lock_holder,
                                 sizeof r->lock_holder);
    load_saf(r);
    r->has_fom = sf_results_load_fom(r->path, &r->fom) == SF_OK;
    if (!r->has_fom)
        snprintf(r->fom_why, sizeof r->fom_why, "%s", sf_error_message());
    load_phantom(r);
    return SF_OK;
}

static void unload(sf_report *r)
{
    if (r->mapped != r->saf)
        sf_saf_table_destroy(&r->mapped);
    sf_saf_table_destroy(&r->saf);
    if (r->has_prov)
        sf_results_provenance_free(&r->prov);
    if (r->has_fom)
        sf_results_fom_clear(&r->fom);
    sf_manifest_plan_destroy(&r->plan);
    sf_phantom_destroy(&r->ph);
    sf_manifest_destroy(&r->manifest);
}

/* ---- writing ------------------------------------------------------------ */

static const char style[] =
    "body{font-family:sans-serif;color:#222;background:#fff;max-width:1500px;"
    "margin:1em auto;padding:0 1em;line-height:1.35}"
    "h1{font-size:1.5em;margin-bottom:.2em}"
    "h2{border-bottom:1px solid #bbb;padding-bottom:.15em;margin-top:1.8em}"
    "h3{font-size:1.05em;margin:1.2em 0 .3em}"
    "table{border-collapse:collapse;font-size:.88em;margin:.4em 0}"
    "th,td{border:1px solid #ccc;padding:.15em .5em;text-align:left;"
    "vertical-align:top}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".kv th{background:#f4f4f4;font-weight:normal;white-space:nowrap}"
    ".note{background:#fff5d6;border-left:4px solid #e0a800;padding:.35em .7em}"
    ".figs{display:flex;flex-wrap:wrap;gap:.8em;align-items:flex-start}"
    /* a table box: the caption wraps at the picture's width */
    "figure{margin:0;display:table}figcaption{display:table-caption;"
    "caption-side:bottom;font-size:.85em;color:#444}"
    "pre{background:#f5f5f5;padding:.6em;font-size:.82em;overflow-x:auto}"
    "nav ol{columns:2;max-width:40em}"
    "svg text{fill:#222}";

static void head(sf_report *r)
{
    const char *name = r->summary.name;
    fprintf(r->f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
            "charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width="
            "device-width, initial-scale=1\">\n<title>saffron report: ");
    sf_html_text(r->f, name);
    fprintf(r->f, "</title>\n<style>%s</style>\n</head>\n<body>\n"
            "<h1>saffron report: ", style);
    sf_html_text(r->f, name);
    char host[256] = "unknown", when[64];
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    sf_progress_format_utc(sf_unix_seconds(), when, sizeof when);
    fprintf(r->f, "</h1>\n<p>");
    sf_html_textf(r->f, "%s, written %s on %s by saffron %s (git %s)",
                  r->path, when, host, SAFFRON_VERSION, SAFFRON_GIT_COMMIT);
    fprintf(r->f, "</p>\n<nav id=\"contents\">\n<h2>Contents</h2>\n<ol>\n");
    for (int i = 0; i < N_SECTIONS; ++i)
        fprintf(r->f, "<li>%s</li>\n", section_titles[i]);
    fprintf(r->f, "</ol>\n</nav>\n");
}

static sf_status body(sf_report *r)
{
    sf_status (*const sections[N_SECTIONS])(sf_report *) = {
        sf_report_summary, sf_report_provenance, sf_report_phantom,
        sf_report_saf, sf_report_comparison, sf_report_precision,
        sf_report_dose};
    head(r);
    for (int i = 0; i < N_SECTIONS; ++i)
        SF_TRY(sections[i](r));
    fprintf(r->f, "</body>\n</html>\n");
    return SF_OK;
}

sf_status sf_report_write(const sf_report_options *o, sf_report_info *info)
{
    double t0 = sf_wall_seconds();
    memset(info, 0, sizeof *info);
    sf_report r = {0};
    r.opt = o;
    r.path = o->results_path;
    struct stat in, out;
    if (stat(o->results_path, &in) == 0 && stat(o->out_path, &out) == 0 &&
        in.st_dev == out.st_dev && in.st_ino == out.st_ino)
        SF_FAIL(SF_ERR_USAGE, "%s: the page would replace the results file "
                "itself; choose another name with -o", o->out_path);
    sf_status st = load(&r);
    /* The page goes to a temporary name and is renamed when complete, so
     * that a failure never leaves half a page under the final name. */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", o->out_path, (long)getpid());
    if (st == SF_OK && !(r.f = fopen(tmp, "w")))
        st = sf_error_set(SF_ERR_IO, "%s: cannot be written (%s)", tmp,
                          strerror(errno));
    if (st == SF_OK)
        st = body(&r);
    if (r.f) {
        long size = ftell(r.f);
        int bad = ferror(r.f) != 0;
        bad |= fclose(r.f) != 0;
        if (st == SF_OK && bad)
            st = sf_error_set(SF_ERR_IO, "%s: write error (disk full?)", tmp);
        if (st == SF_OK && rename(tmp, o->out_path) != 0)
            st = sf_error_set(SF_ERR_IO, "%s: cannot be renamed to %s", tmp,
                              o->out_path);
        if (st != SF_OK)
            remove(tmp);
        info->bytes = size > 0 ? (size_t)size : 0;
    }
    info->figures = r.figures;
    info->seconds = sf_wall_seconds() - t0;
    unload(&r);
    return st;
}
