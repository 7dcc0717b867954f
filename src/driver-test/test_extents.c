/*
 * test_extents.c: the simulated contents of a test-driver image
 *
 * Lists are kept sorted by start, disjoint, and with adjacent runs of
 * the same byte merged, so that equal data has one representation.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_extents.h"

#define EXT(list, i) g_array_index(list, testExtent, i)


GArray *
testExtentsNew(void)
{
    return g_array_new(FALSE, FALSE, sizeof(testExtent));
}


GArray *
testExtentsCopy(const GArray *list)
{
    GArray *copy = testExtentsNew();

    if (list->len)
        g_array_append_vals(copy, list->data, list->len);
    return copy;
}


/* Index of the first run ending after @offset. */
static guint
testExtentsFirstAfter(const GArray *list, guint64 offset)
{
    guint lo = 0, hi = list->len;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;

        if (EXT(list, mid).start + EXT(list, mid).len <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}


/* Merges run @i with its neighbours where they touch and match. */
static void
testExtentsMergeAt(GArray *list, guint i)
{
    if (i + 1 < list->len &&
        EXT(list, i).start + EXT(list, i).len == EXT(list, i + 1).start &&
        EXT(list, i).pattern == EXT(list, i + 1).pattern) {
        EXT(list, i).len += EXT(list, i + 1).len;
        g_array_remove_index(list, i + 1);
    }
    if (i > 0 &&
        EXT(list, i - 1).start + EXT(list, i - 1).len == EXT(list, i).start &&
        EXT(list, i - 1).pattern == EXT(list, i).pattern) {
        EXT(list, i - 1).len += EXT(list, i).len;
        g_array_remove_index(list, i);
    }
}


guint64
testExtentsPunch(GArray *list, guint64 start, guint64 len)
{
    guint64 end = start + len;
    guint64 removed = 0;
    guint i = testExtentsFirstAfter(list, start);

    while (i < list->len && EXT(list, i).start < end) {
        testExtent e = EXT(list, i);
        guint64 eEnd = e.start + e.len;
        guint64 cutFrom = MAX(e.start, start);
        guint64 cutTo = MIN(eEnd, end);

        removed += cutTo - cutFrom;
        if (e.start < start && eEnd > end) {
            /* The hole splits the run in two. */
            testExtent tail = { end, eEnd - end, e.pattern };

            EXT(list, i).len = start - e.start;
            g_array_insert_val(list, i + 1, tail);
            break;
        }
        if (e.start < start) {
            EXT(list, i).len = start - e.start;
            i++;
        } else if (eEnd > end) {
            EXT(list, i).start = end;
            EXT(list, i).len = eEnd - end;
            break;
        } else {
            g_array_remove_index(list, i);
        }
    }
    return removed;
}


void
testExtentsWrite(GArray *list, guint64 start, guint64 len, guint8 pattern)
{
    testExtent e = { start, len, pattern };
    guint i;

    if (!len)
        return;
    testExtentsPunch(list, start, len);
    i = testExtentsFirstAfter(list, start);
    g_array_insert_val(list, i, e);
    testExtentsMergeAt(list, i);
}


void
testExtentsFillHoles(GArray *list, const GArray *lower)
{
    g_autoptr(GArray) holes = testExtentsCopy(lower);

    testExtentsSubtract(holes, list);
    for (guint i = 0; i < holes->len; i++)
        testExtentsWrite(list, EXT(holes, i).start, EXT(holes, i).len,
                         EXT(holes, i).pattern);
}


void
testExtentsSubtract(GArray *list, const GArray *mask)
{
    for (guint i = 0; i < mask->len && list->len; i++)
        testExtentsPunch(list, EXT(mask, i).start, EXT(mask, i).len);
}


guint64
testExtentsMove(GArray *from, GArray *to, guint64 budget)
{
    guint64 moved = 0;

    while (from->len && (budget == 0 || moved < budget)) {
        testExtent e = EXT(from, 0);
        guint64 take = budget ? MIN(e.len, budget - moved) : e.len;

        testExtentsWrite(to, e.start, take, e.pattern);
        if (take == e.len) {
            g_array_remove_index(from, 0);
        } else {
            EXT(from, 0).start += take;
            EXT(from, 0).len -= take;
        }
        moved += take;
    }
    return moved;
}


guint64
testExtentsBytes(const GArray *list)
{
    guint64 total = 0;

    for (guint i = 0; i < list->len; i++)
        total += EXT(list, i).len;
    return total;
}


bool
testExtentsEqual(const GArray *a, const GArray *b)
{
    if (a->len != b->len)
        return false;
    for (guint i = 0; i < a->len; i++) {
        if (EXT(a, i).start != EXT(b, i).start || EXT(a, i).len != EXT(b, i).len ||
            EXT(a, i).pattern != EXT(b, i).pattern)
            return false;
    }
    return true;
}
