/*
 * virlog.h: debug logging
 *
 * Off by default.  SNAPVIRT_DEBUG=1..4 turns it on for messages at or above
 * that priority (1 debug, 2 info, 3 warning, 4 error); SNAPVIRT_LOG_FILE
 * sends them to a file instead of stderr.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef enum {
    VIR_LOG_DEBUG = 1,
    VIR_LOG_INFO,
    VIR_LOG_WARN,
    VIR_LOG_ERROR,
} virLogPriority;

/* Names the module of a source file in its log lines. */
#define VIR_LOG_INIT(name) static const char *const virLogModule G_GNUC_UNUSED = name

bool virLogEnabled(virLogPriority priority);
void virLogMessage(virLogPriority priority, const char *module,
                   const char *func, int line,
                   const char *fmt, ...) G_GNUC_PRINTF(5, 6);

#define VIR_LOG(prio, ...) \
    do { \
        if (virLogEnabled(prio)) \
            virLogMessage(prio, virLogModule, __func__, __LINE__, __VA_ARGS__); \
    } while (0)

#define VIR_DEBUG(...) VIR_LOG(VIR_LOG_DEBUG, __VA_ARGS__)
#define VIR_INFO(...) VIR_LOG(VIR_LOG_INFO, __VA_ARGS__)
#define VIR_WARN(...) VIR_LOG(VIR_LOG_WARN, __VA_ARGS__)
#define VIR_ERROR(...) VIR_LOG(VIR_LOG_ERROR, __VA_ARGS__)
