/*
 * virevent.h: the default event loop, as the rest of snapvirt uses it
 *
 * The public functions are declared in <libvirt/libvirt-event.h>; this
 * adds what drivers need to know about the loop.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Whether virEventRegisterDefaultImpl() has run, i.e. whether timers
 * and handles can be added at all. */
bool virEventIsRegistered(void);
