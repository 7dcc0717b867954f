/*
 * node_conf.c: parse the test driver's fixture format
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>

#include "node_conf.h"
#include "util/virerror.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_TEST


static void
virNodeDomainDefFree(gpointer data)
{
    virNodeDomainDef *dom = data;

    virDomainDefUnref(dom->def);
    g_ptr_array_unref(dom->snapshots);
    g_ptr_array_unref(dom->images);
    g_free(dom);
}


static void
virNodePoolDefFree(gpointer data)
{
    virNodePoolDef *pool = data;

    virStoragePoolDefFree(pool->def);
    g_ptr_array_unref(pool->volumes);
    g_free(pool);
}


void
virNodeDefFree(virNodeDef *def)
{
    if (!def)
        return;
    g_ptr_array_unref(def->domains);
    g_ptr_array_unref(def->pools);
    g_free(def);
}


static bool
virNodeIsTestElement(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns &&
           STREQ((const char *)node->ns->href, VIR_TEST_NAMESPACE_HREF) &&
           STREQ((const char *)node->name, name);
}


static int
virNodeParseUInt(const xmlNode *parent, const char *name, unsigned long long max,
                 unsigned long long *out)
{
    g_autofree char *text = virXMLChildContent(parent, name);
    char *end;

    if (!text)
        return 0;
    errno = 0;
    *out = g_ascii_strtoull(g_strstrip(text), &end, 10);
    /* strtoull would take "-1" as its maximum value: digits only. */
    if (errno || *end || !g_ascii_isdigit(*text) || *out > max) {
        virReportError(VIR_ERR_XML_ERROR,
                       "invalid value '%s' of node element <%s>", text, name);
        return -1;
    }
    return 0;
}


/* Host CPU and memory; defaults are those of test:///default. */
static int
virNodeParseHost(virNodeDef *def, const xmlNode *root)
{
    xmlNodePtr cpu = virXMLChild(root, "cpu");
    /* Topology bounds keep the product of the four within 2^32. */
    struct { const char *name; unsigned int *field; unsigned int max; } fields[] = {
        { "nodes", &def->nodes, 256 }, { "sockets", &def->sockets, 256 },
        { "cores", &def->cores, 256 }, { "threads", &def->threads, 256 },
        { "mhz", &def->mhz, 1000000 },
    };
    g_autofree char *model = NULL;
    unsigned long long v;

    g_strlcpy(def->model, "i686", sizeof(def->model));
    def->memory = 3145728;
    def->nodes = def->sockets = def->cores = def->threads = 2;
    def->mhz = 1400;

    for (size_t i = 0; cpu && i < G_N_ELEMENTS(fields); i++) {
        v = 0;
        if (virNodeParseUInt(cpu, fields[i].name, fields[i].max, &v) < 0)
            return -1;
        if (v)
            *fields[i].field = v;
    }
    if (cpu && (model = virXMLChildContent(cpu, "model")))
        g_strlcpy(def->model, g_strstrip(model), sizeof(def->model));
    def->cpus = def->nodes * def->sockets * def->cores * def->threads;
    v = 0;
    if (cpu && virNodeParseUInt(cpu, "active", def->cpus, &v) < 0)
        return -1;
    if (v)
        def->cpus = v;
    v = 0;
    if (virNodeParseUInt(root, "memory", G_MAXULONG, &v) < 0)
        return -1;
    if (v)
        def->memory = v;
    return 0;
}


static void
virNodeImageDefFree(virNodeImageDef *img)
{
    g_free(img->path);
    g_array_unref(img->data);
    g_free(img);
}


/* An unsigned attribute (decimal, or hex with 0x) no larger than @max;
 * @def when absent. */
static int
virNodeParseULLProp(xmlNodePtr node, const char *name, guint64 max,
                    guint64 def, guint64 *out)
{
    g_autofree char *text = virXMLPropString(node, name);
    char *end;

    *out = def;
    if (!text)
        return 0;
    errno = 0;
    *out = g_ascii_strtoull(text, &end, 0);
    if (errno || *end || !g_ascii_isdigit(*text) || *out > max) {
        virReportError(VIR_ERR_XML_ERROR, "invalid %s='%s' in <test:%s>",
                       name, text, (const char *)node->name);
        return -1;
    }
    return 0;
}


