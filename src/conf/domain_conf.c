/*
 * domain_conf.c: domain XML parsing, formatting and copying
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdlib.h>

#include "domain_conf.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "util/viruuid.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_LOG_INIT("conf.domain_conf");

VIR_ENUM_IMPL(virStorage, VIR_STORAGE_TYPE_LAST,
              "none", "file", "block", "dir", "network", "volume");

VIR_ENUM_IMPL(virStorageFileFormat, VIR_STORAGE_FILE_LAST,
              "none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc",
              "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed",
              "vmdk");

VIR_ENUM_IMPL(virDomainSnapshotLocation, VIR_DOMAIN_SNAPSHOT_LOCATION_LAST,
              "default", "no", "internal", "external", "manual");

VIR_ENUM_IMPL(virDomainDiskDevice, VIR_DOMAIN_DISK_DEVICE_LAST,
              "disk", "cdrom", "floppy", "lun");

/* libvirt's domain types; a definition may name any of them. */
static const char *const virDomainVirtTypes[] = {
    "none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test",
    "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "ch",
};

/* Top-level elements in the order libvirt writes them.  Modelled ones are
 * formatted from fields; the others are kept verbatim; any element not in
 * this table is dropped. */
static const char *const virDomainTopOrder[] = {
    "name", "uuid", "genid", "title", "description", "metadata",
    "maxMemory", "memory", "currentMemory", "blkiotune", "memtune",
    "memoryBacking", "vcpu", "vcpus", "iothreads", "iothreadids",
    "defaultiothread", "cputune", "numatune", "resource", "sysinfo",
    "bootloader", "bootloader_args", "os", "idmap", "features", "cpu",
    "clock", "on_poweroff", "on_reboot", "on_crash", "on_lockfailure", "pm",
    "perf", "devices", "seclabel", "keywrap", "launchSecurity",
};

/* Device elements in libvirt's order; disks are modelled. */
static const char *const virDomainDeviceOrder[] = {
    "emulator", "disk", "controller", "lease", "filesystem", "interface",
    "smartcard", "serial", "parallel", "console", "channel", "input", "tpm",
    "graphics", "sound", "audio", "video", "hostdev", "redirdev",
    "redirfilter", "hub", "watchdog", "memballoon", "rng", "panic", "shmem",
    "memory", "iommu", "vsock", "crypto",
};

/* Children of <os> and of <disk> in libvirt's order. */
static const char *const virDomainOSOrder[] = {
    "type", "firmware", "loader", "nvram", "kernel", "initrd", "cmdline",
    "shim", "dtb", "acpi", "init", "initarg", "initenv", "initdir",
    "inituser", "initgroup", "boot", "bootmenu", "smbios", "bios",
};

static const char *const virDomainDiskOrder[] = {
    "driver", "auth", "source", "backingStore", "mirror", "geometry",
    "blockio", "target", "iotune", "boot", "readonly", "shareable",
    "transient", "serial", "wwn", "vendor", "product", "encryption",
    "alias", "address",
};

static const char *const virDomainLifecycleActions[] = {
    "destroy", "restart", "rename-restart", "preserve",
    "coredump-destroy", "coredump-restart",
};


static int
virDomainRank(const char *const *order, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (STREQ(order[i], name))
            return i;
    }
    return -1;
}
#define RANK(order, name) virDomainRank(order, G_N_ELEMENTS(order), name)


int
virDomainObjectNameValidate(const char *what, const char *name)
{
    if (!name || !*name) {
        virReportError(VIR_ERR_XML_ERROR, "%s name must not be empty", what);
        return -1;
    }
    if (strchr(name, '/')) {
        virReportError(VIR_ERR_XML_ERROR,
                       "invalid %s name '%s': name can't contain '/'", what, name);
        return -1;
    }
    if (STREQ(name, ".") || STREQ(name, "..")) {
        virReportError(VIR_ERR_XML_ERROR,
                       "invalid %s name '%s': name can't be '.' or '..'", what, name);
        return -1;
    }
    if (strlen(name) > VIR_NAME_MAX) {
        virReportError(VIR_ERR_XML_ERROR,
                       "invalid %s name '%.20s...': longer than %d bytes",
                       what, name, VIR_NAME_MAX);
        return -1;
    }
    return 0;
}


