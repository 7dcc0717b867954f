/*
 * svsh-snapshot-edit.c: snapshot-edit — the snapshot's XML (secrets
 * included) goes to a temporary file, $VISUAL or $EDITOR (else vi) edits
 * it, and the snapshot is redefined from what was saved.  A new name
 * needs --rename (the old metadata is dropped) or --clone (both stay).
 *
 * When redefining fails and standard input is a terminal, the user is
 * asked whether to edit again, give up or retry, as virsh asks.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "svsh-snapshot.h"

#define SVSH_DEFAULT_EDITOR "vi"

/* What an editor command may contain to be run without a shell (and a
 * temporary file name to be safe inside a shell command). */
#define SVSH_EDITOR_SAFE \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_.:@"

/* Exit statuses of a child that could not run the editor. */
#define SVSH_EXIT_CANNOT_INVOKE 126
#define SVSH_EXIT_ENOENT 127

typedef struct {
    svshControl *ctl;
    virDomainPtr dom;
    const char *name;              /* of the snapshot being edited */
    unsigned int defineFlags;
    char *tmp;                     /* the temporary file */
    char *doc;                     /* the XML as it was */
    char *edited;                  /* the XML as the editor left it */
    virDomainSnapshotPtr result;   /* the redefined snapshot */
    char *pending;                 /* an error to print last, if any */
} svshEdit;


/* Writes @doc to a new temporary file; its name, or NULL after reporting. */
static char *
svshEditTempFile(svshControl *ctl, const char *doc)
{
    const char *tmpdir = getenv("TMPDIR");
    g_autofree char *path = g_strdup_printf("%s/svshXXXXXX.xml", tmpdir ? tmpdir : "/tmp");
    size_t len = strlen(doc);
    int fd = g_mkstemp_full(path, O_RDWR | O_CLOEXEC, 0600);

    if (fd < 0) {
        svshError(ctl, "g_mkstemp_full: failed to create temporary file: %s",
                  g_strerror(errno));
        return NULL;
    }
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, doc + done, len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            svshError(ctl, "write: %s: failed to write to temporary file: %s", path,
                      g_strerror(errno));
            close(fd);
            unlink(path);
            return NULL;
        }
        done += n;
    }
    if (close(fd) < 0) {
        svshError(ctl, "close: %s: failed to write or close temporary file: %s", path,
                  g_strerror(errno));
        unlink(path);
        return NULL;
    }
    return g_steal_pointer(&path);
}


/* An argument as a shell would need it quoted, for messages. */
static void
svshEditQuote(GString *out, const char *arg)
{
    if (*arg && !strpbrk(arg, "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~")) {
        g_string_append(out, arg);
        return;
    }
    g_string_append_c(out, '\'');
    for (const char *p = arg; *p; p++) {
        if (*p == '\'')
            g_string_append(out, "'\\'");
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '\'');
}


/* Runs @argv with the shell's standard streams and waits for it; false
 * after reporting. */
