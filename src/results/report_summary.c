/* The report's first two sections: what the campaign is and how far it
 * got (a file still being written or left by a killed run says so), and
 * the provenance that lets someone reproduce it. */
#include "results/report_internal.h"

#include <string.h>

#include "physics/photon_data.h"
#include "results/report_html.h"

/* A list of names on one line, cut after `max` with the count left. */
static void name_list(sf_report *r, const sf_saf_region *regions, size_t n,
                      size_t max)
{
    for (size_t i = 0; i < n && i < max; ++i) {
        if (i)
            fprintf(r->f, ", ");
        sf_html_text(r->f, regions[i].name);
    }
    if (n > max)
        fprintf(r->f, " and %zu more", n - max);
}

/* What state the file is in, said plainly. */
static void state_note(sf_report *r)
{
    const sf_results_summary *s = &r->summary;
    if (r->live)
        sf_report_note(r, "This file is being written by a live run (%s). "
                       "The report shows it as of its last recorded chunk, %s; "
                       "tasks not done yet have no points.",
                       r->lock_holder, r->progress.last_update);
    else if (strcmp(s->status, "running") == 0)
        sf_report_note(r, "No run holds this file, yet its status is "
                       "'running': the run was killed or stopped by an error. "
                       "The report shows what it had durably written; continue "
                       "it with 'saffron run MANIFEST -o %s --resume'.", r->path);
    else if (strcmp(s->status, "interrupted") == 0)
        sf_report_note(r, "The run was stopped by a signal (SIGTERM or USR1) "
                       "and saved its state: continue it with 'saffron run "
                       "MANIFEST -o %s --resume'.", r->path);
    if (s->done == 0)
        sf_report_note(r, "No task is done yet: the SAF curves and the "
                       "precision map are empty.");
    else if (s->done < s->n_tasks)
        sf_report_note(r, "%llu of %llu tasks are done: curves have points "
                       "only at the energies done.",
                       (unsigned long long)s->done,
                       (unsigned long long)s->n_tasks);
}

static void energies(sf_report *r, const sf_saf_table *t)
{
    fprintf(r->f, "<tr><th>energies</th><td>%zu", t->n_energies);
    if (t->n_energies > 0)
        fprintf(r->f, " from %g to %g MeV", t->energies_MeV[0],
                t->energies_MeV[t->n_energies - 1]);
    if (t->n_energies > 0 && t->n_energies <= 12) {
        fprintf(r->f, ": ");
        for (size_t e = 0; e < t->n_energies; ++e)
            fprintf(r->f, "%s%g", e ? ", " : "", t->energies_MeV[e]);
    }
    fprintf(r->f, "</td></tr>\n");
}

static void axes(sf_report *r)
{
    const sf_saf_table *t = r->saf;
    if (!t) {
        sf_report_row(r, "sources, targets", "not readable: %s", r->saf_why);
        return;
    }
    fprintf(r->f, "<tr><th>particles</th><td>");
    for (size_t p = 0; p < t->n_particles; ++p) {
        fprintf(r->f, "%s", p ? ", " : "");
        sf_html_text(r->f, t->particles[p]);
    }
    fprintf(r->f, "</td></tr>\n");
    energies(r, t);
    fprintf(r->f, "<tr><th>sources</th><td>%zu: ", t->n_sources);
    name_list(r, t->sources, t->n_sources, 30);
    fprintf(r->f, "</td></tr>\n<tr><th>targets</th><td>%zu: ", t->n_targets);
    name_list(r, t->targets, t->n_targets, 12);
    fprintf(r->f, "</td></tr>\n");
}