/* ---- storage sources ---- */

virStorageSource *
virStorageSourceNew(int type, const char *path, int format)
{
    virStorageSource *src = g_new0(virStorageSource, 1);

    src->type = type;
    src->path = g_strdup(path);
    src->format = format;
    return src;
}


void
virStorageSourceFreeChain(virStorageSource *src)
{
    while (src) {
        virStorageSource *next = src->backing;

        g_free(src->path);
        g_free(src);
        src = next;
    }
}


virStorageSource *
virStorageSourceCopyChain(const virStorageSource *src)
{
    virStorageSource *head = NULL;
    virStorageSource **tail = &head;

    for (; src; src = src->backing) {
        *tail = virStorageSourceNew(src->type, src->path, src->format);
        (*tail)->terminated = src->terminated;
        tail = &(*tail)->backing;
    }
    return head;
}


/* ---- life cycle of a definition ---- */

static void
virDomainDiskDefFree(virDomainDiskDef *disk)
{
    if (!disk)
        return;
    virStorageSourceFreeChain(disk->src);
    g_free(disk->dst);
    g_free(disk->bus);
    g_free(disk->driverName);
    g_ptr_array_unref(disk->driverAttrs);
    g_ptr_array_unref(disk->extra);
    g_free(disk);
}


static virDomainDef *
virDomainDefNew(void)
{
    virDomainDef *def = g_new0(virDomainDef, 1);

    def->refs = 1;
    def->osExtra = g_ptr_array_new();
    def->topExtra = g_ptr_array_new();
    def->devExtra = g_ptr_array_new();
    return def;
}


virDomainDef *
virDomainDefRef(virDomainDef *def)
{
    if (def)
        g_atomic_int_inc(&def->refs);
    return def;
}


void
virDomainDefUnref(virDomainDef *def)
{
    if (!def || !g_atomic_int_dec_and_test(&def->refs))
        return;
    g_free(def->name);
    g_free(def->title);
    g_free(def->description);
    g_free(def->vcpuPlacement);
    g_free(def->vcpuCpuset);
    g_free(def->osType);
    g_free(def->osArch);
    g_free(def->osMachine);
    g_free(def->onPoweroff);
    g_free(def->onReboot);
    g_free(def->onCrash);
    for (size_t i = 0; i < def->ndisks; i++)
        virDomainDiskDefFree(def->disks[i]);
    g_free(def->disks);
    g_ptr_array_unref(def->osExtra);
    g_ptr_array_unref(def->topExtra);
    g_ptr_array_unref(def->devExtra);
    if (def->doc)
        xmlFreeDoc(def->doc);
    g_free(def);
}


/* Keep a copy of @node, owned by @def's private document (attached under
 * its root, so that freeing the document frees the copy). */
static void
virDomainDefKeep(virDomainDef *def, GPtrArray *list, const xmlNode *node)
{
    xmlNodePtr copy;

    if (!def->doc) {
        def->doc = xmlNewDoc(BAD_CAST "1.0");
        xmlDocSetRootElement(def->doc, xmlNewDocNode(def->doc, NULL, BAD_CAST "kept", NULL));
    }
    copy = xmlDocCopyNode((xmlNodePtr)node, def->doc, 1);
    xmlAddChild(xmlDocGetRootElement(def->doc), copy);
    g_ptr_array_add(list, copy);
}


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


/* Bytes per unit for libvirt's size suffixes: b/bytes, then k, M, G, T,
 * P, E alone or followed by "iB" (powers of 1024) or "B" (powers of 1000),
 * case-insensitively. */
