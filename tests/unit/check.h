/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tiny assertion helper for the unit tests: counts checks, reports each failure with its
 * line, and ends with the plain "N passed, N failed" line. */
#ifndef SIPADV_CHECK_H
#define SIPADV_CHECK_H

#include <stdio.h>
#include <string.h>

static unsigned check_passed, check_failed;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (cond) {                                                                        \
            check_passed++;                                                                \
        } else {                                                                           \
            check_failed++;                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                  \
    } while (0)

#define CHECK_MSG(cond, ...)                                                               \
    do {                                                                                   \
        if (cond) {                                                                        \
            check_passed++;                                                                \
        } else {                                                                           \
            check_failed++;                                                                \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                               \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fputc('\n', stderr);                                                           \
        }                                                                                  \
    } while (0)

static inline int check_str_equal(const char *a, const char *b, const char *file, int line)
{
    if (a != NULL && b != NULL && strcmp(a, b) == 0)
        return 1;
    fprintf(stderr, "%s:%d: '%s' != '%s'\n", file, line, a ? a : "(null)", b ? b : "(null)");
    return 0;
}

#define CHECK_STR(a, b)                                                                    \
    do {                                                                                   \
        if (check_str_equal((a), (b), __FILE__, __LINE__))                                 \
            check_passed++;                                                                \
        else                                                                               \
            check_failed++;                                                                \
    } while (0)

static inline int check_report(void)
{
    printf("%u passed, %u failed\n", check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}

#endif
