/*
 * vircommand.c: running helper programs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sys/wait.h>

#include "vircommand.h"
#include "virerror.h"
#include "virlog.h"

#define VIR_FROM_THIS VIR_FROM_NONE

VIR_LOG_INIT("util.vircommand");


char *
virCommandToString(const char *const *argv)
{
    GString *s = g_string_new(NULL);

    for (size_t i = 0; argv[i]; i++) {
        g_autofree char *quoted = NULL;
        const char *word = argv[i];

        if (!*word || strpbrk(word, " \t\n'\"\\$`*?[]{}()<>|&;#~")) {
            quoted = g_shell_quote(word);
            word = quoted;
        }
        g_string_append_printf(s, "%s%s", i ? " " : "", word);
    }
    return g_string_free(s, FALSE);
}


int
virCommandRun(const char *const *argv, char **out, char **err, int *status)
{
    g_autofree char *cmdline = virCommandToString(argv);
    g_autofree char *sout = NULL;
    g_autofree char *serr = NULL;
    g_autoptr(GError) gerr = NULL;
    int wstatus;

    VIR_DEBUG("running %s", cmdline);
    if (!g_spawn_sync(NULL, (char **)argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_CLOEXEC_PIPES,
                      NULL, NULL, &sout, &serr, &wstatus, &gerr)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "cannot run '%s': %s", argv[0], gerr->message);
        return -1;
    }
    if (!WIFEXITED(wstatus) || (WEXITSTATUS(wstatus) != 0 && !status)) {
        g_strchomp(serr);
        if (WIFEXITED(wstatus))
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "Child process (%s) unexpected exit status %d: %s",
                           cmdline, WEXITSTATUS(wstatus), serr);
        else
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "Child process (%s) unexpected fatal signal %d: %s",
                           cmdline, WTERMSIG(wstatus), serr);
        return -1;
    }
    if (status)
        *status = WEXITSTATUS(wstatus);
    if (out)
        *out = g_steal_pointer(&sout);
    if (err)
        *err = g_steal_pointer(&serr);
    return 0;
}
