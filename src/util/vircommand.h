/*
 * vircommand.h: running helper programs (qemu-img) and collecting output
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Runs @argv (a NULL-terminated vector; argv[0] is looked up in PATH)
 * with standard input from /dev/null and waits for it.  Its standard
 * output and error go to *out and *err when those are not NULL.  With
 * @status NULL, an exit status other than 0 is an error,
 * VIR_ERR_INTERNAL_ERROR "Child process (ARGV) unexpected exit status N:
 * STDERR"; otherwise *status receives the exit status.  A program that
 * cannot be run is always an error.  Returns 0 or -1. */
int virCommandRun(const char *const *argv, char **out, char **err, int *status);

/* The command line of @argv as one string, for messages and logs. */
char *virCommandToString(const char *const *argv);