/* <test:image path= capacity= failafter=> with <test:data> runs. */
static virNodeImageDef *
virNodeParseImage(xmlNodePtr node)
{
    virNodeImageDef *img = g_new0(virNodeImageDef, 1);
    guint64 v;

    img->data = g_array_new(FALSE, FALSE, sizeof(virNodeImageData));
    if (!(img->path = virXMLPropString(node, "path")) || *img->path != '/') {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "<test:image> needs an absolute path='...'");
        goto error;
    }
    if (virNodeParseULLProp(node, "capacity", G_MAXINT64, 0, &img->capacity) < 0 ||
        virNodeParseULLProp(node, "failafter", G_MAXINT64, 0, &img->failAfter) < 0)
        goto error;
    for (xmlNodePtr c = node->children; c; c = c->next) {
        virNodeImageData d;

        if (!virNodeIsTestElement(c, "data"))
            continue;
        if (virNodeParseULLProp(c, "start", G_MAXINT64, 0, &d.start) < 0 ||
            virNodeParseULLProp(c, "length", G_MAXINT64, 0, &d.len) < 0 ||
            virNodeParseULLProp(c, "pattern", 255, 0, &v) < 0)
            goto error;
        d.pattern = v;
        if (d.len == 0 || (img->capacity && d.start + d.len > img->capacity)) {
            virReportError(VIR_ERR_XML_ERROR,
                           "<test:data> of image '%s' is empty or beyond its capacity",
                           img->path);
            goto error;
        }
        g_array_append_val(img->data, d);
    }
    return img;

 error:
    virNodeImageDefFree(img);
    return NULL;
}


/* The extras of one fixture domain: run state, flags and snapshots. */
static int
virNodeParseDomainExtras(virNodeDomainDef *dom, const xmlNode *node)
{
    bool sawActive = false;

    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (virNodeIsTestElement(c, "runstate")) {
            g_autofree char *text = g_strstrip(virXMLNodeContent(c));
            char *end;
            long long v = g_ascii_strtoll(text, &end, 10);

            if (!*text || *end || v < VIR_DOMAIN_NOSTATE || v > VIR_DOMAIN_PMSUSPENDED) {
                virReportError(VIR_ERR_XML_ERROR,
                               "invalid runstate '%s' for domain '%s'",
                               text, dom->def->name);
                return -1;
            }
            dom->runstate = v;
        } else if (virNodeIsTestElement(c, "transient")) {
            dom->transient = true;
        } else if (virNodeIsTestElement(c, "hasmanagedsave")) {
            dom->hasManagedSave = true;
        } else if (virNodeIsTestElement(c, "domainsnapshot")) {
            virDomainSnapshotDef *snap;

            if (!(snap = virDomainSnapshotDefParseNode(c, VIR_SNAPSHOT_PARSE_REDEFINE |
                                                          VIR_SNAPSHOT_PARSE_INTERNAL)))
                return -1;
            g_ptr_array_add(dom->snapshots, snap);
            if (snap->current && sawActive) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "more than one snapshot of domain '%s' claims to be active",
                               dom->def->name);
                return -1;
            }
            sawActive |= snap->current;
        } else if (virNodeIsTestElement(c, "image")) {
            virNodeImageDef *img = virNodeParseImage(c);

            if (!img)
                return -1;
            g_ptr_array_add(dom->images, img);
        }
    }
    if (dom->transient && dom->runstate == VIR_DOMAIN_SHUTOFF) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "transient domain '%s' cannot be shut off", dom->def->name);
        return -1;
    }
    if (dom->hasManagedSave && dom->runstate != VIR_DOMAIN_SHUTOFF) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "domain '%s' with a managed save image must be shut off",
                       dom->def->name);
        return -1;
    }
    return 0;
}


/* Follows file= to the real element: the referenced document's root
 * replaces the stub.  Returns the element to parse (in *doc if loaded). */
static xmlNodePtr
virNodeResolveFile(xmlNodePtr node, const char *basedir, xmlDocPtr *doc)
{
    g_autofree char *file = virXMLPropString(node, "file");
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GError) gerr = NULL;

    if (!file)
        return node;
    if (!basedir) {
        virReportError(VIR_ERR_XML_ERROR,
                       "<%s file='%s'/> needs a fixture file to be relative to",
                       (const char *)node->name, file);
        return NULL;
    }
    path = g_path_is_absolute(file) ? g_strdup(file) : g_build_filename(basedir, file, NULL);
    if (!g_file_get_contents(path, &xml, NULL, &gerr)) {
        virReportError(VIR_ERR_OPEN_FAILED, "%s: %s", path, gerr->message);
        return NULL;
    }
    if (!(*doc = virXMLParseString(xml, path, (const char *)node->name, NULL)))
        return NULL;
    return xmlDocGetRootElement(*doc);
}


