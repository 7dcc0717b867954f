/*
 * svsh-util.c: domain lookup, tables, trees and other shared helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>

#include "svsh-util.h"

virDomainPtr
svshCommandDomain(svshControl *ctl, const svshCmd *cmd, const char *optname,
                  unsigned int flags, const char **name)
{
    const char *cname = cmd->def->name;
    const char *n = NULL;
    virDomainPtr dom = NULL;
    char *end;
    long id;

    if (svshOptString(ctl, cmd, optname, &n) <= 0)
        return NULL;
    if (name)
        *name = n;

    svshDebug(ctl, SVSH_ERR_INFO, "%s: found option <%s>: %s\n", cname, optname, n);
    errno = 0;
    id = strtol(n, &end, 10);
    if ((flags & SVSH_BYID) && *n && !*end && !errno && id >= 0 && id <= G_MAXINT) {
        svshDebug(ctl, SVSH_ERR_DEBUG, "%s: <%s> looks like ID\n", cname, optname);
        dom = virDomainLookupByID(ctl->conn, id);
    }
    if (!dom && (flags & SVSH_BYUUID) && strlen(n) == VIR_UUID_STRING_BUFLEN - 1) {
        svshDebug(ctl, SVSH_ERR_DEBUG, "%s: <%s> trying as domain UUID\n", cname, optname);
        dom = virDomainLookupByUUIDString(ctl->conn, n);
    }
    if (!dom && (flags & SVSH_BYNAME)) {
        svshDebug(ctl, SVSH_ERR_DEBUG, "%s: <%s> trying as domain NAME\n", cname, optname);
        dom = virDomainLookupByName(ctl->conn, n);
    }
    svshResetError(ctl);
    if (!dom)
        svshError(ctl, "failed to get domain '%s'", n);
    return dom;
}


char **
svshCompleteDomains(svshControl *ctl, const svshCmd *cmd G_GNUC_UNUSED)
{
    virDomainPtr *doms = NULL;
    int n;
    char **names;

    if (!ctl->conn || (n = virConnectListAllDomains(ctl->conn, &doms, 0)) < 0)
        return NULL;
    names = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        names[i] = g_strdup(virDomainGetName(doms[i]));
        virDomainFree(doms[i]);
    }
    free(doms);
    return names;
}


char **
svshCompleteSnapshots(svshControl *ctl, const svshCmd *cmd)
{
    virDomainSnapshotPtr *snaps = NULL;
    virDomainPtr dom;
    const char *dname;
    char **names;
    int n;

    if (!ctl->conn || !cmd || svshOptString(ctl, cmd, "domain", &dname) <= 0 ||
        !(dom = virDomainLookupByName(ctl->conn, dname)))
        return NULL;
    n = virDomainListAllSnapshots(dom, &snaps, 0);
    virDomainFree(dom);
    if (n < 0)
        return NULL;
    names = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        names[i] = g_strdup(virDomainSnapshotGetName(snaps[i]));
        virDomainSnapshotFree(snaps[i]);
    }
    free(snaps);
    return names;
}


/* ---- tables ---- */

struct _svshTable {
    GPtrArray *rows;     /* of GPtrArray of char * (the header first) */
};


static GPtrArray *
svshTableCells(const char *first, va_list ap)
{
    GPtrArray *row = g_ptr_array_new_with_free_func(g_free);

    for (const char *cell = first; cell; cell = va_arg(ap, const char *))
        g_ptr_array_add(row, g_strdup(cell));
    return row;
}


svshTable *
svshTableNew(const char *first, ...)
{
    svshTable *table = g_new0(svshTable, 1);
    va_list ap;

    table->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    va_start(ap, first);
    g_ptr_array_add(table->rows, svshTableCells(first, ap));
    va_end(ap);
    return table;
}


void
svshTableRow(svshTable *table, const char *first, ...)
{
    va_list ap;

    va_start(ap, first);
    g_ptr_array_add(table->rows, svshTableCells(first, ap));
    va_end(ap);
}


void
svshTableFree(svshTable *table)
{
    if (!table)
        return;
    g_ptr_array_unref(table->rows);
    g_free(table);
}


