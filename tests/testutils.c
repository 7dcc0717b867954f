/*
 * testutils.c: a small TAP harness
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stdlib.h>
#include <glib.h>

#include "testutils.h"

static bool testCaseFailed;
static const char *testCaseSkip;
static const void *testCaseCurrentData;


void
testFail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    testCaseFailed = true;
    printf("# %s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}


void
testSkip(const char *reason)
{
    testCaseSkip = reason;
}


bool
testFailed(void)
{
    return testCaseFailed;
}


const void *
testCaseData(void)
{
    return testCaseCurrentData;
}


const char *
testSourceDir(void)
{
    const char *dir = getenv("SNAPVIRT_TEST_SRCDIR");

    return dir ? dir : ".";
}


char *
testReadFile(const char *path)
{
    char *text = NULL;
    GError *err = NULL;

    if (!g_file_get_contents(path, &text, NULL, &err)) {
        testFail(__FILE__, __LINE__, "cannot read %s: %s", path, err->message);
        g_error_free(err);
        return NULL;
    }
    return text;
}


int
testRun(int argc, char **argv, const testCase *cases)
{
    int failed = 0;
    int n = 0;
    int count = 0;

    for (const testCase *c = cases; c->name; c++) {
        if (argc < 2 || strstr(c->name, argv[1]))
            count++;
    }
    printf("1..%d\n", count);
    for (const testCase *c = cases; c->name; c++) {
        if (argc >= 2 && !strstr(c->name, argv[1]))
            continue;
        testCaseFailed = false;
        testCaseSkip = NULL;
        testCaseCurrentData = c->data;
        fflush(stdout);
        c->func();
        n++;
        if (testCaseFailed) {
            printf("not ok %d - %s\n", n, c->name);
            failed++;
        } else if (testCaseSkip) {
            printf("ok %d - %s # SKIP %s\n", n, c->name, testCaseSkip);
        } else {
            printf("ok %d - %s\n", n, c->name);
        }
        fflush(stdout);
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
