/*
 * viruri.h: connection URIs (driver[+transport]://[user@][host][:port]/path?k=v)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef struct _virURI virURI;
struct _virURI {
    char *scheme;     /* "test", "qemu+unix", ... lower case */
    char *user;       /* NULL if absent */
    char *server;     /* NULL or "" if absent */
    int port;         /* -1 if absent */
    char *path;       /* "/default", "/abs/file.xml", "/system" ... */
    char *query;      /* raw query, NULL if absent */
    GHashTable *params;  /* decoded query parameters, never NULL */
    char *text;       /* the URI as given */
};

/* Reports VIR_ERR_INVALID_ARG naming the URI when it does not parse. */
virURI *virURIParse(const char *text);
void virURIFree(virURI *uri);
const char *virURIGetParam(const virURI *uri, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(virURI, virURIFree)
