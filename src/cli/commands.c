#include "cli/commands.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/error.h"

const sf_command sf_commands[] = {
    {"phantom", "inspect a phantom: 'phantom info PHANTOM [--json]'",
     sf_cmd_phantom},
    {"physics", "query physics data: 'physics mu --material M --energies E,..'",
     sf_cmd_physics},
    {"task", "run one task: 'task --phantom P --source S --energy E "
             "--histories N'", sf_cmd_task},
    {"run", "run a campaign: '[mpirun -np R] run MANIFEST -o OUT.h5 "
            "[--resume]'", sf_cmd_run},
    {"status", "progress of a campaign: 'status OUT.h5'", sf_cmd_status},
    {"version", "print the version, git commit and physics-data checksum",
     sf_cmd_version},
    {"export", "SAFs as CSV or ICRP 133 files, dose maps as images: 'export "
               "OUT.h5 --format csv|icrp133|mhd|nii'", sf_cmd_export},
    {"compare", "compare with reference SAFs: 'compare OUT.h5 REFERENCE'",
     sf_cmd_compare},
    {"svalue", "S values for a decay spectrum: 'svalue OUT.h5 --spectrum "
               "FILE|NUCLIDE'", sf_cmd_svalue},
    {"plot", "PNG plots: 'plot OUT.h5 saf --source S' or 'plot OUT.h5 "
             "slice --task ID'", sf_cmd_plot},
    {"plan", "shards, cost and batch scripts: 'plan MANIFEST --shards N'",
     sf_cmd_plan},
    {"merge", "join shard files: 'merge -o OUT.h5 SHARD.h5...'", sf_cmd_merge},
    {"verify", "re-run tasks of a results file: 'verify OUT.h5 [--tasks K]'",
     sf_cmd_verify},
    {"report", "an HTML page about a results file: 'report OUT.h5 "
               "[-o OUT.html] [--reference FILE ...]'", sf_cmd_report},
    {NULL, NULL, NULL}};

int sf_cli_fail(void)
{
    fprintf(stderr, "saffron: error: %s\n", sf_error_message());
    return 1;
}

int sf_cli_usage(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "saffron %s: usage error: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'saffron %s --help')\n", command);
    return 2;
}
