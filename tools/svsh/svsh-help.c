/*
 * svsh-help.c: help for the shell, its groups and its commands, laid out
 * as virsh lays out its own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
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


static const char *
svshOptTypeName(const svshOptDef *opt)
{
    return opt->type == SVSH_OT_INT ? "number" : "string";
}


/* Whether an ARGV option can also be named: virsh says so when a
 * positional option comes before it. */
static bool
svshArgvNamed(const svshCmdDef *def, const svshOptDef *argv)
{
    for (const svshOptDef *o = def->opts; o < argv; o++) {
        if (o->type != SVSH_OT_BOOL && !(o->flags & SVSH_OFLAG_NAMED))
            return true;
    }
    return false;
}


/* The option as the OPTIONS list shows it. */
static char *
svshOptLabel(const svshCmdDef *def, const svshOptDef *opt)
{
    const char *type = svshOptTypeName(opt);

    switch (opt->type) {
    case SVSH_OT_BOOL:
        return g_strdup_printf("--%s", opt->name);
    case SVSH_OT_ARGV:
        return svshArgvNamed(def, opt) ? g_strdup_printf("[--%s] <%s>", opt->name, type) :
                                         g_strdup_printf("<%s>", opt->name);
    default:
        if ((opt->flags & SVSH_OFLAG_REQ) && !(opt->flags & SVSH_OFLAG_NAMED))
            return g_strdup_printf("[--%s] <%s>", opt->name, type);
        return g_strdup_printf("--%s <%s>", opt->name, type);
    }
}


/* The option as the synopsis shows it. */
static char *
svshOptSynopsis(const svshCmdDef *def, const svshOptDef *opt)
{
    bool req = opt->flags & SVSH_OFLAG_REQ;
    const char *type = svshOptTypeName(opt);

    switch (opt->type) {
    case SVSH_OT_BOOL:
        return g_strdup_printf("[--%s]", opt->name);
    case SVSH_OT_ARGV:
        if (svshArgvNamed(def, opt))
            return g_strdup_printf(req ? "{[--%s] <%s>}..." : "[[--%s] <%s>]...",
                                   opt->name, type);
        return g_strdup_printf(req ? "<%s>..." : "[<%s>]...", opt->name);
    case SVSH_OT_DATA:
        if (!req)
            return g_strdup_printf("[<%s>]", opt->name);
        G_GNUC_FALLTHROUGH;
    default:
        if (req && !(opt->flags & SVSH_OFLAG_NAMED))
            return g_strdup_printf("<%s>", opt->name);
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
        g_autofree char *syn = svshOptSynopsis(def, o);

        svshHelpPrint(" %s", syn);
    }
    svshHelpPrint("\n\n");
    if (def->desc)
        svshHelpPrint("  DESCRIPTION\n    %s\n\n", def->desc);
    if (hasOpts) {
        svshHelpPrint("  OPTIONS\n");
        for (const svshOptDef *o = def->opts; o->name; o++) {
            g_autofree char *label = svshOptLabel(def, o);

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
