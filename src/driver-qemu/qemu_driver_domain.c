/*
 * qemu_driver_domain.c: the QEMU driver's domain calls: definition,
 * lifecycle and information
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <unistd.h>

#include <libvirt/libvirt-qemu.h>

#include "qemu_conf.h"
#include "qemu_command.h"
#include "qemu_driver.h"
#include "qemu_process.h"
#include "qemu_snapshot.h"
#include "util/virerror.h"
#include "util/virfile.h"
#include "util/virlog.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

VIR_LOG_INIT("qemu.qemu_driver_domain");


/* ---- definition ---- */

static virDomainDef *
qemuDomainParse(const char *xml, bool validate)
{
    g_autoptr(virDomainDef) def = virDomainDefParseString(xml, validate);

    if (def && def->osArchDefault) {
        g_free(def->osArch);
        def->osArch = g_strdup("x86_64");
        def->osArchDefault = false;
    }
    /* The name becomes a file name under the root: refuse "..", "/". */
    if (!def || virDomainObjectNameValidate("domain", def->name) < 0 ||
        qemuCommandCheckDef(def) < 0)
        return NULL;
    return g_steal_pointer(&def);
}


/* The domain with @def's name and UUID, locked and referenced: the one
 * that exists, or a new one (*@added) with @def. */
static virDomainObj *
qemuDomainObjAcquire(qemuDriver *driver, virDomainDef *def, bool persistent, bool *added)
{
    virDomainObj *obj = NULL;

    *added = false;
    g_mutex_lock(&driver->lock);
    if (virDomainObjListCheckIdentity(driver->domains, def, &obj) < 0) {
        g_mutex_unlock(&driver->lock);
        return NULL;
    }
    if (!obj) {
        obj = qemuDomainObjAdd(driver, virDomainDefRef(def), persistent);
        *added = true;
    }
    virDomainObjRef(obj);
    g_mutex_lock(&obj->lock);
    g_mutex_unlock(&driver->lock);
    return obj;
}


virDomainPtr
qemuDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    qemuDriver *driver = conn->privateData;
    g_autoptr(virDomainDef) def = NULL;
    virDomainObj *obj = NULL;
    virDomainPtr ret = NULL;
    bool added = false;

    virCheckFlags(VIR_DOMAIN_DEFINE_VALIDATE, NULL);
    if (!(def = qemuDomainParse(xml, flags & VIR_DOMAIN_DEFINE_VALIDATE)))
        return NULL;

    if (!(obj = qemuDomainObjAcquire(driver, def, true, &added)))
        return NULL;

    if (!added) {
        virDomainDef *oldLive = virDomainDefRef(obj->def);
        virDomainDef *oldNew = obj->newDef ? virDomainDefRef(obj->newDef) : NULL;
        bool oldPersistent = obj->persistent;

        if (virDomainObjIsActive(obj))
            virDomainObjSetDefs(obj, virDomainDefRef(obj->def), virDomainDefRef(def));
        else
            virDomainObjSetDefs(obj, virDomainDefRef(def), NULL);
        obj->persistent = true;
        if (qemuDomainSaveConfig(driver, obj) < 0) {
            virDomainObjSetDefs(obj, oldLive, oldNew);
            obj->persistent = oldPersistent;
            goto cleanup;
        }
        virDomainDefUnref(oldLive);
        virDomainDefUnref(oldNew);
    } else if (qemuDomainSaveConfig(driver, obj) < 0) {
        qemuDomainRemove(driver, obj);
        goto cleanup;
    }
    ret = virDomainObjHandle(conn, obj);

 cleanup:
    g_mutex_unlock(&obj->lock);
    virDomainObjUnref(obj);
    return ret;
}


/* Forgets a domain that is neither running nor defined any more, with
 * its snapshot metadata (the images stay). */
static void
qemuDomainForget(qemuDriver *driver, virDomainObj *obj)
{
    qemuSnapshotRemoveAllMetadata(driver, obj);
    qemuDomainRemove(driver, obj);
}


int
qemuDomainUndefineFlags(virDomainPtr dom, unsigned int flags)
{
    qemuDriver *driver = dom->conn->privateData;
    g_autofree char *path = NULL;
    virDomainObj *obj;
    size_t nsnapshots;
    int ret = -1;

    /* There is no managed save, NVRAM or checkpoint to keep or remove. */
    virCheckFlags(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                  VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                  VIR_DOMAIN_UNDEFINE_NVRAM |
                  VIR_DOMAIN_UNDEFINE_KEEP_NVRAM |
                  VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA, -1);
    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    if (!obj->persistent) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "cannot undefine transient domain");
        goto cleanup;
    }
    nsnapshots = virMomentTreeSize(obj->snapshots);
    if (nsnapshots && !virDomainObjIsActive(obj) &&
        !(flags & VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "cannot delete inactive domain with %zu snapshots", nsnapshots);
        goto cleanup;
    }
    path = qemuDomainConfigPath(driver, obj->def->name);
    if (virFileRemove(path) < 0)
        goto cleanup;
    if (virDomainObjIsActive(obj)) {
        /* It lives on as a transient domain, snapshots included. */
        obj->persistent = false;
        virDomainObjSetDefs(obj, virDomainDefRef(obj->def), NULL);
    } else {
        qemuDomainForget(driver, obj);
    }
    ret = 0;

 cleanup:
    qemuDomainEnd(obj);
    return ret;
}


