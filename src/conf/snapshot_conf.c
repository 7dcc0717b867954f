/*
 * snapshot_conf.c: domain snapshot XML parsing, formatting and alignment
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>

#include "snapshot_conf.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "util/viruuid.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN_SNAPSHOT

VIR_LOG_INIT("conf.snapshot_conf");

VIR_ENUM_IMPL(virSnapshotState, VIR_SNAPSHOT_STATE_LAST,
              "nostate", "running", "blocked", "paused", "shutdown",
              "shutoff", "crashed", "pmsuspended", "disk-snapshot");


void
virDomainSnapshotDefFree(virDomainSnapshotDef *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->description);
    g_free(def->parentName);
    g_free(def->memoryFile);
    for (size_t i = 0; i < def->ndisks; i++) {
        g_free(def->disks[i].name);
        virStorageSourceFreeChain(def->disks[i].src);
    }
    g_free(def->disks);
    virDomainDefUnref(def->dom);
    virDomainDefUnref(def->inactiveDom);
    g_free(def);
}


static int
virSnapshotParseLocation(const xmlNode *node, const char *elem, int *out)
{
    g_autofree char *value = virXMLPropString(node, "snapshot");

    *out = VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT;
    if (value && (*out = virDomainSnapshotLocationTypeFromString(value)) <= 0) {
        /* libvirt's attribute parser (in its XML code) says this. */
        virErrorReport(VIR_FROM_XML, VIR_ERR_XML_ERROR, __func__,
                       "Invalid value for attribute 'snapshot' in element '%s': '%s'.",
                       elem, value);
        return -1;
    }
    return 0;
}


static int
virSnapshotDiskParse(const xmlNode *node, virDomainSnapshotDiskDef *disk)
{
    g_autofree char *type = virXMLPropString(node, "type");
    g_autofree char *driver = NULL;
    g_autofree char *path = NULL;
    xmlNodePtr source = virXMLChild(node, "source");
    xmlNodePtr drv = virXMLChild(node, "driver");
    int stype = VIR_STORAGE_TYPE_FILE;
    int format = VIR_STORAGE_FILE_NONE;

    if (!(disk->name = virXMLPropString(node, "name"))) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "missing name from disk snapshot element");
        return -1;
    }
    if (virSnapshotParseLocation(node, "disk", &disk->snapshot) < 0)
        return -1;
    if (type && (stype = virStorageTypeFromString(type)) <= 0) {
        virErrorReport(VIR_FROM_XML, VIR_ERR_XML_ERROR, __func__,
                       "Invalid value for attribute 'type' in element 'disk': '%s'.",
                       type);
        return -1;
    }
    if (stype != VIR_STORAGE_TYPE_FILE && stype != VIR_STORAGE_TYPE_BLOCK) {
        virReportError(VIR_ERR_XML_ERROR,
                       "unsupported disk snapshot type '%s'", type);
        return -1;
    }
    if (source) {
        path = virXMLPropString(source, stype == VIR_STORAGE_TYPE_BLOCK ? "dev" : "file");
        if (path && !*path)
            g_clear_pointer(&path, g_free);
    }
    if (drv && (driver = virXMLPropString(drv, "type")) &&
        (format = virStorageFileFormatTypeFromString(driver)) <= 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown disk snapshot driver '%s'", driver);
        return -1;
    }
    if (path && !g_path_is_absolute(path)) {
        virReportError(VIR_ERR_XML_ERROR,
                       "disk snapshot image path '%s' must be absolute", path);
        return -1;
    }
    if (disk->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT && (path || format))
        disk->snapshot = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
    disk->src = virStorageSourceNew(stype, path, format);
    return 0;
}


static int
virSnapshotParseDisks(virDomainSnapshotDef *def, const xmlNode *disks)
{
    size_t n = 0;

    for (xmlNodePtr c = virXMLFirstElement(disks); c; c = virXMLNextElement(c))
        n++;
    def->disks = g_new0(virDomainSnapshotDiskDef, n);
    for (xmlNodePtr c = virXMLFirstElement(disks); c; c = virXMLNextElement(c)) {
        if (virSnapshotDiskParse(c, &def->disks[def->ndisks++]) < 0)
            return -1;
    }
    return 0;
}


