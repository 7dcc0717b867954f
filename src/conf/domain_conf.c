/*
 * domain_conf.c: the domain definition: tables, life cycle, copies,
 * lookups and ABI checks (parsing in domain_parse.c, formatting in
 * domain_format.c)
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
static const char *const virDomainVirtTypesList[] = {
    "none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test",
    "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "ch",
};

/* Top-level elements in the order libvirt writes them.  Modelled ones are
 * formatted from fields; the others are kept verbatim; any element not in
 * this table is dropped. */
static const char *const virDomainTopOrderList[] = {
    "name", "uuid", "genid", "title", "description", "metadata",
    "maxMemory", "memory", "currentMemory", "blkiotune", "memtune",
    "memoryBacking", "vcpu", "vcpus", "iothreads", "iothreadids",
    "defaultiothread", "cputune", "numatune", "resource", "sysinfo",
    "bootloader", "bootloader_args", "os", "idmap", "features", "cpu",
    "clock", "on_poweroff", "on_reboot", "on_crash", "on_lockfailure", "pm",
    "perf", "devices", "seclabel", "keywrap", "launchSecurity",
};

/* Device elements in libvirt's order; disks are modelled. */
static const char *const virDomainDeviceOrderList[] = {
    "emulator", "disk", "controller", "lease", "filesystem", "interface",
    "smartcard", "serial", "parallel", "console", "channel", "input", "tpm",
    "graphics", "sound", "audio", "video", "hostdev", "redirdev",
    "redirfilter", "hub", "watchdog", "memballoon", "rng", "panic", "shmem",
    "memory", "iommu", "vsock", "crypto",
};

/* Children of <os> and of <disk> in libvirt's order. */
static const char *const virDomainOSOrderList[] = {
    "type", "firmware", "loader", "nvram", "kernel", "initrd", "cmdline",
    "shim", "dtb", "acpi", "init", "initarg", "initenv", "initdir",
    "inituser", "initgroup", "boot", "bootmenu", "bios", "smbios",
};

static const char *const virDomainDiskOrderList[] = {
    "driver", "auth", "source", "backingStore", "mirror", "geometry",
    "blockio", "target", "iotune", "boot", "readonly", "shareable",
    "transient", "serial", "wwn", "vendor", "product", "encryption",
    "alias", "address",
};

static const char *const virDomainLifecycleActionsList[] = {
    "destroy", "restart", "rename-restart", "preserve",
    "coredump-destroy", "coredump-restart",
};

const virDomainOrder virDomainVirtTypes = { virDomainVirtTypesList, G_N_ELEMENTS(virDomainVirtTypesList) };
const virDomainOrder virDomainTopOrder = { virDomainTopOrderList, G_N_ELEMENTS(virDomainTopOrderList) };
const virDomainOrder virDomainDeviceOrder = { virDomainDeviceOrderList, G_N_ELEMENTS(virDomainDeviceOrderList) };
const virDomainOrder virDomainOSOrder = { virDomainOSOrderList, G_N_ELEMENTS(virDomainOSOrderList) };
const virDomainOrder virDomainDiskOrder = { virDomainDiskOrderList, G_N_ELEMENTS(virDomainDiskOrderList) };
const virDomainOrder virDomainLifecycleActions = { virDomainLifecycleActionsList, G_N_ELEMENTS(virDomainLifecycleActionsList) };


int
virDomainOrderRank(const virDomainOrder *order, const char *name)
{
    for (size_t i = 0; i < order->n; i++) {
        if (STREQ(order->names[i], name))
            return i;
    }
    return -1;
}


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

void
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


virDomainDef *
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
    g_free(def->osFirmware);
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
void
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
    copy->osArchDefault = def->osArchDefault;
    copy->osMachine = g_strdup(def->osMachine);
    copy->osFirmware = g_strdup(def->osFirmware);
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
