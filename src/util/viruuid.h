/*
 * viruuid.h: UUIDs as 16 raw bytes and their text form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Parses 32 hex digits, optionally grouped by dashes, surrounding blanks
 * allowed.  Returns 0, or -1 (without reporting) if @str is not a UUID. */
int virUUIDParse(const char *str, unsigned char *uuid);
/* Writes the canonical 8-4-4-4-12 form into @buf (VIR_UUID_STRING_BUFLEN). */
char *virUUIDFormat(const unsigned char *uuid, char *buf);
/* A random (version 4) UUID. */
void virUUIDGenerate(unsigned char *uuid);
