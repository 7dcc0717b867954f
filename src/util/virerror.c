/*
 * virerror.c: thread-local errors and the public error API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdio.h>

#include "virerror.h"
#include "virlog.h"

#define VIR_FROM_THIS VIR_FROM_NONE

VIR_LOG_INIT("util.error");

/* One message pair per virErrorNumber: without details, and a format
 * taking the details as its only %s.  The texts are libvirt's, because
 * programs and tests match on them. */
typedef struct {
    const char *plain;
    const char *detailed;
} virErrorMessage;

static const virErrorMessage virErrorMessages[] = {
    [VIR_ERR_OK] = { NULL, NULL },
    [VIR_ERR_INTERNAL_ERROR] = { "internal error", "internal error: %s" },
    [VIR_ERR_NO_MEMORY] = { "out of memory", "out of memory: %s" },
    [VIR_ERR_NO_SUPPORT] = {
        "this function is not supported by the connection driver",
        "this function is not supported by the connection driver: %s" },
    [VIR_ERR_UNKNOWN_HOST] = { "unknown host", "unknown host %s" },
    [VIR_ERR_NO_CONNECT] = { "no connection driver available",
                             "no connection driver available for %s" },
    [VIR_ERR_INVALID_CONN] = { "invalid connection pointer in",
                               "invalid connection pointer in %s" },
    [VIR_ERR_INVALID_DOMAIN] = { "invalid domain pointer in",
                                 "invalid domain pointer in %s" },
    [VIR_ERR_INVALID_ARG] = { "invalid argument", "invalid argument: %s" },
    [VIR_ERR_OPERATION_FAILED] = { "operation failed", "operation failed: %s" },
    [VIR_ERR_GET_FAILED] = { "GET operation failed", "GET operation failed: %s" },
    [VIR_ERR_POST_FAILED] = { "POST operation failed", "POST operation failed: %s" },
    [VIR_ERR_HTTP_ERROR] = { "got unknown HTTP error code",
                             "got unknown HTTP error code %s" },
    [VIR_ERR_SEXPR_SERIAL] = { "failed to serialize S-Expr",
                               "failed to serialize S-Expr: %s" },
    [VIR_ERR_NO_XEN] = { "could not use Xen hypervisor entry",
                         "could not use Xen hypervisor entry %s" },
    [VIR_ERR_XEN_CALL] = { "failed Xen syscall", "failed Xen syscall %s" },
    [VIR_ERR_OS_TYPE] = { "unknown OS type", "unknown OS type %s" },
    [VIR_ERR_NO_KERNEL] = { "missing kernel information",
                            "missing kernel information: %s" },
    [VIR_ERR_NO_ROOT] = { "missing root device information",
                          "missing root device information in %s" },
    [VIR_ERR_NO_SOURCE] = { "missing source information for device",
                            "missing source information for device %s" },
    [VIR_ERR_NO_TARGET] = { "missing target information for device",
                            "missing target information for device %s" },
    [VIR_ERR_NO_NAME] = { "missing name information",
                          "missing name information in %s" },
    [VIR_ERR_NO_OS] = { "missing operating system information",
                        "missing operating system information for %s" },
    [VIR_ERR_NO_DEVICE] = { "missing devices information",
                            "missing devices information for %s" },
    [VIR_ERR_NO_XENSTORE] = { "could not connect to Xen Store",
                              "could not connect to Xen Store %s" },
    [VIR_ERR_DRIVER_FULL] = { "too many drivers registered",
                              "too many drivers registered in %s" },
    [VIR_ERR_CALL_FAILED] = { "library call failed", "library call failed: %s" },
    [VIR_ERR_XML_ERROR] = { "XML description is invalid or not well formed",
                            "XML error: %s" },
    [VIR_ERR_DOM_EXIST] = { "this domain exists already", "domain %s exists already" },
    [VIR_ERR_OPERATION_DENIED] = { "operation forbidden for read only access",
                                   "operation forbidden: %s" },
    [VIR_ERR_OPEN_FAILED] = { "failed to open configuration file",
                              "failed to open configuration file %s" },
    [VIR_ERR_READ_FAILED] = { "failed to read configuration file",
                              "failed to read configuration file %s" },
    [VIR_ERR_PARSE_FAILED] = { "failed to parse configuration file",
                               "failed to parse configuration file %s" },
    [VIR_ERR_CONF_SYNTAX] = { "configuration file syntax error",
                              "configuration file syntax error: %s" },
    [VIR_ERR_WRITE_FAILED] = { "failed to write configuration file",
                               "failed to write configuration file: %s" },
    [VIR_ERR_XML_DETAIL] = { "parser error", "%s" },
    [VIR_ERR_INVALID_NETWORK] = { "invalid network pointer in",
                                  "invalid network pointer in %s" },
    [VIR_ERR_NETWORK_EXIST] = { "this network exists already",
                                "network %s exists already" },
    [VIR_ERR_SYSTEM_ERROR] = { "system call error", "%s" },
    [VIR_ERR_RPC] = { "RPC error", "%s" },
    [VIR_ERR_GNUTLS_ERROR] = { "GNUTLS call error", "%s" },
    [VIR_WAR_NO_NETWORK] = { "Failed to find the network",
                             "Failed to find the network: %s" },
    [VIR_ERR_NO_DOMAIN] = { "Domain not found", "Domain not found: %s" },
    [VIR_ERR_NO_NETWORK] = { "Network not found", "Network not found: %s" },
    [VIR_ERR_INVALID_MAC] = { "invalid MAC address", "invalid MAC address: %s" },
    [VIR_ERR_AUTH_FAILED] = { "authentication failed", "authentication failed: %s" },
    [VIR_ERR_INVALID_STORAGE_POOL] = { "invalid storage pool pointer in",
                                       "invalid storage pool pointer in %s" },
    [VIR_ERR_INVALID_STORAGE_VOL] = { "invalid storage volume pointer in",
                                      "invalid storage volume pointer in %s" },
    [VIR_WAR_NO_STORAGE] = { "Failed to find a storage driver",
                             "Failed to find a storage driver: %s" },
    [VIR_ERR_NO_STORAGE_POOL] = { "Storage pool not found",
                                  "Storage pool not found: %s" },
    [VIR_ERR_NO_STORAGE_VOL] = { "Storage volume not found",
                                 "Storage volume not found: %s" },
    [VIR_WAR_NO_NODE] = { "Failed to find a node driver",
                          "Failed to find a node driver: %s" },
    [VIR_ERR_INVALID_NODE_DEVICE] = { "invalid node device pointer",
                                      "invalid node device pointer in %s" },
    [VIR_ERR_NO_NODE_DEVICE] = { "Node device not found", "Node device not found: %s" },
    [VIR_ERR_NO_SECURITY_MODEL] = { "Security model not found",
                                    "Security model not found: %s" },
    [VIR_ERR_OPERATION_INVALID] = { "Requested operation is not valid",
                                    "Requested operation is not valid: %s" },
    [VIR_WAR_NO_INTERFACE] = { "Failed to find the interface",
                               "Failed to find the interface: %s" },
    [VIR_ERR_NO_INTERFACE] = { "Interface not found", "Interface not found: %s" },
    [VIR_ERR_INVALID_INTERFACE] = { "invalid interface pointer in",
                                    "invalid interface pointer in %s" },
    [VIR_ERR_MULTIPLE_INTERFACES] = { "multiple matching interfaces found",
                                      "multiple matching interfaces found: %s" },
    [VIR_WAR_NO_NWFILTER] = { "Failed to start the nwfilter driver",
                              "Failed to start the nwfilter driver: %s" },
    [VIR_ERR_INVALID_NWFILTER] = { "Invalid network filter",
                                   "Invalid network filter: %s" },
    [VIR_ERR_NO_NWFILTER] = { "Network filter not found",
                              "Network filter not found: %s" },
    [VIR_ERR_BUILD_FIREWALL] = { "Error while building firewall",
                                 "Error while building firewall: %s" },
    [VIR_WAR_NO_SECRET] = { "Failed to find a secret storage driver",
                            "Failed to find a secret storage driver: %s" },
    [VIR_ERR_INVALID_SECRET] = { "Invalid secret", "Invalid secret: %s" },
    [VIR_ERR_NO_SECRET] = { "Secret not found", "Secret not found: %s" },
    [VIR_ERR_CONFIG_UNSUPPORTED] = { "unsupported configuration",
                                     "unsupported configuration: %s" },
    [VIR_ERR_OPERATION_TIMEOUT] = { "Timed out during operation",
                                    "Timed out during operation: %s" },
    [VIR_ERR_MIGRATE_PERSIST_FAILED] = {
        "Failed to make domain persistent after migration",
        "Failed to make domain persistent after migration: %s" },
    [VIR_ERR_HOOK_SCRIPT_FAILED] = { "Hook script execution failed",
                                     "Hook script execution failed: %s" },
    [VIR_ERR_INVALID_DOMAIN_SNAPSHOT] = { "Invalid domain snapshot",
                                          "Invalid domain snapshot: %s" },
    [VIR_ERR_NO_DOMAIN_SNAPSHOT] = { "Domain snapshot not found",
                                     "Domain snapshot not found: %s" },
    [VIR_ERR_INVALID_STREAM] = { "invalid stream pointer", "invalid stream pointer in %s" },
    [VIR_ERR_ARGUMENT_UNSUPPORTED] = { "argument unsupported",
                                       "argument unsupported: %s" },
    [VIR_ERR_STORAGE_PROBE_FAILED] = { "Storage pool probe failed",
                                       "Storage pool probe failed: %s" },
    [VIR_ERR_STORAGE_POOL_BUILT] = { "Storage pool already built",
                                     "Storage pool already built: %s" },
    [VIR_ERR_SNAPSHOT_REVERT_RISKY] = { "revert requires force",
                                        "revert requires force: %s" },
    [VIR_ERR_OPERATION_ABORTED] = { "operation aborted", "operation aborted: %s" },
    [VIR_ERR_AUTH_CANCELLED] = { "authentication cancelled",
                                 "authentication cancelled: %s" },
    [VIR_ERR_NO_DOMAIN_METADATA] = { "metadata not found", "metadata not found: %s" },
    [VIR_ERR_MIGRATE_UNSAFE] = { "Unsafe migration", "Unsafe migration: %s" },
    [VIR_ERR_OVERFLOW] = { "numerical overflow", "numerical overflow: %s" },
    [VIR_ERR_BLOCK_COPY_ACTIVE] = { "block copy still active",
                                    "block copy still active: %s" },
    [VIR_ERR_OPERATION_UNSUPPORTED] = { "Operation not supported",
                                        "Operation not supported: %s" },
    [VIR_ERR_SSH] = { "SSH transport error", "SSH transport error: %s" },
    [VIR_ERR_AGENT_UNRESPONSIVE] = { "Guest agent is not responding",
                                     "Guest agent is not responding: %s" },
    [VIR_ERR_RESOURCE_BUSY] = { "resource busy", "resource busy: %s" },
    [VIR_ERR_ACCESS_DENIED] = { "access denied", "access denied: %s" },
    [VIR_ERR_DBUS_SERVICE] = { "error from service", "error from service: %s" },
    [VIR_ERR_STORAGE_VOL_EXIST] = { "this storage volume exists already",
                                    "storage volume %s exists already" },
    [VIR_ERR_CPU_INCOMPATIBLE] = { "the CPU is incompatible with host CPU",
                                   "the CPU is incompatible with host CPU: %s" },
    [VIR_ERR_XML_INVALID_SCHEMA] = {
        "XML document failed to validate against schema",
        "XML document failed to validate against schema: %s" },
    [VIR_ERR_MIGRATE_FINISH_OK] = { "migration successfully aborted",
                                    "migration successfully aborted: %s" },
    [VIR_ERR_AUTH_UNAVAILABLE] = { "authentication unavailable",
                                   "authentication unavailable: %s" },
    [VIR_ERR_NO_SERVER] = { "Server not found", "Server not found: %s" },
    [VIR_ERR_NO_CLIENT] = { "Client not found", "Client not found: %s" },
    [VIR_ERR_AGENT_UNSYNCED] = {
        "guest agent replied with wrong id to guest-sync command",
        "guest agent replied with wrong id to guest-sync command: %s" },
    [VIR_ERR_LIBSSH] = { "libssh transport error", "libssh transport error: %s" },
    [VIR_ERR_DEVICE_MISSING] = { "device not found", "device not found: %s" },
    [VIR_ERR_INVALID_NWFILTER_BINDING] = { "Invalid network filter binding",
                                           "Invalid network filter binding: %s" },
    [VIR_ERR_NO_NWFILTER_BINDING] = { "Network filter binding not found",
                                      "Network filter binding not found: %s" },
    [VIR_ERR_INVALID_DOMAIN_CHECKPOINT] = { "Invalid domain checkpoint",
                                            "Invalid domain checkpoint: %s" },
    [VIR_ERR_NO_DOMAIN_CHECKPOINT] = { "Domain checkpoint not found",
                                       "Domain checkpoint not found: %s" },
    [VIR_ERR_NO_DOMAIN_BACKUP] = { "Domain backup job id not found",
                                   "Domain backup job id not found: %s" },
    [VIR_ERR_INVALID_NETWORK_PORT] = { "Invalid network port pointer",
                                       "Invalid network port pointer: %s" },
    [VIR_ERR_NETWORK_PORT_EXIST] = { "this network port exists already",
                                     "network port %s exists already" },
    [VIR_ERR_NO_NETWORK_PORT] = { "network port not found", "network port not found: %s" },
    [VIR_ERR_NO_HOSTNAME] = { "no hostname found", "no hostname found: %s" },
    [VIR_ERR_CHECKPOINT_INCONSISTENT] = { "checkpoint inconsistent",
                                          "checkpoint inconsistent: %s" },
    [VIR_ERR_MULTIPLE_DOMAINS] = { "multiple matching domains found",
                                   "multiple matching domains found: %s" },
};

