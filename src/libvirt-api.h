/*
 * libvirt-api.h: the common shape of a public entry point
 *
 * Every entry point does the same things in the same order: reset the
 * thread's error, check the handle, check its other arguments and flags,
 * refuse writes on read-only connections, dispatch to the driver, and on
 * failure hand the error to the user's callback.  These helpers do each
 * step once, so an entry point reads as a list of its own rules:
 *
 *     if (!(conn = virAPIDomain(dom, flags, ALLOWED, VIR_API_WRITE)))
 *         return -1;
 *     return VIR_API_CALL_INT(conn, domainFoo, dom, flags);
 *
 * Every check reports the error (with libvirt's code and wording) and
 * dispatches it before returning false / NULL.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "datatypes.h"
#include "driver.h"

typedef enum {
    VIR_API_READ = 0,
    VIR_API_WRITE = 1,   /* refused on read-only connections */
} virAPIAccess;

/* Library initialisation (drivers, XML parser); idempotent, thread-safe. */
void virAPIInitialize(void);

/* Copy the thread's error to @conn (may be NULL) and run the callbacks. */
void virDispatchError(virConnectPtr conn);

/* Entry checks: reset the error, validate the handle, then the flags
 * against @allowed and the access mode.  Return the connection, or NULL
 * after reporting and dispatching the error.  @from is the error domain
 * of the calling file (VIR_FROM_THIS), as in libvirt. */
virConnectPtr virAPIConnectFrom(int from, const char *func, virConnectPtr conn,
                                unsigned int flags, unsigned int allowed,
                                virAPIAccess access);
virConnectPtr virAPIDomainFrom(int from, const char *func, virDomainPtr dom,
                               unsigned int flags, unsigned int allowed,
                               virAPIAccess access);
virConnectPtr virAPISnapshotFrom(int from, const char *func,
                                 virDomainSnapshotPtr snap,
                                 unsigned int flags, unsigned int allowed,
                                 virAPIAccess access);

/* Further argument rules; false after reporting and dispatching. */
bool virAPINonNullFrom(int from, const char *func, virConnectPtr conn,
                       const char *argname, const void *arg);
bool virAPINonNegativeFrom(int from, const char *func, virConnectPtr conn,
                           const char *argname, int arg);
bool virAPIExclusiveFrom(int from, virConnectPtr conn, unsigned int flags,
                         unsigned int a, const char *aname,
                         unsigned int b, const char *bname);
bool virAPIRequiresFrom(int from, virConnectPtr conn, unsigned int flags,
                        unsigned int flag, const char *flagname,
                        unsigned int required, const char *requiredname);

/* Dispatch the error of a failed driver call; pass the result through. */
int virAPIResultInt(virConnectPtr conn, int ret);
void *virAPIResultPtr(virConnectPtr conn, void *ret);
/* Report VIR_ERR_NO_SUPPORT for @func and dispatch; return -1 / NULL. */
int virAPIUnsupportedInt(int from, virConnectPtr conn, const char *func);
void *virAPIUnsupportedPtr(int from, virConnectPtr conn, const char *func);

#define virAPIConnect(conn, flags, allowed, access) \
    virAPIConnectFrom(VIR_FROM_THIS, __func__, conn, flags, allowed, access)
#define virAPIDomain(dom, flags, allowed, access) \
    virAPIDomainFrom(VIR_FROM_THIS, __func__, dom, flags, allowed, access)
#define virAPISnapshot(snap, flags, allowed, access) \
    virAPISnapshotFrom(VIR_FROM_THIS, __func__, snap, flags, allowed, access)
#define virAPINonNull(conn, arg) \
    virAPINonNullFrom(VIR_FROM_THIS, __func__, conn, #arg, arg)
#define virAPINonNegative(conn, arg) \
    virAPINonNegativeFrom(VIR_FROM_THIS, __func__, conn, #arg, arg)
/* Name the flags with their own spelling in the error text. */
#define virAPIExclusive(conn, flags, a, b) \
    virAPIExclusiveFrom(VIR_FROM_THIS, conn, flags, a, #a, b, #b)
#define virAPIRequires(conn, flags, flag, required) \
    virAPIRequiresFrom(VIR_FROM_THIS, conn, flags, flag, #flag, required, #required)

/* Call a driver method, or fail with NO_SUPPORT when the driver lacks it. */
#define VIR_API_CALL_INT(conn, method, ...) \
    ((conn)->driver->method ? \
     virAPIResultInt(conn, (conn)->driver->method(__VA_ARGS__)) : \
     virAPIUnsupportedInt(VIR_FROM_THIS, conn, __func__))
#define VIR_API_CALL_PTR(conn, method, ...) \
    ((conn)->driver->method ? \
     virAPIResultPtr(conn, (conn)->driver->method(__VA_ARGS__)) : \
     virAPIUnsupportedPtr(VIR_FROM_THIS, conn, __func__))
