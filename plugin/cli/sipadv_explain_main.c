/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sipadv-explain: explain a SIP response code, or compare two, from the plugin's table.
 * Exit status: 0 explained, 1 a code is malformed (explained as the plugin does), 2 bad
 * arguments, 3 the output could not be written (see sipadv-explain(1)). */
#include <stdio.h>
#include <string.h>

#include "sipadv_explain.h"

#ifndef SIPADV_VERSION
#define SIPADV_VERSION "unknown"
#endif

enum { EXIT_EXPLAINED = 0, EXIT_MALFORMED = 1, EXIT_USAGE = 2, EXIT_OUTPUT = 3 };

#define PROG "sipadv-explain"

static const char usage_text[] =
    "Usage: " PROG " [OPTION]... CODE [CODE2]\n"
    "Explain a SIP response code, or compare two, as the SIP Response Advisor\n"
    "Wireshark plugin does: class, registered phrase and RFC, meaning, typical\n"
    "context, remedy, and the advice specific to the method a response answers.\n"
    "\n"
    "  -m, --method METHOD  only the advice for a response to METHOD (e.g. BYE)\n"
    "      --after-cancel   with --method: a CANCEL was seen for the request\n"
    "      --no-cancel      with --method: no CANCEL was seen for the request\n"
    "  -j, --json           print one JSON object instead of text\n"
    "  -l, --list           list the registered codes (with --json: in full)\n"
    "  -h, --help           print this help and exit\n"
    "  -V, --version        print the version and exit\n"
    "\n"
    "Exit status: 0 explained; 1 a code is malformed (not three digits 100-699)\n"
    "and explained as such; 2 bad arguments; 3 the output could not be written.\n"
    "See " PROG "(1).\n";

typedef struct {
    const char *codes[2];
    unsigned n_codes;
    explain_query query;
    char *method;           /* owned copy in upper case */
    bool json, list, help, version;
} cli_args;

/* RFC 3261 sec. 25.1 token characters: what a CSeq method can be made of. */
static bool is_method(const char *s)
{
    if (s[0] == '\0' || strlen(s) > 32)
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        if (!g_ascii_isalnum(*p) && strchr("-.!%*_+`'~", *p) == NULL)
            return false;
    }
    return true;
}

/* Methods are case-sensitive on the wire, but nobody types "bye" meaning anything else. */
static char *take_method(const char *value, char **error)
{
    if (value == NULL || value[0] == '-' || value[0] == '\0') {
        *error = g_strdup("option --method needs a value: a SIP method such as BYE");
        return NULL;
    }
    if (!is_method(value)) {
        *error = g_strdup_printf("'%s' is not a SIP method (letters, digits, -.!%%*_+`'~)",
                                 value);
        return NULL;
    }
    return g_ascii_strup(value, -1);
}

static bool set_when(cli_args *a, sipadv_condition when, char **error)
{
    if (a->query.when_given && a->query.when != when) {
        *error = g_strdup("--after-cancel and --no-cancel exclude each other");
        return false;
    }
    a->query.when_given = true;
    a->query.when = when;
    return true;
}

static bool add_code(cli_args *a, const char *arg, char **error)
{
    if (a->n_codes == 2) {
        *error = g_strdup("give one code to explain or two to compare, not more");
        return false;
    }
    a->codes[a->n_codes++] = arg;
    return true;
}

/* The options that take no value. */
static bool parse_flag(cli_args *a, const char *opt, char **error)
{
    const struct {
        const char *short_name, *long_name;
        bool *flag;
    } flags[] = {
        { "-j", "--json", &a->json },
        { "-l", "--list", &a->list },
        { "-h", "--help", &a->help },
        { "-V", "--version", &a->version },
    };

    for (unsigned i = 0; i < G_N_ELEMENTS(flags); i++) {
        if (strcmp(opt, flags[i].short_name) == 0 || strcmp(opt, flags[i].long_name) == 0) {
            *flags[i].flag = true;
            return true;
        }
    }
    *error = g_strdup_printf("unknown option '%s'", opt);
    return false;
}

