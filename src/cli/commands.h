/* Subcommands of the saffron executable; each lives in its own cli/ file and
 * returns a process exit status (0 on success). */
#ifndef SF_COMMANDS_H
#define SF_COMMANDS_H

typedef struct sf_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
} sf_command;

/* The table of subcommands, terminated by a {NULL} entry. */
extern const sf_command sf_commands[];

/* Prints "saffron: error: MESSAGE" (one line) and returns 1. */
int sf_cli_fail(void);

/* Prints a usage error as one line and returns 2. */
int sf_cli_usage(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

int sf_cmd_phantom(int argc, char **argv);
int sf_cmd_physics(int argc, char **argv);
int sf_cmd_physics_mu(int argc, char **argv);
int sf_cmd_physics_electron(int argc, char **argv);
int sf_cmd_version(int argc, char **argv);
int sf_cmd_task(int argc, char **argv);
int sf_cmd_run(int argc, char **argv);
int sf_cmd_status(int argc, char **argv);
int sf_cmd_export(int argc, char **argv);
int sf_cmd_compare(int argc, char **argv);
int sf_cmd_svalue(int argc, char **argv);
int sf_cmd_plot(int argc, char **argv);
int sf_cmd_plan(int argc, char **argv);
int sf_cmd_merge(int argc, char **argv);
int sf_cmd_verify(int argc, char **argv);
int sf_cmd_report(int argc, char **argv);

#endif
