/*
 * fakedaemon.h: a scripted daemon for unit tests of the remote driver
 *
 * A thread of the test program listening on a UNIX socket in a new
 * temporary folder, answering one connection with the codec.  It records
 * every call it receives (procedure, serial, and its arguments decoded by
 * the procedure table and written out as text) and answers:
 *
 *  - the connection's own calls (AUTH_LIST, CONNECT_OPEN, SUPPORTS_FEATURE,
 *    event registrations) as the test set it up;
 *  - a few procedures with specific data (lookups of "vm1", lists);
 *  - any other procedure of the table with a canned reply made from its
 *    return signature (fakeDefaultReply), or with the error set for it;
 *  - GET_HOSTNAME in ways that break the connection, by mode.
 *
 * The test thread may also send frames itself (events while the client
 * is idle) with fakeSendMessage: writes are serialised by the socket.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "rpc/remote_protocol.h"
#include "rpc/virnetmessage.h"
#include "rpc/virnetxdr.h"

typedef enum {
    FAKE_NORMAL,
    FAKE_CLOSE_MID_CALL,      /* reads GET_HOSTNAME and hangs up */
    FAKE_SHORT_FRAME,         /* answers GET_HOSTNAME with a 2-byte frame */
    FAKE_CUT_FRAME,           /* answers GET_HOSTNAME with a length word only */
    FAKE_INTERLEAVE,          /* PING, events, stray reply before the answer */
    FAKE_HANG,                /* reads GET_HOSTNAME and never answers (nor pings) */
} fakeMode;

/* Room for the values of any signature of the table (and of errors). */
#define REMOTE_VALUES_MAX_FAKE 12

extern const unsigned char fakeUUID[16];

typedef struct {
    char *dir;
    char *path;
    char *uri;
    int listenFd;
    GThread *thread;
    virNetSocket *sock;       /* the connection, once accepted */
    fakeMode mode;

    /* how it answers (set before the client connects) */
    int authType;             /* -1: AUTH_LIST is an unknown procedure */
    int feature14;            /* REMOTE_EVENT_CALLBACK: 1, 0, or -1 unknown procedure */
    int feature10;            /* PROGRAM_KEEPALIVE: 1 or 0 (default) */
    int retInt;               /* the i of canned replies (default 1) */
    int errorProc;            /* answer this procedure with errorCode (0: none) */
    int errorCode;
    bool qemuProgram;         /* serve the QEMU program (else "Cannot find program") */
    int eventAfterRegister;   /* > 0: send a lifecycle event of this type right
                               * after replying to 316, before anything else */

    /* what the daemon saw (read after joining the thread, or under lock) */
    GMutex lock;
    GArray *procs;            /* procedures called, in order */
    GArray *serials;          /* their serials */
    GPtrArray *calls;         /* "PROC ARG ARG ..." per call */
    char *openName;
    unsigned int openFlags;
    int pongs;
    int needResults;
    int maxnames;
    bool serialsInOrder;
    int nextCallbackID;       /* the daemon's callback IDs, from 100 */
} fakeServer;

fakeServer *fakeServerStart(fakeMode mode);
/* The same on a free TCP port of 127.0.0.1 (srv->uri: test+tcp://...). */
fakeServer *fakeServerStartTCP(void);
/* Waits for the daemon's thread: the client must have hung up. */
void fakeServerJoin(fakeServer *srv);
void fakeServerFree(fakeServer *srv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(fakeServer, fakeServerFree)

/* The procedure of call @i, or -1. */
int fakeProc(fakeServer *srv, guint i);
/* The text of the last call of @proc ("" if none; a new string). */
char *fakeLastCall(fakeServer *srv, int proc);
/* How many calls of @proc were made. */
int fakeCount(fakeServer *srv, int proc);

/* Opens the fake daemon's URI with @flags (a failed open is a test
 * failure and returns NULL). */
virConnectPtr fakeOpen(fakeServer *srv, unsigned int flags);

/* Sends a frame of any kind from any thread. */
void fakeSend(fakeServer *srv, guint32 prog, int proc, int type, guint32 serial, int status,
              const char *sig, const virNetValue *vals);
/* An event message (type MESSAGE, serial 1 as libvirtd sends them). */
void fakeSendMessage(fakeServer *srv, int proc, const char *sig, const virNetValue *vals);
/* A lifecycle event for domain vm1: per callback (318, @callbackID) or
 * legacy (107, @callbackID < 0). */
void fakeSendLifecycle(fakeServer *srv, int callbackID, int type, int detail);

/* The error handler that keeps the test's output clean. */
void fakeQuiet(void *data, virErrorPtr err);
