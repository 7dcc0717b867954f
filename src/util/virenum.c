/*
 * virenum.c: enum <-> string tables
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "virenum.h"

const char *
virEnumToString(const char *const *table, size_t n, int value)
{
    if (value < 0 || (size_t)value >= n)
        return NULL;
    return table[value];
}


int
virEnumFromString(const char *const *table, size_t n, const char *str)
{
    if (!str)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (table[i] && STREQ(table[i], str))
            return i;
    }
    return -1;
}
