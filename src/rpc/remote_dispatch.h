/*
 * remote_dispatch.h: the server's handler tables (private to src/rpc)
 *
 * A handler names the public function a procedure calls and the shape
 * of that function; remote_dispatch.c has one generic caller per shape.
 * The tables are split by subject: remote_dispatch.c (connection,
 * domains, snapshots), remote_dispatch_storage.c, remote_dispatch_block.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "virnetserver.h"
#include "virnethandle.h"
#include "remote_protocol.h"

typedef enum {
    SHAPE_CUSTOM,
    SHAPE_DOM_VOID,        /* f(dom) -> 0 */
    SHAPE_DOM_INT,         /* f(dom) -> int */
    SHAPE_DOM_FLAGS_VOID,  /* f(dom, flags) -> 0 */
    SHAPE_DOM_FLAGS_INT,   /* f(dom, flags) -> int */
    SHAPE_DOM_FLAGS_STR,   /* f(dom, flags) -> char * */
    SHAPE_DOM_FLAGS_SNAP,  /* f(dom, flags) -> snapshot */
    SHAPE_DOM_STR_FLAGS_SNAP, /* f(dom, string, flags) -> snapshot */
    SHAPE_SNAP_FLAGS_VOID, /* f(snap, flags) -> 0 */
    SHAPE_SNAP_FLAGS_INT,  /* f(snap, flags) -> int */
    SHAPE_SNAP_FLAGS_STR,  /* f(snap, flags) -> char * */
    SHAPE_SNAP_FLAGS_SNAP, /* f(snap, flags) -> snapshot */
    SHAPE_CONN_STR_FLAGS_DOM, /* f(conn, string, flags) -> domain */
    SHAPE_DOM_STR_FLAGS_VOID, /* f(dom, string, flags) -> 0 */
    SHAPE_DOM_STR_BW_FLAGS_VOID, /* f(dom, string, unsigned long, flags) -> 0 */
    SHAPE_POOL_VOID,       /* f(pool) -> 0 */
    SHAPE_POOL_INT,        /* f(pool) -> int */
    SHAPE_POOL_FLAGS_VOID, /* f(pool, flags) -> 0 */
    SHAPE_POOL_FLAGS_STR,  /* f(pool, flags) -> char * */
    SHAPE_VOL_FLAGS_VOID,  /* f(vol, flags) -> 0 */
    SHAPE_VOL_FLAGS_STR,   /* f(vol, flags) -> char * */
    SHAPE_VOL_STR,         /* f(vol) -> char * */
    SHAPE_CONN_INT,        /* f(conn) -> int */
    SHAPE_CONN_STR_DOM,    /* f(conn, string) -> domain */
    SHAPE_CONN_INT_DOM,    /* f(conn, int) -> domain */
    SHAPE_CONN_UUID_DOM,   /* f(conn, uuid) -> domain */
    SHAPE_CONN_STR_POOL,   /* f(conn, string) -> pool */
    SHAPE_CONN_UUID_POOL,  /* f(conn, uuid) -> pool */
    SHAPE_CONN_STR_FLAGS_POOL, /* f(conn, string, flags) -> pool */
    SHAPE_CONN_STR_VOL,    /* f(conn, string) -> volume */
} virNetShape;

typedef int (*virNetCustomFunc)(virNetServerClient *client, virNetValue *args,
                                virNetValue *ret);

typedef struct {
    int proc;
    virNetShape shape;
    bool beforeOpen;       /* allowed before CONNECT_OPEN */
    union {
        virNetCustomFunc custom;
        int (*domInt)(virDomainPtr);
        int (*domFlagsInt)(virDomainPtr, unsigned int);
        char *(*domFlagsStr)(virDomainPtr, unsigned int);
        virDomainSnapshotPtr (*domFlagsSnap)(virDomainPtr, unsigned int);
        virDomainSnapshotPtr (*domStrFlagsSnap)(virDomainPtr, const char *, unsigned int);
        int (*snapFlagsInt)(virDomainSnapshotPtr, unsigned int);
        char *(*snapFlagsStr)(virDomainSnapshotPtr, unsigned int);
        virDomainSnapshotPtr (*snapFlagsSnap)(virDomainSnapshotPtr, unsigned int);
        virDomainPtr (*connStrFlagsDom)(virConnectPtr, const char *, unsigned int);
        int (*domStrFlagsInt)(virDomainPtr, const char *, unsigned int);
        int (*domStrBwFlagsInt)(virDomainPtr, const char *, unsigned long, unsigned int);
        int (*poolInt)(virStoragePoolPtr);
        int (*poolFlagsInt)(virStoragePoolPtr, unsigned int);
        char *(*poolFlagsStr)(virStoragePoolPtr, unsigned int);
        int (*volFlagsInt)(virStorageVolPtr, unsigned int);
        char *(*volFlagsStr)(virStorageVolPtr, unsigned int);
        char *(*volStr)(virStorageVolPtr);
        int (*connInt)(virConnectPtr);
        virDomainPtr (*connStrDom)(virConnectPtr, const char *);
        virDomainPtr (*connIntDom)(virConnectPtr, int);
        virDomainPtr (*connUUIDDom)(virConnectPtr, const unsigned char *);
        virStoragePoolPtr (*connStrPool)(virConnectPtr, const char *);
        virStoragePoolPtr (*connUUIDPool)(virConnectPtr, const unsigned char *);
        virStoragePoolPtr (*connStrFlagsPool)(virConnectPtr, const char *, unsigned int);
        virStorageVolPtr (*connStrVol)(virConnectPtr, const char *);
    } fn;
} virNetHandler;

#define CUSTOM(num, f, early) \
    { REMOTE_PROC_##num, SHAPE_CUSTOM, early, { .custom = f } }
#define SHAPED(num, shape, member, f) \
    { REMOTE_PROC_##num, shape, false, { .member = f } }

extern const virNetHandler remoteDomainHandlers[];
extern const size_t remoteDomainHandlersCount;
extern const virNetHandler remoteStorageHandlers[];
extern const size_t remoteStorageHandlersCount;
extern const virNetHandler remoteBlockHandlers[];
extern const size_t remoteBlockHandlersCount;
extern const virNetHandler remoteEventHandlers[];
extern const size_t remoteEventHandlersCount;
extern const virNetHandler snapvirtHandlers[];
extern const size_t snapvirtHandlersCount;

/* Shared by the tables' custom handlers. */
int remoteRetNames(virNetValue *ret, int max, int (*list)(void *obj, char **names, int max),
                   void *obj);

/* Sets a wire value from a handle of the setter's own type. */
typedef void (*remoteSetFunc)(virNetValue *out, void *obj);
void remoteSetDomain(virNetValue *out, void *obj);
void remoteSetSnapshot(virNetValue *out, void *obj);
void remoteSetPool(virNetValue *out, void *obj);
void remoteSetVol(virNetValue *out, void *obj);
void remoteSetVolSnapshot(virNetValue *out, void *obj);
/* A reply of one handle: ret[0] @obj's wire form (its reference then
 * dropped); -1 for a NULL @obj (the API call failed). */
int remoteRetHandle(virNetValue *ret, void *obj, remoteSetFunc set);
/* A LIST_ALL_* reply: ret[0] the wire forms of @objs[0..n-1] (made by
 * @set; each handle's reference is then dropped and @objs freed; NULL
 * @objs: only the count), ret[1] @n.  -1 if @n is (an API failure). */
int remoteRetHandles(virNetValue *ret, void **objs, int n, remoteSetFunc set);


