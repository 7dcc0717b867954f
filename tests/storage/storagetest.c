/*
 * storagetest.c: helpers of the tests of directory pools on real files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>

#include "storagetest.h"


bool
stSetUp(stEnv *st)
{
    g_autofree char *xml = NULL;

    memset(st, 0, sizeof(*st));
    if (!qtSetUp(&st->env))
        return false;
    st->poolDir = qtPath(&st->env, "pool");
    xml = g_strdup_printf("<pool type='dir'><name>p</name><target><path>%s</path>"
                          "</target></pool>", st->poolDir);
    if (!(st->pool = virStoragePoolDefineXML(st->env.conn, xml, 0)) ||
        virStoragePoolBuild(st->pool, 0) < 0 || virStoragePoolCreate(st->pool, 0) < 0) {
        testFail(__FILE__, __LINE__, "pool set-up: %s", virGetLastErrorMessage());
        return false;
    }
    return true;
}


void
stTearDown(stEnv *st)
{
    if (st->pool)
        virStoragePoolFree(st->pool);
    st->pool = NULL;
    qtTearDown(&st->env);
    g_free(st->poolDir);
}


/* Closes and reopens the connection: a new driver state read from disk. */
void
stReopen(stEnv *st)
{
    virStoragePoolFree(st->pool);
    qtReopen(&st->env);
    st->pool = virStoragePoolLookupByName(st->env.conn, "p");
    CHECK(st->pool != NULL);
}


virStorageVolPtr
stVol(stEnv *st, const char *name, const char *format, const char *backing)
{
    g_autofree char *xml = g_strdup_printf(
        "<volume><name>%s</name><capacity unit='M'>16</capacity>"
        "<target><format type='%s'/></target>%s%s%s</volume>", name, format,
        backing ? "<backingStore><path>" : "", backing ? backing : "",
        backing ? "</path></backingStore>" : "");
    virStorageVolPtr vol = virStorageVolCreateXML(st->pool, xml, 0);

    if (!vol)
        testFail(__FILE__, __LINE__, "cannot create volume %s: %s", name,
                 virGetLastErrorMessage());
    return vol;
}


char *
stPath(stEnv *st, const char *file)
{
    return g_build_filename(st->poolDir, file, NULL);
}


/* Takes snapshot @name of @vol (@type "internal" or "external"); 0 or -1. */
int
stSnap(virStorageVolPtr vol, const char *name, const char *type)
{
    g_autofree char *xml = g_strdup_printf("<volsnapshot><name>%s</name><type>%s</type>"
                                           "</volsnapshot>", name, type);
    virStorageVolSnapshotPtr snap = virStorageVolSnapshotCreateXML(vol, xml, 0);

    if (!snap)
        return -1;
    virStorageVolSnapshotFree(snap);
    return 0;
}


int
stRevert(virStorageVolPtr vol, const char *name)
{
    virStorageVolSnapshotPtr snap = virStorageVolSnapshotLookupByName(vol, name, 0);
    int rc = snap ? virStorageVolRevertToSnapshot(snap, 0) : -1;

    if (snap)
        virStorageVolSnapshotFree(snap);
    return rc;
}


int
stDelete(virStorageVolPtr vol, const char *name, unsigned int flags)
{
    virStorageVolSnapshotPtr snap = virStorageVolSnapshotLookupByName(vol, name, 0);
    int rc = snap ? virStorageVolSnapshotDelete(snap, flags) : -1;

    if (snap)
        virStorageVolSnapshotFree(snap);
    return rc;
}


static gint
stCompareStrings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}


/* "name<parent" for each snapshot of @vol ("-" for roots), sorted, then
 * " *NAME" for the current one. */
char *
stTree(virStorageVolPtr vol)
{
    virStorageVolSnapshotPtr *snaps = NULL;
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) out = g_string_new(NULL);
    virStorageVolSnapshotPtr cur;
    int n = virStorageVolListAllSnapshots(vol, &snaps, 0);

    for (int i = 0; i < n; i++) {
        virStorageVolSnapshotPtr parent = virStorageVolSnapshotGetParent(snaps[i], 0);

        g_ptr_array_add(items, g_strdup_printf("%s<%s", virStorageVolSnapshotGetName(snaps[i]),
                                               parent ? virStorageVolSnapshotGetName(parent)
                                                      : "-"));
        if (parent)
            virStorageVolSnapshotFree(parent);
        virStorageVolSnapshotFree(snaps[i]);
    }
    g_free(snaps);
    g_ptr_array_sort(items, stCompareStrings);
    for (size_t i = 0; i < items->len; i++)
        g_string_append_printf(out, "%s%s", i ? " " : "", (char *)items->pdata[i]);
    if ((cur = virStorageVolSnapshotCurrent(vol, 0))) {
        g_string_append_printf(out, " *%s", virStorageVolSnapshotGetName(cur));
        virStorageVolSnapshotFree(cur);
    }
    virResetLastError();
    return g_string_free(g_steal_pointer(&out), FALSE);
}


char *
stPoolXML(stEnv *st)
{
    return virStoragePoolGetXMLDesc(st->pool, 0);
}


/* ---- pools ---- */
