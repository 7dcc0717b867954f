/*
 * test_blockjob_ops.c: the test driver's block job entry points
 *
 * Each kind of job checks its arguments the way libvirt does, picks its
 * source data and destination, and starts the common machinery of
 * test_blockjob.c; testBlockJobFinish applies the kind's change to the
 * chain when the job completes or pivots:
 *
 *   commit         the image above top is rebased onto base
 *   active commit  on pivot, base becomes the active image
 *   pull           the active image is rebased onto base (or nothing)
 *   copy           on pivot, the copy becomes the active image
 *
 * Layers are named by path or as "vda[N]", N counting down from the
 * active image (0), the index='N' the live XML shows.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_blockjob.h"
#include "util/virerror.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_TEST

#define TEST_COMMIT_FLAGS (VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES * 2 - 1)
#define TEST_REBASE_FLAGS (VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES * 2 - 1)
#define TEST_COPY_FLAGS (VIR_DOMAIN_BLOCK_COPY_SYNCHRONOUS_WRITES * 2 - 1)

static const char *const testBlockJobTypeNames[] = {
    "unknown", "pull", "copy", "commit", "active commit", "backup",
};


const char *
testBlockJobTypeName(int type)
{
    if (type < 0 || type >= (int)G_N_ELEMENTS(testBlockJobTypeNames))
        return "unknown";
    return testBlockJobTypeNames[type];
}


/* ---- naming layers ---- */

/* The layer @name ("vda[N]" or a path) in the chain from @from down, or
 * NULL after reporting an error. */
static testImage *
testBlockJobLayer(testDriver *driver, const virDomainDiskDef *disk, testImage *from,
                  const char *name)
{
    testImage *active = testImagesLookup(driver->images, disk->src->path);
    size_t tlen = strlen(disk->dst);
    testImage *img = NULL;

    if (g_str_has_prefix(name, disk->dst) && name[tlen] == '[' &&
        g_str_has_suffix(name, "]")) {
        char *end;
        guint64 depth = g_ascii_strtoull(name + tlen + 1, &end, 10);

        img = active;
        if (!g_ascii_isdigit(name[tlen + 1]) || *end != ']')
            img = NULL;
        for (guint64 i = 0; img && i < depth; i++)
            img = img->backing;
        for (testImage *c = active; img && c != from; c = c->backing) {
            if (c == img)
                img = NULL;   /* above @from */
        }
    } else {
        for (img = from; img && STRNEQ(img->path, name); img = img->backing)
            ;
    }
    if (!img)
        virReportError(VIR_ERR_INVALID_ARG,
                       "could not find image '%s' beneath '%s' in chain for '%s'",
                       name, from ? from->path : "(none)", disk->dst);
    return img;
}


/* The common checks: the domain runs, the disk exists and is idle. */
static virDomainDiskDef *
testBlockJobBeginDisk(testDriver *driver, virDomainObj *obj, const char *name)
{
    virDomainDiskDef *disk = testBlockJobDisk(obj, name);

    if (disk && testBlockJobFind(driver, obj, disk->dst)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "disk '%s' already in active block job", disk->dst);
        return NULL;
    }
    return disk;
}


/* ---- commit ---- */

static testImage *
testBlockCommitBase(testDriver *driver, virDomainDiskDef *disk, testImage *top,
                    const char *base, unsigned int flags)
{
    testImage *img;

    if (flags & VIR_DOMAIN_BLOCK_COMMIT_SHALLOW) {
        if (base) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "a shallow commit of disk '%s' uses the image right below "
                           "top as its base: base '%s' must not be given",
                           disk->dst, base);
            return NULL;
        }
        return top->backing;
    }
    if (base)
        return testBlockJobLayer(driver, disk, top->backing, base);
    for (img = top; img->backing; img = img->backing)
        ;
    return img;
}


int
testDomainBlockCommit(virDomainPtr dom, const char *name, const char *base,
                      const char *top, unsigned long bandwidth, unsigned int flags)
{
    testDriver *driver;
    virDomainObj *obj;
    virDomainDiskDef *disk;
    testImage *active, *topImg, *baseImg;
    testBlockJob *job;
    guint64 bw;
    int ret = -1;

    virCheckFlags(TEST_COMMIT_FLAGS, -1);
    if (!(obj = testDomainBegin(dom, &driver)))
        return -1;
    if (!(disk = testBlockJobBeginDisk(driver, obj, name)) ||
        testBlockJobBandwidth(bandwidth, flags & VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES,
                              &bw) < 0)
        goto cleanup;
    active = testImagesLookup(driver->images, disk->src->path);
    if (!(topImg = top ? testBlockJobLayer(driver, disk, active, top) : active))
        goto cleanup;
    if (!topImg->backing) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "top '%s' in chain for '%s' has no backing file",
                       topImg->path, disk->dst);
        goto cleanup;
    }
    if (topImg == active && !(flags & VIR_DOMAIN_BLOCK_COMMIT_ACTIVE)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "commit of '%s' active layer requires active flag", disk->dst);
        goto cleanup;
    }
    if (topImg != active && (flags & VIR_DOMAIN_BLOCK_COMMIT_ACTIVE)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "active commit requested but '%s' is not active", topImg->path);
        goto cleanup;
    }
    if (!(baseImg = testBlockCommitBase(driver, disk, topImg, base, flags)))
        goto cleanup;

    job = testBlockJobNew(obj, disk, topImg == active ?
                          VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT :
                          VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT, flags, bw);
    job->top = topImg;
    job->base = job->dest = baseImg;
    job->pending = testImageChainData(topImg, baseImg);
    job->failAt = testBlockJobFailAt(topImg, baseImg, NULL);
    testBlockJobStart(driver, job);
    ret = 0;

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


