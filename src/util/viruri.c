/*
 * viruri.c: connection URI parsing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "viruri.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_URI

virURI *
virURIParse(const char *text)
{
    g_autoptr(GError) gerr = NULL;
    g_autoptr(GUri) guri = NULL;
    virURI *uri;

    guri = g_uri_parse(text, G_URI_FLAGS_ENCODED_QUERY, &gerr);
    if (!guri) {
        /* libvirt's wording and code, which programs may match on. */
        virReportError(VIR_ERR_INTERNAL_ERROR, "Unable to parse URI %s", text);
        return NULL;
    }

    uri = g_new0(virURI, 1);
    uri->scheme = g_ascii_strdown(g_uri_get_scheme(guri), -1);
    uri->user = g_strdup(g_uri_get_user(guri));
    uri->server = g_strdup(g_uri_get_host(guri));
    uri->port = g_uri_get_port(guri);
    uri->path = g_strdup(g_uri_get_path(guri));
    uri->query = g_strdup(g_uri_get_query(guri));
    uri->text = g_strdup(text);

    if (uri->query && *uri->query) {
        uri->params = g_uri_parse_params(uri->query, -1, "&;",
                                         G_URI_PARAMS_NONE, &gerr);
        if (!uri->params) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "cannot parse the parameters of URI '%s': %s",
                           text, gerr->message);
            virURIFree(uri);
            return NULL;
        }
    } else {
        uri->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    }
    return uri;
}


void
virURIFree(virURI *uri)
{
    if (!uri)
        return;
    g_free(uri->scheme);
    g_free(uri->user);
    g_free(uri->server);
    g_free(uri->path);
    g_free(uri->query);
    g_free(uri->text);
    if (uri->params)
        g_hash_table_unref(uri->params);
    g_free(uri);
}


const char *
virURIGetParam(const virURI *uri, const char *name)
{
    return g_hash_table_lookup(uri->params, name);
}