/* Names of the virErrorDomain values, as the default handler prints them. */
static const char *const virErrorDomainNames[] = {
    "", "Xen Driver", "Xen Daemon", "Xen Store", "S-Expression",
    "XML Util", "Domain", "XML-RPC", "Proxy Daemon", "Config File",
    "QEMU Driver", "Network", "Test Driver", "Remote Driver", "OpenVZ Driver",
    "Xen XM Driver", "Linux Statistics", "LXC Driver", "Storage Driver",
    "Network Driver", "Domain Config", "User Mode Linux Driver",
    "Node Device Driver", "Xen Inotify Driver", "Security Driver",
    "VirtualBox Driver", "Network Interface Driver", "Open Nebula Driver",
    "ESX Driver", "Power Hypervisor Driver", "Secrets Driver", "CPU Driver",
    "XenAPI Driver", "Network Filter Driver", "Lifecycle Hook",
    "Domain Snapshot", "Audit Utils", "Sysinfo Utils", "I/O Stream Utils",
    "VMware Driver", "Event Loop", "Xen Light Driver", "Lock Driver",
    "Hyper-V Driver", "Capabilities Utils", "URI Utils",
    "Authentication Utils", "DBus Utils", "Parallels Cloud Server",
    "Device Config", "SSH transport layer", "Lock Space", "Init control",
    "Identity", "Cgroup", "Access Manager", "Systemd", "Bhyve", "Crypto",
    "Firewall", "Polkit", "Thread jobs", "Admin Interface", "Log Manager",
    "Xen XL Config", "Perf", "Libssh transport layer", "Resource control",
    "FirewallD", "Domain Checkpoint", "TPM", "BPF", "Cloud-Hypervisor Driver",
};

