/*
 * remote_driver_impl.h: the parts of the remote driver outside
 * remote_driver.c
 *
 * remote_driver.c holds the connection and the domain and snapshot
 * methods and puts the tables together; the methods below live in files
 * of their own, by concern:
 *
 *   remote_transport.c      where to connect: UNIX socket, TCP, TLS
 *   remote_driver_block.c   block jobs, backup, the QEMU monitor
 *   remote_driver_events.c  domain events (registration and delivery)
 *   remote_driver_storage.c the storage driver table
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "remote_call.h"
#include "driver.h"

/* ---- remote_transport.c ---- */

/* Connects to the daemon @conn's URI names (DRIVER+unix, +tcp, +tls;
 * @transport is the part after the "+"), TLS handshake included, and
 * sets priv->secure and priv->encrypted.  NULL after an error:
 * VIR_ERR_INVALID_ARG for a URI that does not fit the transport,
 * VIR_ERR_SYSTEM_ERROR for a socket or a TLS file, VIR_ERR_AUTH_FAILED
 * for a refused TLS session. */
virNetClient *remoteTransportConnect(virConnectPtr conn, remotePrivate *priv,
                                     const char *transport, unsigned int flags);

/* ---- remote_driver_block.c ---- */

int remoteDomainBlockCommit(virDomainPtr dom, const char *disk, const char *base,
                            const char *top, unsigned long bandwidth, unsigned int flags);
int remoteDomainBlockRebase(virDomainPtr dom, const char *disk, const char *base,
                            unsigned long bandwidth, unsigned int flags);
int remoteDomainBlockCopy(virDomainPtr dom, const char *disk, const char *destxml,
                          virTypedParameterPtr params, int nparams, unsigned int flags);
int remoteDomainGetBlockJobInfo(virDomainPtr dom, const char *disk,
                                virDomainBlockJobInfoPtr info, unsigned int flags);
int remoteDomainBlockJobAbort(virDomainPtr dom, const char *disk, unsigned int flags);
int remoteDomainBlockJobSetSpeed(virDomainPtr dom, const char *disk,
                                 unsigned long bandwidth, unsigned int flags);
int remoteDomainBackupBegin(virDomainPtr dom, const char *backupXML,
                            const char *checkpointXML, unsigned int flags);
char *remoteDomainBackupGetXMLDesc(virDomainPtr dom, unsigned int flags);
int remoteDomainQemuMonitorCommand(virDomainPtr dom, const char *cmd, char **result,
                                   unsigned int flags);

/* ---- remote_driver_events.c ---- */

remoteEvents *remoteEventsNew(void);
/* Frees the event state: no callback may be left (each holds a
 * reference on the connection); accepts NULL. */
void remoteEventsFree(remoteEvents *ev);
/* After CONNECT_OPEN: asks the daemon which event protocol it speaks
 * (feature 14) and starts taking event messages from the client. */
int remoteEventsOpen(virConnectPtr conn);
/* Before CONNECT_CLOSE: drops what the daemon still sends us events for,
 * and stops taking event messages. */
void remoteEventsClose(virConnectPtr conn);
/* The client's message handler (virNetClientMessageFunc), on its reader
 * thread; @opaque is the remoteEvents. */
void remoteEventsDispatch(const virNetMessageHeader *hdr, const GByteArray *payload,
                          void *opaque);
int remoteConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                        virConnectDomainEventGenericCallback cb,
                                        void *opaque, virFreeCallback freecb);
int remoteConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID);

/* ---- remote_driver_storage.c ---- */

extern virStorageDriver remoteStorageDriver;
