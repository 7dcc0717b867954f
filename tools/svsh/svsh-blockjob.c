/*
 * svsh-blockjob.c: what the block job commands share (options, waiting
 * for a job with a progress line) and the "blockjob" command
 *
 * Waiting follows virsh: the end of the job is learnt from a BLOCK_JOB or
 * BLOCK_JOB_2 event for the disk, while the job's progress is polled
 * every 500 ms and printed when it changed; a timeout or SIGINT aborts
 * the job.  If neither event can be registered, a job that vanished
 * counts as completed and one at 100 % as ready.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svsh-util.h"
#include "svsh-cmds.h"
#include "svsh-blockjob.h"

/* How often a waiting command looks at the job, in milliseconds. */
#define SVSH_BLOCKJOB_POLL_MS 500


/* ---- options ---- */

/* A size suffix (virsh's scaled integers): "" is 1, b/B bytes, k, M, G,
 * T, P, E alone or with "iB" powers of 1024, with "B" powers of 1000.
 * 0 for an unknown suffix. */
static unsigned long long
svshSuffixScale(const char *suffix)
{
    static const char units[] = "bkmgtpe";
    const char *unit;
    unsigned long long base, scale = 1;

    if (!*suffix)
        return 1;
    if (!suffix[1] || g_ascii_strcasecmp(suffix + 1, "iB") == 0)
        base = 1024;
    else if (g_ascii_tolower(suffix[1]) == 'b' && !suffix[2])
        base = 1000;
    else
        return 0;
    if (!(unit = strchr(units, g_ascii_tolower(*suffix))) || !*unit)
        return 0;
    for (const char *u = units; u < unit; u++)
        scale *= base;
    return scale;
}


int
svshOptBandwidth(svshControl *ctl, const svshCmd *cmd, bool bytes, unsigned long *bandwidth)
{
    const char *text = NULL;
    unsigned long long v, scale;
    char *end;

    *bandwidth = 0;
    if (!svshOptBool(cmd, "bandwidth"))
        return 0;
    text = svshOptRequired(cmd, "bandwidth");
    /* A plain number, taken as it is (a negative one wraps). */
    errno = 0;
    v = strtoul(text, &end, 10);
    if (*text && !*end && !errno) {
        *bandwidth = v;
        return 0;
    }
    /* A number of bytes with a unit. */
    errno = 0;
    v = g_ascii_strtoull(text, &end, 10);
    if (end != text && !errno && !strchr(text, '-') &&
        (scale = svshSuffixScale(end)) && v <= ULONG_MAX / scale) {
        *bandwidth = bytes ? v * scale : (v * scale) >> 20;
        return 0;
    }
    svshError(ctl, "Scaled numeric value '%s' for <--bandwidth> option is malformed "
              "or out of range", text);
    /* virsh then reports why the unit was refused, as the command's error. */
    if (end != text && !errno && !strchr(text, '-') && !svshSuffixScale(end))
        svshError(ctl, "invalid argument: unknown suffix '%s'", end);
    return -1;
}


int
svshOptULongLong(svshControl *ctl, const svshCmd *cmd, const char *name,
                 unsigned long long max, unsigned long long *value)
{
    const char *text;
    char *end;

    if (!svshOptBool(cmd, name))
        return 0;
    text = svshOptRequired(cmd, name);
    errno = 0;
    *value = g_ascii_strtoull(text, &end, 10);
    if (end == text || *end || errno || strchr(text, '-') || *value > max) {
        svshError(ctl, "Numeric value '%s' for <%s> option is malformed or out of range",
                  text, name);
        return -1;
    }
    return 1;
}


int
svshOptTimeoutMs(svshControl *ctl, const svshCmd *cmd, int *timeoutMs)
{
    unsigned long long secs;
    int rc;

    *timeoutMs = 0;
    if ((rc = svshOptULongLong(ctl, cmd, "timeout", G_MAXUINT, &secs)) <= 0)
        return rc;
    /* Seconds that fit in milliseconds, and not none. */
    if (secs == 0 || secs > G_MAXINT / 1000) {
        svshError(ctl, "Numeric value '%llu' for <%s> option is malformed or out of range",
                  secs, "timeout");
        return -1;
    }
    *timeoutMs = secs * 1000;
    return 0;
}


