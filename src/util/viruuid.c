/*
 * viruuid.c: UUID parsing, formatting and generation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "viruuid.h"

int
virUUIDParse(const char *str, unsigned char *uuid)
{
    const char *p = str;
    size_t i;

    if (!str)
        return -1;
    while (g_ascii_isspace(*p))
        p++;
    for (i = 0; i < VIR_UUID_BUFLEN; i++) {
        int hi, lo;

        if (*p == '-')
            p++;
        hi = g_ascii_xdigit_value(p[0]);
        lo = hi < 0 ? -1 : g_ascii_xdigit_value(p[1]);
        if (hi < 0 || lo < 0)
            return -1;
        uuid[i] = (hi << 4) | lo;
        p += 2;
    }
    while (g_ascii_isspace(*p))
        p++;
    return *p ? -1 : 0;
}


char *
virUUIDFormat(const unsigned char *u, char *buf)
{
    g_snprintf(buf, VIR_UUID_STRING_BUFLEN,
               "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
               "%02x%02x%02x%02x%02x%02x",
               u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
               u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    return buf;
}


void
virUUIDGenerate(unsigned char *uuid)
{
    g_autofree char *str = g_uuid_string_random();

    if (virUUIDParse(str, uuid) < 0)
        g_assert_not_reached();
}
