/*
 * svsh-domain.c: the "Domain Management" commands — lifecycle (define,
 * undefine, start, destroy, suspend, resume) and identity (domid,
 * domname, domuuid, dumpxml)
 *
 * Names, options, help texts, messages and the order of the checks are
 * virsh's.  Options virsh has but the library cannot serve are left out
 * (start --console and --pass-fds, the storage options of undefine); see
 * docs/svsh.md.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svsh-util.h"
#include "svsh-cmds.h"

#define OPT_DOMAIN SVSH_OPT_DOMAIN("the domain, by name, id or UUID")


/* ---- identity ---- */

static bool
cmdDomid(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYNAME | SVSH_BYUUID, NULL);
    unsigned int id;

    if (!dom)
        return false;
    id = virDomainGetID(dom);
    if (id == (unsigned int)-1)
        svshPrint(ctl, "%s\n", "-");
    else
        svshPrint(ctl, "%d\n", (int)id);
    virDomainFree(dom);
    return true;
}


static bool
cmdDomname(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYID | SVSH_BYUUID, NULL);

    if (!dom)
        return false;
    svshPrint(ctl, "%s\n", virDomainGetName(dom));
    virDomainFree(dom);
    return true;
}


static bool
cmdDomuuid(svshControl *ctl, const svshCmd *cmd)
{
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYID | SVSH_BYNAME, NULL);
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (!dom)
        return false;
    if (virDomainGetUUIDString(dom, uuid) != -1)
        svshPrint(ctl, "%s\n", uuid);
    else
        svshError(ctl, "%s", "failed to get domain UUID");
    virDomainFree(dom);
    return true;
}


static bool
cmdDumpxml(svshControl *ctl, const svshCmd *cmd)
{
    /* Read raw: an empty --xpath fails without a message, as in virsh. */
    const char *xpath = svshOptRequired(cmd, "xpath");
    unsigned int flags = 0;
    virDomainPtr dom;
    g_autofree char *xml = NULL;

    if (svshOptBool(cmd, "inactive"))
        flags |= VIR_DOMAIN_XML_INACTIVE;
    if (svshOptBool(cmd, "security-info"))
        flags |= VIR_DOMAIN_XML_SECURE;
    if (svshOptBool(cmd, "update-cpu"))
        flags |= VIR_DOMAIN_XML_UPDATE_CPU;
    if (svshOptBool(cmd, "migratable"))
        flags |= VIR_DOMAIN_XML_MIGRATABLE;
    if (xpath && !*xpath)
        return false;

    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    xml = virDomainGetXMLDesc(dom, flags);
    virDomainFree(dom);
    if (!xml)
        return false;
    return svshDumpXML(ctl, xml, xpath, svshOptBool(cmd, "wrap"));
}


/* ---- lifecycle ---- */

static bool
cmdDefine(svshControl *ctl, const svshCmd *cmd)
{
    const char *file = NULL;
    unsigned int flags = 0;
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    if (svshOptString(ctl, cmd, "file", &file) < 0)
        return false;
    if (svshOptBool(cmd, "validate"))
        flags |= VIR_DOMAIN_DEFINE_VALIDATE;
    if (!svshReadFile(ctl, file, &xml))
        return false;

    /* The flagless call unless a flag is needed: the error messages
     * name the function called. */
    dom = flags ? virDomainDefineXMLFlags(ctl->conn, xml, flags) :
                  virDomainDefineXML(ctl->conn, xml);
    if (!dom) {
        svshError(ctl, "Failed to define domain from %s", file);
        return false;
    }
    svshPrintExtra(ctl, "Domain '%s' defined from %s\n", virDomainGetName(dom), file);
    virDomainFree(dom);
    return true;
}


/* The error the library left is about flags or support it lacks. */
static bool
svshErrorIsUnsupported(svshControl *ctl)
{
    virErrorPtr err = ctl->lastError ? ctl->lastError : virGetLastError();

    return err && (err->code == VIR_ERR_NO_SUPPORT || err->code == VIR_ERR_INVALID_ARG);
}


