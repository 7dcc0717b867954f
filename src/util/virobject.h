/*
 * virobject.h: reference-counted objects with a class check
 *
 * Public handles (connections, domains, snapshots) derive from virObject
 * so that entry points can tell a live handle of the right kind from a
 * stale or wrong pointer before touching it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef struct _virClass virClass;
struct _virClass {
    const char *name;
    void (*dispose)(void *obj);  /* releases the members, not the object */
};

typedef struct _virObject virObject;
struct _virObject {
    guint magic;            /* VIR_OBJECT_MAGIC while alive */
    const virClass *klass;
    gint refs;
};

#define VIR_OBJECT_MAGIC 0x5a9b71e3u

/* Allocates @size bytes (which start with a virObject) holding one ref. */
void *virObjectNew(const virClass *klass, size_t size);
void *virObjectRef(void *obj);
/* Drops one reference; disposes and frees on the last.  Returns true if
 * the object is still alive.  NULL is accepted. */
bool virObjectUnref(void *obj);
/* The current number of references (for virConnectClose's result). */
int virObjectRefs(void *obj);
bool virObjectIsClass(const void *obj, const virClass *klass);
