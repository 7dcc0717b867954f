/*
 * svsh-snapshot-create.c: snapshot-create (from an XML file) and
 * snapshot-create-as (from options)
 *
 * snapshot-create-as writes the <domainsnapshot> description itself,
 * byte for byte as virsh writes it: two-blank indentation, values
 * escaped for XML (with control characters dropped), except that a
 * disk's snapshot= and driver= values go in as given.  --memspec and
 * --diskspec values are comma-separated fields in which ",," stands for
 * a literal comma.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "svsh-snapshot.h"

/* The description being written: text and the current indentation,
 * applied at the start of each piece that starts a line. */
typedef struct {
    GString *text;
    int indent;
} svshSnapXML;


static void
svshSnapXMLAdd(svshSnapXML *x, const char *piece)
{
    if (!x->text->len || x->text->str[x->text->len - 1] == '\n') {
        for (int i = 0; i < x->indent; i++)
            g_string_append_c(x->text, ' ');
    }
    g_string_append(x->text, piece);
}


/* Adds @before, @value escaped, @after; nothing when @value is NULL. */
static void
svshSnapXMLEscaped(svshSnapXML *x, const char *before, const char *value, const char *after)
{
    g_autoptr(GString) piece = NULL;

    if (!value)
        return;
    piece = g_string_new(before);
    svshXMLEscape(piece, value);
    g_string_append(piece, after);
    svshSnapXMLAdd(x, piece->str);
}


/* If @field is "@key=value" and *slot is still empty, points *slot at the
 * value. */
static bool
svshSpecField(const char *field, const char *key, const char **slot)
{
    size_t len = strlen(key);

    if (*slot || strncmp(field, key, len) != 0 || field[len] != '=')
        return false;
    *slot = field + len + 1;
    return true;
}


/* --memspec [file=]FILE[,snapshot=TYPE]: a <memory> element. */
static bool
svshAddMemspec(svshControl *ctl, svshSnapXML *x, const char *spec)
{
    g_auto(GStrv) fields = svshSplitList(spec);
    const char *snapshot = NULL;
    const char *file = NULL;

    for (size_t i = 0; fields[i]; i++) {
        const char *f = fields[i];

        if (svshSpecField(f, "snapshot", &snapshot) || svshSpecField(f, "file", &file))
            continue;
        if (!file && f[0] == '/') {
            file = f;
            continue;
        }
        svshError(ctl, "unable to parse memspec: %s", spec);
        return false;
    }
    svshSnapXMLAdd(x, "<memory");
    svshSnapXMLEscaped(x, " snapshot='", snapshot, "'");
    svshSnapXMLEscaped(x, " file='", file, "'");
    svshSnapXMLAdd(x, "/>\n");
    return true;
}


/* The fields of one --diskspec after the disk's name. */
typedef struct {
    const char *snapshot;
    const char *driver;
    const char *stype;
    const char *file;
} svshDiskspec;


/* Writes the <disk> element of a parsed diskspec. */
static void
svshAddDisk(svshSnapXML *x, const char *name, const svshDiskspec *d)
{
    bool block = d->stype && strcmp(d->stype, "block") == 0;
    g_autofree char *attrs = NULL;

    svshSnapXMLEscaped(x, "<disk name='", name, "'");
    /* snapshot= and stype= are written as given, unescaped. */
    attrs = g_strdup_printf("%s%s%s%s%s%s", d->snapshot ? " snapshot='" : "",
                            d->snapshot ? d->snapshot : "", d->snapshot ? "'" : "",
                            d->stype ? " type='" : "", d->stype ? d->stype : "",
                            d->stype ? "'" : "");
    svshSnapXMLAdd(x, attrs);
    if (!d->driver && !d->file) {
        svshSnapXMLAdd(x, "/>\n");
        return;
    }
    svshSnapXMLAdd(x, ">\n");
    x->indent += 2;
    if (d->driver) {
        g_autofree char *driver = g_strdup_printf("<driver type='%s'/>\n", d->driver);

        svshSnapXMLAdd(x, driver);
    }
    svshSnapXMLEscaped(x, block ? "<source dev='" : "<source file='", d->file, "'/>\n");
    x->indent -= 2;
    svshSnapXMLAdd(x, "</disk>\n");
}


