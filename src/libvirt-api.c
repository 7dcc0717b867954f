/*
 * libvirt-api.c: the shared checks of public entry points, library
 * initialisation, and the connection-level error API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <libxml/parser.h>

#include "libvirt-api.h"
#include "util/virerror.h"
#include "util/virlog.h"
#include "driver-test/test_driver.h"
#include "driver-qemu/qemu_driver.h"
#include "rpc/remote_driver.h"

#define VIR_FROM_THIS VIR_FROM_NONE

VIR_LOG_INIT("libvirt.api");


void
virAPIInitialize(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        xmlInitParser();
        testRegister();
        qemuRegister();
        remoteRegister();
        g_once_init_leave(&done, 1);
    }
}


void
virDispatchError(virConnectPtr conn)
{
    virErrorFunc handler = NULL;
    void *data = NULL;

    virErrorEnsureSet();
    if (conn) {
        g_mutex_lock(&conn->lock);
        virErrorCopyInto(virGetLastError(), &conn->err);
        handler = conn->handler;
        data = conn->handlerData;
        g_mutex_unlock(&conn->lock);
    }
    virErrorRunHandler(handler, data);
}


/* Report @code with @func as detail and dispatch without a connection:
 * the handle itself is bad, so there is no connection to blame.  @from is
 * the error domain (libvirt's check of a connection uses the calling
 * file's, those of domains and snapshots their own). */
static void
virAPIInvalidHandle(int from, int code, const char *func)
{
    virErrorReport(from, code, func, "%s", func);
    virDispatchError(NULL);
}


static bool
virAPICheckFlagsAccess(int from, const char *func, virConnectPtr conn,
                       unsigned int flags, unsigned int allowed,
                       virAPIAccess access)
{
    if (access == VIR_API_WRITE && (conn->flags & VIR_CONNECT_RO)) {
        virErrorReport(from, VIR_ERR_OPERATION_DENIED, func,
                       "read only access prevents %s", func);
        virDispatchError(conn);
        return false;
    }
    if ((flags & ~allowed) && !(conn->driver && conn->driver->remote)) {
        /* libvirt's drivers check flags, so the error is the driver's. */
        virErrorReportRaw(conn->driver->errorDomain, VIR_ERR_INVALID_ARG, func,
                          "unsupported flags (0x%x) in function %s",
                          flags & ~allowed, func);
        virDispatchError(conn);
        return false;
    }
    return true;
}


virConnectPtr
virAPIConnectFrom(int from, const char *func, virConnectPtr conn,
                  unsigned int flags, unsigned int allowed,
                  virAPIAccess access)
{
    virAPIInitialize();
    virResetLastError();
    VIR_DEBUG("%s: conn=%p flags=0x%x", func, conn, flags);
    if (!virObjectIsClass(conn, &virConnectClass)) {
        virAPIInvalidHandle(from, VIR_ERR_INVALID_CONN, func);
        return NULL;
    }
    if (!virAPICheckFlagsAccess(from, func, conn, flags, allowed, access))
        return NULL;
    return conn;
}


virConnectPtr
virAPIDomainFrom(int from, const char *func, virDomainPtr dom,
                 unsigned int flags, unsigned int allowed,
                 virAPIAccess access)
{
    virAPIInitialize();
    virResetLastError();
    VIR_DEBUG("%s: dom=%p (%s) flags=0x%x", func, dom,
              virObjectIsClass(dom, &virDomainClass) ? dom->name : "?", flags);
    if (!virObjectIsClass(dom, &virDomainClass) ||
        !virObjectIsClass(dom->conn, &virConnectClass)) {
        virAPIInvalidHandle(VIR_FROM_DOM, VIR_ERR_INVALID_DOMAIN, func);
        return NULL;
    }
    if (!virAPICheckFlagsAccess(from, func, dom->conn, flags, allowed, access))
        return NULL;
    return dom->conn;
}


