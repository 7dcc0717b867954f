/*
 * storage_conf.c: storage pool and volume XML parsing and formatting
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>

#include "storage_conf.h"
#include "util/virerror.h"
#include "util/viruuid.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE


void
virStoragePoolDefFree(virStoragePoolDef *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->path);
    g_free(def);
}


void
virStorageVolDefFree(virStorageVolDef *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->key);
    g_free(def->path);
    g_free(def->backingPath);
    g_free(def);
}


virStorageVolDef *
virStorageVolDefCopy(const virStorageVolDef *def)
{
    virStorageVolDef *copy = g_new0(virStorageVolDef, 1);

    *copy = *def;
    copy->name = g_strdup(def->name);
    copy->key = g_strdup(def->key);
    copy->path = g_strdup(def->path);
    copy->backingPath = g_strdup(def->backingPath);
    return copy;
}


int
virStorageVolNameValidate(const char *what, const char *name)
{
    if (!name || !*name || strchr(name, '/') || STREQ(name, ".") ||
        STREQ(name, "..") || name[0] == '.' || strlen(name) > VIR_NAME_MAX) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "invalid %s name '%s': it must name a file in the pool "
                       "(not empty, no '/', not starting with '.')",
                       what, name ? name : "");
        return -1;
    }
    return 0;
}


int
virStorageParseSize(const xmlNode *node, const char *what, unsigned long long *bytes)
{
    g_autofree char *text = NULL;
    g_autofree char *unit = NULL;
    unsigned long long scale = 1, val;
    char *end = NULL;

    *bytes = 0;
    if (!node)
        return 0;
    text = g_strstrip(virXMLNodeContent(node));
    unit = virXMLPropString(node, "unit");
    errno = 0;
    val = g_ascii_strtoull(text, &end, 10);
    if (!*text || *end || errno || text[0] == '-') {
        virReportError(VIR_ERR_XML_ERROR, "malformed %s size '%s'", what, text);
        return -1;
    }
    if (unit && virDomainUnitScale(unit, &scale) < 0)
        return -1;
    if (val > G_MAXUINT64 / scale) {
        virReportError(VIR_ERR_OVERFLOW, "%s size too large: %s", what, text);
        return -1;
    }
    *bytes = val * scale;
    return 0;
}


static xmlDocPtr
virStorageParseDoc(const char *xml, const char *what, const char *root,
                   const char *schema, bool validate)
{
    return virXMLParseStringFrom(VIR_FROM_STORAGE, xml, what, root,
                                 validate ? schema : NULL);
}


/* ---- pools ---- */

static int
virStoragePoolDefParseNode(virStoragePoolDef *def, const xmlNode *root)
{
    g_autofree char *type = virXMLPropString(root, "type");
    g_autofree char *uuid = virXMLChildContent(root, "uuid");
    xmlNodePtr target = virXMLChild(root, "target");

    if (!type || STRNEQ(type, "dir")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unsupported storage pool type '%s': only 'dir' is",
                       type ? type : "");
        return -1;
    }
    def->name = virXMLChildContent(root, "name");
    if (!def->name || !*def->name) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "missing pool source name element");
        return -1;
    }
    if (virDomainObjectNameValidate("pool", def->name) < 0)
        return -1;
    if (!uuid)
        virUUIDGenerate(def->uuid);
    else if (virUUIDParse(g_strstrip(uuid), def->uuid) < 0) {
        virReportError(VIR_ERR_XML_ERROR, "malformed uuid element '%s' of pool '%s'",
                       uuid, def->name);
        return -1;
    }
    if (!target || !(def->path = virXMLChildContent(target, "path")) ||
        !*g_strstrip(def->path)) {
        virReportError(VIR_ERR_XML_ERROR, "missing storage pool target path of pool '%s'",
                       def->name);
        return -1;
    }
    if (!g_path_is_absolute(def->path)) {
        virReportError(VIR_ERR_XML_ERROR,
                       "target path '%s' of pool '%s' must be absolute",
                       def->path, def->name);
        return -1;
    }
    return 0;
}


virStoragePoolDef *
virStoragePoolDefParseXML(const xmlNode *root)
{
    g_autoptr(virStoragePoolDef) def = g_new0(virStoragePoolDef, 1);
    g_autofree char *canon = NULL;

    if (virStoragePoolDefParseNode(def, root) < 0)
        return NULL;
    /* No trailing slash, no "//" or "/./": the path is compared as is. */
    canon = g_canonicalize_filename(def->path, "/");
    g_free(def->path);
    def->path = g_steal_pointer(&canon);
    return g_steal_pointer(&def);
}


virStoragePoolDef *
virStoragePoolDefParseString(const char *xml, bool validate)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virStorageParseDoc(xml, "(storage_pool_definition)", "pool",
                                   "storagepool", validate)))
        return NULL;
    return virStoragePoolDefParseXML(xmlDocGetRootElement(doc));
}


virStoragePoolDef *
virStoragePoolDefCopy(const virStoragePoolDef *def)
{
    virStoragePoolDef *copy = g_new0(virStoragePoolDef, 1);

    *copy = *def;
    copy->name = g_strdup(def->name);
    copy->path = g_strdup(def->path);
    return copy;
}


static void
virStorageFormatSize(virBuffer *buf, const char *elem, unsigned long long bytes)
{
    virBufferAsprintf(buf, "<%s unit='bytes'>%llu</%s>\n", elem, bytes, elem);
}


