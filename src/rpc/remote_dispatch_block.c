/*
 * remote_dispatch_block.c: the server's handlers of block jobs and backup
 * (shapes: remote_dispatch.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_dispatch.h"
#include "util/virerror.h"
#include "util/virobject.h"

#define VIR_FROM_THIS VIR_FROM_RPC


static int
remoteBlockJobInfo(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    virDomainBlockJobInfo info = { 0 };
    int rc = virDomainGetBlockJobInfo(dom, args[1].s, &info, args[2].u);

    if (rc >= 0) {
        ret[0].i = rc;   /* found */
        if (rc) {
            ret[1].i = info.type;
            ret[2].H = info.bandwidth;
            ret[3].H = info.cur;
            ret[4].H = info.end;
        }
    }
    virObjectUnref(dom);
    return rc < 0 ? -1 : 0;
}


static int
remoteBlockRebase(virNetServerClient *client, virNetValue *args, virNetValue *ret G_GNUC_UNUSED)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainBlockRebase(dom, args[1].s, args[2].s, args[3].H, args[4].u);

    virObjectUnref(dom);
    return rc < 0 ? -1 : 0;
}


static int
remoteBlockCommit(virNetServerClient *client, virNetValue *args, virNetValue *ret G_GNUC_UNUSED)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainBlockCommit(dom, args[1].s, args[2].s, args[3].s, args[4].H, args[5].u);

    virObjectUnref(dom);
    return rc < 0 ? -1 : 0;
}


static int
remoteBlockCopy(virNetServerClient *client, virNetValue *args, virNetValue *ret G_GNUC_UNUSED)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainBlockCopy(dom, args[1].s, args[2].s, args[3].params.params,
                                args[3].params.n, args[4].u);

    virObjectUnref(dom);
    return rc < 0 ? -1 : 0;
}


static int
remoteBackupBegin(virNetServerClient *client, virNetValue *args, virNetValue *ret G_GNUC_UNUSED)
{
    virDomainPtr dom = virNetValueGetDomain(client->conn, &args[0]);
    int rc = virDomainBackupBegin(dom, args[1].s, args[2].s, args[3].u);

    virObjectUnref(dom);
    return rc < 0 ? -1 : 0;
}


const virNetHandler remoteBlockHandlers[] = {
    SHAPED(DOMAIN_BLOCK_JOB_ABORT, SHAPE_DOM_STR_FLAGS_VOID, domStrFlagsInt,
           virDomainBlockJobAbort),
    CUSTOM(DOMAIN_GET_BLOCK_JOB_INFO, remoteBlockJobInfo, false),
    SHAPED(DOMAIN_BLOCK_JOB_SET_SPEED, SHAPE_DOM_STR_BW_FLAGS_VOID, domStrBwFlagsInt,
           virDomainBlockJobSetSpeed),
    SHAPED(DOMAIN_BLOCK_PULL, SHAPE_DOM_STR_BW_FLAGS_VOID, domStrBwFlagsInt,
           virDomainBlockPull),
    CUSTOM(DOMAIN_BLOCK_REBASE, remoteBlockRebase, false),
    CUSTOM(DOMAIN_BLOCK_COMMIT, remoteBlockCommit, false),
    CUSTOM(DOMAIN_BLOCK_COPY, remoteBlockCopy, false),
    CUSTOM(DOMAIN_BACKUP_BEGIN, remoteBackupBegin, false),
    SHAPED(DOMAIN_BACKUP_GET_XML_DESC, SHAPE_DOM_FLAGS_STR, domFlagsStr,
           virDomainBackupGetXMLDesc),
};

const size_t remoteBlockHandlersCount = G_N_ELEMENTS(remoteBlockHandlers);
