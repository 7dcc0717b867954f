/*
 * virfile.h: files and directories, written so that a crash leaves either
 * the old or the new content
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sys/types.h>

#include "internal.h"

/* Creates @path and its missing parents with @mode.  Reports a system
 * error naming the directory on failure. */
int virFileMakePath(const char *path, mode_t mode);

/* Replaces @path with @len bytes of @data: writes a temporary file in the
 * same directory, syncs it, renames it over @path and syncs the
 * directory, so a crash at any point leaves either the old file or the
 * new one.  Reports a system error naming @path on failure. */
int virFileWriteAtomic(const char *path, const char *data, size_t len, mode_t mode);

/* Reads all of @path (at most @maxlen bytes) into *data, NUL-terminated.
 * Reports a system error naming @path on failure. */
int virFileReadAll(const char *path, size_t maxlen, char **data);

/* Removes @path and syncs its directory; a missing file is not an error.
 * Reports a system error on failure. */
int virFileRemove(const char *path);

/* Syncs the directory @dir, so that renames and removals in it last. */
int virFileSyncDir(const char *dir);

bool virFileExists(const char *path);
