/*
 * test_blockjob.h: simulated block jobs of the test driver
 *
 * A job moves simulated data (test_extents.h) from source layers into a
 * destination image, a slice per tick of a timer on the event loop: a
 * slice is bandwidth x TEST_BLOCKJOB_TICK_MS, or everything when the
 * bandwidth is unlimited.  Without an event loop a job runs to its end
 * (or to READY) inside the call that starts it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "test_private.h"

#define TEST_BLOCKJOB_TICK_MS 50

typedef struct _testBlockJob testBlockJob;
struct _testBlockJob {
    int id;
    virDomainObj *obj;          /* holds a reference */
    char *target;               /* the disk, "vda" */
    int type;                   /* virDomainBlockJobType */
    unsigned int flags;         /* the API call's flags */
    testImage *top;             /* commit: top; otherwise the active image */
    testImage *base;            /* commit: target; pull: new backing (NULL: none) */
    testImage *dest;            /* where the data goes */
    bool destOwned;             /* made by the job: dropped if it does not finish */
    GArray *pending;            /* testExtent still to move */
    guint64 done, total;        /* bytes */
    guint64 bandwidth;          /* bytes/s, 0 = unlimited */
    guint64 failAt;             /* injected failure after this many bytes, 0 = none */
    bool ready;                 /* two-phase job waiting for pivot or abort */
    int timer;                  /* 0: none */
    void *backup;               /* BACKUP jobs: the testBackup they belong to */
};

/* The job of @obj's disk @target, or NULL. */
testBlockJob *testBlockJobFind(testDriver *driver, virDomainObj *obj, const char *target);
/* Fails (VIR_ERR_OPERATION_INVALID) if any disk of @obj has a job. */
int testBlockJobCheckNone(testDriver *driver, virDomainObj *obj);

/* Starts @job (taking it over): registers it and its timer.  The job's
 * source data, totals and destination must be set. */
void testBlockJobStart(testDriver *driver, testBlockJob *job);
/* A new job of @type on @disk of @obj, not yet started. */
testBlockJob *testBlockJobNew(virDomainObj *obj, const virDomainDiskDef *disk,
                              int type, unsigned int flags, guint64 bandwidth);
/* Ends @job: CANCELED or FAILED, with the rollback that implies. */
void testBlockJobEnd(testDriver *driver, testBlockJob *job, int status);
/* Ends @job successfully: the kind's chain change, then COMPLETED. */
void testBlockJobComplete(testDriver *driver, testBlockJob *job);
/* Ends every job of @obj (the domain stopped). */
void testBlockJobsDomainStopped(testDriver *driver, virDomainObj *obj);
/* Stops every job of the host (it is going away): no events. */
void testBlockJobsShutdown(testDriver *driver);

/* A guest write to @obj's disk @target: goes to the active image and,
 * where a job mirrors the disk, to its destination too. */
void testBlockJobsGuestWrite(testDriver *driver, virDomainObj *obj,
                             const char *target, guint64 start, guint64 len,
                             guint8 pattern);

/* The smallest injected failure point of the images from @top down to
 * @stop (inclusive; NULL: the whole chain) and of @dest; 0 = none. */
guint64 testBlockJobFailAt(testImage *top, testImage *stop, testImage *dest);

/* Bandwidth of the API (MiB/s unless @bytes) in bytes/s; fails with
 * VIR_ERR_OVERFLOW when it does not fit. */
int testBlockJobBandwidth(unsigned long bandwidth, bool bytes, guint64 *out);

/* The disk @name (target or active path) of running domain @obj. */
virDomainDiskDef *testBlockJobDisk(virDomainObj *obj, const char *name);

/* Points @obj's disk @target (live and persistent definitions) at the
 * chain that now starts at @active. */
void testBlockJobRefreshDisk(virDomainObj *obj, const char *target, testImage *active);

/* Whether a disk of a domain (live or persistent) or a job uses @img;
 * snapshot metadata does not count, as in libvirt. */
bool testBlockJobImageBusy(testDriver *driver, const testImage *img);
/* The chain change of a finished (or pivoted) job (test_blockjob_ops.c). */
void testBlockJobFinish(testDriver *driver, testBlockJob *job);
/* "commit", "pull", ... for messages. */
const char *testBlockJobTypeName(int type);

/* Queues the BLOCK_JOB / BLOCK_JOB_2 events of a transition. */
void testBlockJobEmit(testDriver *driver, testBlockJob *job, int status);