static int
virNodeParseDomain(virNodeDef *def, xmlNodePtr node, const char *basedir)
{
    g_autoptr(xmlDoc) doc = NULL;
    virNodeDomainDef *dom;

    if (!(node = virNodeResolveFile(node, basedir, &doc)))
        return -1;
    dom = g_new0(virNodeDomainDef, 1);
    dom->runstate = VIR_DOMAIN_RUNNING;
    dom->snapshots = g_ptr_array_new_with_free_func((GDestroyNotify)virDomainSnapshotDefFree);
    dom->images = g_ptr_array_new_with_free_func((GDestroyNotify)virNodeImageDefFree);
    g_ptr_array_add(def->domains, dom);
    if (!(dom->def = virDomainDefParseNode(node)))
        return -1;
    return virNodeParseDomainExtras(dom, node);
}


/* A <pool> and the <volume>s in it (for a file= pool, those in the file,
 * as libvirt's test driver reads them). */
static int
virNodeParsePool(virNodeDef *def, xmlNodePtr node, const char *basedir)
{
    g_autoptr(xmlDoc) doc = NULL;
    virNodePoolDef *pool;

    if (!(node = virNodeResolveFile(node, basedir, &doc)))
        return -1;
    pool = g_new0(virNodePoolDef, 1);
    pool->volumes = g_ptr_array_new_with_free_func((GDestroyNotify)virStorageVolDefFree);
    g_ptr_array_add(def->pools, pool);
    if (!(pool->def = virStoragePoolDefParseXML(node)))
        return -1;
    for (size_t i = 0; i + 1 < def->pools->len; i++) {
        virNodePoolDef *other = def->pools->pdata[i];

        if (STREQ(other->def->name, pool->def->name) ||
            memcmp(other->def->uuid, pool->def->uuid, VIR_UUID_BUFLEN) == 0) {
            virReportError(VIR_ERR_XML_ERROR,
                           "pool '%s' is declared twice (same name or UUID)",
                           pool->def->name);
            return -1;
        }
    }
    for (xmlNodePtr c = virXMLFirstElement(node); c; c = virXMLNextElement(c)) {
        g_autoptr(xmlDoc) voldoc = NULL;
        xmlNodePtr volnode;
        virStorageVolDef *vol;

        if (!virXMLNodeNameEqual(c, "volume"))
            continue;
        if (!(volnode = virNodeResolveFile(c, basedir, &voldoc)) ||
            !(vol = virStorageVolDefParseXML(volnode)))
            return -1;
        g_ptr_array_add(pool->volumes, vol);
    }
    return 0;
}


virNodeDef *
virNodeDefParseString(const char *xml, const char *basedir)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(virNodeDef) def = g_new0(virNodeDef, 1);
    xmlNodePtr root;

    def->domains = g_ptr_array_new_with_free_func(virNodeDomainDefFree);
    def->pools = g_ptr_array_new_with_free_func(virNodePoolDefFree);
    if (!(doc = virXMLParseString(xml, "(test driver)", NULL, NULL)))
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (!virXMLNodeNameEqual(root, "node")) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "Root element is not 'node'");
        return NULL;
    }
    if (virNodeParseHost(def, root) < 0)
        return NULL;
    for (xmlNodePtr c = virXMLFirstElement(root); c; c = virXMLNextElement(c)) {
        if (virXMLNodeNameEqual(c, "domain") && virNodeParseDomain(def, c, basedir) < 0)
            return NULL;
        if (virXMLNodeNameEqual(c, "pool") && virNodeParsePool(def, c, basedir) < 0)
            return NULL;
    }
    return g_steal_pointer(&def);
}


virNodeDef *
virNodeDefParseFile(const char *path)
{
    g_autofree char *xml = NULL;
    g_autofree char *dir = NULL;
    g_autoptr(GError) gerr = NULL;

    if (!g_file_get_contents(path, &xml, NULL, &gerr)) {
        /* libvirt's test driver says just this when it cannot read it. */
        virReportError(VIR_ERR_XML_ERROR, "failed to parse xml document '%s'", path);
        return NULL;
    }
    dir = g_path_get_dirname(path);
    return virNodeDefParseString(xml, dir);
}