sf_status sf_report_summary(sf_report *r)
{
    const sf_results_summary *s = &r->summary;
    const sf_progress *p = &r->progress;
    sf_report_section_begin(r, 1);
    state_note(r);
    fprintf(r->f, "<table class=\"kv\">\n");
    sf_report_row(r, "campaign", "%s", s->name);
    sf_report_row(r, "status", "%s%s", s->status,
                  r->live ? " (a live run is writing it)"
                  : strcmp(s->status, "running") == 0 ? " (no live run: killed?)"
                                                       : "");
    if (r->has_prov && r->prov.shard_count > 0)
        sf_report_row(r, "shard", "%lld of %lld (this file holds that share "
                      "of the campaign's tasks)", r->prov.shard_index,
                      r->prov.shard_count);
    sf_report_row(r, "phantom", "%s", r->has_prov ? r->prov.phantom : "?");
    axes(r);
    sf_report_row(r, "tasks", "%llu: %llu done, %llu running, %llu left",
                  (unsigned long long)s->n_tasks, (unsigned long long)s->done,
                  (unsigned long long)s->running,
                  (unsigned long long)s->pending);
    sf_report_row(r, "histories", "%llu of %llu planned (%.1f %%)",
                  (unsigned long long)s->histories_done,
                  (unsigned long long)s->histories_planned,
                  100 * p->fraction);
    sf_report_row(r, "CPU time", "%.4g CPU-hours", s->cpu_seconds / 3600);
    sf_report_row(r, "last update", "%s, %s after the start", p->last_update,
                  p->elapsed);
    if (strcmp(s->status, "complete") != 0)
        sf_report_row(r, "ETA", "%s at the rate so far%s", p->eta,
                      r->live ? "" : " (if the run is continued)");
    fprintf(r->f, "</table>\n");
    sf_report_section_end(r);
    return SF_OK;
}

/* The physics data this build reads, to say whether the file's match. */
static void physics_data_row(sf_report *r)
{
    sf_photon_data *pd = NULL;
    int only_hydrogen = 1;
    const char *recorded = r->prov.physics_data_sha256;
    if (sf_photon_data_load(sf_photon_data_default_dir(), &only_hydrogen, 1,
                            &pd) != SF_OK) {
        sf_report_row(r, "physics data", "sha256 %s", recorded);
        return;
    }
    sf_report_row(r, "physics data", "sha256 %s (%s this build's, %s)",
                  recorded, strcmp(recorded, pd->checksum) ? "not" : "the same as",
                  pd->dir);
    sf_photon_data_destroy(&pd);
}

sf_status sf_report_provenance(sf_report *r)
{
    sf_report_section_begin(r, 2);
    if (!r->has_prov) {
        sf_report_note(r, "The file records no provenance (no manifest "
                       "attribute).");
        sf_report_section_end(r);
        return SF_OK;
    }
    const sf_results_provenance *p = &r->prov;
    fprintf(r->f, "<table class=\"kv\">\n");
    sf_report_row(r, "written by", "saffron %s (git %s)", p->saffron_version,
                  p->git_commit);
    sf_report_row(r, "format", "saffron-results version %lld",
                  p->format_version);
    physics_data_row(r);
    sf_report_row(r, "phantom", "%s, sha256 %s%s", p->phantom,
                  p->phantom_sha256,
                  r->ph ? " (the phantom found here matches)" : "");
    sf_report_row(r, "seed", "%lld", p->seed);
    sf_report_row(r, "machine", "%lld MPI rank%s x %lld thread%s%s (the file "
                  "does not record the host)", p->ranks, p->ranks == 1 ? "" : "s",
                  p->threads, p->threads == 1 ? "" : "s",
                  p->shard_count > 0 ? ", of this shard" : "");
    if (r->live)
        sf_report_row(r, "being written by", "%s", r->lock_holder);
    sf_report_row(r, "started", "%s", p->start_time[0] ? p->start_time : "?");
    sf_report_row(r, "ended", "%s", strcmp(p->end_time, "-") == 0 || !p->end_time[0]
                  ? "not yet (no clean end recorded)" : p->end_time);
    sf_report_row(r, "manifest file", "%s", p->manifest_file);
    fprintf(r->f, "</table>\n<h3>Manifest</h3>\n<pre>");
    sf_html_text(r->f, p->manifest);
    fprintf(r->f, "</pre>\n");
    sf_report_section_end(r);
    return SF_OK;
}