G_STATIC_ASSERT(G_N_ELEMENTS(virErrorMessages) == VIR_ERR_MULTIPLE_DOMAINS + 1);
G_STATIC_ASSERT(G_N_ELEMENTS(virErrorDomainNames) == VIR_FROM_CH + 1);

static void virErrorFreeSlot(gpointer data);

/* The thread's error lives here; freed when the thread exits. */
static GPrivate virLastError = G_PRIVATE_INIT(virErrorFreeSlot);

/* The global callback, set by virSetErrorFunc. */
static GMutex virErrorHandlerLock;
static virErrorFunc virErrorHandler;
static void *virErrorHandlerData;


static void
virErrorFreeSlot(gpointer data)
{
    virFreeError(data);
}


static virErrorPtr
virErrorSlot(void)
{
    virErrorPtr err = g_private_get(&virLastError);

    if (!err) {
        err = g_new0(virError, 1);
        g_private_set(&virLastError, err);
    }
    return err;
}


void
virErrorCopyInto(const virError *from, virErrorPtr to)
{
    virResetError(to);
    if (!from)
        return;
    to->code = from->code;
    to->domain = from->domain;
    to->level = from->level;
    to->message = g_strdup(from->message);
    to->str1 = g_strdup(from->str1);
    to->str2 = g_strdup(from->str2);
    to->str3 = g_strdup(from->str3);
    to->int1 = from->int1;
    to->int2 = from->int2;
}


