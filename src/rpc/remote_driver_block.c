/*
 * remote_driver_block.c: block jobs, backup and the QEMU monitor over
 * the remote driver
 *
 * Bandwidths travel as the caller gave them (MiB/s, or bytes/s with a
 * BANDWIDTH_BYTES flag): the daemon's driver interprets them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_driver_impl.h"
#include "virnethandle.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

/* REMOTE_DOMAIN_BLOCK_COPY_PARAMETERS_MAX */
#define REMOTE_BLOCK_COPY_PARAMETERS_MAX 16

/* The QEMU program (qemu_protocol.x): DOMAIN_MONITOR_COMMAND. */
#define QEMU_PROC_DOMAIN_MONITOR_COMMAND 1


int
remoteDomainBlockCommit(virDomainPtr dom, const char *disk, const char *base,
                        const char *top, unsigned long bandwidth, unsigned int flags)
{
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_BLOCK_COMMIT, dom, disk, base, top,
                      (unsigned long long)bandwidth, flags);
}


/* The driver table has one method for pull and rebase (pull is a rebase
 * without a base); the wire has a procedure each.  A call that only a
 * pull could have made goes as BLOCK_PULL, as libvirt's client sends
 * virDomainBlockPull: pull and rebase share BANDWIDTH_BYTES (64). */
int
remoteDomainBlockRebase(virDomainPtr dom, const char *disk, const char *base,
                        unsigned long bandwidth, unsigned int flags)
{
    if (!base && !(flags & ~VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES))
        return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_BLOCK_PULL, dom, disk,
                          (unsigned long long)bandwidth, flags);
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_BLOCK_REBASE, dom, disk, base,
                      (unsigned long long)bandwidth, flags);
}


int
remoteDomainBlockCopy(virDomainPtr dom, const char *disk, const char *destxml,
                      virTypedParameterPtr params, int nparams, unsigned int flags)
{
    if (nparams > REMOTE_BLOCK_COPY_PARAMETERS_MAX) {
        virReportError(VIR_ERR_RPC, "too many remote block copy parameters: %d > %d",
                       nparams, REMOTE_BLOCK_COPY_PARAMETERS_MAX);
        return -1;
    }
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_BLOCK_COPY, dom, disk, destxml,
                      params, nparams, flags);
}


/* 1 with @info filled, 0 when the disk has no job. */
int
remoteDomainGetBlockJobInfo(virDomainPtr dom, const char *disk,
                            virDomainBlockJobInfoPtr info, unsigned int flags)
{
    g_auto(remoteReply) reply = { 0 };

    if (remoteCallArgs(dom->conn, REMOTE_PROC_DOMAIN_GET_BLOCK_JOB_INFO, &reply,
                       dom, disk, flags) < 0)
        return -1;
    if (!reply.v[0].i)
        return 0;
    info->type = reply.v[1].i;
    info->bandwidth = reply.v[2].H;
    info->cur = reply.v[3].H;
    info->end = reply.v[4].H;
    return 1;
}


int
remoteDomainBlockJobAbort(virDomainPtr dom, const char *disk, unsigned int flags)
{
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_BLOCK_JOB_ABORT, dom, disk, flags);
}


int
remoteDomainBlockJobSetSpeed(virDomainPtr dom, const char *disk, unsigned long bandwidth,
                             unsigned int flags)
{
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_BLOCK_JOB_SET_SPEED, dom, disk,
                      (unsigned long long)bandwidth, flags);
}


int
remoteDomainBackupBegin(virDomainPtr dom, const char *backupXML, const char *checkpointXML,
                        unsigned int flags)
{
    return remoteVoid(dom->conn, REMOTE_PROC_DOMAIN_BACKUP_BEGIN, dom, backupXML,
                      checkpointXML, flags);
}


char *
remoteDomainBackupGetXMLDesc(virDomainPtr dom, unsigned int flags)
{
    return remoteString(dom->conn, REMOTE_PROC_DOMAIN_BACKUP_GET_XML_DESC, dom, flags);
}


/* Program 0x20008087, not the remote one: a daemon without it answers
 * "Cannot find program ...", passed on as it comes (VIR_ERR_RPC). */
int
remoteDomainQemuMonitorCommand(virDomainPtr dom, const char *cmd, char **result,
                               unsigned int flags)
{
    remotePrivate *priv = dom->conn->privateData;
    virNetValue args[3] = { { .u = 0 } };
    virNetValue ret[1] = { { .u = 0 } };
    int rc;

    virNetValueSetDomain(&args[0], dom);
    args[1].s = g_strdup(cmd);
    args[2].u = flags;
    rc = virNetClientCall(priv->client, VIR_NET_PROGRAM_QEMU,
                          QEMU_PROC_DOMAIN_MONITOR_COMMAND, "Dsu", args, "s", ret);
    virNetValuesClear("Dsu", args);
    if (rc == 0)
        *result = g_steal_pointer(&ret[0].s);
    virNetValuesClear("s", ret);
    return rc;
}
