/*
 * domain_parse.c: domain XML parsing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdlib.h>

#include "domain_conf.h"
#include "domain_conf_priv.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "util/viruuid.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_LOG_INIT("conf.domain_parse");

/* ---- parsing helpers ---- */

static int
virDomainParseULL(const char *text, const char *what, unsigned long long *val)
{
    char *end;

    errno = 0;
    if (!text || !g_ascii_isdigit(*text) ||
        (*val = g_ascii_strtoull(text, &end, 10), errno) || *end) {
        virReportError(VIR_ERR_XML_ERROR,
                       "Invalid value '%s' for element or attribute '%s'",
                       text ? text : "", what);
        return -1;
    }
    return 0;
}


/* Bytes per unit for libvirt's size suffixes: b/byte/bytes, then k, M, G, T,
 * P, E alone or followed by "iB" (powers of 1024) or "B" (powers of 1000),
 * case-insensitively. */
int
virDomainUnitScale(const char *unit, unsigned long long *scale)
{
    static const char letters[] = "kmgtpe";
    const char *p;
    unsigned long long base;

    if (g_ascii_strcasecmp(unit, "b") == 0 || g_ascii_strcasecmp(unit, "byte") == 0 ||
        g_ascii_strcasecmp(unit, "bytes") == 0) {
        *scale = 1;
        return 0;
    }
    if (!*unit || !(p = strchr(letters, g_ascii_tolower(unit[0]))))
        goto error;
    if (!unit[1] || g_ascii_strcasecmp(unit + 1, "iB") == 0)
        base = 1024;
    else if (g_ascii_strcasecmp(unit + 1, "B") == 0)
        base = 1000;
    else
        goto error;
    *scale = 1;
    for (const char *q = letters; q <= p; q++)
        *scale *= base;
    return 0;

 error:
    virReportError(VIR_ERR_INVALID_ARG, "unknown suffix '%s'", unit);
    return -1;
}


/* Reads a scaled size element (<memory unit='MiB'>512</memory>) in KiB. */
static int
virDomainParseMemory(const xmlNode *node, const char *what,
                     unsigned long long *kib)
{
    g_autofree char *text = virXMLNodeContent(node);
    g_autofree char *unit = virXMLPropString(node, "unit");
    unsigned long long scale = 1024, val;

    if (virDomainParseULL(g_strstrip(text), what, &val) < 0 ||
        (unit && virDomainUnitScale(unit, &scale) < 0))
        return -1;
    if (val > G_MAXUINT64 / scale) {
        virReportError(VIR_ERR_OVERFLOW, "value too large: %s", text);
        return -1;
    }
    *kib = (val * scale + 1023) / 1024;
    return 0;
}


static int
virDomainParseEnumProp(const xmlNode *node, const char *attr, const char *elem,
                       int (*fromString)(const char *), int dflt, int *out)
{
    g_autofree char *value = virXMLPropString(node, attr);

    if (!value) {
        *out = dflt;
        return 0;
    }
    if ((*out = fromString(value)) < 0) {
        /* libvirt's attribute parser (in its XML code) says this. */
        virErrorReport(VIR_FROM_XML, VIR_ERR_XML_ERROR, __func__,
                       "Invalid value for attribute '%s' in element '%s': '%s'.",
                       attr, elem, value);
        return -1;
    }
    return 0;
}


/* Parses <source> and <format>/<driver> of one layer; @node is the <disk>
 * or <backingStore> element.  @fmtElem is "driver" or "format". */
static virStorageSource *
virDomainParseLayer(const xmlNode *node, const char *fmtElem, int type)
{
    xmlNodePtr source = virXMLChild(node, "source");
    xmlNodePtr fmt = virXMLChild(node, fmtElem);
    g_autofree char *path = NULL;
    g_autofree char *format = NULL;
    int fmtval = VIR_STORAGE_FILE_NONE;

    if (source) {
        path = virXMLPropString(source, type == VIR_STORAGE_TYPE_BLOCK ? "dev" : "file");
        if (path && !*path)
            g_clear_pointer(&path, g_free);
    }
    if (fmt && (format = virXMLPropString(fmt, "type")) &&
        (fmtval = virStorageFileFormatTypeFromString(format)) <= 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown driver format value '%s'", format);
        return NULL;
    }
    return virStorageSourceNew(type, path, fmtval);
}