/* ---- lifecycle ---- */

static int
qemuDomainStartObj(qemuDriver *driver, virDomainObj *obj, virDomainPtr handle,
                   virDomainDef *def, unsigned int flags)
{
    qemuDomainPrivate *priv = qemuDomainPriv(obj);
    qemuProcessStartOpts opts = {
        .paused = flags & VIR_DOMAIN_START_PAUSED,
        .reason = (flags & VIR_DOMAIN_START_PAUSED) ? VIR_DOMAIN_PAUSED_USER :
                                                      VIR_DOMAIN_RUNNING_BOOTED,
        .incomingFD = -1,
    };

    if (qemuProcessStart(driver, obj, handle, def, &opts) < 0)
        return -1;
    qemuDomainDiscardEvents(obj);
    VIR_INFO("started domain '%s' (QEMU %lld)", obj->def->name, (long long)priv->pid);
    return 0;
}


virDomainPtr
qemuDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    qemuDriver *driver = conn->privateData;
    g_autoptr(virDomainDef) def = NULL;
    virDomainObj *obj = NULL;
    virDomainPtr ret = NULL;
    bool added = false;

    virCheckFlags(VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE, NULL);
    if (!(def = qemuDomainParse(xml, flags & VIR_DOMAIN_START_VALIDATE)))
        return NULL;

    if (!(obj = qemuDomainObjAcquire(driver, def, false, &added)))
        return NULL;

    if (virDomainObjIsActive(obj)) {
        virErrorReport(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, __func__,
                       "domain '%s' is already active", obj->def->name);
    } else if (qemuDomainStartObj(driver, obj, NULL, def, flags & VIR_DOMAIN_START_PAUSED) < 0) {
        if (added)
            qemuDomainRemove(driver, obj);
    } else {
        ret = virDomainObjHandle(conn, obj);
    }
    g_mutex_unlock(&obj->lock);
    virDomainObjUnref(obj);
    return ret;
}


int
qemuDomainCreateWithFlags(virDomainPtr dom, unsigned int flags)
{
    qemuDriver *driver = dom->conn->privateData;
    virDomainObj *obj;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_START_PAUSED, -1);
    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    if (virDomainObjIsActive(obj))
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is already running");
    else
        ret = qemuDomainStartObj(driver, obj, dom, NULL, flags);
    qemuDomainEnd(obj);
    return ret;
}


int
qemuDomainDestroyFlags(virDomainPtr dom, unsigned int flags)
{
    qemuDriver *driver = dom->conn->privateData;
    virDomainObj *obj;

    virCheckFlags(VIR_DOMAIN_DESTROY_GRACEFUL, -1);
    if (!(obj = qemuDomainBeginActive(dom)))
        return -1;
    qemuProcessStop(driver, obj, dom, VIR_DOMAIN_SHUTOFF_DESTROYED);
    if (!obj->persistent)
        qemuDomainForget(driver, obj);
    qemuDomainEnd(obj);
    return 0;
}


/* Runs @cmd to move a running domain to @state (no-op if it is there). */
static int
qemuDomainSetRunState(virDomainPtr dom, const char *cmd, int state, int reason)
{
    qemuDriver *driver = dom->conn->privateData;
    virDomainObj *obj;
    int ret = -1;

    if (!(obj = qemuDomainBeginActive(dom)))
        return -1;
    if (obj->state == state) {
        ret = 0;
    } else if (qemuMonitorCommand(qemuDomainPriv(obj)->mon, cmd, NULL, NULL) == 0) {
        virDomainObjSetState(obj, state, reason);
        ret = qemuDomainSaveStatus(driver, obj);
    }
    qemuDomainEnd(obj);
    return ret;
}


