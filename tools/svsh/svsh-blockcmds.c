/*
 * svsh-blockcmds.c: the commands that start block jobs — blockcommit,
 * blockpull, blockcopy
 *
 * Each starts the job and returns, or with --wait (or an option that
 * implies it) waits for the job to end or to be ready, printing its
 * progress with --verbose, and then pivots or finishes a two-phase job
 * if asked.  Option checks, their order and the messages are virsh's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "svsh-util.h"
#include "svsh-cmds.h"
#include "svsh-blockjob.h"

/* The waiting options a command was given. */
typedef struct {
    bool blocking;              /* --wait, or an option implying it */
    bool verbose;
    bool async;                 /* abort with ASYNC on timeout/SIGINT */
    int timeoutMs;
} svshWaitOpts;


/* --verbose and --async need a waiting option; @which lists them. */
static bool
svshWaitOptsCheck(svshControl *ctl, const svshWaitOpts *w, const char *which)
{
    if (w->blocking)
        return true;
    if (w->verbose) {
        svshError(ctl, "--verbose requires at least one of %s", which);
        return false;
    }
    if (w->async) {
        svshError(ctl, "--async requires at least one of %s", which);
        return false;
    }
    return true;
}


/* Ends a READY two-phase job as asked: --pivot switches the disk over,
 * @finish leaves it on its source; neither leaves the job running.
 * @done is printed on success. */
static bool
svshBlockJobConclude(svshControl *ctl, virDomainPtr dom, const char *path,
                     const svshWaitOpts *w, bool pivot, bool finish, const char *done,
                     const char *running)
{
    unsigned int flags = w->async ? VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC : 0;

    if (pivot) {
        if (virDomainBlockJobAbort(dom, path, flags | VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT) < 0) {
            svshError(ctl, "failed to pivot job for disk %s", path);
            return false;
        }
        svshPrintExtra(ctl, "\n%s", "Successfully pivoted");
    } else if (finish) {
        if (virDomainBlockJobAbort(dom, path, flags) < 0) {
            svshError(ctl, "failed to finish job for disk %s", path);
            return false;
        }
        svshPrintExtra(ctl, "\n%s", done);
    } else {
        svshPrintExtra(ctl, "\n%s", running);
    }
    return true;
}


/* Waits for the job; false (after saying "\n@what aborted/failed") if it
 * did not complete or become ready. */
static bool
svshBlockJobAwait(svshControl *ctl, svshBlockJobWait *wait, const char *what)
{
    switch (svshBlockJobWaitRun(wait)) {
    case VIR_DOMAIN_BLOCK_JOB_COMPLETED:
    case VIR_DOMAIN_BLOCK_JOB_READY:
        return true;
    case VIR_DOMAIN_BLOCK_JOB_CANCELED:
        svshPrintExtra(ctl, "\n%s aborted", what);
        return false;
    case VIR_DOMAIN_BLOCK_JOB_FAILED:
        svshPrintExtra(ctl, "\n%s failed", what);
        return false;
    default:
        return false;
    }
}


/* ---- blockcommit ---- */

/* Reads blockcommit's options into @flags, @w, *base, *top, *bandwidth. */
static bool
svshCommitOptions(svshControl *ctl, const svshCmd *cmd, unsigned int *flags,
                  svshWaitOpts *w, const char **base, const char **top,
                  unsigned long *bandwidth)
{
    static const struct { const char *option; unsigned int flag; } options[] = {
        { "bytes", VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES },
        { "shallow", VIR_DOMAIN_BLOCK_COMMIT_SHALLOW },
        { "delete", VIR_DOMAIN_BLOCK_COMMIT_DELETE },
        { "active", VIR_DOMAIN_BLOCK_COMMIT_ACTIVE },
        { "pivot", VIR_DOMAIN_BLOCK_COMMIT_ACTIVE },         /* implies --active */
        { "keep-overlay", VIR_DOMAIN_BLOCK_COMMIT_ACTIVE },  /* likewise */
        { "keep-relative", VIR_DOMAIN_BLOCK_COMMIT_RELATIVE },
    };

    if (svshOptString(ctl, cmd, "base", base) < 0 || svshOptString(ctl, cmd, "top", top) < 0)
        return false;
    if (svshOptBandwidth(ctl, cmd, svshOptBool(cmd, "bytes"), bandwidth) < 0)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (svshOptBool(cmd, options[i].option))
            *flags |= options[i].flag;
    }
    if (svshOptTimeoutMs(ctl, cmd, &w->timeoutMs) < 0)
        return false;
    w->blocking = svshOptBool(cmd, "wait") || svshOptBool(cmd, "pivot") ||
                  svshOptBool(cmd, "keep-overlay") || w->timeoutMs;
    w->verbose = svshOptBool(cmd, "verbose");
    w->async = svshOptBool(cmd, "async");
    return svshWaitOptsCheck(ctl, w, "--timeout, --wait, --pivot, or --keep-overlay");
}