char **
svshCompleteDiskTargets(svshControl *ctl, const svshCmd *cmd)
{
    g_autoptr(xmlXPathContext) xpath = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *xml = NULL;
    const char *name = NULL;
    xmlXPathObjectPtr targets;
    virDomainPtr dom;
    GPtrArray *list;

    if (!ctl->conn || !cmd || svshOptStringQuiet(cmd, "domain", &name) <= 0 ||
        !(dom = virDomainLookupByName(ctl->conn, name))) {
        svshResetError(ctl);
        return NULL;
    }
    xml = virDomainGetXMLDesc(dom, 0);
    virDomainFree(dom);
    svshResetError(ctl);
    if (!xml || !(doc = xmlReadMemory(xml, strlen(xml), "(domain)", NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING)) ||
        !(xpath = xmlXPathNewContext(doc)))
        return NULL;
    list = g_ptr_array_new();
    targets = xmlXPathEval(BAD_CAST "/domain/devices/disk/target/@dev", xpath);
    for (int i = 0; targets && targets->nodesetval && i < targets->nodesetval->nodeNr; i++) {
        xmlChar *dev = xmlNodeGetContent(targets->nodesetval->nodeTab[i]);

        g_ptr_array_add(list, g_strdup((const char *)dev));
        xmlFree(dev);
    }
    xmlXPathFreeObject(targets);
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(list, FALSE);
}


/* ---- progress ---- */

const char *
svshBlockJobLabel(int type)
{
    static const char *const labels[] = {
        "Unknown job", "Block Pull", "Block Copy", "Block Commit",
        "Active Block Commit", "Backup",
    };

    if (type < 0 || type >= (int)G_N_ELEMENTS(labels))
        return "Unknown job";
    return labels[type];
}


void
svshBlockJobProgress(const char *label, unsigned long long remaining,
                     unsigned long long total)
{
    int percent = 100;

    if (remaining) {
        /* In floating point: total * 100 may not fit. */
        percent = (int)(100.0 - remaining * 100.0 / total);
        if (percent >= 100)
            percent = 99;   /* 100 % is for a finished job only */
    }
    fflush(stdout);
    fprintf(stderr, "\r%s: [%3d %%]", label, percent);
    fflush(stderr);
}


/* ---- waiting ---- */

struct _svshBlockJobWait {
    svshControl *ctl;
    virDomainPtr dom;           /* a reference of its own */
    char *dev;
    const char *label;
    bool verbose;
    int timeoutMs;              /* 0: none */
    bool asyncAbort;
    int cbids[2];               /* BLOCK_JOB, BLOCK_JOB_2; -1 if not registered */
    GMutex lock;
    GCond cond;
    int status;                 /* from an event; -1 until one comes */
};


/* On the event loop's thread: an event about our disk (by path for
 * BLOCK_JOB, by target for BLOCK_JOB_2, so either may match). */
static void
svshBlockJobEvent(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom G_GNUC_UNUSED,
                  const char *disk, int type G_GNUC_UNUSED, int status, void *opaque)
{
    svshBlockJobWait *wait = opaque;

    if (g_strcmp0(disk, wait->dev) != 0)
        return;
    g_mutex_lock(&wait->lock);
    wait->status = status;
    g_cond_broadcast(&wait->cond);
    g_mutex_unlock(&wait->lock);
}


svshBlockJobWait *
svshBlockJobWaitNew(svshControl *ctl, virDomainPtr dom, const char *dev, const char *label,
                    bool verbose, int timeoutMs, bool asyncAbort)
{
    static const int ids[] = { VIR_DOMAIN_EVENT_ID_BLOCK_JOB, VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2 };
    svshBlockJobWait *wait = g_new0(svshBlockJobWait, 1);

    wait->ctl = ctl;
    virDomainRef(dom);
    wait->dom = dom;
    wait->dev = g_strdup(dev);
    wait->label = label;
    wait->verbose = verbose;
    wait->timeoutMs = timeoutMs;
    wait->asyncAbort = asyncAbort;
    wait->status = -1;
    g_mutex_init(&wait->lock);
    g_cond_init(&wait->cond);
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        wait->cbids[i] = virConnectDomainEventRegisterAny(
            ctl->conn, dom, ids[i], SVSH_EVENT_CALLBACK(svshBlockJobEvent),
            wait, NULL);
        /* Without events, polling alone tells the end. */
        if (wait->cbids[i] < 0)
            svshResetError(ctl);
    }
    return wait;
}


