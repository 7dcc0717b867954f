/*
 * svsh-help.c: help for the shell, its groups and its commands, laid out
 * as virsh lays out its own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>

#include "svsh.h"

/* Where svsh writes help: ctl may be NULL (for --help, before setup). */
static void
svshHelpPrint(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
svshHelpPrint(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}


/* "--name <string>" or "[--name] <string>" as the options list shows it. */
static char *
svshOptLabel(const svshOptDef *opt)
{
    const char *type = opt->type == SVSH_OT_INT ? "number" : "string";

    switch (opt->type) {
    case SVSH_OT_BOOL:
        return g_strdup_printf("--%s", opt->name);
    case SVSH_OT_DATA:
    case SVSH_OT_ARGV:
        return g_strdup_printf("[--%s] <%s>", opt->name, type);
    default:
        return g_strdup_printf("--%s <%s>", opt->name, type);
    }
}


/* The option as the synopsis shows it. */
static char *
svshOptSynopsis(const svshOptDef *opt)
{
    bool req = opt->flags & SVSH_OFLAG_REQ;
    const char *type = opt->type == SVSH_OT_INT ? "number" : "string";

    switch (opt->type) {
    case SVSH_OT_BOOL:
        return g_strdup_printf("[--%s]", opt->name);
    case SVSH_OT_DATA:
        return g_strdup_printf(req ? "<%s>" : "[<%s>]", opt->name);
    case SVSH_OT_ARGV:
        return req ? g_strdup_printf("<%s>...", opt->name) :
                     g_strdup_printf("[[--%s] <%s>]...", opt->name, type);
    default:
        return g_strdup_printf(req ? "--%s <%s>" : "[--%s <%s>]", opt->name, type);
    }
}


bool
svshCmdHelp(svshControl *ctl G_GNUC_UNUSED, const svshCmdDef *def)
{
    bool hasOpts = def->opts && def->opts[0].name;

    svshHelpPrint("  NAME\n    %s - %s\n\n  SYNOPSIS\n    %s", def->name, def->help,
                  def->name);
    for (const svshOptDef *o = def->opts; o && o->name; o++) {
        g_autofree char *syn = svshOptSynopsis(o);

        svshHelpPrint(" %s", syn);
    }
    svshHelpPrint("\n\n");
    if (def->desc)
        svshHelpPrint("  DESCRIPTION\n    %s\n\n", def->desc);
    if (hasOpts) {
        svshHelpPrint("  OPTIONS\n");
        for (const svshOptDef *o = def->opts; o->name; o++) {
            g_autofree char *label = svshOptLabel(o);

            svshHelpPrint("    %-15s  %s\n", label, o->help);
        }
        svshHelpPrint("\n");
    }
    return true;
}


static void
svshGroupList(const svshCmdGroup *grp, bool colon)
{
    svshHelpPrint(" %s (help keyword '%s')%s\n", grp->name, grp->keyword, colon ? ":" : "");
    for (const svshCmdDef *def = grp->cmds; def->name; def++)
        svshHelpPrint("    %-30s %s\n", def->name, def->help);
}


bool
svshGroupHelp(svshControl *ctl G_GNUC_UNUSED, const svshCmdGroup *grp)
{
    svshGroupList(grp, true);
    return true;
}


void
svshGlobalHelp(svshControl *ctl)
{
    /* In "svsh --help" the groups carry no colon, as in virsh --help. */
    for (const svshCmdGroup *grp = svshGroups; grp->name; grp++) {
        svshGroupList(grp, ctl != NULL);
        svshHelpPrint("\n");
    }
}