bool
cmdBlockcommit(svshControl *ctl, const svshCmd *cmd)
{
    g_autoptr(svshBlockJobWait) wait = NULL;
    const char *path = NULL, *base = NULL, *top = NULL;
    svshWaitOpts w = { 0 };
    unsigned long bandwidth = 0;
    unsigned int flags = 0;
    virDomainPtr dom;
    bool active;
    bool ok = false;

    if (!svshOptExclusive(ctl, cmd, "pivot", "keep-overlay") ||
        svshOptString(ctl, cmd, "path", &path) < 0 ||
        !svshCommitOptions(ctl, cmd, &flags, &w, &base, &top, &bandwidth))
        return false;
    active = flags & VIR_DOMAIN_BLOCK_COMMIT_ACTIVE;
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    if (w.blocking)
        wait = svshBlockJobWaitNew(ctl, dom, path, "Block commit", w.verbose, w.timeoutMs,
                                   w.async);
    if (virDomainBlockCommit(dom, path, base, top, bandwidth, flags) < 0)
        goto cleanup;
    if (!w.blocking) {
        svshPrintExtra(ctl, "%s", active ? "Active Block Commit started" :
                                           "Block Commit started");
        ok = true;
    } else if (svshBlockJobAwait(ctl, wait, "Commit")) {
        if (!active) {
            svshPrintExtra(ctl, "\n%s", "Commit complete");
            ok = true;
        } else {
            ok = svshBlockJobConclude(ctl, dom, path, &w, svshOptBool(cmd, "pivot"),
                                      svshOptBool(cmd, "keep-overlay"),
                                      "Commit complete, overlay image kept",
                                      "Now in synchronized phase");
        }
    }

 cleanup:
    g_clear_pointer(&wait, svshBlockJobWaitFree);
    virDomainFree(dom);
    return ok;
}


/* ---- blockpull ---- */

bool
cmdBlockpull(svshControl *ctl, const svshCmd *cmd)
{
    g_autoptr(svshBlockJobWait) wait = NULL;
    bool bytes = svshOptBool(cmd, "bytes");
    const char *path = NULL, *base = NULL;
    svshWaitOpts w = { 0 };
    unsigned long bandwidth = 0;
    unsigned int flags = 0;
    virDomainPtr dom;
    int rc;
    bool ok = false;

    if (!svshOptRequires(ctl, cmd, "verbose", "wait") ||
        !svshOptRequires(ctl, cmd, "async", "wait") ||
        svshOptString(ctl, cmd, "path", &path) < 0 ||
        svshOptString(ctl, cmd, "base", &base) < 0 ||
        svshOptBandwidth(ctl, cmd, bytes, &bandwidth) < 0 ||
        svshOptTimeoutMs(ctl, cmd, &w.timeoutMs) < 0)
        return false;
    /* Unlike the other commands, only --wait waits. */
    w.blocking = svshOptBool(cmd, "wait");
    w.verbose = svshOptBool(cmd, "verbose");
    w.async = svshOptBool(cmd, "async");
    if (svshOptBool(cmd, "keep-relative"))
        flags |= VIR_DOMAIN_BLOCK_REBASE_RELATIVE;
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    if (w.blocking)
        wait = svshBlockJobWaitNew(ctl, dom, path, "Block Pull", w.verbose, w.timeoutMs,
                                   w.async);
    /* The older call unless a base or a flag needs the rebase one. */
    if (base || flags)
        rc = virDomainBlockRebase(dom, path, base, bandwidth, flags |
                                  (bytes ? VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES : 0));
    else
        rc = virDomainBlockPull(dom, path, bandwidth,
                                bytes ? VIR_DOMAIN_BLOCK_PULL_BANDWIDTH_BYTES : 0);
    if (rc < 0)
        goto cleanup;
    if (!w.blocking) {
        svshPrintExtra(ctl, "%s", "Block Pull started");
        ok = true;
    } else if (svshBlockJobAwait(ctl, wait, "Pull")) {
        svshPrintExtra(ctl, "\n%s", "Pull complete");
        ok = true;
    }

 cleanup:
    g_clear_pointer(&wait, svshBlockJobWaitFree);
    virDomainFree(dom);
    return ok;
}


