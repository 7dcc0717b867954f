/*
 * svsh-readline.c: interactive mode — line editing, history kept in the
 * user's data directory, and completion of command names, options, domain
 * names and snapshot names
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>

#include "svsh-util.h"

#define SVSH_HISTORY_LINES 500

static svshControl *svshCompleteCtl;


/* What the words typed so far say about the next one: the command, the
 * options already given (with values), and the option the next word
 * fills, if any. */
typedef struct {
    const svshCmdDef *def;
    svshCmd cmd;               /* values of the options typed so far */
    const svshOptDef *filling; /* the option whose value is being typed */
} svshPartial;


static void
svshPartialClear(svshPartial *p)
{
    if (!p->def)
        return;
    for (size_t i = 0; p->def->opts && p->def->opts[i].name; i++)
        g_free(p->cmd.values[i]);
    g_free(p->cmd.values);
    g_free(p->cmd.present);
    g_ptr_array_unref(p->cmd.argv);
}


static void
svshPartialSet(svshPartial *p, const svshOptDef *opt, const char *value)
{
    size_t i = opt - p->def->opts;

    p->cmd.present[i] = true;
    if (opt->type == SVSH_OT_ARGV) {
        g_ptr_array_add(p->cmd.argv, g_strdup(value));
    } else {
        g_free(p->cmd.values[i]);
        p->cmd.values[i] = g_strdup(value);
    }
}


/* The next positional option of the partial command, or NULL. */
static const svshOptDef *
svshPartialNextPositional(svshPartial *p)
{
    for (size_t i = 0; p->def->opts && p->def->opts[i].name; i++) {
        const svshOptDef *o = &p->def->opts[i];

        if (o->type == SVSH_OT_BOOL || (o->flags & SVSH_OFLAG_NAMED))
            continue;
        if (!p->cmd.present[i] || o->type == SVSH_OT_ARGV)
            return o;
    }
    return NULL;
}


/* Reads the complete words before the cursor (all but the last, which is
 * being completed). */
static void
svshPartialParse(svshPartial *p, char **words, size_t n)
{
    size_t nopts = 0;

    memset(p, 0, sizeof(*p));
    if (n == 0 || !(p->def = svshCommandLookup(words[0])))
        return;
    for (const svshOptDef *o = p->def->opts; o && o->name; o++)
        nopts++;
    p->cmd.def = p->def;
    p->cmd.values = g_new0(char *, nopts + 1);
    p->cmd.present = g_new0(bool, nopts + 1);
    p->cmd.argv = g_ptr_array_new_with_free_func(g_free);

    for (size_t i = 1; i < n; i++) {
        const svshOptDef *opt = NULL;

        if (p->filling) {
            svshPartialSet(p, p->filling, words[i]);
            p->filling = NULL;
            continue;
        }
        if (g_str_has_prefix(words[i], "--")) {
            for (const svshOptDef *o = p->def->opts; o && o->name; o++) {
                if (strcmp(o->name, words[i] + 2) == 0)
                    opt = o;
            }
            if (opt && opt->type == SVSH_OT_BOOL)
                svshPartialSet(p, opt, NULL);
            else if (opt)
                p->filling = opt;
            continue;
        }
        if ((opt = svshPartialNextPositional(p)))
            svshPartialSet(p, opt, words[i]);
    }
}


static char **
svshCommandNames(void)
{
    GPtrArray *names = g_ptr_array_new();

    for (const svshCmdGroup *grp = svshGroups; grp->name; grp++) {
        for (const svshCmdDef *def = grp->cmds; def->name; def++)
            g_ptr_array_add(names, g_strdup(def->name));
    }
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}


static char **
svshOptionNames(svshPartial *p)
{
    GPtrArray *names = g_ptr_array_new();

    for (size_t i = 0; p->def->opts && p->def->opts[i].name; i++) {
        if (!p->cmd.present[i] || p->def->opts[i].type == SVSH_OT_ARGV)
            g_ptr_array_add(names, g_strdup_printf("--%s", p->def->opts[i].name));
    }
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}


/* Completing names needs the connection, which svsh opens when a command
 * first needs it: open it now, without a word on failure (the next
 * command will report it). */