static int
virSnapshotParseMemory(virDomainSnapshotDef *def, const xmlNode *root,
                       bool redefine, bool offline)
{
    xmlNodePtr memory = virXMLChild(root, "memory");

    if (memory) {
        def->memoryFile = virXMLPropString(memory, "file");
        if (virSnapshotParseLocation(memory, "memory", &def->memory) < 0)
            return -1;
        if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_MANUAL) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           "'manual' memory snapshot mode not supported");
            return -1;
        }
    }
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT) {
        if (def->memoryFile)
            def->memory = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
        else if (redefine)
            def->memory = offline ? VIR_DOMAIN_SNAPSHOT_LOCATION_NO :
                                    VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;
    }
    if (def->memoryFile && def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
        virReportError(VIR_ERR_XML_ERROR,
                       "memory filename '%s' requires external snapshot",
                       def->memoryFile);
        return -1;
    }
    if (!def->memoryFile && def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "external memory snapshots require a filename");
        return -1;
    }
    if (offline && def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT &&
        def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_NO) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "memory state cannot be saved with offline or disk-only snapshot");
        return -1;
    }
    if (def->memoryFile && !g_path_is_absolute(def->memoryFile)) {
        virReportError(VIR_ERR_XML_ERROR,
                       "memory snapshot file path (%s) must be absolute",
                       def->memoryFile);
        return -1;
    }
    return 0;
}


/* The elements only metadata being restored carries: time, parent,
 * state and the domain definition.  Sets *offline. */
static int
virSnapshotParseRedefined(virDomainSnapshotDef *def, const xmlNode *root,
                          bool *offline)
{
    g_autofree char *created = virXMLChildContent(root, "creationTime");
    g_autofree char *state = virXMLChildContent(root, "state");
    xmlNodePtr parent = virXMLChild(root, "parent");
    xmlNodePtr domain = virXMLChild(root, "domain");
    xmlNodePtr inactive = virXMLChild(root, "inactiveDomain");
    char *end;

    errno = 0;
    if (!created || !*created ||
        (def->creationTime = g_ascii_strtoll(created, &end, 10), errno) || *end) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "missing creationTime from existing snapshot");
        return -1;
    }
    if (parent)
        def->parentName = virXMLChildContent(parent, "name");
    if (!state) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "missing state from existing snapshot");
        return -1;
    }
    if ((def->state = virSnapshotStateTypeFromString(state)) <= 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Invalid state '%s' in domain snapshot XML", state);
        return -1;
    }
    *offline = def->state == VIR_SNAPSHOT_STATE_SHUTOFF ||
               def->state == VIR_SNAPSHOT_STATE_DISK_SNAPSHOT;

    /* Very old metadata kept only <domain><uuid>: no definition then. */
    if (domain && xmlHasProp(domain, BAD_CAST "type")) {
        if (!(def->dom = virDomainDefParseNode(domain)))
            return -1;
    } else {
        VIR_WARN("parsing older snapshot '%s' that lacks domain", def->name);
    }
    /* The persistent definition of a running domain, where it differed. */
    if (inactive && !(def->inactiveDom = virDomainDefParseNodeAs(inactive, "inactiveDomain")))
        return -1;
    return 0;
}


virDomainSnapshotDef *
virDomainSnapshotDefParseNode(xmlNodePtr root, unsigned int flags)
{
    g_autoptr(virDomainSnapshotDef) def = g_new0(virDomainSnapshotDef, 1);
    bool redefine = flags & VIR_SNAPSHOT_PARSE_REDEFINE;
    bool offline = false;
    xmlNodePtr disks;

    def->name = virXMLChildContent(root, "name");
    if (!def->name && redefine) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "a redefined snapshot must have a name");
        return NULL;
    }
    if (def->name && virDomainObjectNameValidate("snapshot", def->name) < 0)
        return NULL;
    def->description = virXMLChildContent(root, "description");

    if (redefine) {
        if (virSnapshotParseRedefined(def, root, &offline) < 0)
            return NULL;
    } else {
        def->creationTime = g_get_real_time() / G_USEC_PER_SEC;
        if (!def->name)
            def->name = g_strdup_printf("%lld", def->creationTime);
    }

    if (virSnapshotParseMemory(def, root, redefine, offline) < 0)
        return NULL;
    if ((disks = virXMLChild(root, "disks")) && virSnapshotParseDisks(def, disks) < 0)
        return NULL;

    if (flags & VIR_SNAPSHOT_PARSE_INTERNAL) {
        g_autofree char *active = virXMLChildContent(root, "active");

        if (!active || (!STREQ(g_strstrip(active), "0") && !STREQ(active, "1"))) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           "Could not find 'active' element");
            return NULL;
        }
        def->current = STREQ(active, "1");
    }
    return g_steal_pointer(&def);
}


virDomainSnapshotDef *
virDomainSnapshotDefParseString(const char *xml, unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseStringFrom(VIR_FROM_THIS, xml, "(domain_snapshot)",
                                      "domainsnapshot",
                                      (flags & VIR_SNAPSHOT_PARSE_VALIDATE) ?
                                      "domainsnapshot" : NULL)))
        return NULL;
    return virDomainSnapshotDefParseNode(xmlDocGetRootElement(doc), flags);
}


/* ---- formatting ---- */

