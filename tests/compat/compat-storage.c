/*
 * compat-storage.c: storage pools and volumes
 *
 * test:///default's default-pool, a pool's life cycle, volumes (raw and
 * qcow2, a backing store, sizes, lookups, resize, delete), the pools and
 * volumes of a fixture file (tests/shell/data/storage.xml) and the error
 * cases of each, including NULL handles and read-only connections.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "compat-common.h"

static virStoragePoolPtr
pool_print(const char *what, virStoragePoolPtr pool)
{
    printf("%s = %s\n", what, pool ? virStoragePoolGetName(pool) : "NULL");
    if (!pool)
        compat_print_error();
    return pool;
}


static virStorageVolPtr
vol_print(const char *what, virStorageVolPtr vol)
{
    printf("%s = %s\n", what, vol ? virStorageVolGetName(vol) : "NULL");
    if (!vol)
        compat_print_error();
    return vol;
}

#define POOL(call) pool_print(#call, (call))
#define VOL(call) vol_print(#call, (call))


static void
pool_free(virStoragePoolPtr pool)
{
    if (pool)
        virStoragePoolFree(pool);
}


static void
vol_free(virStorageVolPtr vol)
{
    if (vol)
        virStorageVolFree(vol);
}


static void
print_pool_info(virStoragePoolPtr pool)
{
    virStoragePoolInfo info;

    if (INT(virStoragePoolGetInfo(pool, &info)) == 0)
        compat_say("  state=%d capacity=%llu allocation=%llu available=%llu", info.state,
                   info.capacity, info.allocation, info.available);
}


static void
print_vol_info(virStorageVolPtr vol)
{
    virStorageVolInfo info;

    if (INT(virStorageVolGetInfo(vol, &info)) == 0)
        compat_say("  type=%d capacity=%llu allocation=%llu", info.type, info.capacity,
                   info.allocation);
}


static void
print_pools(virConnectPtr conn, const char *label, unsigned int flags)
{
    virStoragePoolPtr *pools = NULL;
    int n = virConnectListAllStoragePools(conn, &pools, flags);
    char **names = NULL;

    if (n >= 0) {
        names = calloc(n + 1, sizeof(*names));
        for (int i = 0; i < n; i++) {
            names[i] = strdup(virStoragePoolGetName(pools[i]));
            virStoragePoolFree(pools[i]);
        }
        free(pools);
    }
    compat_print_names(label, names, n, true);
    free(names);
}


static void
print_vols(virStoragePoolPtr pool, const char *label)
{
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes(pool, &vols, 0);
    char **names = NULL;

    if (n >= 0) {
        names = calloc(n + 1, sizeof(*names));
        for (int i = 0; i < n; i++) {
            names[i] = strdup(virStorageVolGetName(vols[i]));
            virStorageVolFree(vols[i]);
        }
        free(vols);
    }
    compat_print_names(label, names, n, true);
    free(names);
}


static void
section_default_pool(virConnectPtr conn)
{
    virStoragePoolPtr pool;
    char uuid[VIR_UUID_STRING_BUFLEN];
    char *names[4] = { NULL };

    compat_section("default-pool on test:///default");
    print_pools(conn, "all", 0);
    print_pools(conn, "active", VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    print_pools(conn, "inactive", VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE);
    print_pools(conn, "persistent", VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT);
    print_pools(conn, "transient", VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT);
    print_pools(conn, "autostart", VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART);
    print_pools(conn, "no-autostart", VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART);
    print_pools(conn, "dir", VIR_CONNECT_LIST_STORAGE_POOLS_DIR);
    print_pools(conn, "logical", VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL);
    INT(virConnectNumOfStoragePools(conn));
    INT(virConnectNumOfDefinedStoragePools(conn));
    compat_print_names("listed", names, virConnectListStoragePools(conn, names, 4), true);

    if (!(pool = POOL(virStoragePoolLookupByName(conn, "default-pool"))))
        return;
    INT(virStoragePoolGetUUIDString(pool, uuid));
    compat_say("uuid %s", uuid);
    pool_free(POOL(virStoragePoolLookupByUUIDString(conn, uuid)));
    print_pool_info(pool);
    INT(virStoragePoolIsActive(pool));
    INT(virStoragePoolIsPersistent(pool));
    INT(virStoragePoolNumOfVolumes(pool));
    compat_print_xml("xml", virStoragePoolGetXMLDesc(pool, 0));
    virStoragePoolFree(pool);

    pool_free(POOL(virStoragePoolLookupByName(conn, "nosuch")));
    pool_free(POOL(virStoragePoolLookupByUUIDString(conn, "11111111-2222-3333-4444-555555555555")));
}


static void
section_pool_lifecycle(virConnectPtr conn)
{
    const char *xml = "<pool type='dir'><name>p</name>"
                      "<uuid>0c0d7a43-1f26-4d2b-8f8a-5a8a8a1b2c3d</uuid>"
                      "<target><path>/compat-p</path></target></pool>";
    const char *txml = "<pool type='dir'><name>t</name>"
                       "<target><path>/compat-t</path></target></pool>";
    virStoragePoolPtr pool, t;

    compat_section("pool life cycle");
    if (!(pool = POOL(virStoragePoolDefineXML(conn, xml, 0))))
        return;
    INT(virStoragePoolIsActive(pool));
    print_pools(conn, "inactive", VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE);
    INT(virStoragePoolRefresh(pool, 0));
    INT(virStoragePoolDestroy(pool));
    INT(virStoragePoolNumOfVolumes(pool));
    compat_section("an inactive pool's sizes [diverges: libvirt's test driver gives a "
                   "pool 100 GiB when it is defined, snapvirt when it starts]");
    print_pool_info(pool);
    compat_section("pool life cycle, started");
    INT(virStoragePoolCreate(pool, 0));
    INT(virStoragePoolCreate(pool, 0));
    print_pool_info(pool);
    INT(virStoragePoolUndefine(pool));
    INT(virStoragePoolRefresh(pool, 0));
    INT(virStoragePoolDestroy(pool));
    INT(virStoragePoolUndefine(pool));
    pool_free(POOL(virStoragePoolLookupByName(conn, "p")));
    INT(virStoragePoolUndefine(pool));
    virStoragePoolFree(pool);

    if (!(t = POOL(virStoragePoolCreateXML(conn, txml, 0))))
        return;
    INT(virStoragePoolIsPersistent(t));
    print_pools(conn, "transient", VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT);
    INT(virStoragePoolUndefine(t));
    INT(virStoragePoolDestroy(t));
    pool_free(POOL(virStoragePoolLookupByName(conn, "t")));
    virStoragePoolFree(t);

    pool_free(POOL(virStoragePoolDefineXML(conn, "<pool type='dir'><name>default-pool</name>"
                                           "<target><path>/x</path></target></pool>", 0)));
    pool_free(POOL(virStoragePoolDefineXML(conn, "<pool type='dir'><name>x</name>"
                                           "<uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>"
                                           "<target><path>/x</path></target></pool>", 0)));
    pool_free(POOL(virStoragePoolDefineXML(conn, "<pool type='dir'><name>x</name>", 0)));
    pool_free(POOL(virStoragePoolDefineXML(conn, "<pool type='dir'><target><path>/x</path>"
                                           "</target></pool>", 0)));
}


static void
section_volumes(virConnectPtr conn)
{
    virStoragePoolPtr pool = POOL(virStoragePoolLookupByName(conn, "default-pool"));
    virStorageVolPtr raw, top, v;
    char *names[4] = { NULL };

    compat_section("volumes");
    if (!pool)
        return;
    raw = VOL(virStorageVolCreateXML(pool, "<volume><name>base.img</name>"
                                     "<capacity unit='M'>8</capacity>"
                                     "<allocation unit='M'>8</allocation>"
                                     "<target><format type='raw'/></target></volume>", 0));
    top = VOL(virStorageVolCreateXML(pool, "<volume><name>top.qcow2</name>"
                                     "<capacity unit='M'>8</capacity>"
                                     "<allocation unit='K'>256</allocation>"
                                     "<target><format type='qcow2'/></target>"
                                     "<backingStore><path>/default-pool/base.img</path>"
                                     "<format type='raw'/></backingStore></volume>", 0));
    if (!raw || !top)
        goto cleanup;
    print_vols(pool, "volumes");
    INT(virStoragePoolNumOfVolumes(pool));
    compat_print_names("listed", names, virStoragePoolListVolumes(pool, names, 4), true);
    print_pool_info(pool);
    print_vol_info(top);
    CSTR(virStorageVolGetKey(top));
    STR(virStorageVolGetPath(top));
    compat_print_xml("xml", virStorageVolGetXMLDesc(top, 0));
    compat_print_xml("xml", virStorageVolGetXMLDesc(raw, 0));

    vol_free(VOL(virStorageVolLookupByName(pool, "top.qcow2")));
    vol_free(VOL(virStorageVolLookupByKey(conn, "/default-pool/top.qcow2")));
    vol_free(VOL(virStorageVolLookupByPath(conn, "/default-pool/base.img")));
    if ((v = VOL(virStorageVolLookupByPath(conn, "/default-pool/base.img")))) {
        pool_free(POOL(virStoragePoolLookupByVolume(v)));
        virStorageVolFree(v);
    }
    vol_free(VOL(virStorageVolLookupByName(pool, "nosuch")));
    vol_free(VOL(virStorageVolLookupByKey(conn, "/default-pool/nosuch")));
    vol_free(VOL(virStorageVolLookupByPath(conn, "/nosuch")));

    vol_free(VOL(virStorageVolCreateXML(pool, "<volume><name>x</name>", 0)));
    vol_free(VOL(virStorageVolCreateXML(pool, "<volume><name>x</name>"
                                        "<capacity>1</capacity></volume>", 1U << 30)));

    INT(virStorageVolDelete(top, 0));
    vol_free(VOL(virStorageVolLookupByName(pool, "top.qcow2")));
    INT(virStorageVolDelete(raw, 0));
    print_vols(pool, "volumes");
    print_pool_info(pool);

    compat_section("a volume that exists [diverges: libvirt's test driver reports "
                   "VIR_ERR_OPERATION_FAILED, its storage driver (and snapvirt) "
                   "VIR_ERR_STORAGE_VOL_EXIST]");
    vol_free(VOL(virStorageVolCreateXML(pool, "<volume><name>v</name>"
                                        "<capacity>1024</capacity></volume>", 0)));
    vol_free(VOL(virStorageVolCreateXML(pool, "<volume><name>v</name>"
                                        "<capacity>1024</capacity></volume>", 0)));

    compat_section("resize [snapvirt-only: libvirt's test driver has no "
                   "virStorageVolResize]");
    if ((v = VOL(virStorageVolLookupByName(pool, "v")))) {
        INT(virStorageVolResize(v, 16 * 1024 * 1024, 0));
        print_vol_info(v);
        INT(virStorageVolResize(v, 4 * 1024 * 1024, 0));
        INT(virStorageVolResize(v, 4 * 1024 * 1024, VIR_STORAGE_VOL_RESIZE_SHRINK));
        print_vol_info(v);
        INT(virStorageVolResize(v, 4 * 1024 * 1024, 1U << 30));
        INT(virStorageVolDelete(v, 0));
        virStorageVolFree(v);
    }

 cleanup:
    vol_free(raw);
    vol_free(top);
    virStoragePoolFree(pool);
}


static void
section_fixture(void)
{
    const char *srcdir = getenv("SNAPVIRT_TEST_SRCDIR");
    char uri[4096];
    virConnectPtr conn;
    virStoragePoolPtr images, more;
    virStorageVolPtr v;

    compat_section("pools and volumes of a fixture");
    snprintf(uri, sizeof(uri), "test://%s/shell/data/storage.xml", srcdir ? srcdir : ".");
    if (!(conn = virConnectOpen(uri))) {
        compat_print_error();
        return;
    }
    print_pools(conn, "all", 0);
    print_pools(conn, "active", VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    images = POOL(virStoragePoolLookupByName(conn, "images"));
    more = POOL(virStoragePoolLookupByName(conn, "more"));
    if (images && more) {
        print_pool_info(images);
        print_pool_info(more);
        print_vols(images, "images");
        print_vols(more, "more");
        if ((v = VOL(virStorageVolLookupByName(images, "top.qcow2")))) {
            print_vol_info(v);
            compat_print_xml("xml", virStorageVolGetXMLDesc(v, 0));
            virStorageVolFree(v);
        }
        if ((v = VOL(virStorageVolLookupByPath(conn, "/more/data.qcow2")))) {
            print_vol_info(v);
            INT(virStorageVolDelete(v, 0));
            virStorageVolFree(v);
        }
        print_pool_info(more);
    }
    pool_free(images);
    pool_free(more);
    INT(virConnectClose(conn));
}


static void
section_errors(virConnectPtr conn)
{
    virConnectPtr ro;
    virStoragePoolPtr pool;

    compat_section("NULL handles and read-only connections");
    INT(virStoragePoolGetInfo(NULL, NULL));
    INT(virStoragePoolFree(NULL));
    INT(virStorageVolFree(NULL));
    CSTR(virStorageVolGetName(NULL));
    pool_free(POOL(virStoragePoolLookupByName(conn, NULL)));
    pool_free(POOL(virStoragePoolLookupByName(NULL, "default-pool")));
    vol_free(VOL(virStorageVolLookupByPath(conn, NULL)));
    INT(virConnectListAllStoragePools(conn, NULL, 1U << 30));

    if (!(ro = CONN(virConnectOpenReadOnly(COMPAT_URI))))
        return;
    if ((pool = POOL(virStoragePoolLookupByName(ro, "default-pool")))) {
        print_pool_info(pool);
        vol_free(VOL(virStorageVolCreateXML(pool, "<volume><name>v</name>"
                                            "<capacity>1</capacity></volume>", 0)));
        INT(virStoragePoolDestroy(pool));
        INT(virStoragePoolRefresh(pool, 0));
        INT(virStoragePoolUndefine(pool));
        virStoragePoolFree(pool);
    }
    pool_free(POOL(virStoragePoolDefineXML(ro, "<pool type='dir'><name>r</name>"
                                           "<target><path>/r</path></target></pool>", 0)));
    INT(virConnectClose(ro));
}


int
main(void)
{
    virConnectPtr conn;

    compat_init();
    if (!(conn = CONN(virConnectOpen(COMPAT_URI))))
        return 1;
    section_default_pool(conn);
    section_pool_lifecycle(conn);
    section_volumes(conn);
    section_fixture();
    section_errors(conn);
    compat_section("teardown");
    INT(virConnectClose(conn));
    return 0;
}