/* One line: a leading blank, cells padded to their column's width and
 * separated by three blanks; the last cell is not padded. */
static void
svshTableLine(GString *out, GPtrArray *row, const size_t *widths)
{
    g_string_append_c(out, ' ');
    for (size_t c = 0; c < row->len; c++) {
        const char *cell = row->pdata[c];

        g_string_append(out, cell);
        if (c + 1 == row->len)
            break;
        for (size_t w = g_utf8_strlen(cell, -1); w < widths[c]; w++)
            g_string_append_c(out, ' ');
        g_string_append(out, "   ");
    }
    g_string_append_c(out, '\n');
}


void
svshTablePrint(svshControl *ctl, svshTable *table)
{
    GPtrArray *header = table->rows->pdata[0];
    g_autofree size_t *widths = g_new0(size_t, header->len);
    g_autoptr(GString) out = g_string_new(NULL);
    size_t total = 0;

    /* Without its header (-q) the header does not count for widths. */
    for (size_t r = ctl->quiet ? 1 : 0; r < table->rows->len; r++) {
        GPtrArray *row = table->rows->pdata[r];

        for (size_t c = 0; c < row->len && c < header->len; c++)
            widths[c] = MAX(widths[c], (size_t)g_utf8_strlen(row->pdata[c], -1));
    }
    for (size_t c = 0; c < header->len; c++)
        total += widths[c] + (c ? 3 : 0);

    /* Like virsh, -q leaves out the header and its rule. */
    if (!ctl->quiet) {
        svshTableLine(out, header, widths);
        /* The rule spans the widest line and two more. */
        for (size_t i = 0; i < total + 3; i++)
            g_string_append_c(out, '-');
        g_string_append_c(out, '\n');
    }
    for (size_t r = 1; r < table->rows->len; r++)
        svshTableLine(out, table->rows->pdata[r], widths);
    svshPrint(ctl, "%s", out->str);
}


/* ---- trees ---- */

/* A node of the walk: what remains to print of it. */
typedef struct {
    size_t index;
    size_t nextChild;       /* position in its child list */
    bool last;              /* last among its siblings */
} svshTreeFrame;


