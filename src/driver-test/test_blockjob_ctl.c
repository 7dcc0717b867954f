/*
 * test_blockjob_ctl.c: watching and steering the test driver's block
 * jobs (info, speed, abort and pivot) and the end of each kind of job
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_blockjob.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_TEST


bool
testBlockJobImageBusy(testDriver *driver, const testImage *img)
{
    for (size_t d = 0; d < virDomainObjListSize(driver->domains); d++) {
        virDomainObj *obj = virDomainObjListGet(driver->domains, d);

        if (testDefMentions(obj->def, img->path) || testDefMentions(obj->newDef, img->path))
            return true;
    }
    for (guint i = 0; i < driver->jobs->len; i++) {
        testBlockJob *job = driver->jobs->pdata[i];

        if (job->dest == img)
            return true;
    }
    return false;
}


/* @path relative to the directory of @from, when it is beside or below
 * it; the absolute path otherwise. */
static char *
testRelativeName(const char *from, const char *path)
{
    g_autofree char *dir = g_path_get_dirname(from);
    size_t n = strlen(dir);

    if (STREQ(dir, "/"))
        return g_strdup(path + 1);
    if (strncmp(path, dir, n) == 0 && path[n] == '/')
        return g_strdup(path + n + 1);
    return g_strdup(path);
}


/* DELETE: drops the images from @top down to @stop (exclusive) that
 * nothing uses any more. */
static void
testBlockJobDeleteLayers(testDriver *driver, testImage *top, testImage *stop)
{
    while (top && top != stop) {
        testImage *below = top->backing;

        if (top->dependents->len || testBlockJobImageBusy(driver, top))
            return;
        testImagesRemove(driver->images, top);
        top = below;
    }
}


void
testBlockJobFinish(testDriver *driver, testBlockJob *job)
{
    virDomainDiskDef *disk = virDomainDiskByName(job->obj->def, job->target);
    testImage *active = testImagesLookup(driver->images, disk->src->path);
    testImage *above;

    switch ((virDomainBlockJobType)job->type) {
    case VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT:
        for (above = active; above->backing != job->top; above = above->backing)
            ;
        testImagesSetBacking(above, job->base);
        if (job->flags & VIR_DOMAIN_BLOCK_COMMIT_RELATIVE)
            above->backingName = testRelativeName(above->path, job->base->path);
        testBlockJobRefreshDisk(job->obj, job->target, active);
        if (job->flags & VIR_DOMAIN_BLOCK_COMMIT_DELETE)
            testBlockJobDeleteLayers(driver, job->top, job->base);
        break;
    case VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT:
        testBlockJobRefreshDisk(job->obj, job->target, job->base);
        if (job->flags & VIR_DOMAIN_BLOCK_COMMIT_DELETE)
            testBlockJobDeleteLayers(driver, job->top, job->base);
        break;
    case VIR_DOMAIN_BLOCK_JOB_TYPE_PULL:
        testImagesSetBacking(active, job->base);
        if (job->base && (job->flags & VIR_DOMAIN_BLOCK_REBASE_RELATIVE))
            active->backingName = testRelativeName(active->path, job->base->path);
        testBlockJobRefreshDisk(job->obj, job->target, active);
        break;
    case VIR_DOMAIN_BLOCK_JOB_TYPE_COPY:
        testBlockJobRefreshDisk(job->obj, job->target, job->dest);
        break;
    case VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP:
    case VIR_DOMAIN_BLOCK_JOB_TYPE_UNKNOWN:
        break;
    }
}


/* The job on the disk @name of @dom, with the driver locked; NULL (and
 * unlocked) on error.  *job is NULL when the disk has none. */
static virDomainObj *
testBlockJobBegin(virDomainPtr dom, const char *name, testDriver **driver,
                  testBlockJob **job)
{
    virDomainObj *obj;
    virDomainDiskDef *disk;

    if (!(obj = testDomainBegin(dom, driver)))
        return NULL;
    if (!(disk = testBlockJobDisk(obj, name))) {
        testDriverUnlock(*driver);
        return NULL;
    }
    *job = testBlockJobFind(*driver, obj, disk->dst);
    return obj;
}


int
testDomainGetBlockJobInfo(virDomainPtr dom, const char *name,
                          virDomainBlockJobInfoPtr info, unsigned int flags)
{
    testDriver *driver;
    testBlockJob *job;

    virCheckFlags(VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES, -1);
    if (!testBlockJobBegin(dom, name, &driver, &job))
        return -1;
    if (job) {
        info->type = job->type;
        info->bandwidth = (flags & VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES) ?
                          job->bandwidth : job->bandwidth >> 20;
        info->cur = job->done;
        info->end = job->total;
    }
    testDriverUnlock(driver);
    return job ? 1 : 0;
}


int
testDomainBlockJobSetSpeed(virDomainPtr dom, const char *name,
                           unsigned long bandwidth, unsigned int flags)
{
    testDriver *driver;
    testBlockJob *job;
    guint64 bw;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES, -1);
    if (!testBlockJobBegin(dom, name, &driver, &job))
        return -1;
    if (!job) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "disk %s does not have an active block job", name);
    } else if (testBlockJobBandwidth(bandwidth,
                                     flags & VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES,
                                     &bw) == 0) {
        job->bandwidth = bw;
        ret = 0;
    }
    testDriverUnlock(driver);
    return ret;
}


static int
testBlockJobPivot(testDriver *driver, testBlockJob *job)
{
    if (job->type != VIR_DOMAIN_BLOCK_JOB_TYPE_COPY &&
        job->type != VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "pivot of disk '%s' requires an active copy job", job->target);
        return -1;
    }
    if (!job->ready) {
        virReportError(VIR_ERR_BLOCK_COPY_ACTIVE,
                       "disk '%s' not ready for pivot yet", job->target);
        return -1;
    }
    testBlockJobComplete(driver, job);
    return 0;
}


int
testDomainBlockJobAbort(virDomainPtr dom, const char *name, unsigned int flags)
{
    testDriver *driver;
    testBlockJob *job;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC | VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT, -1);
    if (!testBlockJobBegin(dom, name, &driver, &job))
        return -1;
    if (!job) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "disk %s does not have an active block job", name);
    } else if (job->backup) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "disk '%s' is being backed up: the backup is one domain job",
                       job->target);
    } else if (flags & VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT) {
        ret = testBlockJobPivot(driver, job);
    } else {
        /* The simulation stops at once, so ASYNC changes nothing. */
        testBlockJobEnd(driver, job, VIR_DOMAIN_BLOCK_JOB_CANCELED);
        ret = 0;
    }
    testDriverUnlock(driver);
    return ret;
}
