/*
 * apiutils.h: helpers for tests that drive the public API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "testutils.h"

/* Silences the default error printer (errors are checked explicitly). */
void apiQuiet(void);

/* Opens @uri (test:///default when NULL), failing the case if it can't. */
virConnectPtr apiOpen(const char *uri);

/* A connection and one of its domains, for a test case. */
typedef struct {
    virConnectPtr conn;
    virDomainPtr dom;
} apiFixture;

/* Opens @uri (NULL: test:///default) and looks up @domain. */
void apiSetUp(apiFixture *f, const char *uri, const char *domain);
/* Frees both, checking the connection was the last reference. */
void apiTearDown(apiFixture *f);

/* Checks the thread's last error: code and a fragment of the message. */
#define CHECK_ERROR(code, fragment) \
    apiCheckError(__FILE__, __LINE__, code, fragment)
void apiCheckError(const char *file, int line, int code, const char *fragment);

/* Takes a snapshot from @xml (or "<domainsnapshot><name>NAME</name>..."
 * when @xml has no '<'), returns 0 or -1. */
int apiSnap(virDomainPtr dom, const char *xmlOrName, unsigned int flags);
/* Looks up @name and reverts / deletes it with @flags; 0 or -1. */
int apiRevert(virDomainPtr dom, const char *name, unsigned int flags);
int apiDelete(virDomainPtr dom, const char *name, unsigned int flags);
/* Names of the domain's snapshots selected by @flags, sorted, space
 * separated (or of @from's children when @from is given). */
char *apiList(virDomainPtr dom, const char *from, unsigned int flags);
/* The current snapshot's name, or "-" when there is none. */
char *apiCurrent(virDomainPtr dom);
/* The parent's name, or "-" for a root. */
char *apiParent(virDomainPtr dom, const char *name);
/* The snapshot's XML (flags 0). */
char *apiSnapXML(virDomainPtr dom, const char *name);
/* The domain's state and reason as "state/reason". */
char *apiState(virDomainPtr dom);
/* The chain of disk @target in the domain's XML (virDomainGetXMLDesc with
 * @flags), as "top > next > ...". */
char *apiChain(virDomainPtr dom, const char *target, unsigned int flags);
/* CHECK_CHAIN(dom, "vda", "/a > /b"): the live chain of a disk. */
#define CHECK_CHAIN(dom, target, expected) \
    do { g_autofree char *_c = apiChain(dom, target, 0); CHECK_STR(_c, expected); } while (0)

/* A test-driver hook (virDomainQemuMonitorCommand with the printf-style
 * command); the reply, or NULL on error. */
char *apiHook(virDomainPtr dom, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The data runs of a disk's guest view (@what "disk") or of one layer
 * (@what "image") as "OFFk+LENk=PP ..."; NULL if the hook failed. */
char *apiData(virDomainPtr dom, const char *what, const char *name);
#define CHECK_DATA(dom, what, name, expected) \
    do { g_autofree char *_d = apiData(dom, what, name); CHECK_STR(_d, expected); } while (0)