/* Parses the <backingStore> chain below @top (iteratively: chains are as
 * deep as the user made them). */
static int
virDomainParseBackingChain(const xmlNode *node, virStorageSource *top)
{
    virStorageSource *layer = top;
    xmlNodePtr bs = virXMLChild(node, "backingStore");

    while (bs) {
        int type;

        if (!virXMLFirstElement(bs) && !bs->properties) {
            layer->terminated = true;  /* <backingStore/>: nothing below */
            break;
        }
        if (virDomainParseEnumProp(bs, "type", "backingStore", virStorageTypeFromString,
                                   VIR_STORAGE_TYPE_FILE, &type) < 0)
            return -1;
        if (type != VIR_STORAGE_TYPE_FILE && type != VIR_STORAGE_TYPE_BLOCK) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "unsupported backing store type '%s'",
                           virStorageTypeToString(type));
            return -1;
        }
        if (!(layer->backing = virDomainParseLayer(bs, "format", type)))
            return -1;
        if (!layer->backing->path) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           "missing source of a <backingStore> element");
            return -1;
        }
        layer = layer->backing;
        bs = virXMLChild(bs, "backingStore");
    }
    return 0;
}


static virDomainDiskDef *
virDomainDiskDefParse(virDomainDef *def, const xmlNode *node)
{
    virDomainDiskDef *disk = g_new0(virDomainDiskDef, 1);
    xmlNodePtr target = virXMLChild(node, "target");
    xmlNodePtr driver = virXMLChild(node, "driver");
    int type;

    disk->driverAttrs = g_ptr_array_new_with_free_func(g_free);
    disk->extra = g_ptr_array_new();

    if (virDomainParseEnumProp(node, "type", "disk", virStorageTypeFromString,
                               VIR_STORAGE_TYPE_FILE, &type) < 0 ||
        virDomainParseEnumProp(node, "device", "disk", virDomainDiskDeviceTypeFromString,
                               VIR_DOMAIN_DISK_DEVICE_DISK, &disk->device) < 0 ||
        virDomainParseEnumProp(node, "snapshot", "disk",
                               virDomainSnapshotLocationTypeFromString,
                               VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT, &disk->snapshot) < 0)
        goto error;
    if (type != VIR_STORAGE_TYPE_FILE && type != VIR_STORAGE_TYPE_BLOCK) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unsupported disk type '%s'", virStorageTypeToString(type));
        goto error;
    }
    if (!(disk->src = virDomainParseLayer(node, "driver", type)) ||
        virDomainParseBackingChain(node, disk->src) < 0)
        goto error;

    if (target) {
        disk->dst = virXMLPropString(target, "dev");
        disk->bus = virXMLPropString(target, "bus");
    }
    if (!disk->dst || !*disk->dst) {
        virReportError(VIR_ERR_NO_TARGET, "%s",
                       disk->src->path ? disk->src->path : "");
        goto error;
    }

    if (driver) {
        for (xmlAttrPtr a = driver->properties; a; a = a->next) {
            g_autofree char *value = virXMLPropString(driver, (const char *)a->name);

            if (STREQ((const char *)a->name, "name"))
                disk->driverName = g_steal_pointer(&value);
            else if (STRNEQ((const char *)a->name, "type"))
                g_ptr_array_add(disk->driverAttrs,
                                g_strdup_printf("%s='%s'", a->name, value));
        }
    }

    for (xmlNodePtr c = virXMLFirstElement(node); c; c = virXMLNextElement(c)) {
        const char *n = (const char *)c->name;

        if (STREQ(n, "driver") || STREQ(n, "source") || STREQ(n, "target") ||
            STREQ(n, "backingStore") || c->ns)
            continue;
        virDomainDefKeep(def, disk->extra, c);
    }
    return disk;

 error:
    virDomainDiskDefFree(disk);
    return NULL;
}


