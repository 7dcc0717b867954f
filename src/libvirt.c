/*
 * libvirt.c: public entry points for connections
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "libvirt-storage-api.h"
#include "util/virerror.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_NONE

VIR_LOG_INIT("libvirt");

#define VIR_CONNECT_OPEN_FLAGS (VIR_CONNECT_RO | VIR_CONNECT_NO_ALIASES)

/* The URI used when the caller passes NULL or "". */
static const char *
virConnectDefaultURI(void)
{
    const char *uri = getenv("SNAPVIRT_DEFAULT_URI");

    if (!uri || !*uri)
        uri = getenv("LIBVIRT_DEFAULT_URI");
    if (!uri || !*uri)
        uri = "test:///default";
    return uri;
}


/* Opens the storage side of a connection its hypervisor driver accepted
 * (the connection is released by the caller on failure, which closes
 * both). */
static int
virConnectOpenStorage(virConnectPtr conn, virStorageDriver *storage)
{
    if (!storage)
        return 0;
    conn->storageDriver = storage;
    if (storage->storageOpen && storage->storageOpen(conn) < 0) {
        virAPIStorageErrorDomain(conn);
        conn->storageDriver = NULL;
        return -1;
    }
    return 0;
}


/* Hand the connection to each driver that owns the URI's scheme, in
 * registration order, until one accepts it. */
static int
virConnectOpenDriver(virConnectPtr conn, virConnectAuthPtr auth,
                     unsigned int flags)
{
    const virConnectDriver *const *drivers;
    size_t ndrivers;

    drivers = virGetConnectDrivers(&ndrivers);
    for (size_t i = 0; i < ndrivers; i++) {
        virDrvOpenStatus status;
        bool owns = false;

        for (const char *const *s = drivers[i]->uriSchemes; *s; s++)
            owns |= STREQ(*s, conn->uri->scheme);
        if (!owns)
            continue;

        if (flags & ~VIR_CONNECT_OPEN_FLAGS) {
            /* libvirt's drivers check these flags, so the error is theirs. */
            virErrorReportRaw(drivers[i]->hypervisorDriver->errorDomain,
                              VIR_ERR_INVALID_ARG, __func__,
                              "unsupported flags (0x%x) in function %s",
                              flags & ~VIR_CONNECT_OPEN_FLAGS, "virConnectOpenAuth");
            return -1;
        }
        conn->driver = drivers[i]->hypervisorDriver;
        status = conn->driver->connectOpen(conn, auth, flags);
        if (status == VIR_DRV_OPEN_SUCCESS)
            return virConnectOpenStorage(conn, drivers[i]->storageDriver);
        conn->driver = NULL;
        if (status == VIR_DRV_OPEN_ERROR)
            return -1;
    }

    virReportError(VIR_ERR_NO_CONNECT, "%s", conn->uri->text);
    return -1;
}


static virConnectPtr
virConnectOpenInternal(const char *name, virConnectAuthPtr auth,
                       unsigned int flags)
{
    virConnectPtr conn;

    if (!name || !*name)
        name = virConnectDefaultURI();
    VIR_DEBUG("name=%s flags=0x%x", name, flags);

    conn = virGetConnect();
    conn->flags = flags;
    if (!(conn->uri = virURIParse(name)) ||
        virConnectOpenDriver(conn, auth, flags) < 0) {
        virObjectUnref(conn);
        virDispatchError(NULL);
        return NULL;
    }
    return conn;
}


int
virInitialize(void)
{
    virAPIInitialize();
    return 0;
}


int
virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer)
{
    virAPIInitialize();
    virResetLastError();
    if (!libVer) {
        virReportInvalidArg("libVer in %s must not be NULL", __func__);
        virDispatchError(NULL);
        return -1;
    }
    *libVer = LIBVIR_VERSION_NUMBER;
    if (typeVer)
        *typeVer = LIBVIR_VERSION_NUMBER;
    (void)type;
    return 0;
}


virConnectPtr
virConnectOpen(const char *name)
{
    virAPIInitialize();
    virResetLastError();
    return virConnectOpenInternal(name, NULL, 0);
}


virConnectPtr
virConnectOpenReadOnly(const char *name)
{
    virAPIInitialize();
    virResetLastError();
    return virConnectOpenInternal(name, NULL, VIR_CONNECT_RO);
}


