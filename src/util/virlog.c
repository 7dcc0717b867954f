/*
 * virlog.c: debug logging controlled by the environment
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "virlog.h"

static int virLogThreshold;  /* 0 = off, else the lowest priority shown */
static FILE *virLogStream;
static GMutex virLogLock;

static const char *const virLogPriorityNames[] = {
    "", "debug", "info", "warning", "error",
};


static void
virLogSetup(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        const char *level = getenv("SNAPVIRT_DEBUG");
        const char *file = getenv("SNAPVIRT_LOG_FILE");

        if (level && *level) {
            int n = atoi(level);
            virLogThreshold = n >= VIR_LOG_DEBUG && n <= VIR_LOG_ERROR ? n : VIR_LOG_DEBUG;
        }
        if (virLogThreshold && file && *file)
            virLogStream = fopen(file, "ae");
        if (!virLogStream)
            virLogStream = stderr;
        g_once_init_leave(&done, 1);
    }
}


bool
virLogEnabled(virLogPriority priority)
{
    virLogSetup();
    return virLogThreshold && (int)priority >= virLogThreshold;
}


void
virLogMessage(virLogPriority priority, const char *module,
              const char *func, int line, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    g_mutex_lock(&virLogLock);
    fprintf(virLogStream, "%s.%06d: %d: %s : %s:%s:%d : %s\n",
            stamp, g_date_time_get_microsecond(now), (int)getpid(),
            virLogPriorityNames[priority], module, func, line, msg);
    fflush(virLogStream);
    g_mutex_unlock(&virLogLock);
}
