/*
 * test_backup.h: push-mode backups in the test driver
 *
 * A backup is one BACKUP block job per chosen disk, all started at once
 * from the disks' contents at that instant (point in time), and one
 * domain job: when the last disk job ends the JOB_COMPLETED event
 * reports the whole backup, success or failure.  A failing disk cancels
 * the others; targets the backup made are then removed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "test_blockjob.h"

/* Called by the block job code when a disk job of a backup ends with
 * @status (a virConnectDomainEventBlockJobStatus). */
void testBackupJobEnded(testDriver *driver, testBlockJob *job, int status);
/* Forgets every backup (the host is going away). */
void testBackupsShutdown(testDriver *driver);

int testDomainBackupBegin(virDomainPtr dom, const char *backupXML,
                          const char *checkpointXML, unsigned int flags);
char *testDomainBackupGetXMLDesc(virDomainPtr dom, unsigned int flags);
