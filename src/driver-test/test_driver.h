/*
 * test_driver.h: the in-process test driver (test:///default, test:///FILE)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* Adds the test driver to the registry (called by library init). */
void testRegister(void);

/* The test driver's storage table (test_storage.c), set up once. */
typedef struct _virStorageDriver virStorageDriver;
virStorageDriver *testStorageDriver(void);