char *
virStoragePoolDefFormat(const virStoragePoolDef *def, GPtrArray *problems)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    char uuid[VIR_UUID_STRING_BUFLEN];

    virBufferAddLit(&buf, "<pool type='dir'>\n");
    virBufferAdjustIndent(&buf, 2);
    virBufferEscapeString(&buf, "<name>%s</name>\n", def->name);
    virBufferAsprintf(&buf, "<uuid>%s</uuid>\n", virUUIDFormat(def->uuid, uuid));
    virStorageFormatSize(&buf, "capacity", def->capacity);
    virStorageFormatSize(&buf, "allocation", def->allocation);
    virStorageFormatSize(&buf, "available", def->available);
    virBufferAddLit(&buf, "<source>\n");
    virBufferAddLit(&buf, "</source>\n");
    virBufferAddLit(&buf, "<target>\n");
    virBufferEscapeString(&buf, "  <path>%s</path>\n", def->path);
    virBufferAddLit(&buf, "</target>\n");
    if (problems && problems->len) {
        virBufferAddLit(&buf, "<drift>\n");
        for (size_t i = 0; i < problems->len; i++) {
            g_auto(GStrv) parts = g_strsplit(problems->pdata[i], "\t", 2);

            virBufferEscapeString(&buf, "  <problem volume='%s'>", parts[0]);
            virBufferEscape(&buf, parts[1] ? parts[1] : "");
            virBufferAddLit(&buf, "</problem>\n");
        }
        virBufferAddLit(&buf, "</drift>\n");
    }
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</pool>\n");
    return virBufferContentAndReset(&buf);
}


/* ---- volumes ---- */

/* <format type='qcow2'/> under @parent: raw or qcow2 only. */
static int
virStorageVolParseFormat(const xmlNode *parent, const char *what, int *format)
{
    xmlNodePtr node = parent ? virXMLChild(parent, "format") : NULL;
    g_autofree char *type = node ? virXMLPropString(node, "type") : NULL;

    *format = VIR_STORAGE_FILE_NONE;
    if (!type)
        return 0;
    *format = virStorageFileFormatTypeFromString(type);
    if (*format != VIR_STORAGE_FILE_RAW && *format != VIR_STORAGE_FILE_QCOW2) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unsupported %s format '%s': raw and qcow2 are", what, type);
        return -1;
    }
    return 0;
}


static int
virStorageVolDefParseNode(virStorageVolDef *def, const xmlNode *root)
{
    g_autofree char *type = virXMLPropString(root, "type");
    xmlNodePtr backing = virXMLChild(root, "backingStore");

    if (type && STRNEQ(type, "file")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unsupported volume type '%s': only 'file' is", type);
        return -1;
    }
    def->name = virXMLChildContent(root, "name");
    if (!def->name) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "missing volume name element");
        return -1;
    }
    if (virStorageVolNameValidate("volume", def->name) < 0 ||
        virStorageParseSize(virXMLChild(root, "capacity"), "capacity", &def->capacity) < 0 ||
        virStorageParseSize(virXMLChild(root, "allocation"), "allocation",
                            &def->allocation) < 0 ||
        virStorageVolParseFormat(virXMLChild(root, "target"), "volume", &def->format) < 0)
        return -1;
    if (backing) {
        def->backingPath = virXMLChildContent(backing, "path");
        if (!def->backingPath || !g_path_is_absolute(g_strstrip(def->backingPath))) {
            virReportError(VIR_ERR_XML_ERROR,
                           "backing store of volume '%s' needs an absolute path",
                           def->name);
            return -1;
        }
        if (virStorageVolParseFormat(backing, "backing store", &def->backingFormat) < 0)
            return -1;
    }
    if (def->format == VIR_STORAGE_FILE_NONE)
        def->format = backing ? VIR_STORAGE_FILE_QCOW2 : VIR_STORAGE_FILE_RAW;
    if (backing && def->format != VIR_STORAGE_FILE_QCOW2) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "volume '%s' has a backing store: its format must be qcow2",
                       def->name);
        return -1;
    }
    return 0;
}


virStorageVolDef *
virStorageVolDefParseXML(const xmlNode *root)
{
    g_autoptr(virStorageVolDef) def = g_new0(virStorageVolDef, 1);

    if (virStorageVolDefParseNode(def, root) < 0)
        return NULL;
    return g_steal_pointer(&def);
}


virStorageVolDef *
virStorageVolDefParseString(const char *xml, bool validate)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virStorageParseDoc(xml, "(storage_volume_definition)", "volume",
                                   "storagevol", validate)))
        return NULL;
    return virStorageVolDefParseXML(xmlDocGetRootElement(doc));
}


char *
virStorageVolDefFormat(const virStorageVolDef *def)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virBufferAddLit(&buf, "<volume type='file'>\n");
    virBufferAdjustIndent(&buf, 2);
    virBufferEscapeString(&buf, "<name>%s</name>\n", def->name);
    virBufferEscapeString(&buf, "<key>%s</key>\n", def->key);
    virStorageFormatSize(&buf, "capacity", def->capacity);
    virStorageFormatSize(&buf, "allocation", def->allocation);
    virBufferAddLit(&buf, "<target>\n");
    virBufferEscapeString(&buf, "  <path>%s</path>\n", def->path);
    virBufferAsprintf(&buf, "  <format type='%s'/>\n",
                      virStorageFileFormatTypeToString(def->format));
    virBufferAddLit(&buf, "</target>\n");
    if (def->backingPath) {
        virBufferAddLit(&buf, "<backingStore>\n");
        virBufferEscapeString(&buf, "  <path>%s</path>\n", def->backingPath);
        if (def->backingFormat != VIR_STORAGE_FILE_NONE)
            virBufferAsprintf(&buf, "  <format type='%s'/>\n",
                              virStorageFileFormatTypeToString(def->backingFormat));
        virBufferAddLit(&buf, "</backingStore>\n");
    }
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</volume>\n");
    return virBufferContentAndReset(&buf);
}
