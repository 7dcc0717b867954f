/*
 * driver.c: the registry of drivers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "driver.h"

#define VIR_MAX_DRIVERS 8

static const virConnectDriver *virConnectDrivers[VIR_MAX_DRIVERS];
static size_t virConnectDriverCount;


void
virRegisterConnectDriver(const virConnectDriver *driver)
{
    /* Registration happens once, from virInitialize, before any thread can
     * look at the table; overflowing it is a programming error. */
    g_assert(virConnectDriverCount < VIR_MAX_DRIVERS);
    virConnectDrivers[virConnectDriverCount++] = driver;
}


const virConnectDriver *const *
virGetConnectDrivers(size_t *n)
{
    *n = virConnectDriverCount;
    return virConnectDrivers;
}