/* --diskspec DISK[,snapshot=TYPE][,driver=TYPE][,stype=TYPE][,file=NAME] */
static bool
svshAddDiskspec(svshControl *ctl, svshSnapXML *x, const char *spec)
{
    g_auto(GStrv) fields = svshSplitList(spec);
    svshDiskspec d = { NULL };
    bool ok = true;

    for (size_t i = 1; ok && fields[0] && fields[i]; i++) {
        const char *f = fields[i];

        ok = svshSpecField(f, "snapshot", &d.snapshot) || svshSpecField(f, "driver", &d.driver) ||
             svshSpecField(f, "stype", &d.stype) || svshSpecField(f, "file", &d.file);
    }
    if (ok && d.stype && strcmp(d.stype, "block") != 0 && strcmp(d.stype, "file") != 0) {
        svshError(ctl, "Unknown storage type: '%s'", d.stype);
        ok = false;
    }
    if (!ok) {
        svshError(ctl, "unable to parse diskspec: %s", spec);
        return false;
    }
    svshAddDisk(x, fields[0], &d);
    return true;
}


/* The description snapshot-create-as options ask for, or NULL. */
static char *
svshSnapshotCreateAsXML(svshControl *ctl, const svshCmd *cmd)
{
    g_autoptr(GString) text = g_string_new(NULL);
    svshSnapXML x = { text, 0 };
    const GPtrArray *disks = svshOptArgv(cmd);
    const char *name = NULL;
    const char *desc = NULL;
    const char *memspec = NULL;

    if (svshOptString(ctl, cmd, "name", &name) < 0 ||
        svshOptString(ctl, cmd, "description", &desc) < 0)
        return NULL;
    svshSnapXMLAdd(&x, "<domainsnapshot>\n");
    x.indent = 2;
    svshSnapXMLEscaped(&x, "<name>", name, "</name>\n");
    svshSnapXMLEscaped(&x, "<description>", desc, "</description>\n");
    if (svshOptString(ctl, cmd, "memspec", &memspec) < 0 ||
        (memspec && !svshAddMemspec(ctl, &x, memspec)))
        return NULL;
    if (disks->len) {
        svshSnapXMLAdd(&x, "<disks>\n");
        x.indent = 4;
        for (size_t i = 0; i < disks->len; i++) {
            if (!svshAddDiskspec(ctl, &x, disks->pdata[i]))
                return NULL;
        }
        x.indent = 2;
        svshSnapXMLAdd(&x, "</disks>\n");
    }
    x.indent = 0;
    svshSnapXMLAdd(&x, "</domainsnapshot>\n");
    return g_string_free(g_steal_pointer(&text), FALSE);
}


typedef struct {
    const char *option;
    unsigned int flag;
} svshCreateFlag;

static const svshCreateFlag svshCreateFlags[] = {
    { "redefine", VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE },
    { "current", VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT },
    { "no-metadata", VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA },
    { "halt", VIR_DOMAIN_SNAPSHOT_CREATE_HALT },
    { "disk-only", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY },
    { "reuse-external", VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT },
    { "quiesce", VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE },
    { "atomic", VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC },
    { "live", VIR_DOMAIN_SNAPSHOT_CREATE_LIVE },
    { "validate", VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE },
};


/* The creation flags of the options @cmd defines and was given. */
static unsigned int
svshSnapshotCreateFlags(const svshCmd *cmd)
{
    unsigned int flags = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(svshCreateFlags); i++) {
        bool defined = false;

        for (const svshOptDef *o = cmd->def->opts; o->name && !defined; o++)
            defined = strcmp(o->name, svshCreateFlags[i].option) == 0;
        if (defined && svshOptBool(cmd, svshCreateFlags[i].option))
            flags |= svshCreateFlags[i].flag;
    }
    return flags;
}


/* Creates the snapshot; a server that rejects HALT gets it emulated
 * (snapshot, then destroy), as virsh does.  @from is the file the XML
 * came from, for the message. */