/* ---- blockcopy ---- */

typedef struct {
    const char *path, *dest, *xml, *format;
    unsigned long bandwidth;
    unsigned long long granularity, bufSize;
    unsigned int flags;         /* virDomainBlockCopyFlags (= the rebase ones) */
    bool bytes, blockdev, pivot, finish, printXML;
    svshWaitOpts w;
} svshCopyOpts;


static bool
svshCopyOptions(svshControl *ctl, const svshCmd *cmd, svshCopyOpts *o)
{
    static const char *const conflicts[][2] = {
        { "dest", "xml" }, { "format", "xml" }, { "blockdev", "xml" }, { "pivot", "finish" },
    };

    o->bytes = svshOptBool(cmd, "bytes");
    o->blockdev = svshOptBool(cmd, "blockdev");
    o->pivot = svshOptBool(cmd, "pivot");
    o->finish = svshOptBool(cmd, "finish");
    o->printXML = svshOptBool(cmd, "print-xml");
    if (svshOptString(ctl, cmd, "path", &o->path) < 0 ||
        svshOptString(ctl, cmd, "dest", &o->dest) < 0 ||
        svshOptString(ctl, cmd, "xml", &o->xml) < 0 ||
        svshOptString(ctl, cmd, "format", &o->format) < 0 ||
        svshOptBandwidth(ctl, cmd, o->bytes, &o->bandwidth) < 0 ||
        svshOptULongLong(ctl, cmd, "granularity", G_MAXUINT, &o->granularity) < 0 ||
        svshOptULongLong(ctl, cmd, "buf-size", G_MAXUINT64, &o->bufSize) < 0 ||
        svshOptTimeoutMs(ctl, cmd, &o->w.timeoutMs) < 0)
        return false;
    if (svshOptBool(cmd, "shallow"))
        o->flags |= VIR_DOMAIN_BLOCK_COPY_SHALLOW;
    if (svshOptBool(cmd, "reuse-external"))
        o->flags |= VIR_DOMAIN_BLOCK_COPY_REUSE_EXT;
    if (svshOptBool(cmd, "transient-job"))
        o->flags |= VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB;
    if (svshOptBool(cmd, "synchronous-writes"))
        o->flags |= VIR_DOMAIN_BLOCK_COPY_SYNCHRONOUS_WRITES;
    o->w.blocking = svshOptBool(cmd, "wait") || o->pivot || o->finish || o->w.timeoutMs;
    o->w.verbose = svshOptBool(cmd, "verbose");
    o->w.async = svshOptBool(cmd, "async");
    for (size_t i = 0; i < G_N_ELEMENTS(conflicts); i++) {
        if (!svshOptExclusive(ctl, cmd, conflicts[i][0], conflicts[i][1]))
            return false;
    }
    if (!o->dest && !o->xml) {
        svshError(ctl, "%s", "need either --dest or --xml");
        return false;
    }
    return svshWaitOptsCheck(ctl, &o->w, "--timeout, --wait, --pivot, or --finish");
}


/* The <disk> describing --dest (and --format), as virsh writes it. */
static char *
svshCopyDestXML(const svshCopyOpts *o)
{
    g_autoptr(GString) xml = g_string_new(NULL);

    g_string_append_printf(xml, "<disk type='%s'>\n", o->blockdev ? "block" : "file");
    g_string_append_printf(xml, "  <source %s='", o->blockdev ? "dev" : "file");
    svshXMLEscape(xml, o->dest);
    g_string_append(xml, "'/>\n");
    if (o->format) {
        g_string_append(xml, "  <driver type='");
        svshXMLEscape(xml, o->format);
        g_string_append(xml, "'/>\n");
    }
    g_string_append(xml, "</disk>\n");
    return g_string_free(g_steal_pointer(&xml), FALSE);
}


/* The typed parameters of virDomainBlockCopy; false if the bandwidth in
 * MiB/s does not fit in bytes/s. */
