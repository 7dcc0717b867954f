/*
 * virnetxdr.c: XDR payloads of libvirt's remote protocol, by signature
 *
 * XDR is big-endian 4-byte words: strings and opaques are padded with
 * zeros to a multiple of 4, optional data is a 0/1 word and then the
 * data, a variable array is a count and then the items.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "virnetxdr.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_RPC

#define VIR_NET_MODEL_LEN 32            /* char model[32] of NODE_GET_INFO */
#define VIR_NET_LABEL_MAX 4097          /* REMOTE_SECURITY_LABEL_MAX */


/* ---- encoding ---- */

static void
putU32(GByteArray *buf, guint32 v)
{
    guint32 be = GUINT32_TO_BE(v);

    g_byte_array_append(buf, (const guint8 *)&be, 4);
}


static void
putU64(GByteArray *buf, guint64 v)
{
    putU32(buf, v >> 32);
    putU32(buf, v & 0xffffffffu);
}


static void
putOpaque(GByteArray *buf, const void *data, size_t len)
{
    static const guint8 zeros[4];

    g_byte_array_append(buf, data, len);
    g_byte_array_append(buf, zeros, (4 - len % 4) % 4);
}


static int
putString(GByteArray *buf, const char *s)
{
    size_t len;

    if (!s) {
        virReportError(VIR_ERR_RPC, "%s", "a string the protocol needs is missing");
        return -1;
    }
    if ((len = strlen(s)) > VIR_NET_STRING_MAX) {
        virReportError(VIR_ERR_RPC, "string of %zu bytes is longer than the protocol allows",
                       len);
        return -1;
    }
    putU32(buf, len);
    putOpaque(buf, s, len);
    return 0;
}


static int
putDomain(GByteArray *buf, const virNetDomain *dom)
{
    if (putString(buf, dom->name) < 0)
        return -1;
    putOpaque(buf, dom->uuid, VIR_NET_UUID_LEN);
    putU32(buf, dom->id);
    return 0;
}


static int
putTypedParams(GByteArray *buf, const virTypedParameter *params, int n)
{
    putU32(buf, n);
    for (int i = 0; i < n; i++) {
        const virTypedParameter *p = &params[i];

        if (putString(buf, p->field) < 0)
            return -1;
        putU32(buf, p->type);
        switch ((virTypedParameterType)p->type) {
        case VIR_TYPED_PARAM_INT: putU32(buf, p->value.i); break;
        case VIR_TYPED_PARAM_UINT: putU32(buf, p->value.ui); break;
        case VIR_TYPED_PARAM_LLONG: putU64(buf, p->value.l); break;
        case VIR_TYPED_PARAM_ULLONG: putU64(buf, p->value.ul); break;
        case VIR_TYPED_PARAM_DOUBLE: {
            guint64 bits;

            memcpy(&bits, &p->value.d, sizeof(bits));
            putU64(buf, bits);
            break;
        }
        case VIR_TYPED_PARAM_BOOLEAN: putU32(buf, p->value.b); break;
        case VIR_TYPED_PARAM_STRING:
            if (putString(buf, p->value.s) < 0)
                return -1;
            break;
        default:
            virReportError(VIR_ERR_RPC, "typed parameter '%s' has unknown type %d",
                           p->field, p->type);
            return -1;
        }
    }
    return 0;
}


static int encodeItem(GByteArray *buf, const char **sig, const virNetValue *v);

static int
encodeArray(GByteArray *buf, const char **sig, const virNetValue *v)
{
    const char *itemSig = *sig;

    if (v->array.n > VIR_NET_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "list of %u items is longer than the protocol allows",
                       v->array.n);
        return -1;
    }
    putU32(buf, v->array.n);
    for (guint32 k = 0; k < v->array.n; k++) {
        *sig = itemSig;
        if (encodeItem(buf, sig, &v->array.items[k]) < 0)
            return -1;
    }
    if (v->array.n == 0)   /* step over the item's code all the same */
        (*sig)++;
    return 0;
}


