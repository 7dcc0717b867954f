/*
 * virnetxdr.h: XDR payloads of libvirt's remote protocol, by signature
 *
 * Every payload of the remote protocol (a procedure's arguments, its
 * return value, an event, an error) is a sequence of XDR items.  Instead
 * of one hand-written (or rpcgen-made) routine per structure, a payload
 * is described by a signature string, one character per item, and one
 * encoder and one decoder walk it over an array of virNetValue:
 *
 *   i  int                     u  unsigned int (also enums, bools, and
 *   h  hyper (int64)              char / short, which XDR widens to 4 bytes)
 *   H  unsigned hyper          U  opaque uuid[16]
 *   s  remote_nonnull_string   S  remote_string (optional)
 *   D  remote_nonnull_domain   O  remote_domain (optional)
 *   N  remote_nonnull_domain_snapshot
 *   P  remote_nonnull_storage_pool
 *   V  remote_nonnull_storage_vol
 *   Z  a volume snapshot: the volume (V), then the snapshot's name (s)
 *      (snapvirt's own program; libvirt has no such type)
 *   W  optional { string name; opaque uuid[16] } (remote_error's net)
 *   M  char model[32]          C  char label<> (a count, then 4 bytes a char)
 *   T  remote_typed_param<>    [X variable-length array of item X
 *
 * The layouts are those of libvirt 9.0's remote_protocol.x (facts in
 * ../shared/reference/wire-qmp-qemuimg-facts.md, sections A.9 and B.1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#define VIR_NET_UUID_LEN 16
#define VIR_NET_STRING_MAX 4194304      /* REMOTE_STRING_MAX */
#define VIR_NET_LIST_MAX 16384          /* the *_LIST_MAX of the subset */
#define VIR_NET_TYPED_PARAMS_MAX 64     /* REMOTE_DOMAIN_JOB_STATS_MAX */

typedef struct {
    char *name;
    unsigned char uuid[VIR_NET_UUID_LEN];
    int id;                             /* -1 for an inactive domain */
} virNetDomain;

typedef struct _virNetValue virNetValue;
struct _virNetValue {
    union {
        gint32 i;
        guint32 u;
        gint64 h;
        guint64 H;
        char *s;                        /* s, S (NULL: absent), M, C */
        unsigned char uuid[VIR_NET_UUID_LEN];
        virNetDomain dom;               /* D, O (dom.name NULL: absent) */
        struct {
            char *name;
            virNetDomain dom;
        } snap;                         /* N */
        struct {
            char *name;                 /* NULL: absent (W) */
            unsigned char uuid[VIR_NET_UUID_LEN];
        } pool;                         /* P, W */
        struct {
            char *pool;
            char *name;
            char *key;
            char *snap;                 /* Z only */
        } vol;                          /* V, Z */
        struct {
            virTypedParameterPtr params;
            int n;
        } params;                       /* T */
        struct {
            virNetValue *items;
            guint32 n;
        } array;                        /* [X */
    };
};

/* Appends the XDR of @vals (one per item of @sig) to @buf.  Fails with
 * VIR_ERR_RPC when a value breaks a limit of the protocol (a string or
 * array too long, a missing non-optional string). */
int virNetEncode(GByteArray *buf, const char *sig, const virNetValue *vals);

/* Decodes @len bytes at @data into @vals (zeroed by the caller, one per
 * item of @sig); the whole payload must be used.  On failure (reported
 * as VIR_ERR_RPC "Unable to decode message payload") @vals holds what
 * was decoded so far: clear it with virNetValuesClear either way. */
int virNetDecode(const guint8 *data, size_t len, const char *sig, virNetValue *vals);

/* Frees what the values of @sig own and zeroes them. */
void virNetValuesClear(const char *sig, virNetValue *vals);

/* The number of values a signature takes (an array is one). */
size_t virNetSignatureLength(const char *sig);