static int
virDomainUnitScale(const char *unit, unsigned long long *scale)
{
    static const char letters[] = "kmgtpe";
    const char *p;
    unsigned long long base;

    if (g_ascii_strcasecmp(unit, "b") == 0 || g_ascii_strcasecmp(unit, "bytes") == 0) {
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
        virReportError(VIR_ERR_XML_ERROR,
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
            g_ptr_array_add(disks, disk);
            for (size_t i = 0; i + 1 < disks->len; i++) {
                virDomainDiskDef *other = disks->pdata[i];

                if (STREQ(other->dst, disk->dst)) {
                    virReportError(VIR_ERR_XML_ERROR,
                                   "target '%s' duplicated for disk sources '%s' and '%s'",
                                   disk->dst,
                                   other->src->path ? other->src->path : "",
                                   disk->src->path ? disk->src->path : "");
                    goto error;
                }
            }
        } else if (RANK(virDomainDeviceOrder, n) >= 0) {
            virDomainDefKeep(def, def->devExtra, c);
        } else {
            VIR_DEBUG("dropping unknown device <%s>", n);
        }
    }
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
    if (!def->osArch)
        def->osArch = g_strdup("i686");  /* the test host's architecture */

    for (xmlNodePtr c = virXMLFirstElement(os); c; c = virXMLNextElement(c)) {
        if (c != type && !c->ns && RANK(virDomainOSOrder, (const char *)c->name) >= 0)
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
    if (RANK(virDomainLifecycleActions, value) < 0) {
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
    def->virtType = RANK(virDomainVirtTypes, type);
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


virDomainDef *
virDomainDefParseNode(xmlNodePtr root)
{
    g_autoptr(virDomainDef) def = virDomainDefNew();
    xmlNodePtr memory = virXMLChild(root, "memory");
    xmlNodePtr current = virXMLChild(root, "currentMemory");
    xmlNodePtr devices = virXMLChild(root, "devices");

    if (!virXMLNodeNameEqual(root, "domain")) {
        virReportError(VIR_ERR_XML_ERROR,
                       "expecting root element of 'domain', not '%s'",
                       (const char *)root->name);
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
        static const char *const modelled[] = {
            "name", "uuid", "title", "description", "memory", "currentMemory",
            "vcpu", "os", "on_poweroff", "on_reboot", "on_crash", "devices",
        };
        const char *n = (const char *)c->name;

        if (c->ns || RANK(modelled, n) >= 0)
            continue;
        if (RANK(virDomainTopOrder, n) >= 0)
            virDomainDefKeep(def, def->topExtra, c);
        else
            VIR_DEBUG("dropping unknown element <%s>", n);
    }
    return g_steal_pointer(&def);
}


virDomainDef *
virDomainDefParseString(const char *xml, bool validate)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseString(xml, "(domain_definition)", "domain",
                                  validate ? "domain" : NULL)))
        return NULL;
    return virDomainDefParseNode(xmlDocGetRootElement(doc));
}


/* ---- formatting ---- */

/* Writes the kept nodes of @list called @name, in their original order. */
static void
virDomainFormatKept(virBuffer *buf, GPtrArray *list, const char *name)
{
    for (size_t i = 0; i < list->len; i++) {
        xmlNodePtr node = list->pdata[i];

        if (STREQ((const char *)node->name, name))
            virXMLFormatNode(buf, node);
    }
}


/* Writes every kept node whose name is in @order, in @order's order. */
static void
virDomainFormatKeptOrdered(virBuffer *buf, GPtrArray *list,
                           const char *const *order, size_t norder)
{
    for (size_t r = 0; r < norder; r++)
        virDomainFormatKept(buf, list, order[r]);
}


static void
virDomainFormatLayerSource(virBuffer *buf, const virStorageSource *src)
{
    if (!src->path)
        return;
    virBufferEscapeString(buf, src->type == VIR_STORAGE_TYPE_BLOCK ?
                          "<source dev='%s'/>\n" : "<source file='%s'/>\n",
                          src->path);
}


static void
virDomainFormatBackingChain(virBuffer *buf, const virStorageSource *top)
{
    const virStorageSource *layer = top;
    int depth = 0;

    while (layer->backing) {
        layer = layer->backing;
        virBufferAsprintf(buf, "<backingStore type='%s' index='%d'>\n",
                          virStorageTypeToString(layer->type), ++depth);
        virBufferAdjustIndent(buf, 2);
        if (layer->format > 0)
            virBufferAsprintf(buf, "<format type='%s'/>\n",
                              virStorageFileFormatTypeToString(layer->format));
        virDomainFormatLayerSource(buf, layer);
    }
    if (layer->terminated)
        virBufferAddLit(buf, "<backingStore/>\n");
    for (; depth > 0; depth--) {
        virBufferAdjustIndent(buf, -2);
        virBufferAddLit(buf, "</backingStore>\n");
    }
}