static int
encodeItem(GByteArray *buf, const char **sig, const virNetValue *v)
{
    char code = *(*sig)++;

    switch (code) {
    case 'i': case 'u': putU32(buf, v->u); return 0;
    case 'h': case 'H': putU64(buf, v->H); return 0;
    case 'U': putOpaque(buf, v->uuid, VIR_NET_UUID_LEN); return 0;
    case 's': return putString(buf, v->s);
    case 'S':
        putU32(buf, v->s != NULL);
        return v->s ? putString(buf, v->s) : 0;
    case 'D': return putDomain(buf, &v->dom);
    case 'O':
        putU32(buf, v->dom.name != NULL);
        return v->dom.name ? putDomain(buf, &v->dom) : 0;
    case 'N':
        return putString(buf, v->snap.name) < 0 ? -1 : putDomain(buf, &v->snap.dom);
    case 'P':
        if (putString(buf, v->pool.name) < 0)
            return -1;
        putOpaque(buf, v->pool.uuid, VIR_NET_UUID_LEN);
        return 0;
    case 'W':
        putU32(buf, v->pool.name != NULL);
        if (v->pool.name) {
            if (putString(buf, v->pool.name) < 0)
                return -1;
            putOpaque(buf, v->pool.uuid, VIR_NET_UUID_LEN);
        }
        return 0;
    case 'V':
    case 'Z':
        return (putString(buf, v->vol.pool) < 0 || putString(buf, v->vol.name) < 0 ||
                putString(buf, v->vol.key) < 0 ||
                (code == 'Z' && putString(buf, v->vol.snap) < 0)) ? -1 : 0;
    case 'M': {
        size_t len = v->s ? strlen(v->s) : 0;

        for (size_t k = 0; k < VIR_NET_MODEL_LEN; k++)
            putU32(buf, k < len ? (guint32)(guint8)v->s[k] : 0);
        return 0;
    }
    case 'C': {
        size_t len = v->s ? strlen(v->s) + 1 : 0;   /* with its NUL, as libvirt */

        if (len > VIR_NET_LABEL_MAX) {
            virReportError(VIR_ERR_RPC, "%s", "security label too long for the protocol");
            return -1;
        }
        putU32(buf, len);
        for (size_t k = 0; k < len; k++)
            putU32(buf, (guint8)v->s[k]);
        return 0;
    }
    case 'T': return putTypedParams(buf, v->params.params, v->params.n);
    case '[': return encodeArray(buf, sig, v);
    default:
        g_assert_not_reached();
    }
}


int
virNetEncode(GByteArray *buf, const char *sig, const virNetValue *vals)
{
    guint oldLen = buf->len;

    for (size_t k = 0; *sig; k++) {
        if (encodeItem(buf, &sig, &vals[k]) < 0) {
            g_byte_array_set_size(buf, oldLen);
            return -1;
        }
    }
    return 0;
}


/* ---- decoding ---- */

typedef struct {
    const guint8 *p;
    const guint8 *end;
} virNetReader;


static bool
getU32(virNetReader *r, guint32 *v)
{
    if (r->end - r->p < 4)
        return false;
    memcpy(v, r->p, 4);
    *v = GUINT32_FROM_BE(*v);
    r->p += 4;
    return true;
}


static bool
getU64(virNetReader *r, guint64 *v)
{
    guint32 hi, lo;

    if (!getU32(r, &hi) || !getU32(r, &lo))
        return false;
    *v = ((guint64)hi << 32) | lo;
    return true;
}


static bool
getOpaque(virNetReader *r, void *out, size_t len)
{
    size_t padded = len + (4 - len % 4) % 4;

    if ((size_t)(r->end - r->p) < padded)
        return false;
    memcpy(out, r->p, len);
    r->p += padded;
    return true;
}


/* A string without NUL bytes (a C string cannot hold them). */
static bool
getString(virNetReader *r, char **s)
{
    guint32 len;

    if (!getU32(r, &len) || len > VIR_NET_STRING_MAX ||
        (size_t)(r->end - r->p) < len + (4 - len % 4) % 4 || memchr(r->p, 0, len))
        return false;
    *s = g_malloc(len + 1);
    getOpaque(r, *s, len);
    (*s)[len] = '\0';
    return true;
}


static bool
getOptional(virNetReader *r, bool *present)
{
    guint32 flag;

    if (!getU32(r, &flag) || flag > 1)
        return false;
    *present = flag;
    return true;
}


static bool
getDomain(virNetReader *r, virNetDomain *dom)
{
    guint32 id;

    if (!getString(r, &dom->name) || !getOpaque(r, dom->uuid, VIR_NET_UUID_LEN) ||
        !getU32(r, &id))
        return false;
    dom->id = (gint32)id;
    return true;
}


static bool
getChars(virNetReader *r, guint32 n, char **s)
{
    *s = g_malloc0(n + 1);
    for (guint32 k = 0; k < n; k++) {
        guint32 c;

        if (!getU32(r, &c))
            return false;
        (*s)[k] = (char)c;
    }
    return true;
}


static bool
getTypedParams(virNetReader *r, virNetValue *v)
{
    guint32 n;

    if (!getU32(r, &n) || n > VIR_NET_TYPED_PARAMS_MAX)
        return false;
    v->params.params = g_new0(virTypedParameter, n ? n : 1);
    for (guint32 k = 0; k < n; k++) {
        virTypedParameter *p = &v->params.params[k];
        g_autofree char *field = NULL;
        guint32 type, u;
        guint64 l;

        if (!getString(r, &field) || strlen(field) >= VIR_TYPED_PARAM_FIELD_LENGTH ||
            !getU32(r, &type))
            return false;
        v->params.n = k + 1;
        g_strlcpy(p->field, field, sizeof(p->field));
        p->type = type;
        switch ((virTypedParameterType)type) {
        case VIR_TYPED_PARAM_INT:
        case VIR_TYPED_PARAM_UINT:
        case VIR_TYPED_PARAM_BOOLEAN:
            if (!getU32(r, &u))
                return false;
            if (type == VIR_TYPED_PARAM_BOOLEAN)
                p->value.b = u != 0;
            else
                p->value.ui = u;
            break;
        case VIR_TYPED_PARAM_LLONG:
        case VIR_TYPED_PARAM_ULLONG:
        case VIR_TYPED_PARAM_DOUBLE:
            if (!getU64(r, &l))
                return false;
            memcpy(&p->value.ul, &l, sizeof(l));
            break;
        case VIR_TYPED_PARAM_STRING:
            p->value.s = NULL;
            if (!getString(r, &p->value.s))
                return false;
            break;
        default:
            p->type = VIR_TYPED_PARAM_INT;   /* nothing to free */
            return false;
        }
    }
    return true;
}


