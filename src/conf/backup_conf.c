/*
 * backup_conf.c: the <domainbackup> XML of virDomainBackupBegin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "backup_conf.h"
#include "util/virbuffer.h"
#include "util/virerror.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

#define DISK(def, i) g_array_index((def)->disks, virDomainBackupDiskDef, i)


static void
virDomainBackupDiskClear(gpointer data)
{
    virDomainBackupDiskDef *disk = data;

    g_free(disk->name);
    g_free(disk->target);
}


static virDomainBackupDef *
virDomainBackupDefNew(void)
{
    virDomainBackupDef *def = g_new0(virDomainBackupDef, 1);

    def->disks = g_array_new(FALSE, TRUE, sizeof(virDomainBackupDiskDef));
    g_array_set_clear_func(def->disks, virDomainBackupDiskClear);
    return def;
}


void
virDomainBackupDefFree(virDomainBackupDef *def)
{
    if (!def)
        return;
    g_array_unref(def->disks);
    g_free(def);
}


static int
virDomainBackupParseDisk(xmlNodePtr node, virDomainBackupDiskDef *disk)
{
    g_autofree char *backup = virXMLPropString(node, "backup");
    g_autofree char *type = virXMLPropString(node, "type");
    g_autofree char *mode = virXMLPropString(node, "backupmode");
    xmlNodePtr target = virXMLChild(node, "target");
    xmlNodePtr driver = virXMLChild(node, "driver");

    disk->name = virXMLPropString(node, "name");
    disk->backup = !backup || STREQ(backup, "yes");
    disk->type = type ? virStorageTypeFromString(type) : VIR_STORAGE_TYPE_FILE;
    if (disk->type != VIR_STORAGE_TYPE_FILE && disk->type != VIR_STORAGE_TYPE_BLOCK) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "backup target type '%s' of disk '%s' is not supported",
                       type, disk->name);
        return -1;
    }
    if (mode && STREQ(mode, "incremental")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "incremental backup of disk '%s' needs checkpoints, "
                       "which are not supported", disk->name);
        return -1;
    }
    if (virXMLChild(node, "scratch")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "pull mode backups (<scratch>) are not supported");
        return -1;
    }
    if (target)
        disk->target = virXMLPropString(target, disk->type == VIR_STORAGE_TYPE_BLOCK ?
                                        "dev" : "file");
    if (driver) {
        g_autofree char *fmt = virXMLPropString(driver, "type");

        if (fmt && (disk->format = virStorageFileFormatTypeFromString(fmt)) <= 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           "unknown backup format '%s' for disk '%s'", fmt, disk->name);
            return -1;
        }
    }
    if (disk->target && disk->target[0] != '/') {
        virReportError(VIR_ERR_XML_ERROR,
                       "backup target '%s' of disk '%s' must be an absolute path",
                       disk->target, disk->name);
        return -1;
    }
    return 0;
}


virDomainBackupDef *
virDomainBackupDefParseString(const char *xml)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(virDomainBackupDef) def = virDomainBackupDefNew();
    g_autofree char *mode = NULL;
    xmlNodePtr root, disks;

    if (!(doc = virXMLParseStringFrom(VIR_FROM_DOMAIN, xml, "(domain_backup)",
                                      "domainbackup", "domainbackup")))
        return NULL;
    root = xmlDocGetRootElement(doc);
    mode = virXMLPropString(root, "mode");
    if ((mode && STREQ(mode, "pull")) || virXMLChild(root, "server")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "pull mode backups are not supported: only push mode");
        return NULL;
    }
    if (virXMLChild(root, "incremental")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "incremental backups need checkpoints, which are not supported");
        return NULL;
    }
    if (!(disks = virXMLChild(root, "disks")))
        return g_steal_pointer(&def);
    for (xmlNodePtr c = virXMLFirstElement(disks); c; c = virXMLNextElement(c)) {
        virDomainBackupDiskDef disk = { 0 };

        g_array_append_val(def->disks, disk);
        if (virDomainBackupParseDisk(c, &DISK(def, def->disks->len - 1)) < 0)
            return NULL;
    }
    return g_steal_pointer(&def);
}


static int
virDomainBackupFindDisk(const virDomainBackupDef *def, const char *name)
{
    for (guint i = 0; i < def->disks->len; i++) {
        if (STREQ_NULLABLE(DISK(def, i).name, name))
            return i;
    }
    return -1;
}


int
virDomainBackupDefAlign(virDomainBackupDef *def, const virDomainDef *dom,
                        const char *suffix)
{
    g_autoptr(GArray) ordered = g_array_new(FALSE, TRUE, sizeof(virDomainBackupDiskDef));
    bool all = def->disks->len == 0;

    g_array_set_clear_func(ordered, virDomainBackupDiskClear);
    for (guint i = 0; i < def->disks->len; i++) {
        virDomainDiskDef *disk = virDomainDiskByName(dom, DISK(def, i).name);

        if (!disk) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "no disk named '%s' in domain '%s'", DISK(def, i).name, dom->name);
            return -1;
        }
        g_free(DISK(def, i).name);
        DISK(def, i).name = g_strdup(disk->dst);
        if (virDomainBackupFindDisk(def, disk->dst) != (int)i) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "disk '%s' is listed twice in the backup", disk->dst);
            return -1;
        }
    }
    /* One entry per domain disk, in the domain's order. */
    for (size_t d = 0; d < dom->ndisks; d++) {
        const virDomainDiskDef *disk = dom->disks[d];
        int i = virDomainBackupFindDisk(def, disk->dst);
        virDomainBackupDiskDef entry = { 0 };

        if (i >= 0) {
            entry = DISK(def, i);
            memset(&DISK(def, i), 0, sizeof(entry));
        } else {
            entry.name = g_strdup(disk->dst);
            entry.backup = all && disk->src->path &&
                           disk->device != VIR_DOMAIN_DISK_DEVICE_CDROM;
            entry.type = VIR_STORAGE_TYPE_FILE;
        }
        if (entry.backup && !disk->src->path) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "disk '%s' has no image to back up", disk->dst);
            virDomainBackupDiskClear(&entry);
            return -1;
        }
        if (entry.backup && !entry.target)
            entry.target = g_strdup_printf("%s.%s", disk->src->path, suffix);
        if (entry.backup && entry.format <= 0)
            entry.format = VIR_STORAGE_FILE_QCOW2;
        g_array_append_val(ordered, entry);
    }
    g_array_set_size(def->disks, 0);
    g_array_append_vals(def->disks, ordered->data, ordered->len);
    /* The entries moved: @ordered must not clear them. */
    g_array_set_clear_func(ordered, NULL);
    return 0;
}