static bool
svshCopyParams(svshControl *ctl, const svshCopyOpts *o, virTypedParameter *params, int *n)
{
    unsigned long long bandwidth = o->bandwidth;

    *n = 0;
    if (bandwidth) {
        if (!o->bytes) {
            unsigned long long limit = MIN((unsigned long long)ULONG_MAX, ULLONG_MAX >> 20);

            if (bandwidth > limit) {
                svshError(ctl, "bandwidth must be less than %llu", limit);
                return false;
            }
            bandwidth <<= 20;
        }
        g_strlcpy(params[*n].field, VIR_DOMAIN_BLOCK_COPY_BANDWIDTH, VIR_TYPED_PARAM_FIELD_LENGTH);
        params[*n].type = VIR_TYPED_PARAM_ULLONG;
        params[(*n)++].value.ul = bandwidth;
    }
    if (o->granularity) {
        g_strlcpy(params[*n].field, VIR_DOMAIN_BLOCK_COPY_GRANULARITY,
                  VIR_TYPED_PARAM_FIELD_LENGTH);
        params[*n].type = VIR_TYPED_PARAM_UINT;
        params[(*n)++].value.ui = o->granularity;
    }
    if (o->bufSize) {
        g_strlcpy(params[*n].field, VIR_DOMAIN_BLOCK_COPY_BUF_SIZE, VIR_TYPED_PARAM_FIELD_LENGTH);
        params[*n].type = VIR_TYPED_PARAM_ULLONG;
        params[(*n)++].value.ul = o->bufSize;
    }
    return true;
}


/* Starts the copy: virDomainBlockCopy when something needs it, else the
 * older virDomainBlockRebase.  -1 on error, 1 when only printing XML. */
static int
svshCopyStart(svshControl *ctl, virDomainPtr dom, const svshCopyOpts *o)
{
    virTypedParameter params[3] = { 0 };
    g_autofree char *xml = NULL;
    unsigned int flags = o->flags;
    int n;

    if (o->xml && !svshReadFile(ctl, o->xml, &xml))
        return -1;
    if (o->granularity || o->bufSize || (o->format && strcmp(o->format, "raw") != 0) ||
        o->xml || (flags & (VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB |
                            VIR_DOMAIN_BLOCK_COPY_SYNCHRONOUS_WRITES)) || o->printXML) {
        if (!svshCopyParams(ctl, o, params, &n))
            return -1;
        if (!xml)
            xml = svshCopyDestXML(o);
        if (o->printXML) {
            svshPrint(ctl, "%s", xml);
            return 1;
        }
        return virDomainBlockCopy(dom, o->path, xml, params, n, flags) < 0 ? -1 : 0;
    }
    flags |= VIR_DOMAIN_BLOCK_REBASE_COPY;
    if (o->blockdev)
        flags |= VIR_DOMAIN_BLOCK_REBASE_COPY_DEV;
    if (g_strcmp0(o->format, "raw") == 0)
        flags |= VIR_DOMAIN_BLOCK_REBASE_COPY_RAW;
    if (o->bytes)
        flags |= VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES;
    return virDomainBlockRebase(dom, o->path, o->dest, o->bandwidth, flags) < 0 ? -1 : 0;
}


bool
cmdBlockcopy(svshControl *ctl, const svshCmd *cmd)
{
    g_autoptr(svshBlockJobWait) wait = NULL;
    svshCopyOpts o = { 0 };
    virDomainPtr dom;
    int rc;
    bool ok = false;

    if (!svshCopyOptions(ctl, cmd, &o))
        return false;
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    if (o.w.blocking)
        wait = svshBlockJobWaitNew(ctl, dom, o.path, "Block Copy", o.w.verbose,
                                   o.w.timeoutMs, o.w.async);
    if ((rc = svshCopyStart(ctl, dom, &o)) != 0) {
        ok = rc > 0;
    } else if (!o.w.blocking) {
        svshPrintExtra(ctl, "%s", "Block Copy started");
        ok = true;
    } else if (svshBlockJobAwait(ctl, wait, "Copy")) {
        ok = svshBlockJobConclude(ctl, dom, o.path, &o.w, o.pivot, o.finish,
                                  "Successfully copied", "Now in mirroring phase");
    }
    g_clear_pointer(&wait, svshBlockJobWaitFree);
    virDomainFree(dom);
    return ok;
}


/* ---- option tables ---- */

#define OPT_DOMAIN SVSH_OPT_DOMAIN("the running domain, by name, id or UUID")
#define OPT_DISK SVSH_OPT_DISK_PATH("the disk, by target (vda) or source file")
#define OPT_BANDWIDTH \
    { "bandwidth", SVSH_OT_INT, 0, "speed limit in MiB/s (a number with a unit, " \
      "such as 512K, counts bytes)" }