void
svshTreePrint(svshControl *ctl, const char *const *names, const int *parents,
              size_t n, size_t root)
{
    g_autoptr(GArray) stack = g_array_new(FALSE, FALSE, sizeof(svshTreeFrame));
    g_autoptr(GString) indent = g_string_new(NULL);
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree size_t *childStart = g_new0(size_t, n + 1);
    g_autofree size_t *children = g_new0(size_t, n);
    g_autofree size_t *fill = NULL;
    svshTreeFrame top = { root, 0, true };

    /* Children of each node, in index order (counting sort, O(n)). */
    for (size_t i = 0; i < n; i++) {
        if (parents[i] >= 0)
            childStart[parents[i] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        childStart[i + 1] += childStart[i];
    fill = g_memdup2(childStart, sizeof(size_t) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        if (parents[i] >= 0)
            children[fill[parents[i]]++] = i;
    }

    g_string_append_printf(out, "%s\n", names[root]);
    g_array_append_val(stack, top);
    if (childStart[root + 1] > childStart[root])
        g_string_append(out, "  |\n");
    g_string_append(indent, "  ");

    while (stack->len) {
        svshTreeFrame *f = &g_array_index(stack, svshTreeFrame, stack->len - 1);
        size_t nkids = childStart[f->index + 1] - childStart[f->index];
        bool isRoot = stack->len == 1;

        if (f->nextChild < nkids) {
            svshTreeFrame child = { children[childStart[f->index] + f->nextChild], 0, false };
            size_t cn;

            child.last = ++f->nextChild == nkids;
            g_string_append_printf(out, "%s+- %s\n", indent->str, names[child.index]);
            g_string_append(indent, child.last ? "  " : "| ");
            cn = childStart[child.index + 1] - childStart[child.index];
            if (cn)
                g_string_append_printf(out, "%s  |\n", indent->str);
            g_string_append(indent, "  ");
            g_array_append_val(stack, child);
            continue;
        }
        /* Done with this node's children. */
        g_string_truncate(indent, indent->len - 2);
        if (nkids == 0 && f->last)
            g_string_append_printf(out, "%s\n", indent->str);
        if (!isRoot)
            g_string_truncate(indent, indent->len - 2);
        g_array_set_size(stack, stack->len - 1);
    }
    svshPrint(ctl, "%s", out->str);
}


/* ---- misc ---- */

char **
svshSplitList(const char *text)
{
    GPtrArray *pieces = g_ptr_array_new();
    GString *piece = g_string_new(NULL);

    if (!*text) {
        g_string_free(piece, TRUE);
        g_ptr_array_add(pieces, NULL);
        return (char **)g_ptr_array_free(pieces, FALSE);
    }
    for (const char *p = text; ; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(piece, ',');
            p++;
        } else if (*p == ',' || !*p) {
            g_ptr_array_add(pieces, g_string_free(piece, FALSE));
            if (!*p)
                break;
            piece = g_string_new(NULL);
        } else {
            g_string_append_c(piece, *p);
        }
    }
    g_ptr_array_add(pieces, NULL);
    return (char **)g_ptr_array_free(pieces, FALSE);
}


/* @node serialised, indented (attributes as ' name="value"'). */
static char *
svshNodeString(xmlDocPtr doc, xmlNodePtr node)
{
    xmlBufferPtr buf = xmlBufferCreate();
    char *ret;

    xmlNodeDump(buf, doc, node, 0, 1);
    ret = g_strdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return ret;
}


bool
svshDumpXML(svshControl *ctl, const char *xml, const char *xpath, bool wrap)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctxt = NULL;
    xmlXPathObjectPtr obj;
    xmlNodeSetPtr nodes;

    if (!xpath) {
        svshPrint(ctl, "%s", xml);
        return true;
    }
    /* Blanks go, so that the selected nodes print indented afresh. */
    if (!(doc = xmlReadMemory(xml, strlen(xml), "(svsh)", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOBLANKS |
                              XML_PARSE_NOWARNING | XML_PARSE_NOERROR))) {
        svshError(ctl, "%s", "failed to parse XML document");
        return false;
    }
    if (!(ctxt = xmlXPathNewContext(doc)))
        return false;
    ctxt->node = xmlDocGetRootElement(doc);
    /* An expression libxml2 cannot compile selects nothing (libxml2 says
     * why on stderr). */
    obj = xmlXPathEval(BAD_CAST xpath, ctxt);
    if (obj && obj->type != XPATH_NODESET) {
        xmlXPathFreeObject(obj);
        svshError(ctl, "internal error: Incorrect xpath '%s'", xpath);
        return false;
    }
    nodes = obj ? obj->nodesetval : NULL;

    if (wrap) {
        g_autoptr(xmlDoc) out = xmlNewDoc(BAD_CAST "1.0");
        xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "nodes");
        g_autofree char *text = NULL;

        xmlDocSetRootElement(out, root);
        for (int i = 0; nodes && i < nodes->nodeNr; i++) {
            xmlNodePtr copy = xmlDocCopyNode(nodes->nodeTab[i], out, 1);

            /* An attribute becomes one of <nodes>' own. */
            if (copy && !xmlAddChild(root, copy))
                xmlFreeNode(copy);
        }
        text = svshNodeString(out, root);
        svshPrint(ctl, "%s\n", text);
    } else {
        for (int i = 0; nodes && i < nodes->nodeNr; i++) {
            g_autofree char *text = svshNodeString(doc, nodes->nodeTab[i]);

            svshPrint(ctl, "%s\n", text);
        }
    }
    xmlXPathFreeObject(obj);
    return true;
}

int
svshReadFileErrno(const char *path, char **text, const char **failed)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    char chunk[8192];
    ssize_t n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int saved;

    *failed = "open";
    if (fd < 0)
        return errno;
    *failed = "read";
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        g_string_append_len(buf, chunk, n);
    }
    saved = errno;
    close(fd);
    if (n < 0)
        return saved;
    *text = g_string_free(g_steal_pointer(&buf), FALSE);
    return 0;
}


