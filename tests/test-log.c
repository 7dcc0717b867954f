/*
 * test-log.c: debug logging is off by default and controlled by
 * SNAPVIRT_DEBUG and SNAPVIRT_LOG_FILE
 *
 * Logging reads the environment once per process, so each case runs the
 * library in a child process with its own environment.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "apiutils.h"

/* Runs a few calls (one failing) in a child with @level and returns what
 * it logged to a fresh file. */
static char *
logOf(const char *level)
{
    g_autofree char *dir = g_dir_make_tmp("snapvirt-log-XXXXXX", NULL);
    g_autofree char *file = g_build_filename(dir, "log", NULL);
    char *text = NULL;
    pid_t pid;
    int status = 0;

    fflush(stdout);
    if ((pid = fork()) == 0) {
        virConnectPtr conn;

        if (level)
            g_setenv("SNAPVIRT_DEBUG", level, TRUE);
        g_setenv("SNAPVIRT_LOG_FILE", file, TRUE);
        apiQuiet();
        conn = virConnectOpen("test:///default");
        virDomainLookupByName(conn, "nosuch");
        virConnectClose(conn);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (!g_file_get_contents(file, &text, NULL, NULL))
        text = g_strdup("");
    g_unlink(file);
    g_rmdir(dir);
    return text;
}


static void
test_logging_is_off_by_default(void)
{
    g_autofree char *log = logOf(NULL);

    CHECK_STR(log, "");
}


static void
test_debug_level_logs_calls_and_errors(void)
{
    g_autofree char *log = logOf("1");

    CHECK_CONTAINS(log, ": debug : libvirt.api:virAPIConnectFrom:");
    CHECK_CONTAINS(log, "virDomainLookupByName: conn=");
    CHECK_CONTAINS(log, ": error : util.error:");
    CHECK_CONTAINS(log, "no domain with matching name 'nosuch'");
}


static void
test_error_level_logs_errors_only(void)
{
    g_autofree char *log = logOf("4");

    CHECK(strstr(log, ": debug :") == NULL);
    CHECK_CONTAINS(log, ": error : util.error:");
    CHECK_CONTAINS(log, "no domain with matching name 'nosuch'");
}


static const testCase tests[] = {
    TEST_CASE(test_logging_is_off_by_default),
    TEST_CASE(test_debug_level_logs_calls_and_errors),
    TEST_CASE(test_error_level_logs_errors_only),
    { NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