/* The error the library left has code @code. */
static bool
svshErrorIs(svshControl *ctl, int code)
{
    virErrorPtr err = ctl->lastError ? ctl->lastError : virGetLastError();

    return err && err->code == code;
}


/* What undefining @dom involves, found out as virsh does: whether an
 * inactive domain has a managed save image (*hasSave) and snapshots with
 * metadata (*snapshots); the flags the domain actually needs (the others
 * are dropped, so that a driver that does not know them is not asked);
 * and whether the flagged call is known to do all that was asked
 * (*safe).  It is when the option for each thing to remove was given or
 * there is no such thing, or when the driver understands
 * VIR_DOMAIN_SNAPSHOT_LIST_METADATA (then it understands every undefine
 * flag).  -1 on a library error. */
static int
svshUndefinePrepare(svshControl *ctl, virDomainPtr dom, unsigned int *flags,
                    bool *safe, int *hasSave, int *snapshots)
{
    bool saveSafe = *flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;
    bool snapsSafe = *flags & VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
    int running = virDomainIsActive(dom);
    int all = 0;

    *hasSave = *snapshots = 0;
    if (running < 0)
        return -1;
    /* Only an inactive domain has a save image or blocks on snapshots. */
    if (!running) {
        if ((*hasSave = virDomainHasManagedSaveImage(dom, 0)) < 0) {
            if (!svshErrorIs(ctl, VIR_ERR_NO_SUPPORT))
                return -1;
            svshResetError(ctl);
            *hasSave = 0;
        }
        if ((all = virDomainSnapshotNum(dom, 0)) < 0) {
            if (!svshErrorIs(ctl, VIR_ERR_NO_SUPPORT))
                return -1;
            svshResetError(ctl);
            all = 0;
        }
        if (all > 0) {
            *snapshots = virDomainSnapshotNum(dom, VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
            if (*snapshots < 0) {
                /* An older driver: take every snapshot to have metadata. */
                if (!svshErrorIs(ctl, VIR_ERR_INVALID_ARG))
                    return -1;
                svshResetError(ctl);
                *snapshots = all;
            } else {
                saveSafe = snapsSafe = true;
            }
        }
    }
    if (!*hasSave) {
        *flags &= ~VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;
        saveSafe = true;
    }
    if (all == 0)
        snapsSafe = true;
    if (*snapshots == 0) {
        *flags &= ~VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
        snapsSafe = true;
    }
    /* The library has no checkpoints: there is never one to remove. */
    *flags &= ~VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;
    *safe = saveSafe && snapsSafe;
    return 0;
}


/* Undefining piece by piece, for a driver that cannot be trusted with the
 * flags: refuses what would lose state the user did not ask to lose.
 * -1 (reported) or the result of the plain undefine call. */
static int
svshUndefinePiecewise(svshControl *ctl, const svshCmd *cmd, virDomainPtr dom,
                      int hasSave, int snapshots)
{
    if (hasSave) {
        if (!svshOptBool(cmd, "managed-save")) {
            svshError(ctl, "%s", "Refusing to undefine while domain managed save image exists");
            return -1;
        }
        /* virsh removes the image first; the library has no call for it. */
        svshError(ctl, "%s", "this function is not supported by the connection driver: "
                  "virDomainManagedSaveRemove");
        return -1;
    }
    if (snapshots > 0) {
        svshError(ctl, svshOptBool(cmd, "snapshots-metadata") ?
                  "Unable to remove metadata of %d snapshots" :
                  "Refusing to undefine while %d snapshots exist", snapshots);
        return -1;
    }
    return virDomainUndefine(dom) < 0 ? 0 : 1;
}


static bool
cmdUndefine(svshControl *ctl, const svshCmd *cmd)
{
    static const struct { const char *option; unsigned int flag; } options[] = {
        { "managed-save", VIR_DOMAIN_UNDEFINE_MANAGED_SAVE },
        { "snapshots-metadata", VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA },
        { "checkpoints-metadata", VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA },
        { "nvram", VIR_DOMAIN_UNDEFINE_NVRAM },
        { "keep-nvram", VIR_DOMAIN_UNDEFINE_KEEP_NVRAM },
        { "tpm", VIR_DOMAIN_UNDEFINE_TPM },
        { "keep-tpm", VIR_DOMAIN_UNDEFINE_KEEP_TPM },
    };
    bool nvram = svshOptBool(cmd, "nvram");
    unsigned int flags = 0;
    const char *name = NULL;
    virDomainPtr dom;
    bool safe = false;
    int hasSave = 0, snapshots = 0;
    int rc = 0;  /* 1: undefined, 0: failed, -1: failed and reported */

    if (!svshOptExclusive(ctl, cmd, "nvram", "keep-nvram") ||
        !svshOptExclusive(ctl, cmd, "tpm", "keep-tpm"))
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (svshOptBool(cmd, options[i].option))
            flags |= options[i].flag;
    }
    if (!(dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, &name)))
        return false;
    if (svshUndefinePrepare(ctl, dom, &flags, &safe, &hasSave, &snapshots) < 0) {
        virDomainFree(dom);
        return false;
    }

    /* The flagged call when it is safe (and always with --nvram, which
     * only it knows); piece by piece if it is not, or if the driver does
     * not know the flags. */
    if (safe || nvram) {
        rc = virDomainUndefineFlags(dom, flags) == 0;
        if (!rc && !nvram && svshErrorIsUnsupported(ctl)) {
            svshResetError(ctl);
            safe = false;
        }
    }
    if (!safe && !nvram)
        rc = svshUndefinePiecewise(ctl, cmd, dom, hasSave, snapshots);

    if (rc > 0)
        svshPrintExtra(ctl, "Domain '%s' has been undefined\n", name);
    else if (rc == 0)
        svshError(ctl, "Failed to undefine domain '%s'", name);
    virDomainFree(dom);
    return rc > 0;
}