virConnectPtr
virAPISnapshotFrom(int from, const char *func, virDomainSnapshotPtr snap,
                   unsigned int flags, unsigned int allowed,
                   virAPIAccess access)
{
    virAPIInitialize();
    virResetLastError();
    VIR_DEBUG("%s: snapshot=%p flags=0x%x", func, snap, flags);
    if (!virObjectIsClass(snap, &virDomainSnapshotClass) ||
        !virObjectIsClass(snap->domain, &virDomainClass) ||
        !virObjectIsClass(snap->domain->conn, &virConnectClass)) {
        virAPIInvalidHandle(VIR_FROM_DOMAIN_SNAPSHOT,
                            VIR_ERR_INVALID_DOMAIN_SNAPSHOT, func);
        return NULL;
    }
    if (!virAPICheckFlagsAccess(from, func, snap->domain->conn, flags,
                                allowed, access))
        return NULL;
    return snap->domain->conn;
}


bool
virAPINonNullFrom(int from, const char *func, virConnectPtr conn,
                  const char *argname, const void *arg)
{
    if (arg)
        return true;
    virErrorReportRaw(from, VIR_ERR_INVALID_ARG, func,
                      "%s in %s must not be NULL", argname, func);
    virDispatchError(conn);
    return false;
}


bool
virAPINonNegativeFrom(int from, const char *func, virConnectPtr conn,
                      const char *argname, int arg)
{
    if (arg >= 0)
        return true;
    virErrorReportRaw(from, VIR_ERR_INVALID_ARG, func,
                      "%s in %s must be zero or greater", argname, func);
    virDispatchError(conn);
    return false;
}


bool
virAPIExclusiveFrom(int from, virConnectPtr conn, unsigned int flags,
                    unsigned int a, const char *aname,
                    unsigned int b, const char *bname)
{
    if (!(flags & a) || !(flags & b))
        return true;
    virErrorReportRaw(from, VIR_ERR_INVALID_ARG, __func__,
                      "Flags '%s' and '%s' are mutually exclusive", aname, bname);
    virDispatchError(conn);
    return false;
}


bool
virAPIRequiresFrom(int from, virConnectPtr conn, unsigned int flags,
                   unsigned int flag, const char *flagname,
                   unsigned int required, const char *requiredname)
{
    if (!(flags & flag) || (flags & required))
        return true;
    virErrorReportRaw(from, VIR_ERR_INVALID_ARG, __func__,
                      "Flag '%s' is required by flag '%s'", requiredname, flagname);
    virDispatchError(conn);
    return false;
}


int
virAPIResultInt(virConnectPtr conn, int ret)
{
    if (ret < 0)
        virDispatchError(conn);
    return ret;
}


void *
virAPIResultPtr(virConnectPtr conn, void *ret)
{
    if (!ret)
        virDispatchError(conn);
    return ret;
}


int
virAPIUnsupportedInt(int from, virConnectPtr conn, const char *func)
{
    virErrorReport(from, VIR_ERR_NO_SUPPORT, func, "%s", func);
    virDispatchError(conn);
    return -1;
}


void *
virAPIUnsupportedPtr(int from, virConnectPtr conn, const char *func)
{
    virAPIUnsupportedInt(from, conn, func);
    return NULL;
}


/* ---- the connection's copy of the last error ---- */

virErrorPtr
virConnGetLastError(virConnectPtr conn)
{
    if (!virObjectIsClass(conn, &virConnectClass))
        return NULL;
    return &conn->err;
}


void
virConnResetLastError(virConnectPtr conn)
{
    if (!virObjectIsClass(conn, &virConnectClass))
        return;
    g_mutex_lock(&conn->lock);
    virResetError(&conn->err);
    g_mutex_unlock(&conn->lock);
}


int
virConnCopyLastError(virConnectPtr conn, virErrorPtr to)
{
    int code;

    if (!to || !virObjectIsClass(conn, &virConnectClass))
        return -1;
    /* Like libvirt 9.0 (and virCopyLastError): @to is overwritten, not
     * freed first, and left alone when the connection has no error. */
    g_mutex_lock(&conn->lock);
    if (conn->err.code != VIR_ERR_OK) {
        memset(to, 0, sizeof(*to));
        virErrorCopyInto(&conn->err, to);
    }
    code = conn->err.code;
    g_mutex_unlock(&conn->lock);
    return code;
}


void
virConnSetErrorFunc(virConnectPtr conn, void *userData, virErrorFunc handler)
{
    if (!virObjectIsClass(conn, &virConnectClass))
        return;
    g_mutex_lock(&conn->lock);
    conn->handler = handler;
    conn->handlerData = userData;
    g_mutex_unlock(&conn->lock);
}
