/*
 * libvirt-event.h: the event loop that delivers events and drives jobs
 *
 * An application that wants domain events (and, with the test driver,
 * block job progress) registers the default loop once, before opening
 * connections, and then calls virEventRunDefaultImpl() repeatedly, each
 * call running one iteration: wait for the next timer or file handle,
 * then dispatch what is due.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef SNAPVIRT_LIBVIRT_EVENT_H
# define SNAPVIRT_LIBVIRT_EVENT_H

# ifndef __VIR_LIBVIRT_H_INCLUDES__
#  error "include <libvirt/libvirt.h>, not this file"
# endif

/* What a file handle is watched for / reported with. */
typedef enum {
    VIR_EVENT_HANDLE_READABLE = (1 << 0),
    VIR_EVENT_HANDLE_WRITABLE = (1 << 1),
    VIR_EVENT_HANDLE_ERROR = (1 << 2),
    VIR_EVENT_HANDLE_HANGUP = (1 << 3),
} virEventHandleType;

typedef void (*virEventHandleCallback)(int watch, int fd, int events, void *opaque);
typedef void (*virEventTimeoutCallback)(int timer, void *opaque);

/*
 * virEventRegisterDefaultImpl: installs snapvirt's poll()-based loop.
 * Returns 0 (also when it is already installed), -1 on failure.
 */
int virEventRegisterDefaultImpl(void);

/*
 * virEventRunDefaultImpl: runs one iteration of the default loop: waits
 * until a timer is due or a handle is ready, then calls their callbacks
 * (without any of the loop's locks held, so callbacks may call the API).
 * Returns 0, or -1 if the loop is not installed.
 */
int virEventRunDefaultImpl(void);

/*
 * virEventAddHandle: watches @fd for @events (virEventHandleType);
 * @cb(watch, fd, revents, @opaque) runs when one happens.  @ff frees
 * @opaque after the watch is removed.  Returns the watch (> 0) or -1.
 */
int virEventAddHandle(int fd, int events, virEventHandleCallback cb,
                      void *opaque, virFreeCallback ff);
void virEventUpdateHandle(int watch, int events);
/* Stops watch @watch; returns 0 or -1 if it does not exist. */
int virEventRemoveHandle(int watch);

/*
 * virEventAddTimeout: calls @cb every @frequency milliseconds (0: on
 * every iteration, -1: disabled until virEventUpdateTimeout enables it).
 * Returns the timer (> 0), or -1 if no loop is installed.  Once
 * virEventRemoveTimeout returns, the callback does not run again.
 */
int virEventAddTimeout(int frequency, virEventTimeoutCallback cb,
                       void *opaque, virFreeCallback ff);
void virEventUpdateTimeout(int timer, int frequency);
int virEventRemoveTimeout(int timer);

#endif /* SNAPVIRT_LIBVIRT_EVENT_H */