static bool decodeItem(virNetReader *r, const char **sig, virNetValue *v);

static bool
decodeArray(virNetReader *r, const char **sig, virNetValue *v)
{
    const char *itemSig = *sig;
    guint32 n;

    if (!getU32(r, &n) || n > VIR_NET_LIST_MAX || n > (size_t)(r->end - r->p) / 4)
        return false;
    v->array.items = g_new0(virNetValue, n ? n : 1);
    for (guint32 k = 0; k < n; k++) {
        *sig = itemSig;
        v->array.n = k + 1;
        if (!decodeItem(r, sig, &v->array.items[k]))
            return false;
    }
    *sig = itemSig + 1;
    return true;
}


static bool
decodeItem(virNetReader *r, const char **sig, virNetValue *v)
{
    char code = *(*sig)++;
    bool present;
    guint32 n;

    switch (code) {
    case 'i': case 'u': return getU32(r, &v->u);
    case 'h': case 'H': return getU64(r, &v->H);
    case 'U': return getOpaque(r, v->uuid, VIR_NET_UUID_LEN);
    case 's': return getString(r, &v->s);
    case 'S': return getOptional(r, &present) && (!present || getString(r, &v->s));
    case 'D': return getDomain(r, &v->dom);
    case 'O': return getOptional(r, &present) && (!present || getDomain(r, &v->dom));
    case 'N': return getString(r, &v->snap.name) && getDomain(r, &v->snap.dom);
    case 'P':
        return getString(r, &v->pool.name) &&
               getOpaque(r, v->pool.uuid, VIR_NET_UUID_LEN);
    case 'W':
        return getOptional(r, &present) &&
               (!present || (getString(r, &v->pool.name) &&
                             getOpaque(r, v->pool.uuid, VIR_NET_UUID_LEN)));
    case 'V':
    case 'Z':
        return getString(r, &v->vol.pool) && getString(r, &v->vol.name) &&
               getString(r, &v->vol.key) && (code != 'Z' || getString(r, &v->vol.snap));
    case 'M': return getChars(r, VIR_NET_MODEL_LEN, &v->s);
    case 'C': return getU32(r, &n) && n <= VIR_NET_LABEL_MAX && getChars(r, n, &v->s);
    case 'T': return getTypedParams(r, v);
    case '[': return decodeArray(r, sig, v);
    default:
        g_assert_not_reached();
    }
}


int
virNetDecode(const guint8 *data, size_t len, const char *sig, virNetValue *vals)
{
    virNetReader r = { data, data + len };

    for (size_t k = 0; *sig; k++) {
        if (!decodeItem(&r, &sig, &vals[k]))
            goto error;
    }
    if (r.p == r.end)
        return 0;
 error:
    virReportError(VIR_ERR_RPC, "%s", "Unable to decode message payload");
    return -1;
}


/* ---- ownership ---- */

static void clearItem(const char **sig, virNetValue *v);

static void
clearArray(const char **sig, virNetValue *v)
{
    const char *itemSig = *sig;

    for (guint32 k = 0; k < v->array.n; k++) {
        *sig = itemSig;
        clearItem(sig, &v->array.items[k]);
    }
    *sig = itemSig + 1;
    g_free(v->array.items);
}


static void
clearItem(const char **sig, virNetValue *v)
{
    char code = *(*sig)++;

    switch (code) {
    case 's': case 'S': case 'M': case 'C': g_free(v->s); break;
    case 'D': case 'O': g_free(v->dom.name); break;
    case 'N': g_free(v->snap.name); g_free(v->snap.dom.name); break;
    case 'P': case 'W': g_free(v->pool.name); break;
    case 'V': case 'Z':
        g_free(v->vol.pool);
        g_free(v->vol.name);
        g_free(v->vol.key);
        g_free(v->vol.snap);
        break;
    case 'T':
        for (int k = 0; k < v->params.n; k++) {
            if (v->params.params[k].type == VIR_TYPED_PARAM_STRING)
                g_free(v->params.params[k].value.s);
        }
        g_free(v->params.params);
        break;
    case '[': clearArray(sig, v); break;
    default: break;
    }
    memset(v, 0, sizeof(*v));
}


void
virNetValuesClear(const char *sig, virNetValue *vals)
{
    for (size_t k = 0; *sig; k++)
        clearItem(&sig, &vals[k]);
}


size_t
virNetSignatureLength(const char *sig)
{
    size_t n = 0;

    for (; *sig; sig++) {
        if (*sig != '[')
            n++;
    }
    return n;
}