static bool
svshSnapshotCreate(svshControl *ctl, virDomainPtr dom, const char *xml,
                   unsigned int flags, const char *from)
{
    virDomainSnapshotPtr snap = virDomainSnapshotCreateXML(dom, xml, flags);
    virErrorPtr err = virGetLastError();
    bool halt = false;

    if (!snap && err && err->code == VIR_ERR_INVALID_ARG &&
        (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT)) {
        int persistent;

        svshResetError(ctl);
        if ((persistent = virDomainIsPersistent(dom)) < 0) {
            svshReportError(ctl);
            return false;
        }
        if (!persistent) {
            svshError(ctl, "%s", "cannot halt after snapshot of transient domain");
            return false;
        }
        halt = virDomainIsActive(dom) == 1;
        snap = virDomainSnapshotCreateXML(dom, xml, flags & ~VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
    }
    if (!snap)
        return false;
    if (halt && virDomainDestroy(dom) < 0) {
        svshReportError(ctl);
        virDomainSnapshotFree(snap);
        return false;
    }
    if (from)
        svshPrintExtra(ctl, "Domain snapshot %s created from '%s'",
                       virDomainSnapshotGetName(snap), from);
    else
        svshPrintExtra(ctl, "Domain snapshot %s created", virDomainSnapshotGetName(snap));
    virDomainSnapshotFree(snap);
    return true;
}


bool
svshCmdSnapshotCreate(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    g_autofree char *xml = NULL;
    const char *from = NULL;
    bool ok = false;

    if (!dom)
        return false;
    if (svshOptString(ctl, cmd, "xmlfile", &from) >= 0) {
        /* Without a file, a snapshot with every default. */
        if (!from)
            xml = g_strdup("<domainsnapshot/>");
        if (xml || svshReadFile(ctl, from, &xml))
            ok = svshSnapshotCreate(ctl, dom, xml, svshSnapshotCreateFlags(cmd), from);
    }
    virDomainFree(dom);
    return ok;
}


bool
svshCmdSnapshotCreateAs(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL);
    g_autofree char *xml = NULL;
    bool ok = false;

    if (!dom)
        return false;
    if ((xml = svshSnapshotCreateAsXML(ctl, cmd))) {
        if (svshOptBool(cmd, "print-xml")) {
            svshPrint(ctl, "%s\n", xml);
            ok = true;
        } else {
            ok = svshSnapshotCreate(ctl, dom, xml, svshSnapshotCreateFlags(cmd), NULL);
        }
    }
    virDomainFree(dom);
    return ok;
}


#define OPT_DOMAIN SVSH_OPT_DOMAIN("the domain, by name, id or UUID")
#define OPT_CREATE_FLAGS \
    { "no-metadata", SVSH_OT_BOOL, 0, "take the snapshot without keeping metadata for it" }, \
    { "halt", SVSH_OT_BOOL, 0, "stop the domain once the snapshot is taken" }, \
    { "disk-only", SVSH_OT_BOOL, 0, "capture the disks only, not the memory" }, \
    { "reuse-external", SVSH_OT_BOOL, 0, "use the external files that already exist" }, \
    { "quiesce", SVSH_OT_BOOL, 0, "freeze the guest's file systems while taking it" }, \
    { "atomic", SVSH_OT_BOOL, 0, "all disks or none" }, \
    { "live", SVSH_OT_BOOL, 0, "keep the domain running while its memory is saved" }, \
    { "validate", SVSH_OT_BOOL, 0, "check the XML against the schema first" }

const svshOptDef svshOptsSnapshotCreate[] = {
    OPT_DOMAIN,
    { "xmlfile", SVSH_OT_STRING, 0, "the snapshot's XML description" },
    { "redefine", SVSH_OT_BOOL, 0, "restore the metadata of an existing snapshot" },
    { "current", SVSH_OT_BOOL, 0, "with --redefine, make it the current snapshot" },
    OPT_CREATE_FLAGS,
    { NULL },
};

const svshOptDef svshOptsSnapshotCreateAs[] = {
    OPT_DOMAIN,
    { "name", SVSH_OT_STRING, 0, "the snapshot's name" },
    { "description", SVSH_OT_STRING, 0, "a description of the snapshot" },
    { "print-xml", SVSH_OT_BOOL, 0, "only print the XML that would be used" },
    OPT_CREATE_FLAGS,
    { "memspec", SVSH_OT_STRING, SVSH_OFLAG_NAMED,
      "where the memory goes: [file=]name[,snapshot=type]" },
    { "diskspec", SVSH_OT_ARGV, 0,
      "one disk: disk[,snapshot=type][,driver=type][,stype=type][,file=name]" },
    { NULL },
};