/* Starts @dom with @flags; FORCE_BOOT is emulated (by dropping the
 * managed save image) for a driver that does not know it. */
static int
svshStartDomain(svshControl *ctl, virDomainPtr dom, unsigned int flags)
{
    if (flags & VIR_DOMAIN_START_FORCE_BOOT) {
        if (virDomainCreateWithFlags(dom, flags) == 0)
            return 1;
        if (!svshErrorIsUnsupported(ctl))
            return -1;
        svshResetError(ctl);
        if (virDomainHasManagedSaveImage(dom, 0) > 0) {
            /* virsh removes the image; the library has no call for it. */
            svshResetError(ctl);
            svshError(ctl, "%s", "this function is not supported by the connection driver: "
                      "virDomainManagedSaveRemove");
            return -1;
        }
        svshResetError(ctl);
        flags &= ~VIR_DOMAIN_START_FORCE_BOOT;
    }
    /* The older call unless a flag needs the newer one. */
    return (flags ? virDomainCreateWithFlags(dom, flags) : virDomainCreate(dom)) < 0 ? 0 : 1;
}


static bool
cmdStart(svshControl *ctl, const svshCmd *cmd)
{
    static const struct { const char *option; unsigned int flag; } options[] = {
        { "paused", VIR_DOMAIN_START_PAUSED },
        { "autodestroy", VIR_DOMAIN_START_AUTODESTROY },
        { "bypass-cache", VIR_DOMAIN_START_BYPASS_CACHE },
        { "force-boot", VIR_DOMAIN_START_FORCE_BOOT },
        { "reset-nvram", VIR_DOMAIN_START_RESET_NVRAM },
    };
    const char *name = NULL;
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYNAME | SVSH_BYUUID, &name);
    unsigned int flags = 0;
    int rc;

    if (!dom)
        return false;
    if (virDomainGetID(dom) != (unsigned int)-1) {
        svshError(ctl, "%s", "Domain is already active");
        virDomainFree(dom);
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
        if (svshOptBool(cmd, options[i].option))
            flags |= options[i].flag;
    }
    /* -1: failed, the library's error alone; 0: failed, a message first. */
    if ((rc = svshStartDomain(ctl, dom, flags)) < 0) {
        svshReportError(ctl);
    } else if (rc == 0) {
        svshError(ctl, "Failed to start domain '%s'", name);
    } else {
        /* Unlike the other commands, its real name, not what was typed. */
        svshPrintExtra(ctl, "Domain '%s' started\n", virDomainGetName(dom));
    }
    virDomainFree(dom);
    return rc > 0;
}


