/*
 * virerror.h: raising errors inside the library
 *
 * A function that fails reports exactly one error, where the failure is
 * understood, and returns -1 or NULL; its callers only propagate.  Public
 * entry points then hand the error to virDispatchError, which copies it
 * into the connection and runs the user's error callback.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

void virErrorReport(int domain, int code, const char *func,
                    const char *fmt, ...) G_GNUC_PRINTF(4, 5);
void virErrorReportSystem(int domain, int errnum, const char *func,
                          const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* Like virErrorReport, but the message is the formatted text alone,
 * without the code's generic prefix: libvirt words its argument checks
 * ("name in virFoo must not be NULL", "unsupported flags ...") so. */
void virErrorReportRaw(int domain, int code, const char *func,
                       const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/* Each .c file defines VIR_FROM_THIS to its virErrorDomain. */
#define virReportError(code, ...) \
    virErrorReport(VIR_FROM_THIS, code, __func__, __VA_ARGS__)
#define virReportSystemError(errnum, ...) \
    virErrorReportSystem(VIR_FROM_THIS, errnum, __func__, __VA_ARGS__)
/* VIR_ERR_INVALID_ARG with the message as given (see virErrorReportRaw). */
#define virReportInvalidArg(...) \
    virErrorReportRaw(VIR_FROM_THIS, VIR_ERR_INVALID_ARG, __func__, __VA_ARGS__)

/* "unsupported flags (0x..) in function F" for bits outside @supported. */
#define virCheckFlags(supported, retval) \
    do { \
        unsigned int _unsupp = flags & ~(unsigned int)(supported); \
        if (_unsupp) { \
            virReportInvalidArg("unsupported flags (0x%x) in function %s", \
                                _unsupp, __func__); \
            return retval; \
        } \
    } while (0)

/* Make sure the thread has an error set (a generic one if none was). */
void virErrorEnsureSet(void);
/* Makes a copy of @err the thread's error, as it is (an error that
 * came from a daemon: code, domain, level, message, str1-3, int1-2). */
void virErrorRaiseCopy(const virError *err);
/* Deep copy of an error (the deprecated pointers are not copied). */
void virErrorCopyInto(const virError *from, virErrorPtr to);
/* Run @handler (or, when NULL, the global one or the default printer) on
 * the thread's error. */
void virErrorRunHandler(virErrorFunc handler, void *data);

/* Save and restore the thread's error around cleanup code that may fail. */
void virErrorPreserveLast(virErrorPtr *saved);
void virErrorRestore(virErrorPtr *saved);

/* The thread's last error, or NULL when there is none. */
const virError *virErrorPeek(void);