int
qemuDomainSuspend(virDomainPtr dom)
{
    return qemuDomainSetRunState(dom, "stop", VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
}


int
qemuDomainResume(virDomainPtr dom)
{
    return qemuDomainSetRunState(dom, "cont", VIR_DOMAIN_RUNNING,
                                 VIR_DOMAIN_RUNNING_UNPAUSED);
}


/* ---- the monitor, for debugging and tests ---- */

int
qemuDomainQemuMonitorCommand(virDomainPtr dom, const char *cmd, char **result,
                             unsigned int flags)
{
    virDomainObj *obj;
    g_autoptr(json_object) reply = NULL;
    g_autoptr(json_object) request = NULL;
    g_autoptr(json_object) wrapped = NULL;
    json_object *execute, *args = NULL;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP, -1);
    if (flags & VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP) {
        request = qemuMonitorArgs("s:command-line", cmd, NULL);
        execute = NULL;
    } else {
        request = json_tokener_parse(cmd);
        if (!request || !json_object_is_type(request, json_type_object) ||
            !json_object_object_get_ex(request, "execute", &execute) ||
            !json_object_is_type(execute, json_type_string)) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "monitor command is not a QMP command object: '%s'", cmd);
            return -1;
        }
        if (json_object_object_get_ex(request, "arguments", &args))
            json_object_get(args);
    }

    if (!(obj = qemuDomainBeginActive(dom))) {
        json_object_put(args);
        return -1;
    }
    if (!execute) {
        ret = qemuMonitorCommand(qemuDomainPriv(obj)->mon, "human-monitor-command",
                                 g_steal_pointer(&request), &reply);
        if (ret == 0)
            *result = g_strdup(json_object_get_string(reply));
    } else {
        ret = qemuMonitorCommand(qemuDomainPriv(obj)->mon,
                                 json_object_get_string(execute), args, &reply);
        if (ret == 0) {
            wrapped = json_object_new_object();
            json_object_object_add(wrapped, "return",
                                   reply ? json_object_get(reply) : json_object_new_object());
            *result = g_strdup(json_object_to_json_string_ext(wrapped,
                                                             JSON_C_TO_STRING_PLAIN));
        }
    }
    qemuDomainEnd(obj);
    return ret;
}


/* ---- information ---- */

/* CPU time QEMU has used, in nanoseconds (0 if unknown). */
static unsigned long long
qemuDomainCPUTime(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%lld/stat", (long long)pid);
    g_autofree char *stat = NULL;
    unsigned long long utime, stime;
    const char *p;

    if (pid <= 0 || !g_file_get_contents(path, &stat, NULL, NULL) ||
        !(p = strrchr(stat, ')')))
        return 0;
    /* Fields 14 and 15 (utime, stime) come 11 and 12 fields after the
     * state, which follows the command name's closing parenthesis. */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
               &utime, &stime) != 2)
        return 0;
    return (utime + stime) * (1000000000ULL / sysconf(_SC_CLK_TCK));
}


int
qemuDomainGetInfo(virDomainPtr dom, virDomainInfoPtr info)
{
    virDomainObj *obj;

    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    info->state = obj->state;
    info->maxMem = obj->def->memory;
    info->memory = obj->def->currentMemory ? obj->def->currentMemory : obj->def->memory;
    info->nrVirtCpu = obj->def->vcpusCurrent ? obj->def->vcpusCurrent : obj->def->vcpus;
    info->cpuTime = qemuDomainCPUTime(qemuDomainPriv(obj)->pid);
    qemuDomainEnd(obj);
    return 0;
}


int
qemuDomainGetState(virDomainPtr dom, int *state, int *reason, unsigned int flags)
{
    virDomainObj *obj;

    virCheckFlags(0, -1);
    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    *state = obj->state;
    if (reason)
        *reason = obj->reason;
    qemuDomainEnd(obj);
    return 0;
}


char *
qemuDomainGetXMLDesc(virDomainPtr dom, unsigned int flags)
{
    virDomainObj *obj;
    char *ret;

    virCheckFlags(VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                  VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE, NULL);
    if (!(obj = qemuDomainBegin(dom)))
        return NULL;
    ret = virDomainObjFormat(obj, flags & (VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_MIGRATABLE),
                             flags & VIR_DOMAIN_XML_SECURE);
    qemuDomainEnd(obj);
    return ret;
}


char *
qemuDomainGetOSType(virDomainPtr dom)
{
    virDomainObj *obj;
    char *ret;

    if (!(obj = qemuDomainBegin(dom)))
        return NULL;
    ret = g_strdup(obj->def->osType ? obj->def->osType : "hvm");
    qemuDomainEnd(obj);
    return ret;
}


unsigned long long
qemuDomainGetMaxMemory(virDomainPtr dom)
{
    virDomainObj *obj;
    unsigned long long ret;

    if (!(obj = qemuDomainBegin(dom)))
        return 0;
    ret = obj->def->memory;
    qemuDomainEnd(obj);
    return ret;
}


int
qemuDomainIsActive(virDomainPtr dom)
{
    virDomainObj *obj;
    int ret;

    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    ret = virDomainObjIsActive(obj);
    qemuDomainEnd(obj);
    return ret;
}


int
qemuDomainIsPersistent(virDomainPtr dom)
{
    virDomainObj *obj;
    int ret;

    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    ret = obj->persistent;
    qemuDomainEnd(obj);
    return ret;
}


int
qemuDomainGetAutostart(virDomainPtr dom, int *autostart)
{
    virDomainObj *obj;

    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    *autostart = 0;   /* an embedded driver starts nothing by itself */
    qemuDomainEnd(obj);
    return 0;
}


int
qemuDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags)
{
    virDomainObj *obj;

    virCheckFlags(0, -1);
    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    qemuDomainEnd(obj);
    return 0;
}


int
qemuDomainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr seclabel G_GNUC_UNUSED)
{
    virDomainObj *obj;

    /* No security driver: an empty label, as libvirt gives without one. */
    if (!(obj = qemuDomainBegin(dom)))
        return -1;
    qemuDomainEnd(obj);
    return 0;
}