/* One option at argv[*i]; a value it takes is consumed by advancing *i. */
static bool parse_option(cli_args *a, int argc, char **argv, int *i, char **error)
{
    const char *opt = argv[*i];

    if (strcmp(opt, "-m") == 0 || strcmp(opt, "--method") == 0) {
        const char *value = *i + 1 < argc ? argv[++*i] : NULL;
        g_free(a->method);
        a->method = take_method(value, error);
        return a->method != NULL;
    }
    if (strncmp(opt, "--method=", 9) == 0) {
        g_free(a->method);
        a->method = take_method(opt + 9, error);
        return a->method != NULL;
    }
    if (strcmp(opt, "--after-cancel") == 0)
        return set_when(a, SIPADV_WHEN_AFTER_CANCEL, error);
    if (strcmp(opt, "--no-cancel") == 0)
        return set_when(a, SIPADV_WHEN_NO_CANCEL, error);
    return parse_flag(a, opt, error);
}

/* Combinations that cannot mean anything. */
static bool check_args(const cli_args *a, char **error)
{
    if (a->help || a->version)
        return true;
    if (a->list && (a->n_codes > 0 || a->method != NULL || a->query.when_given))
        *error = g_strdup("--list takes no code and no --method");
    else if (!a->list && a->n_codes == 0)
        *error = g_strdup("no code given: a SIP response code such as 486, or two to compare");
    else if (a->query.when_given && a->method == NULL)
        *error = g_strdup("--after-cancel and --no-cancel need --method (e.g. --method INVITE)");
    return *error == NULL;
}

static bool parse_args(int argc, char **argv, cli_args *a, char **error)
{
    bool options = true;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (options && strcmp(arg, "--") == 0)
            options = false;
        else if (options && arg[0] == '-' && arg[1] != '\0') {
            if (!parse_option(a, argc, argv, &i, error))
                return false;
        } else if (!add_code(a, arg, error))
            return false;
    }
    a->query.method = a->method;
    return check_args(a, error);
}

/* Renders the codes; false when one of them is malformed. */
static bool render_codes(const cli_args *a, GString *out, char **error)
{
    explain_code codes[2];
    explain_item items[2];
    bool malformed = false;

    for (unsigned i = 0; i < a->n_codes; i++) {
        if (!explain_parse_code(a->codes[i], &codes[i])) {
            *error = g_strdup_printf("'%s' is not a status code: give its digits, e.g. 486",
                                     a->codes[i]);
            return false;
        }
    }
    for (unsigned i = 0; i < a->n_codes; i++) {
        explain_resolve(&codes[i], &a->query, &items[i]);
        malformed |= codes[i].malformed;
    }
    if (a->n_codes == 1)
        (a->json ? explain_json : explain_text)(out, &items[0]);
    else
        (a->json ? explain_compare_json : explain_compare_text)(out, &items[0], &items[1]);
    if (a->json)
        g_string_append_c(out, '\n');
    for (unsigned i = 0; i < a->n_codes; i++)
        explain_item_clear(&items[i]);
    return !malformed;
}

static int usage_error(const char *error)
{
    fprintf(stderr, PROG ": %s\nTry '" PROG " --help' for more information.\n", error);
    return EXIT_USAGE;
}

static int write_out(const GString *out, int status)
{
    if (fwrite(out->str, 1, out->len, stdout) != out->len || fflush(stdout) != 0) {
        perror(PROG ": cannot write the output");
        return EXIT_OUTPUT;
    }
    return status;
}

static int run(const cli_args *a, GString *out)
{
    char *error = NULL;
    int status = EXIT_EXPLAINED;

    if (a->help) {
        g_string_append(out, usage_text);
    } else if (a->version) {
        g_string_append(out, PROG " (SIP Response Advisor) " SIPADV_VERSION "\n");
    } else if (a->list && a->json) {
        explain_list_json(out);
        g_string_append_c(out, '\n');
    } else if (a->list) {
        explain_list_text(out);
    } else if (!render_codes(a, out, &error)) {
        if (error != NULL) {
            status = usage_error(error);
            g_free(error);
            return status;
        }
        status = EXIT_MALFORMED;
    }
    return write_out(out, status);
}

int main(int argc, char **argv)
{
    cli_args args = { 0 };
    char *error = NULL;
    GString *out;
    int status;

    if (!parse_args(argc, argv, &args, &error)) {
        status = usage_error(error);
        g_free(error);
        g_free(args.method);
        return status;
    }
    out = g_string_new(NULL);
    status = run(&args, out);
    g_string_free(out, TRUE);
    g_free(args.method);
    return status;
}
