/*
 * libvirt-domain-block.c: public entry points for block jobs, backup and
 * domain events
 *
 * A disk is named by its target ("vda") or the path of its active image;
 * the driver resolves it.  Bandwidths are MiB/s unless a BANDWIDTH_BYTES
 * flag says bytes/s; 0 means unlimited.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "libvirt-api.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

#define COMMIT_ALL (VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES * 2 - 1)
#define REBASE_ALL (VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES * 2 - 1)
#define COPY_ALL (VIR_DOMAIN_BLOCK_COPY_SYNCHRONOUS_WRITES * 2 - 1)
#define ABORT_ALL (VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT * 2 - 1)
/* libvirt 9.0's VIR_DOMAIN_EVENT_ID_LAST: IDs below it can be
 * registered; those snapvirt never raises just never fire. */
#define EVENT_ID_LAST 27


/* The common start of a block job call: a domain, a disk, write access. */
static virConnectPtr
virBlockBegin(const char *func, virDomainPtr dom, const char *disk,
              unsigned int flags, unsigned int allowed, virAPIAccess access)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomainFrom(VIR_FROM_THIS, func, dom, flags, allowed, access)) ||
        !virAPINonNullFrom(VIR_FROM_THIS, func, conn, "disk", disk))
        return NULL;
    return conn;
}


/*
 * virDomainBlockCommit: merges the layers from @top down to just above
 * @base into @base.  @base NULL: the bottom of the chain, or with
 * SHALLOW the image right below @top.  @top NULL: the active layer, which
 * needs ACTIVE and gives a two-phase job (READY, then pivot or abort).
 * Layers may be paths or "vda[N]" indexes.  DELETE removes the merged
 * images once the job succeeds; RELATIVE keeps relative backing names.
 */
int
virDomainBlockCommit(virDomainPtr dom, const char *disk, const char *base,
                     const char *top, unsigned long bandwidth, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virBlockBegin(__func__, dom, disk, flags, COMMIT_ALL, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainBlockCommit, dom, disk, base, top,
                            bandwidth, flags);
}


/*
 * virDomainBlockPull: fills the active layer with the data of its whole
 * backing chain, then drops the chain.  Flags: BANDWIDTH_BYTES.
 */
int
virDomainBlockPull(virDomainPtr dom, const char *disk, unsigned long bandwidth,
                   unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virBlockBegin(__func__, dom, disk, flags,
                               VIR_DOMAIN_BLOCK_PULL_BANDWIDTH_BYTES, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainBlockRebase, dom, disk, NULL, bandwidth, flags);
}


/*
 * virDomainBlockRebase: a pull that stops at @base (which stays the
 * backing image), or with COPY a copy of the disk to the file @base
 * (SHALLOW: only the active layer, REUSE_EXT: the file exists, COPY_RAW:
 * raw format).
 */
int
virDomainBlockRebase(virDomainPtr dom, const char *disk, const char *base,
                     unsigned long bandwidth, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virBlockBegin(__func__, dom, disk, flags, REBASE_ALL, VIR_API_WRITE)))
        return -1;
    if (flags & VIR_DOMAIN_BLOCK_REBASE_COPY) {
        if (!virAPINonNull(conn, base))
            return -1;
    } else if (flags & (VIR_DOMAIN_BLOCK_REBASE_SHALLOW |
                        VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT |
                        VIR_DOMAIN_BLOCK_REBASE_COPY_RAW |
                        VIR_DOMAIN_BLOCK_REBASE_COPY_DEV)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "use of flags requires a copy job");
        virDispatchError(conn);
        return -1;
    }
    return VIR_API_CALL_INT(conn, domainBlockRebase, dom, disk, base, bandwidth, flags);
}


/*
 * virDomainBlockCopy: mirrors the disk to the image @destxml describes
 * (a <disk> element).  The job becomes READY when the copy is complete;
 * it then mirrors writes until virDomainBlockJobAbort, which keeps the
 * source, or with PIVOT switches the disk to the copy.  @params may set
 * "bandwidth" (bytes/s), "granularity" and "buf-size".
 */