static bool
svshEditSpawn(svshControl *ctl, char **argv)
{
    g_autoptr(GString) line = g_string_new(NULL);
    g_autofree char *binary = strchr(argv[0], '/') ? g_strdup(argv[0]) :
                                                      g_find_program_in_path(argv[0]);
    int status;
    pid_t pid;

    if (!binary) {
        svshError(ctl, "Cannot find '%s' in path: %s", argv[0], g_strerror(ENOENT));
        return false;
    }
    fflush(stdout);
    fflush(stderr);
    if ((pid = fork()) < 0) {
        svshError(ctl, "cannot fork child process: %s", g_strerror(errno));
        return false;
    }
    if (pid == 0) {
        execv(binary, argv);
        fprintf(stderr, "libvirt:  error : cannot execute binary %s: %s\n", binary,
                g_strerror(errno));
        _exit(errno == ENOENT ? SVSH_EXIT_ENOENT : SVSH_EXIT_CANNOT_INVOKE);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    for (char **a = argv; *a; a++) {
        if (a != argv)
            g_string_append_c(line, ' ');
        svshEditQuote(line, *a);
    }
    if (WIFEXITED(status))
        svshError(ctl, "internal error: Child process (%s) unexpected exit status %d",
                  line->str, WEXITSTATUS(status));
    else
        svshError(ctl, "internal error: Child process (%s) unexpected fatal signal %d",
                  line->str, WTERMSIG(status));
    return false;
}


/* Runs the user's editor on @file.  An editor command with more than a
 * plain path (options, say) goes through sh -c. */
static bool
svshEditRun(svshControl *ctl, const char *file)
{
    const char *editor = getenv("VISUAL");
    g_autofree char *shcmd = NULL;

    if (!editor)
        editor = getenv("EDITOR");
    if (!editor)
        editor = SVSH_DEFAULT_EDITOR;
    if (strspn(editor, SVSH_EDITOR_SAFE) == strlen(editor))
        return svshEditSpawn(ctl, (char *[]){ (char *)editor, (char *)file, NULL });
    if (strspn(file, SVSH_EDITOR_SAFE) != strlen(file)) {
        svshError(ctl, "%s: temporary filename contains shell meta or other unacceptable "
                  "characters (is $TMPDIR wrong?)", file);
        return false;
    }
    shcmd = g_strdup_printf("%s %s", editor, file);
    return svshEditSpawn(ctl, (char *[]){ (char *)"sh", (char *)"-c", shcmd, NULL });
}


/* Reads the edited file back into e->edited. */
static bool
svshEditReadBack(svshEdit *e)
{
    g_autofree char *text = NULL;
    const char *failed;
    int err = svshReadFileErrno(e->tmp, &text, &failed);

    if (err) {
        svshError(e->ctl, "%s: failed to read temporary file: %s", e->tmp, g_strerror(err));
        e->pending = g_strdup_printf("Failed to %s file '%s': %s", failed, e->tmp,
                                     g_strerror(err));
        return false;
    }
    g_free(e->edited);
    e->edited = g_steal_pointer(&text);
    return true;
}


/* Asks whether to edit again ('y'), give up ('n') or retry as is ('f');
 * -1 when standard input is not a terminal. */
static int
svshEditAsk(svshControl *ctl, const char *msg)
{
    struct termios saved, raw;
    int c = -1;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) < 0)
        return -1;
    svshReportError(ctl);
    raw = saved;
    cfmakeraw(&raw);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0)
        return -1;
    for (;;) {
        svshPrint(ctl, "\r%s %s %s: ", msg, "Try again?", "[y,n,f,?]");
        c = g_ascii_tolower(getchar());
        if (c == '?') {
            svshPrint(ctl, "\r\n%s\r\n%s\r\n%s\r\n%s\r\n", "y - yes, start editor again",
                      "n - no, throw away my changes", "f - force, try to redefine again",
                      "? - print this help");
        } else if (c == 'y' || c == 'n' || c == 'f' || c == EOF) {
            break;
        }
    }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    svshPrint(ctl, "\r\n");
    return c == EOF ? 'n' : c;
}


/* Redefines the snapshot from e->edited unless it changed meanwhile:
 * NULL on success, else what went wrong; false if it cannot tell. */