/* The number a target name gives a disk on its bus, as libvirt counts:
 * "vda" 0, "vdz" 25, "vdaa" 26 (letters after a known prefix, then
 * optional partition digits); -1 for any other name. */
static long long
virDomainDiskNameIndex(const char *name)
{
    static const char *const prefixes[] = { "fd", "hd", "vd", "sd", "xvd", "ubd" };
    const char *p = NULL;
    long long idx = -1;

    for (size_t i = 0; i < G_N_ELEMENTS(prefixes) && !p; i++) {
        if (g_str_has_prefix(name, prefixes[i]))
            p = name + strlen(prefixes[i]);
    }
    if (!p || !g_ascii_islower(*p))
        return -1;
    for (; g_ascii_islower(*p); p++) {
        if (idx > G_MAXINT / 26)
            return -1;
        idx = (idx + 1) * 26 + (*p - 'a');
    }
    while (g_ascii_isdigit(*p))
        p++;
    return *p ? -1 : idx;
}


/* Where libvirt puts a newly parsed disk: before the first disk on the
 * same bus (as written, before defaults) with a higher target number,
 * else just after the last disk on that bus, else at the end. */
static size_t
virDomainDiskInsertPos(GPtrArray *disks, const virDomainDiskDef *disk)
{
    long long idx = virDomainDiskNameIndex(disk->dst);
    size_t pos = disks->len;
    bool found = false;

    for (size_t i = disks->len; i-- > 0;) {
        const virDomainDiskDef *other = disks->pdata[i];

        if (STRNEQ_NULLABLE(other->bus, disk->bus))
            continue;
        if (virDomainDiskNameIndex(other->dst) > idx) {
            pos = i;
            found = true;
        } else if (!found) {
            pos = i + 1;
            found = true;
        }
    }
    return pos;
}


/* The bus libvirt assumes for a disk without one: floppies sit on the
 * floppy controller, other disks on the bus their target prefix names. */
static void
virDomainDiskSetDefaultBus(virDomainDiskDef *disk)
{
    static const char *const buses[][2] = {
        { "hd", "ide" }, { "sd", "scsi" }, { "vd", "virtio" },
        { "xvd", "xen" }, { "ubd", "uml" },
    };

    if (disk->bus)
        return;
    if (disk->device == VIR_DOMAIN_DISK_DEVICE_FLOPPY) {
        disk->bus = g_strdup("fdc");
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(buses); i++) {
        if (g_str_has_prefix(disk->dst, buses[i][0])) {
            disk->bus = g_strdup(buses[i][1]);
            return;
        }
    }
}


static int
virDomainParseDevices(virDomainDef *def, const xmlNode *devices)
{
    g_autoptr(GPtrArray) disks = g_ptr_array_new();

    for (xmlNodePtr c = virXMLFirstElement(devices); c; c = virXMLNextElement(c)) {
        const char *n = (const char *)c->name;

        if (c->ns)
            continue;
        if (STREQ(n, "disk")) {
            virDomainDiskDef *disk = virDomainDiskDefParse(def, c);

            if (!disk)
                goto error;
            for (size_t i = 0; i < disks->len; i++) {
                virDomainDiskDef *other = disks->pdata[i];

                if (STREQ(other->dst, disk->dst)) {
                    virReportError(VIR_ERR_XML_ERROR,
                                   "target '%s' duplicated for disk sources '%s' and '%s'",
                                   disk->dst,
                                   other->src->path ? other->src->path : "",
                                   disk->src->path ? disk->src->path : "");
                    virDomainDiskDefFree(disk);
                    goto error;
                }
            }
            g_ptr_array_insert(disks, virDomainDiskInsertPos(disks, disk), disk);
        } else if (virDomainOrderRank(&virDomainDeviceOrder, n) >= 0) {
            virDomainDefKeep(def, def->devExtra, c);
        } else {
            VIR_DEBUG("dropping unknown device <%s>", n);
        }
    }
    for (size_t i = 0; i < disks->len; i++)
        virDomainDiskSetDefaultBus(disks->pdata[i]);
    def->ndisks = disks->len;
    def->disks = (virDomainDiskDef **)g_ptr_array_free(g_steal_pointer(&disks), FALSE);
    return 0;

 error:
    for (size_t i = 0; i < disks->len; i++)
        virDomainDiskDefFree(disks->pdata[i]);
    return -1;
}


