/*
 * test_extents.h: the simulated contents of a test-driver image
 *
 * An image's data is a sorted list of disjoint allocated runs, each
 * filled with one byte value: enough to tell which layer a guest read
 * comes from and whether a job moved the right data, at any image size,
 * in memory proportional to the number of writes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef struct {
    guint64 start;     /* bytes */
    guint64 len;       /* bytes, > 0 */
    guint8 pattern;    /* every byte of the run */
} testExtent;

/* A new, empty list of testExtent. */
GArray *testExtentsNew(void);
GArray *testExtentsCopy(const GArray *list);

/* Fills [start, start + len) with @pattern, replacing what was there. */
void testExtentsWrite(GArray *list, guint64 start, guint64 len, guint8 pattern);
/* Deallocates [start, start + len); returns the bytes that were allocated. */
guint64 testExtentsPunch(GArray *list, guint64 start, guint64 len);
/* Adds the runs of @lower where @list has nothing (a layer seen
 * through the holes of the layers above it). */
void testExtentsFillHoles(GArray *list, const GArray *lower);
/* Removes from @list whatever @mask covers. */
void testExtentsSubtract(GArray *list, const GArray *mask);
/* Moves up to @budget bytes from the front of @from into @to; returns
 * the bytes moved.  @budget 0 moves everything. */
guint64 testExtentsMove(GArray *from, GArray *to, guint64 budget);
/* Total allocated bytes. */
guint64 testExtentsBytes(const GArray *list);
/* Whether both lists describe the same data. */
bool testExtentsEqual(const GArray *a, const GArray *b);
