/*
 * domain_format.c: domain XML formatting, in libvirt's element order
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


/* libvirt lets libxml2 write <metadata> (the applications' XML, in
 * libxml2's style: double quotes), indented to the current level. */
static void
virDomainFormatMetadata(virBuffer *buf, GPtrArray *list)
{
    for (size_t i = 0; i < list->len; i++) {
        xmlNodePtr node = list->pdata[i];
        xmlBufferPtr xmlbuf;

        if (!virXMLNodeNameEqual(node, "metadata"))
            continue;
        xmlbuf = xmlBufferCreate();
        if (xmlNodeDump(xmlbuf, node->doc, node, buf->indent / 2, 1) >= 0) {
            virBufferAdd(buf, (const char *)xmlBufferContent(xmlbuf), -1);
            virBufferAddLit(buf, "\n");
        }
        xmlBufferFree(xmlbuf);
    }
}


/* Writes every kept node whose name is in @order, in @order's order. */
static void
virDomainFormatKeptOrdered(virBuffer *buf, GPtrArray *list,
                           const virDomainOrder *order)
{
    for (size_t r = 0; r < order->n; r++)
        virDomainFormatKept(buf, list, order->names[r]);
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


/* Layers are numbered (index='N') only in live XML: like libvirt, an
 * inactive definition shows the chain without numbers. */
static void
virDomainFormatBackingChain(virBuffer *buf, const virStorageSource *top,
                            unsigned int flags)
{
    const virStorageSource *layer = top;
    int depth = 0;

    while (layer->backing) {
        layer = layer->backing;
        virBufferAsprintf(buf, "<backingStore type='%s'",
                          virStorageTypeToString(layer->type));
        ++depth;
        if (!(flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE))
            virBufferAsprintf(buf, " index='%d'", depth);
        virBufferAddLit(buf, ">\n");
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
virDomainDiskDefFormat(virBuffer *buf, const virDomainDiskDef *disk,
                       unsigned int flags)
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
    virDomainFormatBackingChain(buf, disk->src, flags);
    virBufferEscapeString(buf, "<target dev='%s'", disk->dst);
    virBufferEscapeString(buf, " bus='%s'", disk->bus);
    virBufferAddLit(buf, "/>\n");
    virDomainFormatKeptOrdered(buf, disk->extra, &virDomainDiskOrder);

    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</disk>\n");
}


static void
virDomainFormatOS(virBuffer *buf, const virDomainDef *def)
{
    bool hasBoot = false;

    if (def->osFirmware)
        virBufferEscapeString(buf, "<os firmware='%s'>\n", def->osFirmware);
    else
        virBufferAddLit(buf, "<os>\n");
    virBufferAdjustIndent(buf, 2);
    virBufferAddLit(buf, "<type");
    virBufferEscapeString(buf, " arch='%s'", def->osArch);
    virBufferEscapeString(buf, " machine='%s'", def->osMachine);
    virBufferEscapeString(buf, ">%s</type>\n", def->osType);

    for (size_t i = 0; i < def->osExtra->len; i++)
        hasBoot |= virXMLNodeNameEqual(def->osExtra->pdata[i], "boot");
    for (size_t r = 1; r < virDomainOSOrder.n; r++) {
        virDomainFormatKept(buf, def->osExtra, virDomainOSOrder.names[r]);
        if (STREQ(virDomainOSOrder.names[r], "boot") && !hasBoot && STREQ(def->osType, "hvm"))
            virBufferAddLit(buf, "<boot dev='hd'/>\n");
    }
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</os>\n");
}


static void
virDomainFormatDevices(virBuffer *buf, const virDomainDef *def,
                       unsigned int flags)
{
    virBufferAddLit(buf, "<devices>\n");
    virBufferAdjustIndent(buf, 2);
    for (size_t r = 0; r < virDomainDeviceOrder.n; r++) {
        if (STREQ(virDomainDeviceOrder.names[r], "disk")) {
            for (size_t i = 0; i < def->ndisks; i++)
                virDomainDiskDefFormat(buf, def->disks[i], flags);
        } else {
            virDomainFormatKept(buf, def->devExtra, virDomainDeviceOrder.names[r]);
        }
    }
    virBufferAdjustIndent(buf, -2);
    /* libvirt writes an empty device list as an open and a close tag. */
    virBufferAddLit(buf, "</devices>\n");
}


/* Formats the modelled element @name; returns false if it is not one. */
static bool
virDomainFormatModelled(virBuffer *buf, const virDomainDef *def, const char *name,
                        unsigned int flags)
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
        virDomainFormatDevices(buf, def, flags);
    } else {
        return false;
    }
    return true;
}


void
virDomainDefFormatBuf(virBuffer *buf, const virDomainDef *def, int id,
                      unsigned int flags)
{
    virDomainDefFormatBufAs(buf, def, id, flags, "domain");
}


void
virDomainDefFormatBufAs(virBuffer *buf, const virDomainDef *def, int id,
                        unsigned int flags, const char *element)
{
    bool hasClock = false;

    virBufferAsprintf(buf, "<%s type='%s'", element, virDomainVirtTypes.names[def->virtType]);
    if (id >= 0 && !(flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE))
        virBufferAsprintf(buf, " id='%d'", id);
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);

    for (size_t i = 0; i < def->topExtra->len; i++)
        hasClock |= virXMLNodeNameEqual(def->topExtra->pdata[i], "clock");
    for (size_t r = 0; r < virDomainTopOrder.n; r++) {
        const char *name = virDomainTopOrder.names[r];

        if (virDomainFormatModelled(buf, def, name, flags))
            continue;
        if (STREQ(name, "clock") && !hasClock)
            virBufferAddLit(buf, "<clock offset='utc'/>\n");
        if (STREQ(name, "metadata"))
            virDomainFormatMetadata(buf, def->topExtra);
        else
            virDomainFormatKept(buf, def->topExtra, name);
    }

    virBufferAdjustIndent(buf, -2);
    virBufferAsprintf(buf, "</%s>\n", element);
}


char *
virDomainDefFormat(const virDomainDef *def, int id, unsigned int flags)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virDomainDefFormatBuf(&buf, def, id, flags);
    return virBufferContentAndReset(&buf);
}


