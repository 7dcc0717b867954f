/*
 * test_blockjob.c: the life of a simulated block job
 *
 * Every job is one shape: a list of data still to move (fixed when the
 * job starts), a destination image, a byte count done and a total.  The
 * kinds differ only in where the data comes from and what happens to the
 * chain at the end (test_blockjob_ops.c).  Guest writes during a job keep
 * the invariants each kind promises: a mirror (copy, active commit)
 * writes through to its destination, a pull never overwrites newer guest
 * data, and a backup keeps copying the data as it was when it began.
 *
 * Jobs are driven by a timer per job whose opaque pointer is a ticket
 * holding a reference on the driver, so a tick that races with the end
 * of the job or of the host finds nothing to do and returns.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_blockjob.h"
#include "test_backup.h"
#include "util/virerror.h"
#include "util/virevent.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_TEST

VIR_LOG_INIT("test.test_blockjob");

typedef struct {
    testDriver *driver;         /* holds a reference */
    int jobId;
} testBlockJobTicket;


static void
testBlockJobFree(testBlockJob *job)
{
    if (!job)
        return;
    virDomainObjUnref(job->obj);
    g_free(job->target);
    if (job->pending)
        g_array_unref(job->pending);
    g_free(job);
}


testBlockJob *
testBlockJobFind(testDriver *driver, virDomainObj *obj, const char *target)
{
    for (guint i = 0; i < driver->jobs->len; i++) {
        testBlockJob *job = driver->jobs->pdata[i];

        if (job->obj == obj && STREQ(job->target, target))
            return job;
    }
    return NULL;
}


int
testBlockJobCheckNone(testDriver *driver, virDomainObj *obj)
{
    for (guint i = 0; i < driver->jobs->len; i++) {
        testBlockJob *job = driver->jobs->pdata[i];

        if (job->obj == obj) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "disk '%s' already in active block job", job->target);
            return -1;
        }
    }
    return 0;
}


static testBlockJob *
testBlockJobFindId(testDriver *driver, int id)
{
    for (guint i = 0; i < driver->jobs->len; i++) {
        testBlockJob *job = driver->jobs->pdata[i];

        if (job->id == id)
            return job;
    }
    return NULL;
}


/* The smallest injected failure point of the images from @top down to
 * @stop (inclusive, NULL: the whole chain) and of @dest. */
guint64
testBlockJobFailAt(testImage *top, testImage *stop, testImage *dest)
{
    guint64 at = dest ? dest->failAfter : 0;

    for (testImage *img = top; img; img = img->backing) {
        if (img->failAfter && (!at || img->failAfter < at))
            at = img->failAfter;
        if (img == stop)
            break;
    }
    return at;
}


int
testBlockJobBandwidth(unsigned long bandwidth, bool bytes, guint64 *out)
{
    if (!bytes && (guint64)bandwidth > G_MAXINT64 >> 20) {
        virReportError(VIR_ERR_OVERFLOW, "bandwidth must be less than %llu",
                       (unsigned long long)(G_MAXINT64 >> 20) + 1);
        return -1;
    }
    *out = bytes ? (guint64)bandwidth : (guint64)bandwidth << 20;
    return 0;
}


virDomainDiskDef *
testBlockJobDisk(virDomainObj *obj, const char *name)
{
    virDomainDiskDef *disk;

    if (!virDomainObjIsActive(obj)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
        return NULL;
    }
    if (!(disk = virDomainDiskByName(obj->def, name)) || !disk->src->path) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "disk '%s' not found in domain '%s'", name, obj->def->name);
        return NULL;
    }
    return disk;
}


testBlockJob *
testBlockJobNew(virDomainObj *obj, const virDomainDiskDef *disk, int type,
                unsigned int flags, guint64 bandwidth)
{
    testBlockJob *job = g_new0(testBlockJob, 1);

    job->obj = virDomainObjRef(obj);
    job->target = g_strdup(disk->dst);
    job->type = type;
    job->flags = flags;
    job->bandwidth = bandwidth;
    return job;
}


