/*
 * svsh-storage.c: helpers of the storage commands — pool, volume and
 * volume snapshot lookup, sizes, completion
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "svsh-storage.h"

bool
svshCmdHasOpt(const svshCmd *cmd, const char *name)
{
    for (const svshOptDef *o = cmd->def->opts; o->name; o++) {
        if (strcmp(o->name, name) == 0)
            return true;
    }
    return false;
}


virStoragePoolPtr
svshCommandPool(svshControl *ctl, const svshCmd *cmd, const char *optname, const char **name)
{
    virStoragePoolPtr pool = NULL;
    const char *n = NULL;

    if (svshOptString(ctl, cmd, optname, &n) <= 0)
        return NULL;
    if (name)
        *name = n;
    svshDebug(ctl, SVSH_ERR_INFO, "%s: found option <%s>: %s\n", cmd->def->name, optname, n);
    if (strlen(n) == VIR_UUID_STRING_BUFLEN - 1)
        pool = virStoragePoolLookupByUUIDString(ctl->conn, n);
    if (!pool)
        pool = virStoragePoolLookupByName(ctl->conn, n);
    if (!pool)
        svshError(ctl, "failed to get pool '%s'", n);
    return pool;
}


virStorageVolPtr
svshCommandVol(svshControl *ctl, const svshCmd *cmd, const char **name)
{
    virStoragePoolPtr pool = NULL;
    virStorageVolPtr vol = NULL;
    const char *poolname = NULL;
    const char *n = NULL;

    if (svshOptString(ctl, cmd, "vol", &n) <= 0 ||
        svshOptString(ctl, cmd, "pool", &poolname) < 0)
        return NULL;
    if (name)
        *name = n;
    if (poolname) {
        if (!(pool = svshCommandPool(ctl, cmd, "pool", NULL)))
            return NULL;
        vol = virStorageVolLookupByName(pool, n);
        virStoragePoolFree(pool);
    }
    if (!vol)
        vol = virStorageVolLookupByKey(ctl->conn, n);
    if (!vol)
        vol = virStorageVolLookupByPath(ctl->conn, n);
    if (!vol && poolname)
        svshError(ctl, "failed to get vol '%s'", n);
    else if (!vol)
        svshError(ctl, "failed to get vol '%s', specifying --pool might help", n);
    return vol;
}


virStorageVolSnapshotPtr
svshCommandVolSnapshot(svshControl *ctl, const svshCmd *cmd, const char *optname,
                       virStorageVolPtr vol)
{
    bool current = false;
    const char *name = NULL;
    virStorageVolSnapshotPtr snap;

    if (svshCmdHasOpt(cmd, "current"))
        current = svshOptBool(cmd, "current");
    if (svshOptString(ctl, cmd, optname, &name) < 0)
        return NULL;
    if (current && name) {
        svshError(ctl, "--%s and --current are mutually exclusive", optname);
        return NULL;
    }
    if (name) {
        snap = virStorageVolSnapshotLookupByName(vol, name, 0);
    } else if (current) {
        snap = virStorageVolSnapshotCurrent(vol, 0);
    } else {
        svshError(ctl, "--%s or --current is required", optname);
        return NULL;
    }
    if (!snap)
        svshReportError(ctl);
    return snap;
}


char *
svshPrettyCapacity(unsigned long long bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double value = bytes;
    size_t i = 0;

    while (value >= 1024 && i + 1 < G_N_ELEMENTS(units)) {
        value /= 1024;
        i++;
    }
    return g_strdup_printf("%.2f %s", value, units[i]);
}


/* The multiplier of a size suffix: "", "b", X, XiB (powers of 1024) or
 * XB (powers of 1000), X one of k m g t p e in any case; 0 if unknown. */
