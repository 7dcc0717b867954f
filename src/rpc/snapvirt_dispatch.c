/*
 * snapvirt_dispatch.c: the server's handlers of snapvirt's own program,
 * the volume snapshot API (which libvirt's protocol has no procedures for)
 *
 * A volume snapshot travels as its volume and its name ('Z').
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "remote_dispatch.h"
#include "util/virerror.h"
#include "util/virobject.h"

#define VIR_FROM_THIS VIR_FROM_RPC


/* ret[0] = @snap's wire form (the reference is dropped). */


/* What every handler starts from: the volume or the snapshot of args[0]. */
typedef struct {
    virStorageVolPtr vol;
    virStorageVolSnapshotPtr snap;
} snapvirtArgs;

static void
snapvirtArgsClear(snapvirtArgs *a)
{
    if (a->vol)
        virObjectUnref(a->vol);
    if (a->snap)
        virObjectUnref(a->snap);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(snapvirtArgs, snapvirtArgsClear)

#define VOL_ARG(client, args) \
    { virNetValueGetVol((client)->conn, &(args)[0]), NULL }
#define SNAP_ARG(client, args) \
    { NULL, virNetValueGetVolSnapshot((client)->conn, &(args)[0]) }


static int
snapvirtCreateXML(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = VOL_ARG(client, args);

    return remoteRetHandle(ret, virStorageVolSnapshotCreateXML(a.vol, args[1].s, args[2].u),
                           remoteSetVolSnapshot);
}


static int
snapvirtGetXMLDesc(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = SNAP_ARG(client, args);

    return (ret[0].s = virStorageVolSnapshotGetXMLDesc(a.snap, args[1].u)) ? 0 : -1;
}


static int
snapvirtNum(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = VOL_ARG(client, args);

    return (ret[0].i = virStorageVolSnapshotNum(a.vol, args[1].u)) < 0 ? -1 : 0;
}


typedef struct {
    virStorageVolPtr vol;
    unsigned int flags;
} snapvirtListCtx;

static int
snapvirtListNamesOf(void *opaque, char **names, int max)
{
    snapvirtListCtx *ctx = opaque;

    return virStorageVolSnapshotListNames(ctx->vol, names, max, ctx->flags);
}


static int
snapvirtListNames(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = VOL_ARG(client, args);
    snapvirtListCtx ctx = { a.vol, args[2].u };

    return remoteRetNames(ret, args[1].i, snapvirtListNamesOf, &ctx);
}


static int
snapvirtListAll(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = VOL_ARG(client, args);
    virStorageVolSnapshotPtr *snaps = NULL;
    int n = virStorageVolListAllSnapshots(a.vol, args[1].i ? &snaps : NULL, args[2].u);

    return remoteRetHandles(ret, (void **)snaps, n, remoteSetVolSnapshot);
}


static int
snapvirtListAllChildren(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = SNAP_ARG(client, args);
    virStorageVolSnapshotPtr *snaps = NULL;
    int n = virStorageVolSnapshotListAllChildren(a.snap, args[1].i ? &snaps : NULL,
                                                 args[2].u);

    return remoteRetHandles(ret, (void **)snaps, n, remoteSetVolSnapshot);
}


static int
snapvirtLookupByName(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = VOL_ARG(client, args);

    return remoteRetHandle(ret, virStorageVolSnapshotLookupByName(a.vol, args[1].s, args[2].u),
                           remoteSetVolSnapshot);
}


static int
snapvirtHasCurrent(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = VOL_ARG(client, args);

    return (ret[0].i = virStorageVolHasCurrentSnapshot(a.vol, args[1].u)) < 0 ? -1 : 0;
}


static int
snapvirtCurrent(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = VOL_ARG(client, args);

    return remoteRetHandle(ret, virStorageVolSnapshotCurrent(a.vol, args[1].u),
                           remoteSetVolSnapshot);
}


static int
snapvirtGetParent(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = SNAP_ARG(client, args);

    return remoteRetHandle(ret, virStorageVolSnapshotGetParent(a.snap, args[1].u),
                           remoteSetVolSnapshot);
}


static int
snapvirtRevert(virNetServerClient *client, virNetValue *args, virNetValue *ret G_GNUC_UNUSED)
{
    g_auto(snapvirtArgs) a = SNAP_ARG(client, args);

    return virStorageVolRevertToSnapshot(a.snap, args[1].u) < 0 ? -1 : 0;
}


static int
snapvirtDelete(virNetServerClient *client, virNetValue *args, virNetValue *ret G_GNUC_UNUSED)
{
    g_auto(snapvirtArgs) a = SNAP_ARG(client, args);

    return virStorageVolSnapshotDelete(a.snap, args[1].u) < 0 ? -1 : 0;
}


static int
snapvirtExport(virNetServerClient *client, virNetValue *args, virNetValue *ret)
{
    g_auto(snapvirtArgs) a = SNAP_ARG(client, args);
    virStorageVolPtr vol = virStorageVolSnapshotExport(a.snap, args[1].s, args[2].u);

    if (!vol)
        return -1;
    virNetValueSetVol(&ret[0], vol);
    virObjectUnref(vol);
    return 0;
}


#define SV(num, f) { SNAPVIRT_PROC_##num, SHAPE_CUSTOM, false, { .custom = f } }

const virNetHandler snapvirtHandlers[] = {
    SV(VOL_SNAPSHOT_CREATE_XML, snapvirtCreateXML),
    SV(VOL_SNAPSHOT_GET_XML_DESC, snapvirtGetXMLDesc),
    SV(VOL_SNAPSHOT_NUM, snapvirtNum),
    SV(VOL_SNAPSHOT_LIST_NAMES, snapvirtListNames),
    SV(VOL_LIST_ALL_SNAPSHOTS, snapvirtListAll),
    SV(VOL_SNAPSHOT_LIST_ALL_CHILDREN, snapvirtListAllChildren),
    SV(VOL_SNAPSHOT_LOOKUP_BY_NAME, snapvirtLookupByName),
    SV(VOL_HAS_CURRENT_SNAPSHOT, snapvirtHasCurrent),
    SV(VOL_SNAPSHOT_CURRENT, snapvirtCurrent),
    SV(VOL_SNAPSHOT_GET_PARENT, snapvirtGetParent),
    SV(VOL_REVERT_TO_SNAPSHOT, snapvirtRevert),
    SV(VOL_SNAPSHOT_DELETE, snapvirtDelete),
    SV(VOL_SNAPSHOT_EXPORT, snapvirtExport),
};

const size_t snapvirtHandlersCount = G_N_ELEMENTS(snapvirtHandlers);
