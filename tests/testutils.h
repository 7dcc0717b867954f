/*
 * testutils.h: a small TAP harness for snapvirt's C tests
 *
 *   static void test_thing_does_x(void) { CHECK(...); CHECK_INT(a, b); }
 *   static const testCase tests[] = { TEST_CASE(test_thing_does_x), {} };
 *   int main(int argc, char **argv) { return testRun(argc, argv, tests); }
 *
 * Each case prints "ok N - name" or "not ok N - name" with the failed
 * checks as "#" lines; a case may call testSkip() to report itself as
 * skipped.  The exit status is 0 only if no case failed.  Passing a case
 * name (or a substring) as argument runs only matching cases.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    void (*func)(void);
    const void *data;   /* for data-driven cases, see testCaseData() */
} testCase;

#define TEST_CASE(fn) { #fn, fn, NULL }

int testRun(int argc, char **argv, const testCase *cases);

/* Records a failure of the running case (it carries on). */
void testFail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Marks the running case as skipped, with a reason. */
void testSkip(const char *reason);
/* True once the running case has a failure (to stop early). */
bool testFailed(void);
/* The running case's data pointer: data-driven programs build their case
 * table at run time, one case (and one TAP line) per input. */
const void *testCaseData(void);

#define CHECK(cond) \
    do { if (!(cond)) testFail(__FILE__, __LINE__, "CHECK(%s)", #cond); } while (0)

#define CHECK_INT(actual, expected) \
    do { \
        long long _a = (actual), _e = (expected); \
        if (_a != _e) \
            testFail(__FILE__, __LINE__, "%s == %lld, expected %lld", #actual, _a, _e); \
    } while (0)

#define CHECK_STR(actual, expected) \
    do { \
        const char *_a = (actual), *_e = (expected); \
        if (!_a || !_e || strcmp(_a, _e) != 0) \
            testFail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", \
                     #actual, _a ? _a : "(null)", _e ? _e : "(null)"); \
    } while (0)

/* Checks that a string contains a fragment. */
#define CHECK_CONTAINS(actual, fragment) \
    do { \
        const char *_a = (actual), *_f = (fragment); \
        if (!_a || !strstr(_a, _f)) \
            testFail(__FILE__, __LINE__, "%s == \"%s\", expected to contain \"%s\"", \
                     #actual, _a ? _a : "(null)", _f); \
    } while (0)

/* Files of the source tree's tests/ folder (set by meson). */
const char *testSourceDir(void);
/* Reads a file (aborts the case on failure: returns NULL). */
char *testReadFile(const char *path);
