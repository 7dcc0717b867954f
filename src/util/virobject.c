/*
 * virobject.c: reference-counted objects
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "virobject.h"

void *
virObjectNew(const virClass *klass, size_t size)
{
    virObject *obj = g_malloc0(size);

    obj->magic = VIR_OBJECT_MAGIC;
    obj->klass = klass;
    obj->refs = 1;
    return obj;
}


void *
virObjectRef(void *anyobj)
{
    virObject *obj = anyobj;

    if (obj)
        g_atomic_int_inc(&obj->refs);
    return obj;
}


bool
virObjectUnref(void *anyobj)
{
    virObject *obj = anyobj;

    if (!obj)
        return false;
    if (!g_atomic_int_dec_and_test(&obj->refs))
        return true;
    if (obj->klass->dispose)
        obj->klass->dispose(obj);
    obj->magic = 0;
    g_free(obj);
    return false;
}


int
virObjectRefs(void *anyobj)
{
    virObject *obj = anyobj;

    return obj ? g_atomic_int_get(&obj->refs) : 0;
}


bool
virObjectIsClass(const void *anyobj, const virClass *klass)
{
    const virObject *obj = anyobj;

    return obj && obj->magic == VIR_OBJECT_MAGIC && obj->klass == klass;
}