static void
virDomainDiskDefFormat(virBuffer *buf, const virDomainDiskDef *disk)
{
    virBufferAsprintf(buf, "<disk type='%s' device='%s'",
                      virStorageTypeToString(disk->src->type),
                      virDomainDiskDeviceTypeToString(disk->device));
    if (disk->snapshot)
        virBufferAsprintf(buf, " snapshot='%s'",
                          virDomainSnapshotLocationTypeToString(disk->snapshot));
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);

    if (disk->driverName || disk->src->format > 0 || disk->driverAttrs->len) {
        virBufferAddLit(buf, "<driver");
        virBufferEscapeString(buf, " name='%s'", disk->driverName);
        if (disk->src->format > 0)
            virBufferAsprintf(buf, " type='%s'",
                              virStorageFileFormatTypeToString(disk->src->format));
        for (size_t i = 0; i < disk->driverAttrs->len; i++)
            virBufferAsprintf(buf, " %s", (const char *)disk->driverAttrs->pdata[i]);
        virBufferAddLit(buf, "/>\n");
    }
    virDomainFormatLayerSource(buf, disk->src);
    virDomainFormatBackingChain(buf, disk->src);
    virBufferEscapeString(buf, "<target dev='%s'", disk->dst);
    virBufferEscapeString(buf, " bus='%s'", disk->bus);
    virBufferAddLit(buf, "/>\n");
    virDomainFormatKeptOrdered(buf, disk->extra, virDomainDiskOrder,
                               G_N_ELEMENTS(virDomainDiskOrder));

    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</disk>\n");
}


static void
virDomainFormatOS(virBuffer *buf, const virDomainDef *def)
{
    bool hasBoot = false;

    virBufferAddLit(buf, "<os>\n");
    virBufferAdjustIndent(buf, 2);
    virBufferAddLit(buf, "<type");
    virBufferEscapeString(buf, " arch='%s'", def->osArch);
    virBufferEscapeString(buf, " machine='%s'", def->osMachine);
    virBufferEscapeString(buf, ">%s</type>\n", def->osType);

    for (size_t i = 0; i < def->osExtra->len; i++)
        hasBoot |= virXMLNodeNameEqual(def->osExtra->pdata[i], "boot");
    for (size_t r = 1; r < G_N_ELEMENTS(virDomainOSOrder); r++) {
        virDomainFormatKept(buf, def->osExtra, virDomainOSOrder[r]);
        if (STREQ(virDomainOSOrder[r], "boot") && !hasBoot && STREQ(def->osType, "hvm"))
            virBufferAddLit(buf, "<boot dev='hd'/>\n");
    }
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</os>\n");
}


static void
virDomainFormatDevices(virBuffer *buf, const virDomainDef *def)
{
    virBufferAddLit(buf, "<devices>\n");
    virBufferAdjustIndent(buf, 2);
    for (size_t r = 0; r < G_N_ELEMENTS(virDomainDeviceOrder); r++) {
        if (STREQ(virDomainDeviceOrder[r], "disk")) {
            for (size_t i = 0; i < def->ndisks; i++)
                virDomainDiskDefFormat(buf, def->disks[i]);
        } else {
            virDomainFormatKept(buf, def->devExtra, virDomainDeviceOrder[r]);
        }
    }
    virBufferAdjustIndent(buf, -2);
    /* libvirt writes an empty device list as an open and a close tag. */
    virBufferAddLit(buf, "</devices>\n");
}


