/* saffron: parse the subcommand, run it, report. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static void print_help(FILE *out)
{
    fprintf(out, "saffron %s: Monte Carlo specific absorbed fractions on "
                 "voxel phantoms\n\nusage: saffron COMMAND [options]\n\n"
                 "commands:\n", SAFFRON_VERSION);
    for (const sf_command *c = sf_commands; c->name; ++c)
        fprintf(out, "  %-12s %s\n", c->name, c->summary);
    fprintf(out, "\n'saffron COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (!strcmp(name, "help") || !strcmp(name, "--help") || !strcmp(name, "-h")) {
        print_help(stdout);
        return 0;
    }
    for (const sf_command *c = sf_commands; c->name; ++c)
        if (!strcmp(c->name, name))
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "saffron: error: unknown command '%s' (see 'saffron help')\n",
            name);
    return 2;
}