static void
virSnapshotDiskFormat(virBuffer *buf, const virDomainSnapshotDiskDef *disk)
{
    const virStorageSource *src = disk->src;

    virBufferEscapeString(buf, "<disk name='%s'", disk->name);
    if (disk->snapshot > 0)
        virBufferAsprintf(buf, " snapshot='%s'",
                          virDomainSnapshotLocationTypeToString(disk->snapshot));
    if (!src->path && src->format <= 0) {
        virBufferAddLit(buf, "/>\n");
        return;
    }
    virBufferAsprintf(buf, " type='%s'>\n", virStorageTypeToString(src->type));
    virBufferAdjustIndent(buf, 2);
    if (src->format > 0)
        virBufferAsprintf(buf, "<driver type='%s'/>\n",
                          virStorageFileFormatTypeToString(src->format));
    if (src->path)
        virBufferEscapeString(buf, src->type == VIR_STORAGE_TYPE_BLOCK ?
                              "<source dev='%s'/>\n" : "<source file='%s'/>\n",
                              src->path);
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</disk>\n");
}


char *
virDomainSnapshotDefFormat(const virDomainSnapshotDef *def,
                           const char *parentName,
                           const unsigned char *domainUUID,
                           unsigned int flags)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    unsigned int domFlags = VIR_DOMAIN_DEF_FORMAT_INACTIVE |
        ((flags & VIR_SNAPSHOT_FORMAT_SECURE) ? VIR_DOMAIN_DEF_FORMAT_SECURE : 0);

    virBufferAddLit(&buf, "<domainsnapshot>\n");
    virBufferAdjustIndent(&buf, 2);
    virBufferEscapeString(&buf, "<name>%s</name>\n", def->name);
    virBufferEscapeString(&buf, "<description>%s</description>\n", def->description);
    if (def->state)
        virBufferAsprintf(&buf, "<state>%s</state>\n",
                          virSnapshotStateTypeToString(def->state));
    if (parentName) {
        virBufferAddLit(&buf, "<parent>\n");
        virBufferEscapeString(&buf, "  <name>%s</name>\n", parentName);
        virBufferAddLit(&buf, "</parent>\n");
    }
    if (def->creationTime)
        virBufferAsprintf(&buf, "<creationTime>%lld</creationTime>\n", def->creationTime);
    if (def->memory) {
        virBufferAsprintf(&buf, "<memory snapshot='%s'",
                          virDomainSnapshotLocationTypeToString(def->memory));
        virBufferEscapeString(&buf, " file='%s'", def->memoryFile);
        virBufferAddLit(&buf, "/>\n");
    }
    if (def->ndisks) {
        virBufferAddLit(&buf, "<disks>\n");
        virBufferAdjustIndent(&buf, 2);
        for (size_t i = 0; i < def->ndisks; i++)
            virSnapshotDiskFormat(&buf, &def->disks[i]);
        virBufferAdjustIndent(&buf, -2);
        virBufferAddLit(&buf, "</disks>\n");
    }
    if (def->dom) {
        virDomainDefFormatBuf(&buf, def->dom, -1, domFlags);
    } else if (domainUUID) {
        char uuidstr[VIR_UUID_STRING_BUFLEN];

        virBufferAddLit(&buf, "<domain>\n");
        virBufferAsprintf(&buf, "  <uuid>%s</uuid>\n", virUUIDFormat(domainUUID, uuidstr));
        virBufferAddLit(&buf, "</domain>\n");
    }
    if (def->inactiveDom)
        virDomainDefFormatBufAs(&buf, def->inactiveDom, -1, domFlags, "inactiveDomain");
    if (flags & VIR_SNAPSHOT_FORMAT_INTERNAL)
        virBufferAsprintf(&buf, "<active>%d</active>\n",
                          !!(flags & VIR_SNAPSHOT_FORMAT_CURRENT));
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</domainsnapshot>\n");
    return virBufferContentAndReset(&buf);
}


/* True if the memory or any disk of @def is stored at @location. */
static bool
virDomainSnapshotDefUses(const virDomainSnapshotDef *def, int location)
{
    if (def->memory == location)
        return true;
    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i].snapshot == location)
            return true;
    }
    return false;
}


bool
virDomainSnapshotDefIsExternal(const virDomainSnapshotDef *def)
{
    return virDomainSnapshotDefUses(def, VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL);
}


bool
virDomainSnapshotDefIsInternal(const virDomainSnapshotDef *def)
{
    return virDomainSnapshotDefUses(def, VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL);
}