static bool
cmdDestroy(svshControl *ctl, const svshCmd *cmd)
{
    const char *name = NULL;
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, &name);
    unsigned int flags = 0;
    int rc;

    if (!dom)
        return false;
    if (svshOptBool(cmd, "graceful"))
        flags |= VIR_DOMAIN_DESTROY_GRACEFUL;
    if (svshOptBool(cmd, "remove-logs"))
        flags |= VIR_DOMAIN_DESTROY_REMOVE_LOGS;
    rc = flags ? virDomainDestroyFlags(dom, flags) : virDomainDestroy(dom);
    if (rc < 0)
        svshError(ctl, "Failed to destroy domain '%s'", name);
    else
        svshPrintExtra(ctl, "Domain '%s' destroyed\n", name);
    virDomainFree(dom);
    return rc == 0;
}


/* suspend and resume: one call, one message each way. */
static bool
svshDomainAction(svshControl *ctl, const svshCmd *cmd, int (*action)(virDomainPtr),
                 const char *verb, const char *done)
{
    const char *name = NULL;
    virDomainPtr dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, &name);
    bool ok;

    if (!dom)
        return false;
    if ((ok = action(dom) == 0))
        svshPrintExtra(ctl, "Domain '%s' %s\n", name, done);
    else
        svshError(ctl, "Failed to %s domain '%s'", verb, name);
    virDomainFree(dom);
    return ok;
}


static bool
cmdSuspend(svshControl *ctl, const svshCmd *cmd)
{
    return svshDomainAction(ctl, cmd, virDomainSuspend, "suspend", "suspended");
}


static bool
cmdResume(svshControl *ctl, const svshCmd *cmd)
{
    return svshDomainAction(ctl, cmd, virDomainResume, "resume", "resumed");
}


/* ---- tables ---- */

static const svshOptDef optsDomid[] = {
    SVSH_OPT_DOMAIN("the domain, by name or UUID"),
    { NULL },
};

static const svshOptDef optsDomname[] = {
    SVSH_OPT_DOMAIN("the domain, by id or UUID"),
    { NULL },
};

static const svshOptDef optsDomuuid[] = {
    SVSH_OPT_DOMAIN("the domain, by id or name"),
    { NULL },
};

static const svshOptDef optsDomain[] = {
    OPT_DOMAIN,
    { NULL },
};

static const svshOptDef optsDumpxml[] = {
    OPT_DOMAIN,
    { "inactive", SVSH_OT_BOOL, 0, "the definition for the next start, not the running one" },
    { "security-info", SVSH_OT_BOOL, 0, "keep secrets such as passwords in the output" },
    { "update-cpu", SVSH_OT_BOOL, 0, "describe the guest CPU as the host would give it" },
    { "migratable", SVSH_OT_BOOL, 0, "leave out what another host could not accept" },
    { "xpath", SVSH_OT_STRING, SVSH_OFLAG_NAMED,
      "print only what this XPath expression selects" },
    { "wrap", SVSH_OT_BOOL, 0, "put the --xpath results under one root element" },
    { NULL },
};

static const svshOptDef optsDefine[] = {
    { "file", SVSH_OT_DATA, SVSH_OFLAG_REQ, "the domain XML to define" },
    { "validate", SVSH_OT_BOOL, 0, "check the XML against the RelaxNG schema first" },
    { NULL },
};

static const svshOptDef optsUndefine[] = {
    OPT_DOMAIN,
    { "managed-save", SVSH_OT_BOOL, 0, "drop the managed save image too" },
    { "snapshots-metadata", SVSH_OT_BOOL, 0,
      "drop the metadata of the domain's snapshots too (inactive domains)" },
    { "checkpoints-metadata", SVSH_OT_BOOL, 0,
      "drop the metadata of the domain's checkpoints too (inactive domains)" },
    { "nvram", SVSH_OT_BOOL, 0, "delete the UEFI variable store" },
    { "keep-nvram", SVSH_OT_BOOL, 0, "leave the UEFI variable store in place" },
    { "tpm", SVSH_OT_BOOL, 0, "delete the emulated TPM's state" },
    { "keep-tpm", SVSH_OT_BOOL, 0, "leave the emulated TPM's state in place" },
    { NULL },
};

