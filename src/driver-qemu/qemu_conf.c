/*
 * qemu_conf.c: the QEMU driver's state: one per root directory
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "qemu_conf.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_conf");

static GMutex qemuDriversLock;
static GHashTable *qemuDrivers;     /* root -> qemuDriver, while in use */


char *
qemuDomainConfigPath(qemuDriver *driver, const char *name)
{
    return g_strdup_printf("%s/%s.xml", driver->configDir, name);
}


char *
qemuDomainStatusPath(qemuDriver *driver, const char *name)
{
    return g_strdup_printf("%s/%s.xml", driver->stateDir, name);
}


char *
qemuDomainMonitorPath(qemuDriver *driver, const char *name)
{
    return g_strdup_printf("%s/%s.monitor", driver->stateDir, name);
}


char *
qemuDomainLogPath(qemuDriver *driver, const char *name)
{
    return g_strdup_printf("%s/%s.log", driver->logDir, name);
}


char *
qemuDomainSnapshotDir(qemuDriver *driver, const char *name)
{
    return g_strdup_printf("%s/%s", driver->snapshotDir, name);
}


static void
qemuDriverFree(qemuDriver *driver)
{
    if (!driver)
        return;
    /* Running QEMUs stay up: their monitors close, their status stays. */
    virDomainObjListFree(driver->domains);
    if (driver->lockFD >= 0)
        close(driver->lockFD);
    g_free(driver->root);
    g_free(driver->configDir);
    g_free(driver->stateDir);
    g_free(driver->snapshotDir);
    g_free(driver->logDir);
    g_mutex_clear(&driver->lock);
    g_free(driver);
}


/* Takes run/qemu/driver.lock, so that two processes never manage the
 * same root at once. */
static int
qemuDriverTakeLock(qemuDriver *driver)
{
    g_autofree char *path = g_strdup_printf("%s/driver.lock", driver->stateDir);

    if ((driver->lockFD = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
        virReportSystemError(errno, "cannot open '%s'", path);
        return -1;
    }
    if (flock(driver->lockFD, LOCK_EX | LOCK_NB) < 0) {
        if (errno == EWOULDBLOCK)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           "root '%s' is in use by another process", driver->root);
        else
            virReportSystemError(errno, "cannot lock '%s'", path);
        return -1;
    }
    return 0;
}


static qemuDriver *
qemuDriverNew(const char *root)
{
    qemuDriver *driver = g_new0(qemuDriver, 1);

    driver->refs = 1;
    driver->lockFD = -1;
    g_mutex_init(&driver->lock);
    driver->domains = virDomainObjListNew();
    driver->root = g_strdup(root);
    driver->configDir = g_strdup_printf("%s/etc/qemu", root);
    driver->stateDir = g_strdup_printf("%s/run/qemu", root);
    driver->snapshotDir = g_strdup_printf("%s/lib/qemu/snapshot", root);
    driver->logDir = g_strdup_printf("%s/log/qemu", root);

    if (virFileMakePath(driver->configDir, 0700) < 0 ||
        virFileMakePath(driver->stateDir, 0700) < 0 ||
        virFileMakePath(driver->snapshotDir, 0700) < 0 ||
        virFileMakePath(driver->logDir, 0700) < 0 ||
        qemuDriverTakeLock(driver) < 0 || qemuDomainLoadAll(driver) < 0) {
        qemuDriverFree(driver);
        return NULL;
    }
    return driver;
}


qemuDriver *
qemuDriverOpen(const char *root)
{
    g_autofree char *canon = NULL;
    qemuDriver *driver;

    if (!g_path_is_absolute(root)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "root path must be absolute: '%s'", root);
        return NULL;
    }
    canon = g_canonicalize_filename(root, NULL);

    g_mutex_lock(&qemuDriversLock);
    if (!qemuDrivers)
        qemuDrivers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if ((driver = g_hash_table_lookup(qemuDrivers, canon))) {
        driver->refs++;
    } else if ((driver = qemuDriverNew(canon))) {
        g_hash_table_insert(qemuDrivers, g_strdup(canon), driver);
    }
    g_mutex_unlock(&qemuDriversLock);
    return driver;
}


void
qemuDriverClose(qemuDriver *driver)
{
    bool last;

    g_mutex_lock(&qemuDriversLock);
    if ((last = --driver->refs == 0))
        g_hash_table_remove(qemuDrivers, driver->root);
    g_mutex_unlock(&qemuDriversLock);
    if (last)
        qemuDriverFree(driver);
}
