/*
 * virembed.h: text files compiled into the library
 *
 * The RelaxNG schemas (schemas/NAME.rng) and the test driver's default
 * fixture (test/default.xml) are built in, so the library never depends
 * on where it is installed or run from.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef struct _virEmbeddedFile virEmbeddedFile;
struct _virEmbeddedFile {
    const char *name;
    const char *text;
};

/* Generated from the source tree; ends with { NULL, NULL }. */
extern const virEmbeddedFile virEmbeddedFiles[];

/* The text of the built-in file @name, or NULL. */
const char *virEmbeddedLookup(const char *name);