void
virErrorRaiseCopy(const virError *err)
{
    virErrorCopyInto(err, virErrorSlot());
    VIR_ERROR("error %d (domain %d): %s", err->code, err->domain,
              err->message ? err->message : "");
}


static const char *
virErrorFormatFor(int code, bool detailed)
{
    if (code < 0 || code >= (int)G_N_ELEMENTS(virErrorMessages))
        return detailed ? "%s" : "unknown error";
    return detailed ? virErrorMessages[code].detailed : virErrorMessages[code].plain;
}


/* Store an error in the thread's slot; @detail may be NULL or empty.
 * With @raw, @detail is the whole message (no generic prefix). */
static void
virErrorStore(int domain, int code, int int1, const char *func,
              const char *detail, bool raw)
{
    virErrorPtr err = virErrorSlot();
    bool detailed = detail && *detail;
    const char *fmt = raw ? "%s" : virErrorFormatFor(code, detailed);

    virResetError(err);
    err->domain = domain;
    err->code = code;
    err->level = VIR_ERR_ERROR;
    err->str1 = g_strdup(raw ? func : fmt);
    err->str2 = g_strdup(detailed ? detail : "");
    err->int1 = int1;
    err->int2 = -1;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    err->message = detailed || raw ? g_strdup_printf(fmt, detail ? detail : "") :
                                     g_strdup(fmt);
#pragma GCC diagnostic pop

    VIR_ERROR("%s: error %d (domain %d): %s", func, code, domain, err->message);
}