void
svshBlockJobWaitFree(svshBlockJobWait *wait)
{
    if (!wait)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(wait->cbids); i++) {
        if (wait->cbids[i] >= 0)
            virConnectDomainEventDeregisterAny(wait->ctl->conn, wait->cbids[i]);
    }
    virDomainFree(wait->dom);
    g_mutex_clear(&wait->lock);
    g_cond_clear(&wait->cond);
    g_free(wait->dev);
    g_free(wait);
}


/* The status an event brought, or -1. */
static int
svshBlockJobWaitStatus(svshBlockJobWait *wait)
{
    int status;

    g_mutex_lock(&wait->lock);
    status = wait->status;
    g_mutex_unlock(&wait->lock);
    return status;
}


/* Sleeps until the next poll, or until an event comes. */
static void
svshBlockJobWaitPause(svshBlockJobWait *wait)
{
    gint64 until = g_get_monotonic_time() + SVSH_BLOCKJOB_POLL_MS * 1000;

    g_mutex_lock(&wait->lock);
    while (wait->status == -1 && !svshSigintCaught() && g_get_monotonic_time() < until)
        g_cond_wait_until(&wait->cond, &wait->lock, MIN(until, g_get_monotonic_time() +
                                                         100 * 1000));
    g_mutex_unlock(&wait->lock);
}


/* Without any event registered, or with one missing: what polling
 * tells.  -1 to go on waiting. */
static int
svshBlockJobWaitFallback(svshBlockJobWait *wait, int found,
                         const virDomainBlockJobInfo *info, unsigned int *retries)
{
    bool none = wait->cbids[0] < 0 && wait->cbids[1] < 0;

    if (wait->cbids[0] >= 0 && wait->cbids[1] >= 0)
        return -1;
    if (found == 0)
        return VIR_DOMAIN_BLOCK_JOB_COMPLETED;
    /* At 100 %, give a late event a few polls' chance first. */
    if (info->cur == info->end && (none || --*retries == 0))
        return VIR_DOMAIN_BLOCK_JOB_READY;
    return -1;
}


/* Aborts the job for a timeout or SIGINT. */
static int
svshBlockJobWaitAbort(svshBlockJobWait *wait)
{
    unsigned int flags = wait->asyncAbort ? VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC : 0;

    if (virDomainBlockJobAbort(wait->dom, wait->dev, flags) < 0) {
        svshError(wait->ctl, "failed to abort job for disk '%s'", wait->dev);
        return -1;
    }
    return VIR_DOMAIN_BLOCK_JOB_CANCELED;
}


int
svshBlockJobWaitRun(svshBlockJobWait *wait)
{
    virDomainBlockJobInfo info = { 0 }, last = { 0 };
    gint64 deadline = g_get_monotonic_time() + (gint64)wait->timeoutMs * 1000;
    unsigned int retries = 5;
    int ret = -1;

    svshSigintCatch();
    while (true) {
        int found = virDomainGetBlockJobInfo(wait->dom, wait->dev, &info, 0);

        if (found < 0) {
            svshError(wait->ctl, "failed to query job for disk %s", wait->dev);
            break;
        }
        if ((ret = svshBlockJobWaitStatus(wait)) != -1 &&
            (wait->cbids[0] >= 0 || wait->cbids[1] >= 0))
            break;
        if ((ret = svshBlockJobWaitFallback(wait, found, &info, &retries)) != -1)
            break;
        if (wait->verbose && (info.cur != last.cur || info.end != last.end))
            svshBlockJobProgress(wait->label, info.end - info.cur, info.end);
        last = info;
        if (svshSigintCaught() ||
            (wait->timeoutMs && g_get_monotonic_time() > deadline)) {
            ret = svshBlockJobWaitAbort(wait);
            break;
        }
        svshBlockJobWaitPause(wait);
    }
    svshSigintRestore();
    if (wait->verbose &&
        (ret == VIR_DOMAIN_BLOCK_JOB_COMPLETED || ret == VIR_DOMAIN_BLOCK_JOB_READY))
        svshBlockJobProgress(wait->label, 0, 1);
    return ret;
}


/* ---- "blockjob" ---- */

/* Bytes in the largest unit that leaves at least 1, as virsh prints
 * capacities. */
