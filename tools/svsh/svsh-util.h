/*
 * svsh-util.h: what many commands share — finding a domain from its
 * argument, tables, trees, reading files, XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "svsh.h"

typedef enum {
    SVSH_BYID = 1 << 0,
    SVSH_BYUUID = 1 << 1,
    SVSH_BYNAME = 1 << 2,
    SVSH_BYANY = SVSH_BYID | SVSH_BYUUID | SVSH_BYNAME,
} svshLookupFlags;

/* The domain named by option @optname ("domain"), tried as an id, a UUID
 * and a name as @flags allow; "failed to get domain 'X'" otherwise. */
virDomainPtr svshCommandDomain(svshControl *ctl, const svshCmd *cmd,
                               const char *optname, unsigned int flags,
                               const char **name);

/* The option definition every domain command starts with. */
#define SVSH_OPT_DOMAIN(help) \
    { "domain", SVSH_OT_DATA, SVSH_OFLAG_REQ, help, svshCompleteDomains }

/* Completion: names of the connection's domains / of a domain's snapshots. */
char **svshCompleteDomains(svshControl *ctl, const svshCmd *cmd);
char **svshCompleteSnapshots(svshControl *ctl, const svshCmd *cmd);

/* ---- tables, drawn as virsh draws them ---- */

typedef struct _svshTable svshTable;
svshTable *svshTableNew(const char *first, ...) G_GNUC_NULL_TERMINATED;
void svshTableRow(svshTable *table, const char *first, ...) G_GNUC_NULL_TERMINATED;
void svshTablePrint(svshControl *ctl, svshTable *table);
void svshTableFree(svshTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(svshTable, svshTableFree)

/* ---- trees, drawn as virsh draws them ---- */

/* Prints the subtree of @root: @names[i] has parent @parents[i] (an index,
 * or -1 for a root); children appear in index order.  Iterative, so any
 * depth prints. */
void svshTreePrint(svshControl *ctl, const char *const *names, const int *parents,
                   size_t n, size_t root);

/* ---- misc ---- */

/* Splits @text at commas, ",," standing for a literal comma; "" gives no
 * piece.  The list syntax of virsh's --split, --diskspec, --memspec. */
char **svshSplitList(const char *text);

/* Prints @xml; with @xpath, the nodes it selects instead, each on its own
 * line, or with @wrap all together inside one <nodes> element (virsh's
 * --xpath and --wrap).  False (reported) if @xpath is not a node set. */
bool svshDumpXML(svshControl *ctl, const char *xml, const char *xpath, bool wrap);

/* Reads a file into *text; "Failed to open file 'X': ..." (or "read")
 * on failure, as virsh words it. */
bool svshReadFile(svshControl *ctl, const char *path, char **text);
/* The same, silent: 0, or an errno value with *failed "open" or "read". */
int svshReadFileErrno(const char *path, char **text, const char **failed);
/* Parses an XML document without network or entities; NULL on error
 * (reported). */
xmlDocPtr svshXMLParse(svshControl *ctl, const char *xml, xmlXPathContextPtr *ctxt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)
/* The string value of @xpath in @ctxt, or NULL. */
char *svshXPathString(xmlXPathContextPtr ctxt, const char *xpath);
/* The local time of @t as "YYYY-MM-DD HH:MM:SS +ZZZZ". */
char *svshFormatTime(long long t);
/* Appends @value escaped for XML text or an attribute. */
void svshXMLEscape(GString *out, const char *value);

/* State and reason names, as virsh words them. */
const char *svshDomainStateName(int state);
const char *svshDomainReasonName(int state, int reason);