char *
virDomainBackupDefFormat(const virDomainBackupDef *def)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virBufferAddLit(&buf, "<domainbackup mode='push'>\n");
    virBufferAdjustIndent(&buf, 2);
    virBufferAddLit(&buf, "<disks>\n");
    virBufferAdjustIndent(&buf, 2);
    for (guint i = 0; i < def->disks->len; i++) {
        const virDomainBackupDiskDef *disk = &DISK(def, i);

        virBufferEscapeString(&buf, "<disk name='%s'", disk->name);
        if (!disk->backup) {
            virBufferAddLit(&buf, " backup='no'/>\n");
            continue;
        }
        virBufferAsprintf(&buf, " backup='yes' type='%s' backupmode='full'>\n",
                          virStorageTypeToString(disk->type));
        virBufferAdjustIndent(&buf, 2);
        virBufferAsprintf(&buf, "<driver type='%s'/>\n",
                          virStorageFileFormatTypeToString(disk->format));
        virBufferEscapeString(&buf, disk->type == VIR_STORAGE_TYPE_BLOCK ?
                              "<target dev='%s'/>\n" : "<target file='%s'/>\n",
                              disk->target);
        virBufferAdjustIndent(&buf, -2);
        virBufferAddLit(&buf, "</disk>\n");
    }
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</disks>\n");
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</domainbackup>\n");
    return virBufferContentAndReset(&buf);
}