/* Formats the modelled element @name; returns false if it is not one. */
static bool
virDomainFormatModelled(virBuffer *buf, const virDomainDef *def, const char *name)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (STREQ(name, "name")) {
        virBufferEscapeString(buf, "<name>%s</name>\n", def->name);
    } else if (STREQ(name, "uuid")) {
        virBufferAsprintf(buf, "<uuid>%s</uuid>\n", virUUIDFormat(def->uuid, uuidstr));
    } else if (STREQ(name, "title")) {
        virBufferEscapeString(buf, "<title>%s</title>\n", def->title);
    } else if (STREQ(name, "description")) {
        virBufferEscapeString(buf, "<description>%s</description>\n", def->description);
    } else if (STREQ(name, "memory")) {
        virBufferAsprintf(buf, "<memory unit='KiB'>%llu</memory>\n", def->memory);
    } else if (STREQ(name, "currentMemory")) {
        virBufferAsprintf(buf, "<currentMemory unit='KiB'>%llu</currentMemory>\n",
                          def->currentMemory);
    } else if (STREQ(name, "vcpu")) {
        virBufferEscapeString(buf, "<vcpu placement='%s'", def->vcpuPlacement);
        virBufferEscapeString(buf, " cpuset='%s'", def->vcpuCpuset);
        if (def->vcpusCurrent)
            virBufferAsprintf(buf, " current='%u'", def->vcpusCurrent);
        virBufferAsprintf(buf, ">%u</vcpu>\n", def->vcpus);
    } else if (STREQ(name, "os")) {
        virDomainFormatOS(buf, def);
    } else if (STREQ(name, "on_poweroff")) {
        virBufferAsprintf(buf, "<on_poweroff>%s</on_poweroff>\n", def->onPoweroff);
    } else if (STREQ(name, "on_reboot")) {
        virBufferAsprintf(buf, "<on_reboot>%s</on_reboot>\n", def->onReboot);
    } else if (STREQ(name, "on_crash")) {
        virBufferAsprintf(buf, "<on_crash>%s</on_crash>\n", def->onCrash);
    } else if (STREQ(name, "devices")) {
        virDomainFormatDevices(buf, def);
    } else {
        return false;
    }
    return true;
}


void
virDomainDefFormatBuf(virBuffer *buf, const virDomainDef *def, int id,
                      unsigned int flags)
{
    bool hasClock = false;

    virBufferAsprintf(buf, "<domain type='%s'", virDomainVirtTypes[def->virtType]);
    if (id >= 0 && !(flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE))
        virBufferAsprintf(buf, " id='%d'", id);
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);

    for (size_t i = 0; i < def->topExtra->len; i++)
        hasClock |= virXMLNodeNameEqual(def->topExtra->pdata[i], "clock");
    for (size_t r = 0; r < G_N_ELEMENTS(virDomainTopOrder); r++) {
        const char *name = virDomainTopOrder[r];

        if (virDomainFormatModelled(buf, def, name))
            continue;
        if (STREQ(name, "clock") && !hasClock)
            virBufferAddLit(buf, "<clock offset='utc'/>\n");
        virDomainFormatKept(buf, def->topExtra, name);
    }

    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</domain>\n");
}


char *
virDomainDefFormat(const virDomainDef *def, int id, unsigned int flags)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virDomainDefFormatBuf(&buf, def, id, flags);
    return virBufferContentAndReset(&buf);
}


/* ---- copying and lookup ---- */

static void
virDomainCopyKept(virDomainDef *dst, GPtrArray *to, const GPtrArray *from)
{
    for (size_t i = 0; i < from->len; i++)
        virDomainDefKeep(dst, to, from->pdata[i]);
}


