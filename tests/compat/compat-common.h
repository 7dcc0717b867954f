/*
 * compat-common.h: shared helpers of the compatibility programs
 *
 * Each tests/compat/compat-*.c program is built twice, against libvirt
 * and against snapvirt, and uses nothing but the public API.  It prints
 * what it observes, in sections headed by "## " lines, and
 * tests/compat/run-compat.py compares the two transcripts section by
 * section (see tests/compat/README.md).
 *
 * The helpers print one line per call: the call as written in the
 * source (the macros stringify it), then its result, and after a
 * failure the error's code, domain and message:
 *
 *     INT(virDomainSnapshotNum(dom, 0));
 *       -> "virDomainSnapshotNum(dom, 0) = 3"
 *     SNAP(virDomainSnapshotCurrent(dom, 0));
 *       -> "virDomainSnapshotCurrent(dom, 0) = NULL"
 *          "  error: code=72 domain=35 message=..."
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/* Every program runs on libvirt's built-in test host, by default in
 * process; $COMPAT_URI may name it through a daemon instead
 * (tests/rpc/check-compat-daemon.sh). */
#define COMPAT_URI compat_uri()
const char *compat_uri(void);

/* Line-buffers stdout and installs a quiet error handler that counts
 * its calls (so nothing reaches stderr unless a program asks for it). */
void compat_init(void);
/* compat_init, then opens test:///default into *conn and returns its
 * domain "test" (printing both), or NULL after printing the failure. */
virDomainPtr compat_begin(virConnectPtr *conn);
/* Section "teardown": deletes the snapshots of @dom, frees it and closes
 * @conn (printing the result); returns the exit status, 0. */
int compat_end(virConnectPtr conn, virDomainPtr dom);
/* Number of times the quiet handler ran since compat_init. */
int compat_handler_calls(void);

/* Starts a section: prints "## " and the title. */
void compat_section(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Prints one line of observations. */
void compat_say(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Prints the thread's last error (or "no error"). */
void compat_print_error(void);

/* Print @what and the result; the error too on failure.  Return the
 * result (STR frees the string and returns whether it was non-NULL). */
int compat_int(const char *what, int ret);
bool compat_str(const char *what, char *str);
const char *compat_cstr(const char *what, const char *str);
virConnectPtr compat_conn(const char *what, virConnectPtr conn);
virDomainPtr compat_dom(const char *what, virDomainPtr dom);
virDomainSnapshotPtr compat_snap(const char *what, virDomainSnapshotPtr snap);

#define INT(call) compat_int(#call, (call))
#define STR(call) compat_str(#call, (call))
#define CSTR(call) compat_cstr(#call, (call))
#define CONN(call) compat_conn(#call, (call))
#define DOM(call) compat_dom(#call, (call))
#define SNAP(call) compat_snap(#call, (call))

/* Frees a handle if non-NULL (the result of DOM / SNAP). */
void compat_free_dom(virDomainPtr dom);
void compat_free_snap(virDomainSnapshotPtr snap);

/* Prints XML (owned, freed here) with times masked, indented by two. */
void compat_print_xml(const char *what, char *xml);

/* Prints "@label: a b c" from @names[0..n-1] (freed here), sorted by
 * name when @sorted; prints the error when @n < 0. */
void compat_print_names(const char *label, char **names, int n, bool sorted);
/* Same for an array of handles as returned by the ListAll calls (freed
 * here with the handles).  The names stay in list order unless @sorted. */
void compat_print_snaps(const char *label, virDomainSnapshotPtr *snaps,
                        int n, bool sorted);
/* Prints whether every snapshot of @snaps[0..n-1] comes after its parent
 * (when the parent is listed at all); does not free. */
void compat_print_topological(const char *label, virDomainSnapshotPtr *snaps,
                              int n);

/* ---- snapshot shortcuts (print the call and its result) ---- */

/* Creates "<domainsnapshot><name>@name</name>...</domainsnapshot>"
 * with @extra inserted after the name (may be NULL); returns 0 / -1. */
int compat_take(virDomainPtr dom, const char *name, const char *extra,
                unsigned int flags);
/* Looks @name up (printing only on failure); NULL on failure. */
virDomainSnapshotPtr compat_lookup(virDomainPtr dom, const char *name);
int compat_revert(virDomainPtr dom, const char *name, unsigned int flags);
int compat_delete(virDomainPtr dom, const char *name, unsigned int flags);
/* Deletes every snapshot of @dom (quietly), leaving it without any. */
void compat_delete_all(virDomainPtr dom);
/* compat_delete, then prints the tree and the current snapshot. */
void compat_delete_show(virDomainPtr dom, const char *name, unsigned int flags);

/* Prints the current snapshot's name, or the error. */
void compat_print_current(virDomainPtr dom);
/* Prints the domain's state and reason, or the error. */
void compat_print_state(virDomainPtr dom);
/* Prints the hierarchy as an indented tree: roots and children sorted by
 * name, "*" marking the current snapshot. */
void compat_print_tree(virDomainPtr dom);
/* Prints all names sorted and the parent of each ("s2 <- s3"). */
void compat_print_parents(virDomainPtr dom);
/* Quietly brings @dom to @state: VIR_DOMAIN_RUNNING, _PAUSED or _SHUTOFF
 * (prints only failures); returns 0 or -1. */
int compat_set_state(virDomainPtr dom, int state);
/* Prints whether domain @name exists; for a missing one the error's code
 * and domain but not its message (the message is compared separately:
 * libvirt's test driver says only "Domain not found"). */
void compat_print_exists(virConnectPtr conn, const char *name);
