/*
 * test_backup.c: push-mode backups in the test driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_backup.h"
#include "conf/backup_conf.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_TEST

typedef struct {
    virDomainObj *obj;          /* holds a reference */
    virDomainBackupDef *def;    /* with the chosen targets */
    gint64 started;             /* monotonic µs */
    int running;                /* disk jobs not yet ended */
    bool failed;
    bool canceling;             /* ending the other disks of a failed backup */
    guint64 total, processed;   /* bytes over the ended disk jobs */
} testBackup;


static void
testBackupFree(testBackup *backup)
{
    virDomainObjUnref(backup->obj);
    virDomainBackupDefFree(backup->def);
    g_free(backup);
}


static testBackup *
testBackupFind(testDriver *driver, virDomainObj *obj)
{
    for (guint i = 0; i < driver->backups->len; i++) {
        testBackup *backup = driver->backups->pdata[i];

        if (backup->obj == obj)
            return backup;
    }
    return NULL;
}


void
testBackupsShutdown(testDriver *driver)
{
    while (driver->backups->len) {
        testBackup *backup = g_ptr_array_steal_index(driver->backups, 0);

        testBackupFree(backup);
    }
}


/* The JOB_COMPLETED event of a whole backup. */
static void
testBackupEmit(testDriver *driver, testBackup *backup)
{
    int n = 0;
    virTypedParameterPtr params = g_new0(virTypedParameter, 7);

#define PARAM(name, t, member, val) \
    do { \
        g_strlcpy(params[n].field, name, VIR_TYPED_PARAM_FIELD_LENGTH); \
        params[n].type = t; \
        params[n++].value.member = val; \
    } while (0)
    PARAM(VIR_DOMAIN_JOB_OPERATION, VIR_TYPED_PARAM_INT, i,
          VIR_DOMAIN_JOB_OPERATION_BACKUP);
    PARAM(VIR_DOMAIN_JOB_TIME_ELAPSED, VIR_TYPED_PARAM_ULLONG, ul,
          (g_get_monotonic_time() - backup->started) / 1000);
    PARAM(VIR_DOMAIN_JOB_DATA_TOTAL, VIR_TYPED_PARAM_ULLONG, ul, backup->total);
    PARAM(VIR_DOMAIN_JOB_DATA_PROCESSED, VIR_TYPED_PARAM_ULLONG, ul, backup->processed);
    PARAM(VIR_DOMAIN_JOB_DATA_REMAINING, VIR_TYPED_PARAM_ULLONG, ul,
          backup->total - backup->processed);
    PARAM(VIR_DOMAIN_JOB_SUCCESS, VIR_TYPED_PARAM_BOOLEAN, b, !backup->failed);
    if (backup->failed)
        PARAM(VIR_DOMAIN_JOB_ERRMSG, VIR_TYPED_PARAM_STRING, s,
              g_strdup("backup failed: a disk job failed"));
#undef PARAM
    virDomainEventStateQueue(driver->events,
        virDomainEventJobCompletedNew(backup->obj->def->name, backup->obj->def->uuid,
                                      backup->obj->id, params, n));
}


void
testBackupJobEnded(testDriver *driver, testBlockJob *job, int status)
{
    testBackup *backup = job->backup;

    backup->total += job->total;
    backup->processed += job->done;
    backup->running--;
    job->backup = NULL;
    if (status != VIR_DOMAIN_BLOCK_JOB_COMPLETED && !backup->failed) {
        /* One disk failed: so does the backup, and the others stop. */
        backup->failed = true;
        backup->canceling = true;
        for (guint i = driver->jobs->len; i > 0; i--) {
            testBlockJob *other = driver->jobs->pdata[i - 1];

            if (other->backup == backup)
                testBlockJobEnd(driver, other, VIR_DOMAIN_BLOCK_JOB_CANCELED);
        }
        backup->canceling = false;
    }
    if (backup->running > 0 || backup->canceling)
        return;
    testBackupEmit(driver, backup);
    g_ptr_array_remove(driver->backups, backup);
    testBackupFree(backup);
}