bool
svshReadFile(svshControl *ctl, const char *path, char **text)
{
    const char *failed;
    int err = svshReadFileErrno(path, text, &failed);

    if (err) {
        svshError(ctl, "Failed to %s file '%s': %s", failed, path, g_strerror(err));
        return false;
    }
    return true;
}


xmlDocPtr
svshXMLParse(svshControl *ctl, const char *xml, xmlXPathContextPtr *ctxt)
{
    xmlDocPtr doc = xmlReadMemory(xml, strlen(xml), "(svsh)", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOWARNING |
                                  XML_PARSE_NOERROR);

    if (!doc) {
        svshError(ctl, "%s", "failed to parse XML document");
        return NULL;
    }
    if (ctxt && !(*ctxt = xmlXPathNewContext(doc))) {
        xmlFreeDoc(doc);
        return NULL;
    }
    if (ctxt)
        (*ctxt)->node = xmlDocGetRootElement(doc);
    return doc;
}


char *
svshXPathString(xmlXPathContextPtr ctxt, const char *xpath)
{
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST xpath, ctxt);
    char *ret = NULL;

    if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
        ret = g_strdup((const char *)obj->stringval);
    xmlXPathFreeObject(obj);
    return ret;
}


char *
svshFormatTime(long long t)
{
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(t);

    return dt ? g_date_time_format(dt, "%Y-%m-%d %H:%M:%S %z") : g_strdup("");
}


const char *
svshDomainStateName(int state)
{
    static const char *const names[] = {
        "no state", "running", "idle", "paused", "in shutdown",
        "shut off", "crashed", "pmsuspended",
    };

    return state >= 0 && state < (int)G_N_ELEMENTS(names) ? names[state] : "no state";
}


const char *
svshDomainReasonName(int state, int reason)
{
    static const char *const running[] = {
        "unknown", "booted", "migrated", "restored", "from snapshot",
        "unpaused", "migration canceled", "save canceled", "event wakeup",
        "crashed", "post-copy", "post-copy failed",
    };
    static const char *const paused[] = {
        "unknown", "user", "migrating", "saving", "dumping", "I/O error",
        "watchdog", "from snapshot", "shutting down", "creating snapshot",
        "crashed", "starting up", "post-copy", "post-copy failed",
    };
    static const char *const shutdown[] = { "unknown", "user" };
    static const char *const shutoff[] = {
        "unknown", "shutdown", "destroyed", "crashed", "migrated", "saved",
        "failed", "from snapshot", "daemon",
    };
    static const char *const crashed[] = { "unknown", "panicked" };
    const char *const *table = NULL;
    size_t n = 0;

#define SVSH_REASONS(t) do { table = t; n = G_N_ELEMENTS(t); } while (0)
    switch (state) {
    case VIR_DOMAIN_RUNNING: SVSH_REASONS(running); break;
    case VIR_DOMAIN_PAUSED: SVSH_REASONS(paused); break;
    case VIR_DOMAIN_SHUTDOWN: SVSH_REASONS(shutdown); break;
    case VIR_DOMAIN_SHUTOFF: SVSH_REASONS(shutoff); break;
    case VIR_DOMAIN_CRASHED: SVSH_REASONS(crashed); break;
    default: break;
    }
#undef SVSH_REASONS
    return reason >= 0 && (size_t)reason < n ? table[reason] : "unknown";
}


/* Control characters escaping drops, as virsh does (tab, newline and
 * carriage return stay). */
static bool
svshXMLForbidden(unsigned char c)
{
    return (c >= 0x01 && c <= 0x08) || c == 0x0B || c == 0x0C || (c >= 0x0E && c <= 0x19);
}


/* Appends @value escaped for an XML attribute or text. */
void
svshXMLEscape(GString *out, const char *value)
{
    for (const char *p = value; *p; p++) {
        switch (*p) {
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '&': g_string_append(out, "&amp;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        case '\'': g_string_append(out, "&apos;"); break;
        default:
            if (!svshXMLForbidden(*p))
                g_string_append_c(out, *p);
        }
    }
}
