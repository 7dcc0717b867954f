/*
 * test-extents.c: the run lists behind the test driver's simulated
 * image data: writes that split and merge runs, holes, moves in slices
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "driver-test/test_extents.h"
#include "testutils.h"

/* The list as "start+len=pp ..." (bytes, pattern in hex). */
static char *
show(const GArray *list)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < list->len; i++) {
        const testExtent *e = &g_array_index(list, testExtent, i);

        g_string_append_printf(out, "%s%llu+%llu=%02x", i ? " " : "",
                               (unsigned long long)e->start,
                               (unsigned long long)e->len, e->pattern);
    }
    return g_string_free(out, FALSE);
}

#define CHECK_LIST(list, expected) \
    do { g_autofree char *_s = show(list); CHECK_STR(_s, expected); } while (0)


static void
test_write_splits_merges_and_overwrites(void)
{
    g_autoptr(GArray) l = testExtentsNew();

    testExtentsWrite(l, 0, 100, 1);
    testExtentsWrite(l, 40, 20, 2);            /* splits the run */
    CHECK_LIST(l, "0+40=01 40+20=02 60+40=01");
    testExtentsWrite(l, 40, 20, 1);            /* merges back into one */
    CHECK_LIST(l, "0+100=01");
    testExtentsWrite(l, 200, 10, 3);
    testExtentsWrite(l, 90, 115, 4);           /* covers one end of each */
    CHECK_LIST(l, "0+90=01 90+115=04 205+5=03");
    testExtentsWrite(l, 0, 0, 9);              /* empty write: nothing */
    CHECK_INT(testExtentsBytes(l), 210);
}


static void
test_punch_and_fill_holes(void)
{
    g_autoptr(GArray) top = testExtentsNew();
    g_autoptr(GArray) below = testExtentsNew();

    testExtentsWrite(top, 10, 10, 0xa);
    testExtentsWrite(top, 50, 10, 0xb);
    testExtentsWrite(below, 0, 100, 0xc);
    testExtentsFillHoles(top, below);          /* the view through top */
    CHECK_LIST(top, "0+10=0c 10+10=0a 20+30=0c 50+10=0b 60+40=0c");
    CHECK_INT(testExtentsPunch(top, 5, 50), 50);
    CHECK_LIST(top, "0+5=0c 55+5=0b 60+40=0c");
    CHECK_INT(testExtentsPunch(top, 200, 10), 0);
    testExtentsSubtract(below, top);
    CHECK_LIST(below, "5+50=0c");
}


static void
test_move_in_slices(void)
{
    g_autoptr(GArray) from = testExtentsNew();
    g_autoptr(GArray) to = testExtentsNew();
    g_autoptr(GArray) copy = NULL;

    testExtentsWrite(from, 0, 30, 1);
    testExtentsWrite(from, 100, 30, 2);
    copy = testExtentsCopy(from);
    CHECK_INT(testExtentsMove(from, to, 40), 40);
    CHECK_LIST(from, "110+20=02");
    CHECK_LIST(to, "0+30=01 100+10=02");
    CHECK_INT(testExtentsMove(from, to, 0), 20);    /* 0: all the rest */
    CHECK_INT(from->len, 0);
    CHECK(testExtentsEqual(to, copy));
    testExtentsWrite(to, 0, 1, 9);
    CHECK(!testExtentsEqual(to, copy));
}


static const testCase tests[] = {
    TEST_CASE(test_write_splits_merges_and_overwrites),
    TEST_CASE(test_punch_and_fill_holes),
    TEST_CASE(test_move_in_slices),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