virConnectPtr
virConnectOpenAuth(const char *name, virConnectAuthPtr auth, unsigned int flags)
{
    virAPIInitialize();
    virResetLastError();
    /* Unknown flags are refused by the driver the URI selects. */
    return virConnectOpenInternal(name, auth, flags);
}


int
virConnectClose(virConnectPtr conn)
{
    if (!virAPIConnectFrom(VIR_FROM_NONE, __func__, conn, 0, 0, VIR_API_READ))
        return -1;
    /* Domain and snapshot handles hold references too: the driver state
     * goes away with the last of them. */
    return virObjectUnref(conn) ? 1 : 0;
}


/* The connection's other calls live in libvirt's libvirt-host.c, whose
 * errors are VIR_FROM_DOMAIN. */
#undef VIR_FROM_THIS
#define VIR_FROM_THIS VIR_FROM_DOMAIN


int
virConnectRef(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    virObjectRef(conn);
    return 0;
}


const char *
virConnectGetType(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return NULL;
    if (conn->driver->connectGetType)
        return virAPIResultPtr(conn, (void *)conn->driver->connectGetType(conn));
    return conn->driver->name;
}


int
virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, hvVer))
        return -1;
    return VIR_API_CALL_INT(conn, connectGetVersion, conn, hvVer);
}


int
virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, libVer))
        return -1;
    /* A remote connection's is the daemon's. */
    if (conn->driver->connectGetLibVersion)
        return VIR_API_CALL_INT(conn, connectGetLibVersion, conn, libVer);
    *libVer = LIBVIR_VERSION_NUMBER;
    return 0;
}


char *
virConnectGetHostname(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return NULL;
    return VIR_API_CALL_PTR(conn, connectGetHostname, conn);
}


char *
virConnectGetURI(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return NULL;
    return g_strdup(conn->uri->text);
}


int
virConnectIsAlive(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    return VIR_API_CALL_INT(conn, connectIsAlive, conn);
}


int
virConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    return VIR_API_CALL_INT(conn, connectSetKeepAlive, conn, interval, count);
}


int
virConnectIsEncrypted(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    return VIR_API_CALL_INT(conn, connectIsEncrypted, conn);
}


int
virConnectIsSecure(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    return VIR_API_CALL_INT(conn, connectIsSecure, conn);
}


int
virNodeGetSecurityModel(virConnectPtr conn, virSecurityModelPtr secmodel)
{
    if (secmodel)
        memset(secmodel, 0, sizeof(*secmodel));
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, secmodel))
        return -1;
    return VIR_API_CALL_INT(conn, nodeGetSecurityModel, conn, secmodel);
}


/* ---- the default authentication callback: asks on the terminal ---- */

static char *
virAuthReadLine(const char *prompt, bool echo)
{
    struct termios saved, quiet;
    bool restore = false;
    char buf[1024];
    char *ret = NULL;

    fprintf(stderr, "%s: ", prompt);
    fflush(stderr);
    if (!echo && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
        quiet = saved;
        quiet.c_lflag &= ~ECHO;
        restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    if (fgets(buf, sizeof(buf), stdin)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        ret = g_strdup(buf);
    }
    if (restore) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fputc('\n', stderr);
    }
    return ret;
}


static int
virAuthDefaultCallback(virConnectCredentialPtr cred, unsigned int ncred,
                       void *cbdata G_GNUC_UNUSED)
{
    for (unsigned int i = 0; i < ncred; i++) {
        bool echo = cred[i].type != VIR_CRED_PASSPHRASE &&
                    cred[i].type != VIR_CRED_NOECHOPROMPT;
        char *answer = virAuthReadLine(cred[i].prompt, echo);

        if (!answer)
            return -1;
        if (!*answer && cred[i].defresult) {
            g_free(answer);
            answer = g_strdup(cred[i].defresult);
        }
        cred[i].result = answer;
        cred[i].resultlen = strlen(answer);
    }
    return 0;
}

static int virAuthDefaultCredTypes[] = {
    VIR_CRED_AUTHNAME, VIR_CRED_ECHOPROMPT, VIR_CRED_REALM,
    VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL,
};

static virConnectAuth virAuthDefault = {
    virAuthDefaultCredTypes, G_N_ELEMENTS(virAuthDefaultCredTypes),
    virAuthDefaultCallback, NULL,
};

virConnectAuthPtr virConnectAuthPtrDefault = &virAuthDefault;