static const svshOptDef optsStart[] = {
    SVSH_OPT_DOMAIN("the inactive domain, by name or UUID"),
    { "paused", SVSH_OT_BOOL, 0, "start the guest with its CPUs paused" },
    { "autodestroy", SVSH_OT_BOOL, 0, "stop the guest when this connection closes" },
    { "bypass-cache", SVSH_OT_BOOL, 0, "read a saved state past the host's page cache" },
    { "force-boot", SVSH_OT_BOOL, 0, "boot afresh, discarding a managed save image" },
    { "reset-nvram", SVSH_OT_BOOL, 0, "start from a new copy of the UEFI variable template" },
    { NULL },
};

static const svshOptDef optsDestroy[] = {
    OPT_DOMAIN,
    { "graceful", SVSH_OT_BOOL, 0, "ask the process to exit, do not kill it" },
    { "remove-logs", SVSH_OT_BOOL, 0, "delete the domain's log files too" },
    { NULL },
};

/* In virsh's order (which is not alphabetical). */
const svshCmdDef svshDomainCmds[] = {
    { "blockcommit", cmdBlockcommit, optsBlockcommit, "merge layers of a disk's backing chain",
      "Copies the data of the layers from --top down to --base into --base and drops them "
      "from the chain.  Committing the active layer (--active) is a two-phase job: once "
      "ready it mirrors guest writes until it is pivoted to the base or aborted.", 0 },
    { "blockcopy", cmdBlockcopy, optsBlockcopy, "copy a disk to a new image",
      "Copies the disk (or with --shallow its active layer) to a destination and keeps "
      "mirroring guest writes once it is ready, until the job is pivoted to the copy or "
      "ended.", 0 },
    { "blockjob", cmdBlockjob, optsBlockjob, "watch, steer or end a disk's block job",
      "Shows the progress of the job running on a disk, changes its speed limit, "
      "cancels it or pivots a ready copy or active commit.", 0 },
    { "blockpull", cmdBlockpull, optsBlockpull, "fill a disk's active layer from its "
      "backing chain",
      "Copies the data of the backing layers (those above --base) into the active layer "
      "and drops them from the chain.", 0 },
    { "define", cmdDefine, optsDefine, "define a domain from an XML file without starting it",
      "Makes a domain known from its XML description, or replaces the definition of the "
      "domain of the same name and UUID.", 0 },
    { "destroy", cmdDestroy, optsDestroy, "stop a domain at once",
      "Stops the domain the way pulling the plug would; its definition and disks stay.", 0 },
    { "domid", cmdDomid, optsDomid, "print the id of a domain", NULL, 0 },
    { "domname", cmdDomname, optsDomname, "print the name of a domain", NULL, 0 },
    { "domuuid", cmdDomuuid, optsDomuuid, "print the UUID of a domain", NULL, 0 },
    { "dumpxml", cmdDumpxml, optsDumpxml, "print the XML of a domain",
      "Prints the domain's XML description on standard output, or the parts of it an "
      "XPath expression selects.", 0 },
    { "qemu-monitor-command", cmdQemuMonitorCommand, optsQemuMonitorCommand,
      "send a command to the domain's monitor",
      "Sends a QMP command (or with --hmp a human monitor one) and prints the reply.  The "
      "test driver answers its test hooks here (docs/test-driver.md).", 0 },
    { "resume", cmdResume, optsDomain, "let a paused domain run again",
      "Resumes the CPUs of a paused domain.", 0 },
    { "start", cmdStart, optsStart, "start an inactive domain",
      "Starts a defined domain: from its managed save image if it has one, else by "
      "booting it.", 0 },
    { "suspend", cmdSuspend, optsDomain, "pause a running domain",
      "Pauses the CPUs of a running domain; it keeps its memory and resources.", 0 },
    { "undefine", cmdUndefine, optsUndefine, "remove the definition of a domain",
      "Forgets an inactive domain; a running one becomes transient and is forgotten "
      "when it stops.", 0 },
    { NULL },
};