#define OPT_WAIT_COMMON \
    { "verbose", SVSH_OT_BOOL, 0, "while waiting, show the progress" }, \
    { "timeout", SVSH_OT_INT, 0, "abort the job if it takes longer than this many " \
      "seconds (implies --wait)" }

const svshOptDef optsBlockcommit[] = {
    OPT_DOMAIN,
    OPT_DISK,
    OPT_BANDWIDTH,
    { "base", SVSH_OT_STRING, 0, "the layer to commit into (default: the bottom of the "
      "chain), by file or as vda[N]" },
    { "shallow", SVSH_OT_BOOL, 0, "commit into the layer just below --top" },
    { "top", SVSH_OT_STRING, 0, "the highest layer to commit (default: the active one)" },
    { "active", SVSH_OT_BOOL, 0, "allow committing the active layer (a two-phase job)" },
    { "delete", SVSH_OT_BOOL, 0, "delete the committed layers once they are out of the "
      "chain" },
    { "wait", SVSH_OT_BOOL, 0, "wait until the job ends (an active commit: until it is "
      "ready)" },
    OPT_WAIT_COMMON,
    { "pivot", SVSH_OT_BOOL, 0, "once ready, switch the disk to the base (implies "
      "--active and --wait)" },
    { "keep-overlay", SVSH_OT_BOOL, 0, "once ready, end the job and stay on the overlay "
      "(implies --active and --wait)" },
    { "async", SVSH_OT_BOOL, 0, "on timeout or Ctrl-C, do not wait for the abort to finish" },
    { "keep-relative", SVSH_OT_BOOL, 0, "keep backing names relative" },
    { "bytes", SVSH_OT_BOOL, 0, "--bandwidth is in bytes/s" },
    { NULL },
};

const svshOptDef optsBlockpull[] = {
    OPT_DOMAIN,
    OPT_DISK,
    OPT_BANDWIDTH,
    { "base", SVSH_OT_STRING, 0, "pull only the layers above this one (default: all)" },
    { "wait", SVSH_OT_BOOL, 0, "wait until the job ends" },
    { "verbose", SVSH_OT_BOOL, 0, "with --wait, show the progress" },
    { "timeout", SVSH_OT_INT, 0, "with --wait, abort the job if it takes longer than this "
      "many seconds" },
    { "async", SVSH_OT_BOOL, 0, "on timeout or Ctrl-C, do not wait for the abort to finish" },
    { "keep-relative", SVSH_OT_BOOL, 0, "keep backing names relative" },
    { "bytes", SVSH_OT_BOOL, 0, "--bandwidth is in bytes/s" },
    { NULL },
};

const svshOptDef optsBlockcopy[] = {
    OPT_DOMAIN,
    OPT_DISK,
    { "dest", SVSH_OT_STRING, 0, "the file (or block device) to copy to" },
    OPT_BANDWIDTH,
    { "shallow", SVSH_OT_BOOL, 0, "copy only the active layer, sharing its backing chain" },
    { "reuse-external", SVSH_OT_BOOL, 0, "copy into an existing destination" },
    { "blockdev", SVSH_OT_BOOL, 0, "the destination is a block device" },
    { "wait", SVSH_OT_BOOL, 0, "wait until the copy is ready (mirroring)" },
    OPT_WAIT_COMMON,
    { "pivot", SVSH_OT_BOOL, 0, "once ready, switch the disk to the copy (implies --wait)" },
    { "finish", SVSH_OT_BOOL, 0, "once ready, end the job and keep the copy aside "
      "(implies --wait)" },
    { "async", SVSH_OT_BOOL, 0, "on timeout or Ctrl-C, do not wait for the abort to finish" },
    { "xml", SVSH_OT_STRING, 0, "a file with the <disk> XML of the destination" },
    { "format", SVSH_OT_STRING, 0, "the destination's format (raw, qcow2, ...)" },
    { "granularity", SVSH_OT_INT, 0, "the copy's granularity, a power of two" },
    { "buf-size", SVSH_OT_INT, 0, "how many bytes the copy may have in flight" },
    { "bytes", SVSH_OT_BOOL, 0, "--bandwidth is in bytes/s" },
    { "transient-job", SVSH_OT_BOOL, 0, "do not keep the job if the domain stops (needed "
      "for a persistent domain)" },
    { "synchronous-writes", SVSH_OT_BOOL, 0, "guest writes reach the copy before they "
      "complete" },
    { "print-xml", SVSH_OT_BOOL, 0, "print the destination XML instead of copying" },
    { NULL },
};