static bool
svshEditDefine(svshEdit *e, virDomainSnapshotPtr snap, const char **msg)
{
    g_autofree char *reread = virDomainSnapshotGetXMLDesc(snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
    unsigned int flags = e->defineFlags;

    *msg = NULL;
    if (!reread)
        return false;
    if (strcmp(e->doc, reread) != 0) {
        *msg = "The XML configuration was changed by another user.";
        g_free(e->doc);
        e->doc = g_steal_pointer(&reread);
        return true;
    }
    /* A disk-only snapshot can only be redefined as one. */
    if (strstr(e->doc, "<state>disk-snapshot</state>"))
        flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
    if (!(e->result = virDomainSnapshotCreateXML(e->dom, e->edited, flags)))
        *msg = "Failed.";
    return true;
}


/* Edits until the snapshot is redefined (1), the XML was left as it was
 * (0) or it failed (-1, reported). */
static int
svshEditLoop(svshEdit *e, virDomainSnapshotPtr snap)
{
    bool edit = true;

    for (;;) {
        const char *msg;

        if (edit) {
            if (!svshEditRun(e->ctl, e->tmp) || !svshEditReadBack(e))
                return -1;
            /* Unchanged XML is still redefined when it is to become current. */
            if (strcmp(e->doc, e->edited) == 0 &&
                !(e->defineFlags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT)) {
                svshPrintExtra(e->ctl, "Snapshot %s XML configuration not changed.\n", e->name);
                return 0;
            }
        }
        if (!svshEditDefine(e, snap, &msg))
            return -1;
        if (!msg)
            return 1;
        switch (svshEditAsk(e->ctl, msg)) {
        case 'y': edit = true; break;
        case 'f': edit = false; break;
        case 'n': return -1;
        default:
            svshError(e->ctl, "%s", msg);
            return -1;
        }
    }
}


/* After a redefinition under a new name: keep both (--clone), drop the
 * old metadata (--rename), or undo it. */
static bool
svshEditFinish(svshEdit *e, virDomainSnapshotPtr snap, const svshCmd *cmd)
{
    const char *newName = virDomainSnapshotGetName(e->result);
    bool rename = svshOptBool(cmd, "rename");

    if (strcmp(e->name, newName) == 0) {
        svshPrintExtra(e->ctl, "Snapshot %s edited.\n", e->name);
        return true;
    }
    if (svshOptBool(cmd, "clone")) {
        svshPrintExtra(e->ctl, "Snapshot %s cloned to %s.\n", e->name, newName);
        return true;
    }
    if (virDomainSnapshotDelete(rename ? snap : e->result,
                                VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY) < 0) {
        svshReportError(e->ctl);
        svshError(e->ctl, "Failed to clean up %s", rename ? e->name : newName);
        return false;
    }
    if (!rename) {
        svshError(e->ctl, "Must use --rename or --clone to change %s to %s", e->name, newName);
        return false;
    }
    return true;
}


static bool
svshEditSnapshot(svshEdit *e, virDomainSnapshotPtr snap, const svshCmd *cmd)
{
    int rc;

    if (!(e->doc = virDomainSnapshotGetXMLDesc(snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE)) ||
        !(e->tmp = svshEditTempFile(e->ctl, e->doc)))
        return false;
    rc = svshEditLoop(e, snap);
    unlink(e->tmp);
    if (rc <= 0)
        return rc == 0;
    return svshEditFinish(e, snap, cmd);
}


bool
svshCmdSnapshotEdit(svshControl *ctl, const svshCmd *cmd)
{
    svshEdit e = { .ctl = ctl, .defineFlags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE };
    virDomainSnapshotPtr snap = NULL;
    bool ok = false;

    if (!svshOptExclusive(ctl, cmd, "rename", "clone"))
        return false;
    /* --current with a name makes the edited snapshot current. */
    if (svshOptBool(cmd, "current") && svshOptBool(cmd, "snapshotname"))
        e.defineFlags |= VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
    if (!(e.dom = svshCommandDomain(ctl, cmd, "domain", SVSH_BYANY, NULL)))
        return false;
    if ((snap = svshLookupSnapshot(ctl, cmd, "snapshotname", false, e.dom))) {
        e.name = virDomainSnapshotGetName(snap);
        if (!(ok = svshEditSnapshot(&e, snap, cmd)))
            svshError(ctl, "Failed to update %s", e.name);
        if (e.pending)
            svshError(ctl, "%s", e.pending);
        virDomainSnapshotFree(snap);
    }
    if (e.result)
        virDomainSnapshotFree(e.result);
    g_free(e.tmp);
    g_free(e.doc);
    g_free(e.edited);
    g_free(e.pending);
    virDomainFree(e.dom);
    return ok;
}


const svshOptDef svshOptsSnapshotEdit[] = {
    SVSH_OPT_DOMAIN("the domain, by name, id or UUID"),
    SVSH_OPT_SNAPSHOTNAME("the snapshot to edit"),
    { "current", SVSH_OT_BOOL, 0, "edit the current snapshot, or make the edited one current" },
    { "rename", SVSH_OT_BOOL, 0, "let a new name rename the snapshot" },
    { "clone", SVSH_OT_BOOL, 0, "let a new name make a copy of the snapshot" },
    { NULL },
};