static void
svshCompletionConnect(svshControl *ctl)
{
    virConnectPtr conn;

    if (ctl->conn || ctl->keepalive > 0 || ctl->keepaliveCount >= 0)
        return;
    conn = ctl->readonly ? virConnectOpenReadOnly(ctl->uri) :
                           virConnectOpenAuth(ctl->uri, virConnectAuthPtrDefault, 0);
    if (conn)
        ctl->conn = conn;
    svshResetError(ctl);
}


/* Every candidate for the word at the cursor (unfiltered). */
static char **
svshCandidates(const char *text)
{
    g_autofree char *line = g_strndup(rl_line_buffer, rl_point);
    g_auto(GStrv) words = svshSplitWords(line);
    size_t n = g_strv_length(words);
    const svshOptDef *opt;
    char **list = NULL;
    svshPartial p;

    /* The words before the one being typed. */
    if (n && *text && strcmp(words[n - 1], text) == 0)
        n--;
    if (n == 0)
        return svshCommandNames();

    svshPartialParse(&p, words, n);
    if (!p.def)
        return NULL;
    if (p.filling)
        opt = p.filling;
    else if (g_str_has_prefix(text, "-"))
        opt = NULL;
    else
        opt = svshPartialNextPositional(&p);
    if (opt && opt->completer) {
        svshCompletionConnect(svshCompleteCtl);
        list = opt->completer(svshCompleteCtl, &p.cmd);
    }
    else if (!p.filling)
        list = svshOptionNames(&p);
    svshPartialClear(&p);
    return list;
}


static char *
svshCompletionGenerator(const char *text, int state)
{
    static char **list;
    static size_t next;

    if (!state) {
        g_clear_pointer(&list, g_strfreev);
        list = svshCandidates(text);
        next = 0;
    }
    while (list && list[next]) {
        const char *candidate = list[next++];

        if (g_str_has_prefix(candidate, text))
            return g_strdup(candidate);
    }
    return NULL;
}


static char **
svshCompletion(const char *text, int start G_GNUC_UNUSED, int end G_GNUC_UNUSED)
{
    /* No file name completion when we have nothing to offer. */
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, svshCompletionGenerator);
}


static void
svshHistoryInit(svshControl *ctl)
{
    g_autofree char *dir = g_build_filename(g_get_user_data_dir(), "svsh", NULL);

    ctl->historyFile = g_build_filename(dir, "history", NULL);
    stifle_history(SVSH_HISTORY_LINES);
    read_history(ctl->historyFile);
}


static void
svshHistorySave(svshControl *ctl)
{
    g_autofree char *dir = g_path_get_dirname(ctl->historyFile);

    if (g_mkdir_with_parents(dir, 0700) < 0 || write_history(ctl->historyFile) != 0)
        svshError(ctl, "Failed to save the history in '%s'", ctl->historyFile);
}


int
svshInteractive(svshControl *ctl)
{
    char *line;

    svshCompleteCtl = ctl;
    rl_readline_name = "svsh";
    rl_attempted_completion_function = svshCompletion;
    rl_basic_word_break_characters = " \t\n;";
    rl_completer_quote_characters = "\"'";
    svshHistoryInit(ctl);

    svshPrintExtra(ctl, "Welcome to svsh, the virtualization interactive terminal.\n\n"
                   "Type:  'help' for help with commands\n"
                   "       'quit' to quit\n\n");

    while ((line = readline(ctl->readonly ? "svsh > " : "svsh # "))) {
        g_autoptr(svshCmd) cmds = NULL;
        bool empty = false;
        bool quit = false;

        if (*line)
            add_history(line);
        if ((cmds = svshParseString(ctl, line, &empty))) {
            svshRun(ctl, cmds);
            for (svshCmd *c = cmds; c; c = c->next)
                quit |= strcmp(c->def->name, "quit") == 0 || strcmp(c->def->name, "exit") == 0;
        }
        free(line);
        if (quit)
            break;
    }
    /* Leaving (by quit or end of input) ends the last line. */
    svshPrint(ctl, "\n");
    svshHistorySave(ctl);
    return EXIT_SUCCESS;
}
