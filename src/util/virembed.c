/*
 * virembed.c: lookup of the files compiled into the library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "virembed.h"

const char *
virEmbeddedLookup(const char *name)
{
    for (const virEmbeddedFile *f = virEmbeddedFiles; f->name; f++) {
        if (STREQ(f->name, name))
            return f->text;
    }
    return NULL;
}