/* Every check of a backup, before anything starts. */
static int
testBackupCheckDisks(testDriver *driver, virDomainObj *obj, virDomainBackupDef *def,
                     bool reuse)
{
    for (guint i = 0; i < def->disks->len; i++) {
        virDomainBackupDiskDef *bd = &g_array_index(def->disks, virDomainBackupDiskDef, i);
        testImage *img;

        if (!bd->backup)
            continue;
        if (testBlockJobFind(driver, obj, bd->name)) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "disk '%s' already in active block job", bd->name);
            return -1;
        }
        img = testImagesLookup(driver->images, bd->target);
        if (reuse && !img) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "backup target '%s' of disk '%s' does not exist (reuse was asked)",
                           bd->target, bd->name);
            return -1;
        }
        if (!reuse && img) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "backup target '%s' of disk '%s' already exists",
                           bd->target, bd->name);
            return -1;
        }
        if (img && (img->dependents->len || testBlockJobImageBusy(driver, img))) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "backup target '%s' of disk '%s' is in use", bd->target, bd->name);
            return -1;
        }
    }
    return 0;
}


/* Starts one BACKUP job per chosen disk; all checks have passed. */
static void
testBackupStart(testDriver *driver, virDomainObj *obj, testBackup *backup)
{
    g_autoptr(GPtrArray) jobs = g_ptr_array_new();

    /* Every job takes its data first: all disks are seen at one instant. */
    for (guint i = 0; i < backup->def->disks->len; i++) {
        virDomainBackupDiskDef *bd = &g_array_index(backup->def->disks,
                                                    virDomainBackupDiskDef, i);
        virDomainDiskDef *disk = virDomainDiskByName(obj->def, bd->name);
        testImage *active;
        testBlockJob *job;

        if (!bd->backup)
            continue;
        active = testImagesLookup(driver->images, disk->src->path);
        job = testBlockJobNew(obj, disk, VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP, 0, 0);
        job->top = active;
        job->dest = testImagesLookup(driver->images, bd->target);
        if (!job->dest) {
            job->dest = testImagesCreate(driver->images, bd->target, bd->type,
                                         bd->format, NULL);
            job->destOwned = true;
        }
        g_array_set_size(job->dest->data, 0);
        job->dest->capacity = active->capacity;
        job->pending = testImageChainData(active, NULL);
        job->failAt = testBlockJobFailAt(active, NULL, job->dest);
        job->backup = backup;
        backup->running++;
        g_ptr_array_add(jobs, job);
    }
    for (guint i = 0; i < jobs->len; i++)
        testBlockJobStart(driver, jobs->pdata[i]);
}


int
testDomainBackupBegin(virDomainPtr dom, const char *backupXML,
                      const char *checkpointXML, unsigned int flags)
{
    g_autoptr(virDomainBackupDef) def = NULL;
    g_autofree char *suffix = g_strdup_printf("%lld", (long long)(g_get_real_time() / G_USEC_PER_SEC));
    bool reuse = flags & VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL;
    testDriver *driver;
    virDomainObj *obj;
    testBackup *backup;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL, -1);
    if (checkpointXML) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "checkpoints are not supported: checkpointXML must be NULL");
        return -1;
    }
    if (!(def = virDomainBackupDefParseString(backupXML)))
        return -1;
    if (!(obj = testDomainBegin(dom, &driver)))
        return -1;
    if (!virDomainObjIsActive(obj)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "cannot perform disk backup for inactive domain");
        goto cleanup;
    }
    if (testBackupFind(driver, obj)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "domain '%s' already has a backup job running", obj->def->name);
        goto cleanup;
    }
    if (virDomainBackupDefAlign(def, obj->def, suffix) < 0 ||
        testBackupCheckDisks(driver, obj, def, reuse) < 0)
        goto cleanup;

    backup = g_new0(testBackup, 1);
    backup->obj = virDomainObjRef(obj);
    backup->def = g_steal_pointer(&def);
    backup->started = g_get_monotonic_time();
    g_ptr_array_add(driver->backups, backup);
    testBackupStart(driver, obj, backup);
    ret = 0;

 cleanup:
    testDriverUnlock(driver);
    return ret;
}


char *
testDomainBackupGetXMLDesc(virDomainPtr dom, unsigned int flags)
{
    testDriver *driver;
    virDomainObj *obj;
    testBackup *backup;
    char *ret = NULL;

    virCheckFlags(0, NULL);
    if (!(obj = testDomainBegin(dom, &driver)))
        return NULL;
    if (!(backup = testBackupFind(driver, obj)))
        virReportError(VIR_ERR_NO_DOMAIN_BACKUP, "%s", "no domain backup job present");
    else
        ret = virDomainBackupDefFormat(backup->def);
    testDriverUnlock(driver);
    return ret;
}