static int
virDomainParseOS(virDomainDef *def, const xmlNode *os)
{
    xmlNodePtr type = os ? virXMLChild(os, "type") : NULL;

    if (!type) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "an os <type> must be specified");
        return -1;
    }
    def->osType = g_strstrip(virXMLNodeContent(type));
    def->osArch = virXMLPropString(type, "arch");
    def->osMachine = virXMLPropString(type, "machine");
    def->osFirmware = virXMLPropString(os, "firmware");
    if (!def->osArch) {
        /* The test host's architecture; a driver may choose its own. */
        def->osArch = g_strdup("i686");
        def->osArchDefault = true;
    }

    for (xmlNodePtr c = virXMLFirstElement(os); c; c = virXMLNextElement(c)) {
        if (c != type && !c->ns && virDomainOrderRank(&virDomainOSOrder, (const char *)c->name) >= 0)
            virDomainDefKeep(def, def->osExtra, c);
    }
    return 0;
}


static int
virDomainParseVcpu(virDomainDef *def, const xmlNode *vcpu)
{
    g_autofree char *text = NULL;
    g_autofree char *current = NULL;
    unsigned long long n = 1, cur = 0;

    if (vcpu) {
        text = g_strstrip(virXMLNodeContent(vcpu));
        current = virXMLPropString(vcpu, "current");
        if (virDomainParseULL(text, "./vcpu[1]", &n) < 0 ||
            (current && virDomainParseULL(current, "./vcpu[1]/@current", &cur) < 0))
            return -1;
        def->vcpuPlacement = virXMLPropString(vcpu, "placement");
        def->vcpuCpuset = virXMLPropString(vcpu, "cpuset");
    }
    if (n == 0 || n > 16384 || cur > n) {
        virReportError(VIR_ERR_XML_ERROR,
                       "invalid vCPU count %llu (current %llu)", n, cur);
        return -1;
    }
    def->vcpus = n;
    def->vcpusCurrent = cur == n ? 0 : cur;
    if (!def->vcpuPlacement)
        def->vcpuPlacement = g_strdup("static");
    return 0;
}


static int
virDomainParseLifecycle(const xmlNode *root, const char *elem,
                        const char *dflt, char **out)
{
    g_autofree char *value = virXMLChildContent(root, elem);

    if (!value) {
        *out = g_strdup(dflt);
        return 0;
    }
    g_strstrip(value);
    if (virDomainOrderRank(&virDomainLifecycleActions, value) < 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown %s action: %s", elem, value);
        return -1;
    }
    *out = g_steal_pointer(&value);
    return 0;
}


static int
virDomainParseIdentity(virDomainDef *def, const xmlNode *root)
{
    g_autofree char *type = virXMLPropString(root, "type");
    g_autofree char *uuid = virXMLChildContent(root, "uuid");

    if (!type) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "missing domain type attribute");
        return -1;
    }
    def->virtType = virDomainOrderRank(&virDomainVirtTypes, type);
    if (def->virtType < 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "invalid domain type %s", type);
        return -1;
    }

    def->name = virXMLChildContent(root, "name");
    if (!def->name || !*def->name) {
        virReportError(VIR_ERR_NO_NAME, NULL);
        return -1;
    }
    if (strchr(def->name, '/')) {
        virReportError(VIR_ERR_XML_ERROR, "name %s cannot contain '/'", def->name);
        return -1;
    }
    if (uuid) {
        if (virUUIDParse(uuid, def->uuid) < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "malformed uuid element");
            return -1;
        }
    } else {
        virUUIDGenerate(def->uuid);
    }
    def->title = virXMLChildContent(root, "title");
    def->description = virXMLChildContent(root, "description");
    return 0;
}