void
virErrorReport(int domain, int code, const char *func, const char *fmt, ...)
{
    int saved_errno = errno;
    g_autofree char *detail = NULL;
    va_list ap;

    if (fmt) {
        va_start(ap, fmt);
        detail = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    virErrorStore(domain, code, -1, func, detail, false);
    errno = saved_errno;
}


void
virErrorReportRaw(int domain, int code, const char *func, const char *fmt, ...)
{
    int saved_errno = errno;
    g_autofree char *message = NULL;
    va_list ap;

    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    virErrorStore(domain, code, -1, func, message, true);
    errno = saved_errno;
}


void
virErrorReportSystem(int domain, int errnum, const char *func, const char *fmt, ...)
{
    int saved_errno = errno;
    g_autofree char *what = NULL;
    g_autofree char *detail = NULL;
    va_list ap;

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    detail = g_strdup_printf("%s: %s", what, g_strerror(errnum));
    virErrorStore(domain, VIR_ERR_SYSTEM_ERROR, errnum, func, detail, false);
    errno = saved_errno;
}


const virError *
virErrorPeek(void)
{
    virErrorPtr err = g_private_get(&virLastError);

    return err && err->code != VIR_ERR_OK ? err : NULL;
}


void
virErrorEnsureSet(void)
{
    virErrorPtr err = virErrorSlot();

    /* A failure must never be silent: give a generic error if none was set. */
    if (err->code == VIR_ERR_OK) {
        err->code = VIR_ERR_INTERNAL_ERROR;
        err->domain = VIR_FROM_NONE;
        err->level = VIR_ERR_ERROR;
        err->message = g_strdup("An error occurred, but the cause is unknown");
    }
}


void
virErrorRunHandler(virErrorFunc handler, void *data)
{
    virErrorPtr err = virErrorSlot();

    if (!handler) {
        g_mutex_lock(&virErrorHandlerLock);
        handler = virErrorHandler;
        data = virErrorHandlerData;
        g_mutex_unlock(&virErrorHandlerLock);
    }
    if (handler)
        handler(data, err);
    else
        virDefaultErrorFunc(err);
}


void
virErrorPreserveLast(virErrorPtr *saved)
{
    const virError *err = virErrorPeek();

    *saved = NULL;
    if (err) {
        *saved = g_new0(virError, 1);
        virErrorCopyInto(err, *saved);
    }
}


void
virErrorRestore(virErrorPtr *saved)
{
    if (!*saved)
        return;
    virErrorCopyInto(*saved, virErrorSlot());
    g_clear_pointer(saved, virFreeError);
}


/* ---- public API ---- */

virErrorPtr
virGetLastError(void)
{
    virErrorPtr err = virErrorSlot();

    return err->code == VIR_ERR_OK ? NULL : err;
}


int
virGetLastErrorCode(void)
{
    return virErrorSlot()->code;
}


int
virGetLastErrorDomain(void)
{
    return virErrorSlot()->domain;
}


const char *
virGetLastErrorMessage(void)
{
    virErrorPtr err = virErrorSlot();

    if (err->code == VIR_ERR_OK)
        return "no error";
    return err->message ? err->message : "unknown error";
}


virErrorPtr
virSaveLastError(void)
{
    virErrorPtr copy = g_new0(virError, 1);

    virCopyLastError(copy);
    return copy;
}


int
virCopyLastError(virErrorPtr to)
{
    if (!to)
        return -1;
    /* libvirt 9.0 clears @to without freeing it first, so callers may pass
     * uninitialised memory (verified against libvirt.so.0); a caller that
     * reuses @to must virResetError() it in between. */
    memset(to, 0, sizeof(*to));
    virErrorCopyInto(virErrorSlot(), to);
    return to->code;
}


void
virResetLastError(void)
{
    virErrorPtr err = g_private_get(&virLastError);

    if (err)
        virResetError(err);
}


void
virResetError(virErrorPtr err)
{
    if (!err)
        return;
    g_free(err->message);
    g_free(err->str1);
    g_free(err->str2);
    g_free(err->str3);
    memset(err, 0, sizeof(*err));
}


void
virFreeError(virErrorPtr err)
{
    virResetError(err);
    g_free(err);
}


void
virSetErrorFunc(void *userData, virErrorFunc handler)
{
    g_mutex_lock(&virErrorHandlerLock);
    virErrorHandler = handler;
    virErrorHandlerData = userData;
    g_mutex_unlock(&virErrorHandlerLock);
}


void
virDefaultErrorFunc(virErrorPtr err)
{
    const char *level = "";
    const char *domain = "Unknown";
    const char *msg;
    size_t len;

    if (!err || err->code == VIR_ERR_OK)
        return;
    if (err->level == VIR_ERR_WARNING)
        level = "warning";
    else if (err->level == VIR_ERR_ERROR)
        level = "error";
    if (err->domain >= 0 && err->domain < (int)G_N_ELEMENTS(virErrorDomainNames))
        domain = virErrorDomainNames[err->domain];

    msg = err->message ? err->message : "";
    len = strlen(msg);
    fprintf(stderr, "libvirt: %s %s : %s%s", domain, level, msg,
            len && msg[len - 1] == '\n' ? "" : "\n");
}
