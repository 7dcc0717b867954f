/*
 * volsnapshot_conf.c: volume snapshot XML parsing and formatting
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>

#include "volsnapshot_conf.h"
#include "util/virerror.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_ENUM_IMPL(virVolSnapshotType, VIR_VOL_SNAPSHOT_LAST, "internal", "external");


void
virStorageVolSnapshotDefFree(virStorageVolSnapshotDef *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->description);
    g_free(def->parentName);
    g_free(def->volume);
    g_free(def->overlayPath);
    g_free(def);
}


static int
virVolSnapshotParseType(virStorageVolSnapshotDef *def, const xmlNode *root)
{
    g_autofree char *type = virXMLChildContent(root, "type");

    if (!type)
        return 0;
    if ((def->type = virVolSnapshotTypeTypeFromString(g_strstrip(type))) < 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       "invalid type '%s' of volume snapshot '%s': internal or external",
                       type, def->name);
        return -1;
    }
    return 0;
}


/* The elements the driver records, read back from its metadata. */
static int
virVolSnapshotParseMetadata(virStorageVolSnapshotDef *def, const xmlNode *root)
{
    g_autofree char *ctime = virXMLChildContent(root, "creationTime");
    xmlNodePtr parent = virXMLChild(root, "parent");
    xmlNodePtr overlay = virXMLChild(root, "overlay");
    char *end = NULL;

    errno = 0;
    if (!ctime || (def->creationTime = g_ascii_strtoll(g_strstrip(ctime), &end, 10),
                   !*ctime || *end || errno)) {
        virReportError(VIR_ERR_XML_ERROR,
                       "missing or malformed creationTime of volume snapshot '%s'",
                       def->name);
        return -1;
    }
    if (parent && !(def->parentName = virXMLChildContent(parent, "name"))) {
        virReportError(VIR_ERR_XML_ERROR,
                       "parent of volume snapshot '%s' has no name", def->name);
        return -1;
    }
    if (!(def->volume = virXMLChildContent(root, "volume")) || !*def->volume) {
        virReportError(VIR_ERR_XML_ERROR,
                       "volume snapshot '%s' does not name its volume", def->name);
        return -1;
    }
    if (def->type == VIR_VOL_SNAPSHOT_EXTERNAL) {
        g_autofree char *fmt = NULL;
        xmlNodePtr fnode = overlay ? virXMLChild(overlay, "format") : NULL;

        def->overlayPath = overlay ? virXMLChildContent(overlay, "path") : NULL;
        if (!def->overlayPath || !g_path_is_absolute(def->overlayPath)) {
            virReportError(VIR_ERR_XML_ERROR,
                           "external volume snapshot '%s' needs an absolute overlay path",
                           def->name);
            return -1;
        }
        fmt = fnode ? virXMLPropString(fnode, "type") : NULL;
        def->overlayFormat = fmt ? virStorageFileFormatTypeFromString(fmt)
                                 : VIR_STORAGE_FILE_QCOW2;
        if (def->overlayFormat != VIR_STORAGE_FILE_RAW &&
            def->overlayFormat != VIR_STORAGE_FILE_QCOW2) {
            virReportError(VIR_ERR_XML_ERROR,
                           "unsupported overlay format '%s' of volume snapshot '%s'",
                           fmt, def->name);
            return -1;
        }
    }
    return 0;
}


virStorageVolSnapshotDef *
virStorageVolSnapshotDefParseString(const char *xml, unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(virStorageVolSnapshotDef) def = g_new0(virStorageVolSnapshotDef, 1);
    xmlNodePtr root;

    if (!(doc = virXMLParseStringFrom(VIR_FROM_STORAGE, xml, "(volume_snapshot)",
                                      "volsnapshot",
                                      (flags & VIR_VOL_SNAPSHOT_PARSE_VALIDATE) ?
                                      "volsnapshot" : NULL)))
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (!(def->name = virXMLChildContent(root, "name"))) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "a volume snapshot needs a <name>");
        return NULL;
    }
    if (virStorageVolNameValidate("volume snapshot", def->name) < 0 ||
        virVolSnapshotParseType(def, root) < 0)
        return NULL;
    def->description = virXMLChildContent(root, "description");
    if (flags & VIR_VOL_SNAPSHOT_PARSE_METADATA) {
        if (virVolSnapshotParseMetadata(def, root) < 0)
            return NULL;
    } else {
        def->creationTime = g_get_real_time() / G_USEC_PER_SEC;
    }
    return g_steal_pointer(&def);
}


char *
virStorageVolSnapshotDefFormat(const virStorageVolSnapshotDef *def, const char *parent)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virBufferAddLit(&buf, "<volsnapshot>\n");
    virBufferAdjustIndent(&buf, 2);
    virBufferEscapeString(&buf, "<name>%s</name>\n", def->name);
    virBufferEscapeString(&buf, "<description>%s</description>\n", def->description);
    virBufferAsprintf(&buf, "<type>%s</type>\n", virVolSnapshotTypeTypeToString(def->type));
    virBufferAsprintf(&buf, "<creationTime>%lld</creationTime>\n", def->creationTime);
    if (parent) {
        virBufferAddLit(&buf, "<parent>\n");
        virBufferEscapeString(&buf, "  <name>%s</name>\n", parent);
        virBufferAddLit(&buf, "</parent>\n");
    }
    virBufferEscapeString(&buf, "<volume>%s</volume>\n", def->volume);
    if (def->type == VIR_VOL_SNAPSHOT_EXTERNAL && def->overlayPath) {
        virBufferAddLit(&buf, "<overlay>\n");
        virBufferEscapeString(&buf, "  <path>%s</path>\n", def->overlayPath);
        virBufferAsprintf(&buf, "  <format type='%s'/>\n",
                          virStorageFileFormatTypeToString(def->overlayFormat));
        virBufferAddLit(&buf, "</overlay>\n");
    }
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</volsnapshot>\n");
    return virBufferContentAndReset(&buf);
}
