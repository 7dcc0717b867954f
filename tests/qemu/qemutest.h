/*
 * qemutest.h: helpers for tests that run real QEMU through the QEMU
 * driver (qemu:///embed?root=DIR)
 *
 * Each case sets up a fresh folder with a driver root and images, and
 * checks what the guest sees with data patterns: a pattern is a byte
 * value written over the first PATTERN_SIZE bytes of a disk, through
 * QEMU's HMP "qemu-io" command while the domain runs, or with the
 * qemu-io program on the images while it is off.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>
#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>

#include "testutils.h"
#include "apiutils.h"

#define QT_PATTERN_SIZE (64 * 1024)

typedef struct {
    char *dir;              /* the case's folder */
    char *root;             /* dir/root: the driver's root */
    char *uri;
    virConnectPtr conn;
} qtEnv;

/* Skips the case (returns false) when QEMU or qemu-img is missing, else
 * creates the folder and opens the connection. */
bool qtSetUp(qtEnv *env);
/* Destroys running domains, closes the connection, removes the folder. */
void qtTearDown(qtEnv *env);
/* Re-opens the connection (a new driver instance on the same root). */
void qtReopen(qtEnv *env);

/* The disk lists of most cases, for qtDefine(). */
extern const char *const qtOneDisk[];
extern const char *const qtTwoDisks[];

/* The path of file @name in the case's folder (a new string). */
char *qtPath(qtEnv *env, const char *name);

/* Creates image dir/NAME (16 MiB) of @format, over @backing (a path,
 * or NULL); returns its path (owned by the caller). */
char *qtImage(qtEnv *env, const char *name, const char *format, const char *backing);

/* Defines domain @name with one disk per image (vda, vdb, ...); images
 * are "NAME" (qcow2) or "NAME:FORMAT" under dir. */
virDomainPtr qtDefine(qtEnv *env, const char *name, const char *const *images);

/* Runs an HMP command, returning its output (NULL on failure). */
char *qtHMP(virDomainPtr dom, const char *cmd);

/* Writes / checks pattern @pattern on disk number @disk of the running
 * domain, through QEMU. */
void qtWrite(virDomainPtr dom, int disk, int pattern);
bool qtCheck(virDomainPtr dom, int disk, int pattern);

/* The same on the images of an inactive domain (the top of the disk's
 * chain in its definition). */
void qtWriteOffline(virDomainPtr dom, int disk, int pattern);
bool qtCheckOffline(virDomainPtr dom, int disk, int pattern);

/* Checks pattern @pattern on image @path (of @format) itself. */
bool qtCheckImage(const char *path, const char *format, int pattern);
/* Writes pattern @pattern on image @path (of @format) itself. */
void qtWriteImage(const char *path, const char *format, int pattern);

/* Checks the pattern on either, according to the domain's state. */
bool qtCheckAny(virDomainPtr dom, int disk, int pattern);

/* The source path of disk @disk's active layer (live definition), and the
 * chain as "top<base<..." of file base names. */
char *qtDiskSource(virDomainPtr dom, int disk);
char *qtDiskChain(virDomainPtr dom, int disk);

/* The names of the internal snapshots in @path (qemu-img snapshot -l),
 * sorted, space separated; "" when none. */
char *qtImageSnapshots(const char *path);
/* The backing chain of @path from qemu-img info as "top<base<...". */
char *qtImageChain(const char *path);

/* The domain's state as "state/reason" in words ("running/booted"). */
char *qtState(virDomainPtr dom);
