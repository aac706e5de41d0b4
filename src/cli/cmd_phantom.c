/* saffron phantom info PHANTOM [--json]: the regions of a phantom with
 * their voxel counts and masses. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/text_width.h"
#include "cli/json.h"
#include "geometry/phantom.h"

static void print_help(FILE *out)
{
    fprintf(out,
        "usage: saffron phantom info PHANTOM [--json]\n\n"
        "Lists the regions of PHANTOM that contain voxels: label, name,\n"
        "medium, voxel count and mass in kg, then the body mass (all regions\n"
        "but the air outside the body).\n\n"
        "PHANTOM is one of\n"
        "  builtin:stylized[:VOXEL_CM]  built-in stylized adult (0.4 cm voxels)\n"
        "  DIR                          ICRP 110 phantom directory (.../AM, .../AF)\n"
        "  FILE.mhd                     MetaImage label image with FILE.labels\n"
        "  FILE.mhd:TABLE               ... with the label table TABLE\n\n"
        "options:\n"
        "  --json   print {\"regions\": [...], \"total_mass_kg\": ...}\n"
        "  --help   print this help\n\n"
        "Formats: docs/phantoms.md.\n");
}

static const char *medium_name(const sf_phantom *ph, const sf_region *r)
{
    return r->medium >= 0 && r->medium < ph->n_media ? ph->media[r->medium].name
                                                     : "-";
}

static void print_text(const sf_phantom *ph)
{
    char sum[65];
    sf_phantom_checksum(ph, sum);
    printf("phantom %s: %d x %d x %d voxels of %g x %g x %g cm, sha256 %s\n",
           ph->name, ph->nx, ph->ny, ph->nz, ph->spacing_cm[0],
           ph->spacing_cm[1], ph->spacing_cm[2], sum);
    /* Columns as wide as the longest name shown: a long name widens its
     * column instead of shifting the next. */
    size_t wr = sf_text_width("region"), wm = sf_text_width("medium");
    for (int l = 0; l < ph->n_labels; ++l) {
        const sf_region *r = &ph->regions[l];
        if (r->voxels <= 0)
            continue;
        wr = sf_text_max_width(r->name, 1, 0, wr);
        wm = sf_text_max_width(medium_name(ph, r), 1, 0, wm);
    }
    printf("%5s  ", "id");
    sf_fprint_padded(stdout, "region", wr, 0);
    printf("  ");
    sf_fprint_padded(stdout, "medium", wm, 0);
    printf("  %10s  %11s\n", "voxels", "mass_kg");
    for (int l = 0; l < ph->n_labels; ++l) {
        const sf_region *r = &ph->regions[l];
        if (r->voxels <= 0)
            continue;
        printf("%5d  ", l);
        sf_fprint_padded(stdout, r->name, wr, 0);
        printf("  ");
        sf_fprint_padded(stdout, medium_name(ph, r), wm, 0);
        printf("  %10lld  %11.6f%s\n", (long long)r->voxels, r->mass_kg,
               r->in_body ? "" : "  (outside the body)");
    }
    printf("total body mass: %.3f kg\n", ph->body_mass_kg);
}

static void print_json(const sf_phantom *ph)
{
    char sum[65];
    sf_phantom_checksum(ph, sum);
    printf("{\"phantom\": ");
    sf_json_string(stdout, ph->name);
    printf(", \"dims\": [%d, %d, %d], \"spacing_cm\": ", ph->nx, ph->ny,
           ph->nz);
    sf_json_doubles(stdout, ph->spacing_cm, 3, 1, 0);
    printf(", \"origin_cm\": ");
    sf_json_doubles(stdout, ph->origin_cm, 3, 1, 0);
    printf(", \"sha256\": \"%s\",\n \"regions\": [", sum);
    int first = 1;
    for (int l = 0; l < ph->n_labels; ++l) {
        const sf_region *r = &ph->regions[l];
        if (r->voxels <= 0)
            continue;
        printf("%s\n  {\"id\": %d, \"name\": ", first ? "" : ",", l);
        sf_json_string(stdout, r->name);
        printf(", \"medium\": ");
        sf_json_string(stdout, medium_name(ph, r));
        printf(", \"voxels\": %lld, \"mass_kg\": ", (long long)r->voxels);
        sf_json_double(stdout, r->mass_kg);
        printf(", \"density_g_cm3\": ");
        sf_json_double(stdout, r->density_g_cm3);
        printf(", \"in_body\": %s}", r->in_body ? "true" : "false");
        first = 0;
    }
    printf("],\n \"total_mass_kg\": ");
    sf_json_double(stdout, ph->body_mass_kg);
    printf("}\n");
}

int sf_cmd_phantom(int argc, char **argv)
{
    const char *action = NULL, *spec = NULL;
    int json = 0;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            print_help(stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (a[0] == '-' && a[1]) {
            return sf_cli_usage("phantom", "unknown option '%s'", a);
        } else if (!action) {
            action = a;
        } else if (!spec) {
            spec = a;
        } else {
            return sf_cli_usage("phantom", "unexpected argument '%s'", a);
        }
    }
    if (!action)
        return sf_cli_usage("phantom", "missing action, expected 'info'");
    if (strcmp(action, "info") != 0)
        return sf_cli_usage("phantom", "unknown action '%s', expected 'info'",
                            action);
    if (!spec)
        return sf_cli_usage("phantom", "missing PHANTOM after 'info'");
    sf_phantom *ph = NULL;
    if (sf_phantom_load(spec, &ph) != SF_OK)
        return sf_cli_fail();
    if (json)
        print_json(ph);
    else
        print_text(ph);
    sf_phantom_destroy(&ph);
    return 0;
}