static void
testBlockJobRefreshDef(virDomainDef **def, const char *target, testImage *active,
                       const char *oldPath)
{
    virDomainDiskDef *disk;
    virDomainDef *copy;
    int idx;

    if (!*def || (idx = virDomainDiskIndexByName(*def, target)) < 0)
        return;
    disk = (*def)->disks[idx];
    if (oldPath && STRNEQ_NULLABLE(disk->src->path, oldPath))
        return;   /* the persistent disk was changed meanwhile: leave it */
    copy = virDomainDefCopy(*def);
    virStorageSourceFreeChain(copy->disks[idx]->src);
    copy->disks[idx]->src = testImagesChain(active);
    virDomainDefUnref(*def);
    *def = copy;
}


void
testBlockJobRefreshDisk(virDomainObj *obj, const char *target, testImage *active)
{
    virDomainDiskDef *disk = virDomainDiskByName(obj->def, target);
    g_autofree char *oldPath = g_strdup(disk ? disk->src->path : NULL);

    testBlockJobRefreshDef(&obj->def, target, active, NULL);
    testBlockJobRefreshDef(&obj->newDef, target, active, oldPath);
}


void
testBlockJobEmit(testDriver *driver, testBlockJob *job, int status)
{
    virDomainDiskDef *disk = virDomainDiskByName(job->obj->def, job->target);

    if (job->type == VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP)
        return;   /* a backup reports once, as a domain job */
    virDomainEventStateQueue(driver->events,
        virDomainEventBlockJobNew(job->obj->def->name, job->obj->def->uuid,
                                  job->obj->id, disk ? disk->src->path : NULL,
                                  job->target, job->type, status));
}


/* Takes @job out of the host and frees it. */
static void
testBlockJobForget(testDriver *driver, testBlockJob *job)
{
    int timer = job->timer;

    job->timer = 0;
    if (timer > 0)
        virEventRemoveTimeout(timer);
    g_ptr_array_remove(driver->jobs, job);
    testBlockJobFree(job);
}


static void
testBlockJobDropDest(testDriver *driver, testBlockJob *job)
{
    if (job->destOwned && job->dest && job->dest->dependents->len == 0)
        testImagesRemove(driver->images, job->dest);
    job->dest = NULL;
}


void
testBlockJobEnd(testDriver *driver, testBlockJob *job, int status)
{
    /* The chain never changed, so the disk is as it was; only a
     * destination the job made for itself goes, unless it is a finished
     * copy (an aborted READY mirror is a point-in-time copy). */
    if (!(job->type == VIR_DOMAIN_BLOCK_JOB_TYPE_COPY && job->ready))
        testBlockJobDropDest(driver, job);
    if (job->backup)
        testBackupJobEnded(driver, job, status);
    testBlockJobEmit(driver, job, status);
    testBlockJobForget(driver, job);
}


void
testBlockJobComplete(testDriver *driver, testBlockJob *job)
{
    testBlockJobFinish(driver, job);
    if (job->backup)
        testBackupJobEnded(driver, job, VIR_DOMAIN_BLOCK_JOB_COMPLETED);
    testBlockJobEmit(driver, job, VIR_DOMAIN_BLOCK_JOB_COMPLETED);
    testBlockJobForget(driver, job);
}


/* One slice of work; may end the job (then @job is gone). */
static void
testBlockJobStep(testDriver *driver, testBlockJob *job)
{
    guint64 budget = 0;
    bool failing = false;

    if (job->ready)
        return;
    if (job->bandwidth)
        budget = MAX(job->bandwidth * TEST_BLOCKJOB_TICK_MS / 1000, 1);
    if (job->failAt && job->failAt >= job->done &&
        (budget == 0 || job->failAt - job->done <= budget) &&
        job->failAt - job->done < testExtentsBytes(job->pending)) {
        budget = job->failAt - job->done;
        failing = true;
    }
    if (!failing || budget)
        job->done += testExtentsMove(job->pending, job->dest->data, budget);
    if (failing) {
        VIR_WARN("injected failure of %s job on disk '%s' after %llu bytes",
                 testBlockJobTypeName(job->type), job->target,
                 (unsigned long long)job->done);
        testBlockJobEnd(driver, job, VIR_DOMAIN_BLOCK_JOB_FAILED);
        return;
    }
    if (job->pending->len)
        return;
    if (job->type == VIR_DOMAIN_BLOCK_JOB_TYPE_COPY ||
        job->type == VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT) {
        job->ready = true;
        testBlockJobEmit(driver, job, VIR_DOMAIN_BLOCK_JOB_READY);
        return;
    }
    testBlockJobComplete(driver, job);
}