/* <metadata> holds one element per application, told apart by its
 * namespace: like libvirt, keep the first element of each namespace and
 * drop anything outside a namespace. */
static void
virDomainMetadataSanitize(xmlNodePtr metadata)
{
    g_autoptr(GPtrArray) seen = g_ptr_array_new();
    xmlNodePtr cur = metadata->children;

    while (cur) {
        xmlNodePtr next = cur->next;
        bool drop = cur->type != XML_ELEMENT_NODE || !cur->ns;

        for (size_t i = 0; !drop && i < seen->len; i++)
            drop = xmlStrEqual(seen->pdata[i], cur->ns->href);
        if (drop) {
            xmlUnlinkNode(cur);
            xmlFreeNode(cur);
        } else {
            g_ptr_array_add(seen, (gpointer)cur->ns->href);
        }
        cur = next;
    }
}


virDomainDef *
virDomainDefParseNode(xmlNodePtr root)
{
    return virDomainDefParseNodeAs(root, "domain");
}


virDomainDef *
virDomainDefParseNodeAs(xmlNodePtr root, const char *element)
{
    g_autoptr(virDomainDef) def = virDomainDefNew();
    xmlNodePtr memory = virXMLChild(root, "memory");
    xmlNodePtr current = virXMLChild(root, "currentMemory");
    xmlNodePtr devices = virXMLChild(root, "devices");

    if (!virXMLNodeNameEqual(root, element)) {
        virReportError(VIR_ERR_XML_ERROR,
                       "expecting root element of '%s', not '%s'",
                       element, (const char *)root->name);
        return NULL;
    }
    if (virDomainParseIdentity(def, root) < 0)
        return NULL;

    if (!memory) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "Memory size must be specified via <memory> or in the <numa> configuration");
        return NULL;
    }
    if (virDomainParseMemory(memory, "./memory[1]", &def->memory) < 0 ||
        (current && virDomainParseMemory(current, "./currentMemory[1]",
                                         &def->currentMemory) < 0))
        return NULL;
    if (!current || def->currentMemory > def->memory)
        def->currentMemory = def->memory;

    if (virDomainParseVcpu(def, virXMLChild(root, "vcpu")) < 0 ||
        virDomainParseOS(def, virXMLChild(root, "os")) < 0 ||
        virDomainParseLifecycle(root, "on_poweroff", "destroy", &def->onPoweroff) < 0 ||
        virDomainParseLifecycle(root, "on_reboot", "restart", &def->onReboot) < 0 ||
        virDomainParseLifecycle(root, "on_crash", "destroy", &def->onCrash) < 0 ||
        (devices && virDomainParseDevices(def, devices) < 0))
        return NULL;

    for (xmlNodePtr c = virXMLFirstElement(root); c; c = virXMLNextElement(c)) {
        static const char *const modelledNames[] = {
            "name", "uuid", "title", "description", "memory", "currentMemory",
            "vcpu", "os", "on_poweroff", "on_reboot", "on_crash", "devices",
        };
        static const virDomainOrder modelled = {
            modelledNames, G_N_ELEMENTS(modelledNames),
        };
        const char *n = (const char *)c->name;

        if (c->ns || virDomainOrderRank(&modelled, n) >= 0)
            continue;
        if (virDomainOrderRank(&virDomainTopOrder, n) >= 0) {
            virDomainDefKeep(def, def->topExtra, c);
            if (STREQ(n, "metadata"))
                virDomainMetadataSanitize(g_ptr_array_index(def->topExtra,
                                                            def->topExtra->len - 1));
        } else {
            VIR_DEBUG("dropping unknown element <%s>", n);
        }
    }
    return g_steal_pointer(&def);
}


virDomainDef *
virDomainDefParseString(const char *xml, bool validate)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseStringFrom(VIR_FROM_THIS, xml, "(domain_definition)",
                                      "domain", validate ? "domain" : NULL)))
        return NULL;
    return virDomainDefParseNode(xmlDocGetRootElement(doc));
}