/* ---- pull and copy ---- */

/* The destination image of a copy, made (or reset) unless reused. */
static testImage *
testBlockCopyDest(testDriver *driver, virDomainDiskDef *disk, const char *path,
                  int type, int format, unsigned int flags, bool *owned)
{
    testImage *active = testImagesLookup(driver->images, disk->src->path);
    testImage *dest = testImagesLookup(driver->images, path);
    bool shallow = flags & VIR_DOMAIN_BLOCK_COPY_SHALLOW;

    if (shallow && !(flags & VIR_DOMAIN_BLOCK_COPY_REUSE_EXT) &&
        format == VIR_STORAGE_FILE_RAW) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "shallow copy of disk '%s' into a raw file is not possible",
                       disk->dst);
        return NULL;
    }
    if ((flags & VIR_DOMAIN_BLOCK_COPY_REUSE_EXT) && !dest) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "missing destination file for disk '%s': '%s' (reuse was asked)",
                       disk->dst, path);
        return NULL;
    }
    if (dest && (dest->dependents->len || testBlockJobImageBusy(driver, dest))) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "copy destination '%s' is in use", path);
        return NULL;
    }
    *owned = !dest;
    if (!dest)
        dest = testImagesCreate(driver->images, path, type, format, NULL);
    if (!(flags & VIR_DOMAIN_BLOCK_COPY_REUSE_EXT)) {
        g_array_set_size(dest->data, 0);
        dest->format = format;
    }
    dest->capacity = active->capacity;
    testImagesSetBacking(dest, shallow ? active->backing : NULL);
    return dest;
}


static int
testBlockCopyStart(testDriver *driver, virDomainObj *obj, virDomainDiskDef *disk,
                   const char *path, int type, int format, guint64 bw,
                   unsigned int flags)
{
    testImage *active = testImagesLookup(driver->images, disk->src->path);
    testBlockJob *job;
    testImage *dest;
    bool owned = false;

    if (!active->backing)
        flags &= ~VIR_DOMAIN_BLOCK_COPY_SHALLOW;
    if (obj->persistent && !(flags & VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is not transient");
        return -1;
    }
    if (STREQ(path, active->path)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "disk '%s' cannot be copied onto itself", disk->dst);
        return -1;
    }
    if (!(dest = testBlockCopyDest(driver, disk, path, type, format, flags, &owned)))
        return -1;

    job = testBlockJobNew(obj, disk, VIR_DOMAIN_BLOCK_JOB_TYPE_COPY, flags, bw);
    job->top = active;
    job->dest = dest;
    job->destOwned = owned;
    job->pending = (flags & VIR_DOMAIN_BLOCK_COPY_SHALLOW) ?
                   testExtentsCopy(active->data) : testImageChainData(active, NULL);
    job->failAt = testBlockJobFailAt(active, (flags & VIR_DOMAIN_BLOCK_COPY_SHALLOW) ?
                                     active : NULL, dest);
    testBlockJobStart(driver, job);
    return 0;
}


static int
testBlockPullStart(testDriver *driver, virDomainObj *obj, virDomainDiskDef *disk,
                   const char *base, guint64 bw, unsigned int flags)
{
    testImage *active = testImagesLookup(driver->images, disk->src->path);
    testImage *baseImg = NULL;
    testBlockJob *job;

    if (base && !(baseImg = testBlockJobLayer(driver, disk, active->backing, base)))
        return -1;
    job = testBlockJobNew(obj, disk, VIR_DOMAIN_BLOCK_JOB_TYPE_PULL, flags, bw);
    job->top = job->dest = active;
    job->base = baseImg;
    job->pending = testImageChainData(active->backing, baseImg);
    testExtentsSubtract(job->pending, active->data);
    job->failAt = testBlockJobFailAt(active, baseImg, NULL);
    testBlockJobStart(driver, job);
    return 0;
}