bool
virDomainSnapshotMomentFilter(const virMoment *moment, unsigned int flags)
{
    const virDomainSnapshotDef *def = moment->def;
    unsigned int states = VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE |
                          VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE |
                          VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY;
    unsigned int locations = VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL |
                             VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL;

    if (flags & states) {
        unsigned int mine = VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE;

        if (def->state == VIR_SNAPSHOT_STATE_SHUTOFF)
            mine = VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE;
        else if (def->state == VIR_SNAPSHOT_STATE_DISK_SNAPSHOT)
            mine = VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY;
        if (!(flags & mine))
            return false;
    }
    if (flags & locations) {
        unsigned int mine = virDomainSnapshotDefIsExternal(def) ?
                            VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL :
                            VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL;

        if (!(flags & mine))
            return false;
    }
    return true;
}


/* ---- alignment with the domain's disks ---- */

/* "<image without its suffix>.<snapshot name>" for external disks that did
 * not name their overlay. */
static int
virSnapshotGenerateNames(virDomainSnapshotDef *def, const virDomainDef *dom)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainSnapshotDiskDef *disk = &def->disks[i];
        const char *orig = dom->disks[i]->src->path;
        g_autofree char *stem = NULL;
        char *dot;

        if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL || disk->src->path)
            continue;
        if (disk->src->type != VIR_STORAGE_TYPE_FILE) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "cannot generate external snapshot name for disk '%s' on a '%s' device",
                           disk->name, virStorageTypeToString(disk->src->type));
            return -1;
        }
        if (!orig) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "cannot generate external snapshot name for disk '%s' without source",
                           disk->name);
            return -1;
        }
        stem = g_strdup(orig);
        if ((dot = strrchr(stem, '.')) && !strchr(dot, '/'))
            *dot = '\0';
        disk->src->path = g_strdup_printf("%s.%s", stem, def->name);
        for (size_t j = 0; j < i; j++) {
            if (STREQ_NULLABLE(disk->src->path, def->disks[j].src->path)) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "cannot generate external snapshot name for disk '%s': collision with disk '%s'",
                               disk->name, def->disks[j].name);
                return -1;
            }
        }
    }
    return 0;
}


int
virDomainSnapshotAlignDisks(virDomainSnapshotDef *def, const virDomainDef *dom,
                            int defaultLocation, bool uniform)
{
    g_autofree virDomainSnapshotDiskDef *aligned = NULL;
    g_autofree bool *seen = NULL;

    if (def->ndisks > dom->ndisks) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "too many disk snapshot requests for domain");
        return -1;
    }
    aligned = g_new0(virDomainSnapshotDiskDef, dom->ndisks);
    seen = g_new0(bool, dom->ndisks);

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainSnapshotDiskDef *req = &def->disks[i];
        int idx = virDomainDiskIndexByName(dom, req->name);
        const virDomainDiskDef *domdisk;

        if (idx < 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "no disk named '%s'", req->name);
            goto error;
        }
        if (seen[idx]) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' specified twice", req->name);
            goto error;
        }
        domdisk = dom->disks[idx];
        if (req->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT) {
            if (domdisk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT &&
                (!uniform || domdisk->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_NO))
                req->snapshot = domdisk->snapshot;
            else
                req->snapshot = defaultLocation;
        } else if (uniform && req->snapshot != defaultLocation) {
            /* (An explicit 'no' too, as libvirt 9.0: only a disk whose
             * domain definition says snapshot='no' stays out.) */
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disk '%s' must use snapshot mode '%s'", req->name,
                           virDomainSnapshotLocationTypeToString(defaultLocation));
            goto error;
        }
        if (req->src->path && req->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "file '%s' for disk '%s' requires use of external snapshot mode",
                           req->src->path, req->name);
            goto error;
        }
        seen[idx] = true;
        aligned[idx] = *req;
        g_free(aligned[idx].name);
        aligned[idx].name = g_strdup(domdisk->dst);
        memset(req, 0, sizeof(*req));
    }

    for (size_t i = 0; i < dom->ndisks; i++) {
        const virDomainDiskDef *domdisk = dom->disks[i];

        if (seen[i])
            continue;
        aligned[i].name = g_strdup(domdisk->dst);
        aligned[i].src = virStorageSourceNew(domdisk->src->type, NULL, 0);
        if (!domdisk->src->path)
            aligned[i].snapshot = VIR_DOMAIN_SNAPSHOT_LOCATION_NO;  /* empty drive */
        else if (domdisk->snapshot)
            aligned[i].snapshot = domdisk->snapshot;
        else
            aligned[i].snapshot = defaultLocation;
    }

    g_free(def->disks);
    def->disks = g_steal_pointer(&aligned);
    def->ndisks = dom->ndisks;
    return virSnapshotGenerateNames(def, dom);

 error:
    for (size_t i = 0; i < dom->ndisks; i++) {
        if (seen[i]) {
            g_free(aligned[i].name);
            virStorageSourceFreeChain(aligned[i].src);
        }
    }
    return -1;
}