static double
svshPrettyBytes(unsigned long long val, const char **unit)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double v = val;
    size_t i = 0;

    while (i + 1 < G_N_ELEMENTS(units) && v >= 1024) {
        v /= 1024;
        i++;
    }
    *unit = units[i];
    return v;
}


/* The job's progress and speed limit; with @raw its fields. */
static bool
svshBlockJobInfo(svshControl *ctl, virDomainPtr dom, const char *path, bool raw, bool bytes)
{
    virDomainBlockJobInfo info = { 0 };
    unsigned long long speed;
    int rc;

    /* Bytes/s unless --raw asks for the driver's MiB/s. */
    unsigned int flags = (bytes || !raw) ? VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES : 0;

    if ((rc = virDomainGetBlockJobInfo(dom, path, &info, flags)) < 0)
        return false;
    speed = info.bandwidth;
    if (rc == 0) {
        if (!raw)
            svshPrintExtra(ctl, "No current block job for %s", path);
        return true;
    }
    if (raw) {
        svshPrint(ctl, " type=%s\n bandwidth=%lu\n cur=%llu\n end=%llu\n",
                  svshBlockJobLabel(info.type), info.bandwidth, info.cur, info.end);
        return true;
    }
    svshBlockJobProgress(svshBlockJobLabel(info.type), info.end - info.cur, info.end);
    if (speed) {
        const char *unit;
        double v = svshPrettyBytes(speed, &unit);

        svshPrint(ctl, "    Bandwidth limit: %llu bytes/s (%-.3lf %s/s)", speed, v, unit);
    }
    svshPrint(ctl, "\n");
    return true;
}


bool
cmdBlockjob(svshControl *ctl, const svshCmd *cmd)
{
    /* Each mode excludes the options of the others. */
    static const char *const conflicts[][2] = {
        { "raw", "abort" }, { "raw", "pivot" }, { "raw", "async" }, { "raw", "bandwidth" },
        { "info", "abort" }, { "info", "pivot" }, { "info", "async" },
        { "info", "bandwidth" },
        { "bytes", "abort" }, { "bytes", "pivot" }, { "bytes", "async" },
    };
    bool bytes = svshOptBool(cmd, "bytes");
    bool pivot = svshOptBool(cmd, "pivot");
    bool async = svshOptBool(cmd, "async");
    const char *path = NULL;
    virDomainPtr dom;
    unsigned long bandwidth;
    bool ok = false;

    for (size_t i = 0; i < G_N_ELEMENTS(conflicts); i++) {
        if (!svshOptExclusive(ctl, cmd, conflicts[i][0], conflicts[i][1]))
            return false;
    }
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    if (svshOptString(ctl, cmd, "path", &path) < 0)
        goto cleanup;
    if (svshOptBool(cmd, "bandwidth")) {
        ok = svshOptBandwidth(ctl, cmd, bytes, &bandwidth) == 0 &&
             virDomainBlockJobSetSpeed(dom, path, bandwidth,
                                       bytes ? VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES : 0) == 0;
    } else if (svshOptBool(cmd, "abort") || pivot || async) {
        ok = virDomainBlockJobAbort(dom, path,
                                    (async ? VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC : 0) |
                                    (pivot ? VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT : 0)) == 0;
    } else {
        ok = svshBlockJobInfo(ctl, dom, path, svshOptBool(cmd, "raw"), bytes);
    }

 cleanup:
    virDomainFree(dom);
    return ok;
}


const svshOptDef optsBlockjob[] = {
    SVSH_OPT_DOMAIN("the running domain, by name, id or UUID"),
    SVSH_OPT_DISK_PATH("the disk, by target (vda) or source file"),
    { "abort", SVSH_OT_BOOL, 0, "cancel the disk's job" },
    { "async", SVSH_OT_BOOL, 0, "cancel (as --abort) but return before the job is gone" },
    { "pivot", SVSH_OT_BOOL, 0, "finish a copy or active commit that is ready by "
      "switching the disk over (ends the job as --abort does)" },
    { "info", SVSH_OT_BOOL, 0, "show the job's progress (the default)" },
    { "bytes", SVSH_OT_BOOL, 0, "bandwidth in bytes/s, not MiB/s" },
    { "raw", SVSH_OT_BOOL, 0, "show the job's fields, one per line (implies --info)" },
    { "bandwidth", SVSH_OT_INT, 0, "change the job's speed limit (MiB/s; 0: none)" },
    { NULL },
};