static unsigned long long
svshSizeScale(const char *suffix)
{
    static const char units[] = "kmgtpe";
    const char *u;
    unsigned long long scale = 1;
    unsigned long long base = 1024;

    if (!*suffix || g_ascii_strcasecmp(suffix, "b") == 0 ||
        g_ascii_strcasecmp(suffix, "bytes") == 0)
        return 1;
    if (!(u = strchr(units, g_ascii_tolower(*suffix))))
        return 0;
    if (g_ascii_strcasecmp(suffix + 1, "b") == 0)
        base = 1000;
    else if (suffix[1] && g_ascii_strcasecmp(suffix + 1, "ib") != 0)
        return 0;
    for (const char *p = units; p <= u; p++)
        scale *= base;
    return scale;
}


bool
svshParseSize(svshControl *ctl, const char *text, unsigned long long *bytes)
{
    unsigned long long value;
    unsigned long long scale;
    char *end = NULL;

    errno = 0;
    value = g_ascii_strtoull(text, &end, 10);
    if (errno || end == text || *text == '-') {
        svshError(ctl, "Malformed size %s", text);
        return false;
    }
    if (!(scale = svshSizeScale(end))) {
        svshError(ctl, "Malformed size %s", text);
        svshError(ctl, "invalid argument: unknown suffix '%s'", end);
        return false;
    }
    if (value > G_MAXUINT64 / scale) {
        svshError(ctl, "Malformed size %s", text);
        svshError(ctl, "%s", "numerical overflow: value too large");
        return false;
    }
    *bytes = value * scale;
    return true;
}


/* ---- completion ---- */

char **
svshCompletePools(svshControl *ctl, const svshCmd *cmd G_GNUC_UNUSED)
{
    virStoragePoolPtr *pools = NULL;
    char **names;
    int n;

    if (!ctl->conn || (n = virConnectListAllStoragePools(ctl->conn, &pools, 0)) < 0)
        return NULL;
    names = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        names[i] = g_strdup(virStoragePoolGetName(pools[i]));
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    return names;
}


char **
svshCompleteVols(svshControl *ctl, const svshCmd *cmd)
{
    virStorageVolPtr *vols = NULL;
    virStoragePoolPtr pool;
    const char *pname;
    char **names;
    int n;

    if (!ctl->conn || !cmd || svshOptStringQuiet(cmd, "pool", &pname) <= 0 ||
        !(pool = virStoragePoolLookupByName(ctl->conn, pname)))
        return NULL;
    n = virStoragePoolListAllVolumes(pool, &vols, 0);
    virStoragePoolFree(pool);
    if (n < 0)
        return NULL;
    names = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        names[i] = g_strdup(virStorageVolGetName(vols[i]));
        virStorageVolFree(vols[i]);
    }
    free(vols);
    return names;
}


/* The volume @name (in pool @poolname if not NULL), silently. */
static virStorageVolPtr
svshVolLookupQuiet(svshControl *ctl, const char *name, const char *poolname)
{
    virStoragePoolPtr pool = poolname ? virStoragePoolLookupByName(ctl->conn, poolname) : NULL;
    virStorageVolPtr vol = pool ? virStorageVolLookupByName(pool, name) : NULL;

    if (pool)
        virStoragePoolFree(pool);
    if (!vol)
        vol = virStorageVolLookupByKey(ctl->conn, name);
    if (!vol)
        vol = virStorageVolLookupByPath(ctl->conn, name);
    svshResetError(ctl);
    return vol;
}


char **
svshCompleteVolSnapshots(svshControl *ctl, const svshCmd *cmd)
{
    virStorageVolSnapshotPtr *snaps = NULL;
    const char *poolname = NULL;
    const char *volname = NULL;
    virStorageVolPtr vol;
    char **names;
    int n;

    if (!ctl->conn || !cmd || svshOptStringQuiet(cmd, "vol", &volname) <= 0)
        return NULL;
    svshOptStringQuiet(cmd, "pool", &poolname);
    if (!(vol = svshVolLookupQuiet(ctl, volname, poolname)))
        return NULL;
    n = virStorageVolListAllSnapshots(vol, &snaps, 0);
    virStorageVolFree(vol);
    svshResetError(ctl);
    if (n < 0)
        return NULL;
    names = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++) {
        names[i] = g_strdup(virStorageVolSnapshotGetName(snaps[i]));
        virStorageVolSnapshotFree(snaps[i]);
    }
    free(snaps);
    return names;
}