int
virDomainBlockCopy(virDomainPtr dom, const char *disk, const char *destxml,
                   virTypedParameterPtr params, int nparams, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virBlockBegin(__func__, dom, disk, flags, COPY_ALL, VIR_API_WRITE)) ||
        !virAPINonNull(conn, destxml) ||
        !virAPINonNegative(conn, nparams))
        return -1;
    if (nparams && !params) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", "params in virDomainBlockCopy must not be NULL");
        virDispatchError(conn);
        return -1;
    }
    return VIR_API_CALL_INT(conn, domainBlockCopy, dom, disk, destxml, params,
                            nparams, flags);
}


/*
 * virDomainGetBlockJobInfo: the job on @disk.  Returns 1 and fills
 * @info, 0 if the disk has no job, -1 on error.
 */
int
virDomainGetBlockJobInfo(virDomainPtr dom, const char *disk,
                         virDomainBlockJobInfoPtr info, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virBlockBegin(__func__, dom, disk, flags,
                               VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES, VIR_API_READ)) ||
        !virAPINonNull(conn, info))
        return -1;
    memset(info, 0, sizeof(*info));
    return VIR_API_CALL_INT(conn, domainGetBlockJobInfo, dom, disk, info, flags);
}


/*
 * virDomainBlockJobAbort: cancels the job on @disk, or with PIVOT
 * finishes a READY copy or active commit.  Without ASYNC it returns once
 * the job is gone.  Pivot before READY fails with
 * VIR_ERR_BLOCK_COPY_ACTIVE.
 */
int
virDomainBlockJobAbort(virDomainPtr dom, const char *disk, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virBlockBegin(__func__, dom, disk, flags, ABORT_ALL, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainBlockJobAbort, dom, disk, flags);
}


/* virDomainBlockJobSetSpeed: changes the bandwidth limit of the job. */
int
virDomainBlockJobSetSpeed(virDomainPtr dom, const char *disk,
                          unsigned long bandwidth, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virBlockBegin(__func__, dom, disk, flags,
                               VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainBlockJobSetSpeed, dom, disk, bandwidth, flags);
}


/*
 * virDomainBackupBegin: starts a push-mode full backup described by
 * @backupXML (<domainbackup>): a point-in-time copy of the chosen disks
 * into target files.  Checkpoints are not supported (@checkpointXML must
 * be NULL).  The end is reported by the JOB_COMPLETED event.
 */
int
virDomainBackupBegin(virDomainPtr domain, const char *backupXML,
                     const char *checkpointXML, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL,
                              VIR_API_WRITE)) ||
        !virAPINonNull(conn, backupXML))
        return -1;
    return VIR_API_CALL_INT(conn, domainBackupBegin, domain, backupXML,
                            checkpointXML, flags);
}


/* virDomainBackupGetXMLDesc: the running backup's XML, with the names
 * the driver chose filled in.  Caller frees. */
char *
virDomainBackupGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainBackupGetXMLDesc, domain, flags);
}


/*
 * virConnectDomainEventRegisterAny: calls @cb for each event @eventID of
 * @dom (NULL: of every domain).  Needs an event loop
 * (virEventRegisterDefaultImpl).  Returns a callback ID for
 * virConnectDomainEventDeregisterAny, or -1.
 */
int
virConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                 virConnectDomainEventGenericCallback cb,
                                 void *opaque, virFreeCallback freecb)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, cb))
        return -1;
    if (dom && (!virObjectIsClass(dom, &virDomainClass) || dom->conn != conn)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "domain does not belong to this connection");
        virDispatchError(conn);
        return -1;
    }
    if (eventID < 0 || eventID >= EVENT_ID_LAST) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "eventID in virConnectDomainEventRegisterAny must be less than %d",
                       EVENT_ID_LAST);
        virDispatchError(conn);
        return -1;
    }
    return VIR_API_CALL_INT(conn, connectDomainEventRegisterAny, conn, dom, eventID,
                            cb, opaque, freecb);
}


/* virConnectDomainEventDeregisterAny: drops a registration. */
int
virConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNegative(conn, callbackID))
        return -1;
    return VIR_API_CALL_INT(conn, connectDomainEventDeregisterAny, conn, callbackID);
}
