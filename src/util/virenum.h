/*
 * virenum.h: one string table per enum
 *
 *   VIR_ENUM_DECL(virFoo)            in the header
 *   VIR_ENUM_IMPL(virFoo, LAST, "a", "b", ...)   in the .c file
 *
 * gives virFooTypeToString(int) (NULL when out of range) and
 * virFooTypeFromString(const char *) (-1 when unknown).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

const char *virEnumToString(const char *const *table, size_t n, int value);
int virEnumFromString(const char *const *table, size_t n, const char *str);

#define VIR_ENUM_DECL(name) \
    const char *name##TypeToString(int type); \
    int name##TypeFromString(const char *str)

#define VIR_ENUM_IMPL(name, last, ...) \
    static const char *const name##TypeList[] = { __VA_ARGS__ }; \
    G_STATIC_ASSERT(G_N_ELEMENTS(name##TypeList) == (last)); \
    const char *name##TypeToString(int type) \
    { \
        return virEnumToString(name##TypeList, G_N_ELEMENTS(name##TypeList), type); \
    } \
    int name##TypeFromString(const char *str) \
    { \
        return virEnumFromString(name##TypeList, G_N_ELEMENTS(name##TypeList), str); \
    }
