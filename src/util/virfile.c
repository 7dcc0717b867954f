/*
 * virfile.c: files and directories
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virfile.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NONE


int
virFileMakePath(const char *path, mode_t mode)
{
    if (g_mkdir_with_parents(path, mode) < 0) {
        virReportSystemError(errno, "cannot create directory '%s'", path);
        return -1;
    }
    return 0;
}


int
virFileSyncDir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0 || fsync(fd) < 0) {
        virReportSystemError(errno, "cannot sync directory '%s'", dir);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}


static int
virFileWriteAll(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        len -= n;
    }
    return 0;
}


int
virFileWriteAtomic(const char *path, const char *data, size_t len, mode_t mode)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *tmp = g_strdup_printf("%s.new-XXXXXX", path);
    int fd;

    if ((fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, mode)) < 0) {
        virReportSystemError(errno, "cannot create a temporary file for '%s'", path);
        return -1;
    }
    if (virFileWriteAll(fd, data, len) < 0 || fsync(fd) < 0) {
        virReportSystemError(errno, "cannot write '%s'", tmp);
        close(fd);
        unlink(tmp);
        return -1;
    }
    if (close(fd) < 0 || rename(tmp, path) < 0) {
        virReportSystemError(errno, "cannot replace '%s'", path);
        unlink(tmp);
        return -1;
    }
    return virFileSyncDir(dir);
}


int
virFileReadAll(const char *path, size_t maxlen, char **data)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    char chunk[65536];
    ssize_t n;

    if (fd < 0) {
        virReportSystemError(errno, "cannot open '%s'", path);
        return -1;
    }
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            virReportSystemError(errno, "cannot read '%s'", path);
            close(fd);
            return -1;
        }
        if (buf->len + n > maxlen) {
            virReportSystemError(EFBIG, "file '%s' is larger than %zu bytes", path, maxlen);
            close(fd);
            return -1;
        }
        g_string_append_len(buf, chunk, n);
    }
    close(fd);
    *data = g_string_free(g_steal_pointer(&buf), FALSE);
    return 0;
}


int
virFileRemove(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);

    if (unlink(path) < 0) {
        if (errno == ENOENT)
            return 0;
        virReportSystemError(errno, "cannot remove '%s'", path);
        return -1;
    }
    return virFileSyncDir(dir);
}


bool
virFileExists(const char *path)
{
    return access(path, F_OK) == 0;
}