int
testDomainBlockRebase(virDomainPtr dom, const char *name, const char *base,
                      unsigned long bandwidth, unsigned int flags)
{
    testDriver *driver;
    virDomainObj *obj;
    virDomainDiskDef *disk;
    guint64 bw;
    int ret = -1;

    virCheckFlags(TEST_REBASE_FLAGS, -1);
    if (!(obj = testDomainBegin(dom, &driver)))
        return -1;
    if ((disk = testBlockJobBeginDisk(driver, obj, name)) &&
        testBlockJobBandwidth(bandwidth, flags & VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES,
                              &bw) == 0) {
        if (!(flags & VIR_DOMAIN_BLOCK_REBASE_COPY)) {
            ret = testBlockPullStart(driver, obj, disk, base, bw, flags);
        } else {
            unsigned int copyFlags =
                ((flags & VIR_DOMAIN_BLOCK_REBASE_SHALLOW) ? VIR_DOMAIN_BLOCK_COPY_SHALLOW : 0) |
                ((flags & VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT) ? VIR_DOMAIN_BLOCK_COPY_REUSE_EXT : 0);
            int format = (flags & VIR_DOMAIN_BLOCK_REBASE_COPY_RAW) ?
                         VIR_STORAGE_FILE_RAW : disk->src->format;

            ret = testBlockCopyStart(driver, obj, disk, base,
                                     (flags & VIR_DOMAIN_BLOCK_REBASE_COPY_DEV) ?
                                     VIR_STORAGE_TYPE_BLOCK : VIR_STORAGE_TYPE_FILE,
                                     format, bw, copyFlags);
        }
    }
    testDriverUnlock(driver);
    return ret;
}


/* The destination <disk> of virDomainBlockCopy: type, path, format. */
static int
testBlockCopyParseDest(const char *xml, char **path, int *type, int *format)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *typeStr = NULL;
    g_autofree char *fmt = NULL;
    xmlNodePtr root, source, driverNode;

    if (!(doc = virXMLParseString(xml, "(destination disk)", "disk", NULL)))
        return -1;
    root = xmlDocGetRootElement(doc);
    typeStr = virXMLPropString(root, "type");
    *type = typeStr ? virStorageTypeFromString(typeStr) : VIR_STORAGE_TYPE_FILE;
    if (*type != VIR_STORAGE_TYPE_FILE && *type != VIR_STORAGE_TYPE_BLOCK) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unsupported disk type '%s' for a copy destination",
                       NULLSTR(typeStr));
        return -1;
    }
    source = virXMLChild(root, "source");
    *path = source ? virXMLPropString(source, *type == VIR_STORAGE_TYPE_BLOCK ?
                                      "dev" : "file") : NULL;
    if (!*path || **path != '/') {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "copy destination needs an absolute <source file='...'/> "
                       "(or dev= for type='block')");
        g_clear_pointer(path, g_free);
        return -1;
    }
    *format = VIR_STORAGE_FILE_RAW;
    if ((driverNode = virXMLChild(root, "driver")) &&
        (fmt = virXMLPropString(driverNode, "type")) &&
        (*format = virStorageFileFormatTypeFromString(fmt)) <= 0) {
        virReportError(VIR_ERR_XML_ERROR, "unknown disk format '%s'", fmt);
        g_clear_pointer(path, g_free);
        return -1;
    }
    return 0;
}


/* The typed parameters of virDomainBlockCopy. */
static int
testBlockCopyParams(virTypedParameterPtr params, int nparams, guint64 *bw)
{
    for (int i = 0; i < nparams; i++) {
        const virTypedParameter *p = &params[i];

        if (STREQ(p->field, VIR_DOMAIN_BLOCK_COPY_BANDWIDTH) &&
            p->type == VIR_TYPED_PARAM_ULLONG) {
            *bw = p->value.ul;
        } else if (STREQ(p->field, VIR_DOMAIN_BLOCK_COPY_GRANULARITY) &&
                   p->type == VIR_TYPED_PARAM_UINT) {
            if (p->value.ui < 512 || p->value.ui > (64U << 20) ||
                (p->value.ui & (p->value.ui - 1))) {
                virReportError(VIR_ERR_INVALID_ARG, "%s",
                               "granularity must be a power of 2 between 512 and 64 MiB");
                return -1;
            }
        } else if (STREQ(p->field, VIR_DOMAIN_BLOCK_COPY_BUF_SIZE) &&
                   p->type == VIR_TYPED_PARAM_ULLONG) {
            /* accepted; the simulation has no buffers */
        } else {
            virReportError(VIR_ERR_INVALID_ARG,
                           "parameter '%s' (type %d) not supported by virDomainBlockCopy",
                           p->field, p->type);
            return -1;
        }
    }
    return 0;
}


int
testDomainBlockCopy(virDomainPtr dom, const char *name, const char *destxml,
                    virTypedParameterPtr params, int nparams, unsigned int flags)
{
    testDriver *driver;
    virDomainObj *obj;
    virDomainDiskDef *disk;
    g_autofree char *path = NULL;
    int type, format;
    guint64 bw = 0;
    int ret = -1;

    virCheckFlags(TEST_COPY_FLAGS, -1);
    if (testBlockCopyParams(params, nparams, &bw) < 0 ||
        testBlockCopyParseDest(destxml, &path, &type, &format) < 0)
        return -1;
    if (!(obj = testDomainBegin(dom, &driver)))
        return -1;
    if ((disk = testBlockJobBeginDisk(driver, obj, name)))
        ret = testBlockCopyStart(driver, obj, disk, path, type, format, bw, flags);
    testDriverUnlock(driver);
    return ret;
}