virDomainDef *
virDomainDefCopy(const virDomainDef *def)
{
    virDomainDef *copy = virDomainDefNew();

    copy->virtType = def->virtType;
    copy->name = g_strdup(def->name);
    memcpy(copy->uuid, def->uuid, VIR_UUID_BUFLEN);
    copy->title = g_strdup(def->title);
    copy->description = g_strdup(def->description);
    copy->memory = def->memory;
    copy->currentMemory = def->currentMemory;
    copy->vcpus = def->vcpus;
    copy->vcpusCurrent = def->vcpusCurrent;
    copy->vcpuPlacement = g_strdup(def->vcpuPlacement);
    copy->vcpuCpuset = g_strdup(def->vcpuCpuset);
    copy->osType = g_strdup(def->osType);
    copy->osArch = g_strdup(def->osArch);
    copy->osMachine = g_strdup(def->osMachine);
    copy->onPoweroff = g_strdup(def->onPoweroff);
    copy->onReboot = g_strdup(def->onReboot);
    copy->onCrash = g_strdup(def->onCrash);
    virDomainCopyKept(copy, copy->osExtra, def->osExtra);
    virDomainCopyKept(copy, copy->topExtra, def->topExtra);
    virDomainCopyKept(copy, copy->devExtra, def->devExtra);

    copy->ndisks = def->ndisks;
    copy->disks = g_new0(virDomainDiskDef *, def->ndisks);
    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *from = def->disks[i];
        virDomainDiskDef *to = g_new0(virDomainDiskDef, 1);

        to->device = from->device;
        to->snapshot = from->snapshot;
        to->src = virStorageSourceCopyChain(from->src);
        to->dst = g_strdup(from->dst);
        to->bus = g_strdup(from->bus);
        to->driverName = g_strdup(from->driverName);
        to->driverAttrs = g_ptr_array_new_with_free_func(g_free);
        for (size_t j = 0; j < from->driverAttrs->len; j++)
            g_ptr_array_add(to->driverAttrs, g_strdup(from->driverAttrs->pdata[j]));
        to->extra = g_ptr_array_new();
        virDomainCopyKept(copy, to->extra, from->extra);
        copy->disks[i] = to;
    }
    return copy;
}


int
virDomainDefCheckABIStability(const virDomainDef *src, const virDomainDef *dst)
{
    if (src->vcpus != dst->vcpus) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain vCPU max %u does not match source %u",
                       dst->vcpus, src->vcpus);
        return -1;
    }
    if (src->memory != dst->memory) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain max memory %llu does not match source %llu",
                       dst->memory, src->memory);
        return -1;
    }
    if (STRNEQ(src->osType, dst->osType) || STRNEQ(src->osArch, dst->osArch) ||
        STRNEQ_NULLABLE(src->osMachine, dst->osMachine)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain OS type %s/%s/%s does not match source %s/%s/%s",
                       dst->osType, dst->osArch, NULLSTR(dst->osMachine),
                       src->osType, src->osArch, NULLSTR(src->osMachine));
        return -1;
    }
    if (src->ndisks != dst->ndisks) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain disk count %zu does not match source %zu",
                       dst->ndisks, src->ndisks);
        return -1;
    }
    for (size_t i = 0; i < src->ndisks; i++) {
        const virDomainDiskDef *a = src->disks[i];
        const virDomainDiskDef *b = dst->disks[i];

        if (STRNEQ(a->dst, b->dst) || STRNEQ_NULLABLE(a->bus, b->bus) ||
            a->device != b->device) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "Target disk %s (bus %s) does not match source %s (bus %s)",
                           b->dst, NULLSTR(b->bus), a->dst, NULLSTR(a->bus));
            return -1;
        }
    }
    if (src->devExtra->len != dst->devExtra->len) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain device count %u does not match source %u",
                       dst->devExtra->len, src->devExtra->len);
        return -1;
    }
    for (size_t i = 0; i < src->devExtra->len; i++) {
        const xmlNode *a = src->devExtra->pdata[i];
        const xmlNode *b = dst->devExtra->pdata[i];

        if (!xmlStrEqual(a->name, b->name)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "Target device %s does not match source %s",
                           (const char *)b->name, (const char *)a->name);
            return -1;
        }
    }
    return 0;
}


int
virDomainDiskIndexByName(const virDomainDef *def, const char *name)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        if (STREQ(def->disks[i]->dst, name))
            return i;
    }
    for (size_t i = 0; i < def->ndisks; i++) {
        if (STREQ_NULLABLE(def->disks[i]->src->path, name))
            return i;
    }
    return -1;
}


virDomainDiskDef *
virDomainDiskByName(const virDomainDef *def, const char *name)
{
    int i = virDomainDiskIndexByName(def, name);

    return i < 0 ? NULL : def->disks[i];
}