static void
testBlockJobTick(int timer G_GNUC_UNUSED, void *opaque)
{
    testBlockJobTicket *ticket = opaque;
    testDriver *driver = ticket->driver;
    testBlockJob *job;

    g_mutex_lock(&driver->lock);
    if (!driver->closed && (job = testBlockJobFindId(driver, ticket->jobId)))
        testBlockJobStep(driver, job);
    g_mutex_unlock(&driver->lock);
}


static void
testBlockJobTicketFree(void *opaque)
{
    testBlockJobTicket *ticket = opaque;

    testDriverUnref(ticket->driver);
    g_free(ticket);
}


void
testBlockJobStart(testDriver *driver, testBlockJob *job)
{
    testBlockJobTicket *ticket;
    int id = job->id = ++driver->lastJobId;

    job->total = testExtentsBytes(job->pending);
    g_ptr_array_add(driver->jobs, job);

    if (!virEventIsRegistered()) {
        /* Nobody could watch it move: run it through now. */
        guint64 bandwidth = job->bandwidth;

        job->bandwidth = 0;
        testBlockJobStep(driver, job);
        if ((job = testBlockJobFindId(driver, id)))
            job->bandwidth = bandwidth;
        return;
    }
    ticket = g_new0(testBlockJobTicket, 1);
    ticket->driver = testDriverRef(driver);
    ticket->jobId = id;
    job->timer = virEventAddTimeout(TEST_BLOCKJOB_TICK_MS, testBlockJobTick,
                                    ticket, testBlockJobTicketFree);
    if (job->timer < 0) {
        job->timer = 0;
        testBlockJobTicketFree(ticket);
    }
}


void
testBlockJobsDomainStopped(testDriver *driver, virDomainObj *obj)
{
    for (guint i = driver->jobs->len; i > 0; i--) {
        testBlockJob *job = driver->jobs->pdata[i - 1];

        if (job->obj == obj)
            testBlockJobEnd(driver, job, VIR_DOMAIN_BLOCK_JOB_FAILED);
    }
}


void
testBlockJobsShutdown(testDriver *driver)
{
    while (driver->jobs->len)
        testBlockJobForget(driver, driver->jobs->pdata[driver->jobs->len - 1]);
}


void
testBlockJobsGuestWrite(testDriver *driver, virDomainObj *obj, const char *target,
                        guint64 start, guint64 len, guint8 pattern)
{
    virDomainDiskDef *disk = virDomainDiskByName(obj->def, target);
    testImage *active = testImagesLookup(driver->images, disk->src->path);
    testBlockJob *job = testBlockJobFind(driver, obj, target);

    testExtentsWrite(active->data, start, len, pattern);
    if (!job)
        return;
    switch ((virDomainBlockJobType)job->type) {
    case VIR_DOMAIN_BLOCK_JOB_TYPE_COPY:
    case VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT:
        /* Written through to the mirror; no need to copy it later. */
        testExtentsWrite(job->dest->data, start, len, pattern);
        job->done += testExtentsPunch(job->pending, start, len);
        break;
    case VIR_DOMAIN_BLOCK_JOB_TYPE_PULL:
        /* The guest's data wins over what the pull would bring up. */
        job->done += testExtentsPunch(job->pending, start, len);
        break;
    case VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT:
    case VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP:
    case VIR_DOMAIN_BLOCK_JOB_TYPE_UNKNOWN:
        /* A backup copies what the disk held when it began. */
        break;
    }
}
