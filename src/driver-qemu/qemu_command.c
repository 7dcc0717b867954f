/*
 * qemu_command.c: the QEMU command line of a domain
 *
 * The guest is minimal on purpose: what snapvirt manages is disk state,
 * so a domain gets a q35 machine without default devices, no display,
 * its memory and vCPUs, the QMP monitor and one virtio-blk device per
 * disk, each backed by a -blockdev node per layer of its chain (the
 * layout libvirt uses, which QMP's block commands need).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "qemu_command.h"
#include "util/virerror.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_QEMU


const char *
qemuBinary(void)
{
    const char *env = g_getenv("SNAPVIRT_QEMU");

    return env && *env ? env : "qemu-system-x86_64";
}


char *
qemuDiskDeviceID(size_t i)
{
    return g_strdup_printf("virtio-disk%zu", i);
}


int
qemuCommandCheckDef(const virDomainDef *def)
{
    if (def->osArch && STRNEQ(def->osArch, "x86_64")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "architecture '%s' is not supported, only x86_64", def->osArch);
        return -1;
    }
    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainDiskDef *disk = def->disks[i];

        if (disk->device != VIR_DOMAIN_DISK_DEVICE_DISK) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disk '%s': only device='disk' is supported, not '%s'",
                           disk->dst, virDomainDiskDeviceTypeToString(disk->device));
            return -1;
        }
        if (disk->bus && STRNEQ(disk->bus, "virtio")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disk '%s': only bus='virtio' is supported, not '%s'",
                           disk->dst, disk->bus);
            return -1;
        }
        if (!disk->src->path) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disk '%s' has no source", disk->dst);
            return -1;
        }
        if (disk->src->type != VIR_STORAGE_TYPE_FILE &&
            disk->src->type != VIR_STORAGE_TYPE_BLOCK) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disk '%s': source type '%s' is not supported", disk->dst,
                           virStorageTypeToString(disk->src->type));
            return -1;
        }
    }
    return 0;
}


static void
qemuCommandAddJSON(GPtrArray *argv, const char *opt, json_object *obj)
{
    g_ptr_array_add(argv, g_strdup(opt));
    g_ptr_array_add(argv, g_strdup(json_object_to_json_string_ext(obj,
                                                                  JSON_C_TO_STRING_PLAIN)));
    json_object_put(obj);
}


/* -blockdev pairs for @src and the layers below it, bottom first; the
 * name of @src's format node in *top. */
static void
qemuCommandAddChain(GPtrArray *argv, virDomainObj *obj, const virStorageSource *src,
                    bool readOnly, char **top)
{
    g_autoptr(GPtrArray) layers = g_ptr_array_new();
    g_autofree char *below = NULL;

    for (; src; src = src->backing)
        g_ptr_array_add(layers, (gpointer)src);
    for (size_t i = layers->len; i > 0; i--) {
        const virStorageSource *layer = layers->pdata[i - 1];
        g_autofree char *node = qemuDomainNewNodeName(obj);
        g_autofree char *file = g_strdup_printf("%s-file", node);
        const char *fmt = virStorageFileFormatTypeToString(layer->format);
        json_object *fmtNode;

        qemuCommandAddJSON(argv, "-blockdev",
            qemuMonitorArgs("s:driver", layer->type == VIR_STORAGE_TYPE_BLOCK ?
                                        "host_device" : "file",
                            "s:filename", layer->path, "s:node-name", file,
                            "b:auto-read-only", true, "s:discard", "unmap", NULL));
        fmtNode = qemuMonitorArgs("s:node-name", node, "b:read-only", i > 1 || readOnly,
                                  "s:driver", layer->format ? fmt : "raw",
                                  "s:file", file, NULL);
        /* The chain is ours to give: a layer without one below gets an
         * explicit null, or QEMU would open the backing file itself. */
        if (layer->format == VIR_STORAGE_FILE_QCOW2 || layer->format == VIR_STORAGE_FILE_QED)
            json_object_object_add(fmtNode, "backing",
                                   below ? json_object_new_string(below) : NULL);
        qemuCommandAddJSON(argv, "-blockdev", fmtNode);
        g_hash_table_insert(qemuDomainPriv(obj)->nodes, g_strdup(layer->path),
                            g_strdup(node));
        g_free(below);
        below = g_strdup(node);
    }
    *top = g_steal_pointer(&below);
}


GStrv
qemuBuildCommandLine(virDomainObj *obj, const virDomainDef *live, bool incoming)
{
    GPtrArray *argv = g_ptr_array_new();
    char uuid[VIR_UUID_STRING_BUFLEN];
    unsigned long long mib = (live->currentMemory ? live->currentMemory : live->memory);
    unsigned int vcpus = live->vcpusCurrent ? live->vcpusCurrent : live->vcpus;

    mib = (mib + 1023) / 1024;
    g_hash_table_remove_all(qemuDomainPriv(obj)->nodes);
    g_ptr_array_add(argv, g_strdup(qemuBinary()));
    g_ptr_array_add(argv, g_strdup("-name"));
    g_ptr_array_add(argv, g_strdup_printf("guest=%s", live->name));
    g_ptr_array_add(argv, g_strdup("-uuid"));
    g_ptr_array_add(argv, g_strdup(virUUIDFormat(live->uuid, uuid)));
    g_ptr_array_add(argv, g_strdup("-S"));
    g_ptr_array_add(argv, g_strdup("-no-user-config"));
    g_ptr_array_add(argv, g_strdup("-nodefaults"));
    g_ptr_array_add(argv, g_strdup("-machine"));
    g_ptr_array_add(argv, g_strdup("q35,accel=kvm:tcg"));
    g_ptr_array_add(argv, g_strdup("-display"));
    g_ptr_array_add(argv, g_strdup("none"));
    g_ptr_array_add(argv, g_strdup("-m"));
    g_ptr_array_add(argv, g_strdup_printf("%llu", mib ? mib : 1));
    g_ptr_array_add(argv, g_strdup("-smp"));
    g_ptr_array_add(argv, g_strdup_printf("%u", vcpus ? vcpus : 1));
    g_ptr_array_add(argv, g_strdup("-chardev"));
    g_ptr_array_add(argv, g_strdup_printf("socket,id=charmonitor,fd=%d,server=on,wait=off",
                                          QEMU_MONITOR_CHILD_FD));
    g_ptr_array_add(argv, g_strdup("-mon"));
    g_ptr_array_add(argv, g_strdup("chardev=charmonitor,id=monitor,mode=control"));

    for (size_t i = 0; i < live->ndisks; i++) {
        g_autofree char *top = NULL;
        g_autofree char *id = qemuDiskDeviceID(i);

        qemuCommandAddChain(argv, obj, live->disks[i]->src, false, &top);
        qemuCommandAddJSON(argv, "-device",
                           qemuMonitorArgs("s:driver", "virtio-blk-pci", "s:drive", top,
                                           "s:id", id, NULL));
    }
    if (incoming) {
        g_ptr_array_add(argv, g_strdup("-incoming"));
        g_ptr_array_add(argv, g_strdup("defer"));
    }
    g_ptr_array_add(argv, NULL);
    return (GStrv)g_ptr_array_free(argv, FALSE);
}
