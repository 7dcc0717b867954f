/*
 * fakedaemon.c: a scripted daemon for unit tests of the remote driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "fakedaemon.h"
#include "testutils.h"

#define FAKE_ERROR_SIG "iiSiOSSSiiW"

const unsigned char fakeUUID[16] = { 0x66, 0x95, 0xeb, 0x01 };


void
fakeQuiet(void *data G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}


/* ---- sending ---- */

void
fakeSend(fakeServer *srv, guint32 prog, int proc, int type, guint32 serial, int status,
         const char *sig, const virNetValue *vals)
{
    virNetMessageHeader hdr = { prog, 1, proc, type, serial, status };
    g_autoptr(GByteArray) msg = virNetMessageNew(&hdr);

    g_assert(virNetEncode(msg, sig, vals) == 0);
    g_assert(virNetMessageFinish(msg) == 0);
    virNetSocketWriteMessage(srv->sock, msg);
}


void
fakeSendMessage(fakeServer *srv, int proc, const char *sig, const virNetValue *vals)
{
    fakeSend(srv, VIR_NET_PROGRAM_REMOTE, proc, VIR_NET_MESSAGE, 1, VIR_NET_OK, sig, vals);
}


void
fakeSendLifecycle(fakeServer *srv, int callbackID, int type, int detail)
{
    virNetValue v[4] = { { .i = callbackID }, { .dom = { (char *)"vm1", { 0 }, 3 } },
                         { .i = type }, { .i = detail } };

    memcpy(v[1].dom.uuid, fakeUUID, sizeof(fakeUUID));
    if (callbackID < 0)
        fakeSendMessage(srv, 107, "Dii", v + 1);
    else
        fakeSendMessage(srv, 318, "iDii", v);
}


static void
fakeReply(fakeServer *srv, const virNetMessageHeader *call, const char *sig,
          const virNetValue *vals)
{
    fakeSend(srv, call->prog, call->proc, VIR_NET_REPLY, call->serial, VIR_NET_OK, sig, vals);
}


static void
fakeReplyError(fakeServer *srv, const virNetMessageHeader *call, int code, int domain,
               const char *message)
{
    virNetValue err[11] = {
        { .i = code }, { .i = domain }, { .s = (char *)message }, { .i = VIR_ERR_ERROR },
    };

    err[8].i = err[9].i = -1;
    fakeSend(srv, call->prog, call->proc, VIR_NET_REPLY, call->serial, VIR_NET_ERROR,
             FAKE_ERROR_SIG, err);
}


static void
fakeWriteRaw(fakeServer *srv, const char *bytes, size_t len)
{
    if (write(virNetSocketFD(srv->sock), bytes, len) != (ssize_t)len)
        g_warning("fake daemon: short write");
}


static void
fakeReplyString(fakeServer *srv, const virNetMessageHeader *call, const char *s)
{
    virNetValue v = { .s = (char *)s };

    fakeReply(srv, call, "s", &v);
}


static void
fakeReplyDomain(fakeServer *srv, const virNetMessageHeader *call, const char *name, int id)
{
    virNetValue v = { .dom = { (char *)name, { 0 }, id } };

    memcpy(v.dom.uuid, fakeUUID, sizeof(fakeUUID));
    fakeReply(srv, call, "D", &v);
}


/* ---- the calls as text ---- */

/* One value of signature item @code, for the record. */
static void
fakeFormatValue(GString *out, char code, const virNetValue *v)
{
    switch (code) {
    case 'i': g_string_append_printf(out, "%d", v->i); break;
    case 'u': g_string_append_printf(out, "%u", v->u); break;
    case 'h': g_string_append_printf(out, "%" G_GINT64_FORMAT, v->h); break;
    case 'H': g_string_append_printf(out, "%" G_GUINT64_FORMAT, v->H); break;
    case 's': case 'S': g_string_append(out, v->s ? v->s : "-"); break;
    case 'U': g_string_append_printf(out, "uuid%02x", v->uuid[0]); break;
    case 'D': case 'O': g_string_append(out, v->dom.name ? v->dom.name : "-"); break;
    case 'N': g_string_append_printf(out, "%s/%s", v->snap.dom.name, v->snap.name); break;
    case 'P': g_string_append(out, v->pool.name); break;
    case 'V': g_string_append_printf(out, "%s/%s", v->vol.pool, v->vol.name); break;
    case 'T':
        g_string_append_c(out, '{');
        for (int i = 0; i < v->params.n; i++)
            g_string_append_printf(out, "%s%s=%llu", i ? "," : "", v->params.params[i].field,
                                   v->params.params[i].value.ul);
        g_string_append_c(out, '}');
        break;
    default: g_string_append_c(out, '?'); break;
    }
}


static char *
fakeFormatCall(const virNetMessageHeader *hdr, const char *sig, const virNetValue *v)
{
    GString *out = g_string_new(NULL);

    g_string_append_printf(out, "%d", hdr->proc);
    for (size_t k = 0; sig[k]; k++) {
        g_string_append_c(out, ' ');
        fakeFormatValue(out, sig[k], &v[k]);
    }
    return g_string_free(out, FALSE);
}


/* ---- canned replies ---- */

/* The value of item @code in a canned reply (borrowed strings). */
static void
fakeDefaultValue(fakeServer *srv, char code, size_t k, virNetValue *v, virTypedParameter *tp)
{
    switch (code) {
    case 'i': v->i = srv->retInt; break;
    case 'u': v->u = 1; break;
    case 'h': case 'H': v->H = 1000 + k; break;
    case 's': case 'S': case 'C': v->s = (char *)"text"; break;
    case 'M': v->s = (char *)"model"; break;
    case 'U': memcpy(v->uuid, fakeUUID, sizeof(fakeUUID)); break;
    case 'D': case 'O':
        v->dom.name = (char *)"vm1";
        memcpy(v->dom.uuid, fakeUUID, sizeof(fakeUUID));
        v->dom.id = -1;
        break;
    case 'N':
        v->snap.name = (char *)"s1";
        v->snap.dom.name = (char *)"vm1";
        v->snap.dom.id = -1;
        break;
    case 'P':
        v->pool.name = (char *)"pool1";
        memcpy(v->pool.uuid, fakeUUID, sizeof(fakeUUID));
        break;
    case 'V':
        v->vol.pool = (char *)"pool1";
        v->vol.name = (char *)"vol1";
        v->vol.key = (char *)"/pool1/vol1";
        break;
    case 'T':
        g_strlcpy(tp->field, "bytes", sizeof(tp->field));
        tp->type = VIR_TYPED_PARAM_ULLONG;
        tp->value.ul = 7;
        v->params.params = tp;
        v->params.n = 1;
        break;
    default: g_assert_not_reached();
    }
}


/* Replies to @call with a value of each item of @sig; an array has one
 * element. */
static void
fakeDefaultReply(fakeServer *srv, const virNetMessageHeader *call, const char *sig)
{
    virNetValue v[REMOTE_VALUES_MAX_FAKE] = { { .u = 0 } };
    virNetValue items[REMOTE_VALUES_MAX_FAKE] = { { .u = 0 } };
    virTypedParameter tp[REMOTE_VALUES_MAX_FAKE] = { { .type = 0 } };
    size_t k = 0;

    for (const char *c = sig; *c; c++, k++) {
        if (*c == '[') {
            c++;
            fakeDefaultValue(srv, *c, k, &items[k], &tp[k]);
            v[k].array.items = &items[k];
            v[k].array.n = 1;
        } else {
            fakeDefaultValue(srv, *c, k, &v[k], &tp[k]);
        }
    }
    fakeReply(srv, call, sig, v);
}


/* ---- answering ---- */

/* Reads frames until a keepalive PONG (true) or the end (false). */
static bool
fakeAwaitPong(fakeServer *srv)
{
    for (;;) {
        virNetMessageHeader hdr;
        g_autoptr(GByteArray) payload = NULL;

        if (virNetSocketReadMessage(srv->sock, &hdr, &payload) <= 0)
            return false;
        if (hdr.prog == VIR_NET_PROGRAM_KEEPALIVE && hdr.proc == VIR_NET_KEEPALIVE_PONG) {
            srv->pongs++;
            return true;
        }
    }
}


/* GET_HOSTNAME in the misbehaving modes; false to hang up. */
static bool
fakeHostname(fakeServer *srv, const virNetMessageHeader *call)
{
    virNetValue junk = { .i = 42 };
    virNetValue none = { .u = 0 };

    switch (srv->mode) {
    case FAKE_CLOSE_MID_CALL:
        return false;
    case FAKE_HANG:
        return true;   /* silence, the connection open */
    case FAKE_SHORT_FRAME:
        fakeWriteRaw(srv, "\0\0\0\2", 4);
        return false;
    case FAKE_CUT_FRAME:
        fakeWriteRaw(srv, "\0\0\0\x40", 4);
        return false;
    case FAKE_INTERLEAVE:
        fakeSend(srv, VIR_NET_PROGRAM_KEEPALIVE, VIR_NET_KEEPALIVE_PING, VIR_NET_MESSAGE, 0,
                 VIR_NET_OK, "", &none);
        /* a broken event, a good one for the first callback, a stray reply */
        fakeSendMessage(srv, 107, "i", &junk);
        fakeSendLifecycle(srv, 100, VIR_DOMAIN_EVENT_SUSPENDED, 0);
        fakeSend(srv, VIR_NET_PROGRAM_REMOTE, call->proc, VIR_NET_REPLY, call->serial + 100,
                 VIR_NET_OK, "i", &junk);
        if (!fakeAwaitPong(srv))
            return false;
        break;
    case FAKE_NORMAL:
        break;
    }
    fakeReplyString(srv, call, "fakehost");
    return true;
}


/* A list reply: @n names "a0", "a1", ... (the caller's room is tested). */
static void
fakeReplyNames(fakeServer *srv, const virNetMessageHeader *call, guint32 n)
{
    g_autofree virNetValue *items = g_new0(virNetValue, n ? n : 1);
    g_autofree char *names = g_malloc0(n * 3 + 1);
    virNetValue list = { .array = { items, n } };

    for (guint32 k = 0; k < n; k++) {
        g_snprintf(names + 3 * k, 3, "a%u", k);
        items[k].s = names + 3 * k;
    }
    fakeReply(srv, call, "[s", &list);
}


static void
fakeListAllDomains(fakeServer *srv, const virNetMessageHeader *call, const virNetValue *args)
{
    virNetValue doms[2] = { { .dom = { (char *)"d0", { 0 }, 1 } },
                            { .dom = { (char *)"d1", { 1 }, -1 } } };
    virNetValue ret[2] = { { .array = { doms, 2 } }, { .u = 2 } };

    srv->needResults = args[0].i;
    if (!args[0].i) {
        ret[0].array.n = 0;
        ret[1].u = 5;     /* only the count matters then */
    }
    fakeReply(srv, call, "[Du", ret);
}


/* The calls every connection makes, and event registrations. */
static bool
fakeConnectCall(fakeServer *srv, const virNetMessageHeader *call, virNetValue *args)
{
    virNetValue v = { .u = 0 };

    switch (call->proc) {
    case REMOTE_PROC_AUTH_LIST: {
        virNetValue type = { .i = srv->authType };
        virNetValue list = { .array = { &type, 1 } };

        if (srv->authType < 0)
            fakeReplyError(srv, call, VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: 66");
        else
            fakeReply(srv, call, "[i", &list);
        return true;
    }
    case REMOTE_PROC_CONNECT_OPEN:
        srv->openName = g_strdup(args[0].s);
        srv->openFlags = args[1].u;
        fakeReply(srv, call, "", &v);
        return true;
    case REMOTE_PROC_CONNECT_SUPPORTS_FEATURE:
        if (srv->feature14 < 0) {
            fakeReplyError(srv, call, VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: 60");
            return true;
        }
        v.i = args[0].i == VIR_DRV_FEATURE_REMOTE_EVENT_CALLBACK ? srv->feature14 :
              args[0].i == VIR_DRV_FEATURE_PROGRAM_KEEPALIVE ? srv->feature10 : 0;
        fakeReply(srv, call, "i", &v);
        return true;
    case REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY:
        v.i = srv->nextCallbackID++;
        fakeReply(srv, call, "i", &v);
        if (srv->eventAfterRegister > 0)
            fakeSendLifecycle(srv, v.i, srv->eventAfterRegister, 0);
        return true;
    default:
        return false;
    }
}


/* Answers one call of the remote program; false to hang up. */
static bool
fakeAnswerRemote(fakeServer *srv, const virNetMessageHeader *call, virNetValue *args)
{
    const virNetProcedure *p = virNetRemoteProcedureFind(call->proc);

    if (fakeConnectCall(srv, call, args))
        return true;
    switch (call->proc) {
    case REMOTE_PROC_CONNECT_GET_HOSTNAME:
        return fakeHostname(srv, call);
    case REMOTE_PROC_CONNECT_GET_TYPE:
        fakeReplyString(srv, call, "FAKE");
        return true;
    case REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS:
        fakeListAllDomains(srv, call, args);
        return true;
    case REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME:
        if (g_strcmp0(args[0].s, "vm1") == 0)
            fakeReplyDomain(srv, call, "vm1", -1);
        else
            fakeReplyError(srv, call, VIR_ERR_NO_DOMAIN, VIR_FROM_TEST,
                           "Domain not found: no domain with matching name 'nosuch'");
        return true;
    case REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS:
        fakeReplyDomain(srv, call, "vm1", 7);
        return true;
    case REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_NAMES:
        srv->maxnames = args[1].i;
        fakeReplyNames(srv, call, 3);
        return true;
    case REMOTE_PROC_CONNECT_GET_VERSION:
        /* unknown to this daemon: NO_SUPPORT on the client */
        fakeReplyError(srv, call, VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: 4");
        return true;
    default:
        fakeDefaultReply(srv, call, p->ret);
        return true;
    }
}


/* Answers one call; false to hang up. */
static bool
fakeAnswer(fakeServer *srv, const virNetMessageHeader *call, const GByteArray *payload)
{
    const virNetProcedure *p = call->prog == VIR_NET_PROGRAM_REMOTE ?
                               virNetRemoteProcedureFind(call->proc) : NULL;
    const char *sig = p ? p->args : call->prog == VIR_NET_PROGRAM_QEMU ? "Dsu" : "";
    virNetValue args[REMOTE_VALUES_MAX_FAKE] = { { .u = 0 } };
    bool ret = true;

    if (virNetDecode(payload->data, payload->len, sig, args) < 0) {
        fakeReplyError(srv, call, VIR_ERR_RPC, VIR_FROM_RPC, "Unable to decode message payload");
        goto cleanup;
    }
    g_mutex_lock(&srv->lock);
    g_ptr_array_add(srv->calls, fakeFormatCall(call, sig, args));
    g_mutex_unlock(&srv->lock);

    if (srv->errorProc == call->proc) {
        fakeReplyError(srv, call, srv->errorCode, VIR_FROM_TEST, "the daemon says no");
    } else if (call->prog == VIR_NET_PROGRAM_QEMU && srv->qemuProgram) {
        g_autofree char *reply = g_strdup_printf("{\"return\":\"%s\"}", args[1].s);

        fakeReplyString(srv, call, reply);
    } else if (!p) {
        g_autofree char *msg = g_strdup_printf("Cannot find program %u version 1",
                                               call->prog);

        fakeReplyError(srv, call, VIR_ERR_RPC, VIR_FROM_RPC, msg);
    } else {
        ret = fakeAnswerRemote(srv, call, args);
    }
 cleanup:
    virNetValuesClear(sig, args);
    return ret;
}


static gpointer
fakeServerRun(gpointer opaque)
{
    fakeServer *srv = opaque;
    int fd = accept(srv->listenFd, NULL, NULL);

    g_assert(fd >= 0);
    srv->sock = virNetSocketNew(fd);
    for (;;) {
        virNetMessageHeader hdr;
        g_autoptr(GByteArray) payload = NULL;

        if (virNetSocketReadMessage(srv->sock, &hdr, &payload) <= 0)
            break;
        if (hdr.prog == VIR_NET_PROGRAM_KEEPALIVE) {
            srv->pongs += hdr.proc == VIR_NET_KEEPALIVE_PONG;
            continue;
        }
        g_mutex_lock(&srv->lock);
        if (srv->serials->len &&
            hdr.serial != g_array_index(srv->serials, guint32, srv->serials->len - 1) + 1)
            srv->serialsInOrder = false;
        g_array_append_val(srv->procs, hdr.proc);
        g_array_append_val(srv->serials, hdr.serial);
        g_mutex_unlock(&srv->lock);
        if (!fakeAnswer(srv, &hdr, payload))
            break;
    }
    g_clear_pointer(&srv->sock, virNetSocketFree);
    return NULL;
}


/* Listens on a UNIX socket in srv->dir, or on a free TCP port of
 * 127.0.0.1; sets srv->uri. */
static void
fakeServerListen(fakeServer *srv, bool tcp)
{
    if (tcp) {
        struct sockaddr_in in = { .sin_family = AF_INET,
                                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        socklen_t len = sizeof(in);

        srv->listenFd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        g_assert(srv->listenFd >= 0);
        g_assert(bind(srv->listenFd, (struct sockaddr *)&in, sizeof(in)) == 0);
        g_assert(getsockname(srv->listenFd, (struct sockaddr *)&in, &len) == 0);
        srv->uri = g_strdup_printf("test+tcp://127.0.0.1:%d/default", ntohs(in.sin_port));
    } else {
        struct sockaddr_un addr = { .sun_family = AF_UNIX };

        g_strlcpy(addr.sun_path, srv->path, sizeof(addr.sun_path));
        srv->listenFd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        g_assert(srv->listenFd >= 0);
        g_assert(bind(srv->listenFd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
        srv->uri = g_strdup_printf("test+unix:///default?socket=%s", srv->path);
    }
    g_assert(listen(srv->listenFd, 1) == 0);
}


static fakeServer *
fakeServerNew(fakeMode mode, bool tcp)
{
    fakeServer *srv = g_new0(fakeServer, 1);

    srv->dir = g_dir_make_tmp("snapvirt-rpc-XXXXXX", NULL);
    srv->path = g_build_filename(srv->dir, "sock", NULL);
    srv->mode = mode;
    srv->feature14 = 1;
    srv->retInt = 1;
    srv->nextCallbackID = 100;
    g_mutex_init(&srv->lock);
    srv->procs = g_array_new(FALSE, FALSE, sizeof(int));
    srv->serials = g_array_new(FALSE, FALSE, sizeof(guint32));
    srv->calls = g_ptr_array_new_with_free_func(g_free);
    srv->serialsInOrder = true;
    fakeServerListen(srv, tcp);
    srv->thread = g_thread_new("fake-daemon", fakeServerRun, srv);
    return srv;
}


fakeServer *
fakeServerStart(fakeMode mode)
{
    return fakeServerNew(mode, false);
}


fakeServer *
fakeServerStartTCP(void)
{
    return fakeServerNew(FAKE_NORMAL, true);
}


void
fakeServerJoin(fakeServer *srv)
{
    if (srv->thread)
        g_thread_join(srv->thread);
    srv->thread = NULL;
}


void
fakeServerFree(fakeServer *srv)
{
    fakeServerJoin(srv);
    close(srv->listenFd);
    g_unlink(srv->path);
    g_rmdir(srv->dir);
    g_array_unref(srv->procs);
    g_array_unref(srv->serials);
    g_ptr_array_unref(srv->calls);
    g_mutex_clear(&srv->lock);
    g_free(srv->openName);
    g_free(srv->uri);
    g_free(srv->path);
    g_free(srv->dir);
    g_free(srv);
}


int
fakeProc(fakeServer *srv, guint i)
{
    int proc;

    g_mutex_lock(&srv->lock);
    proc = i < srv->procs->len ? g_array_index(srv->procs, int, i) : -1;
    g_mutex_unlock(&srv->lock);
    return proc;
}


char *
fakeLastCall(fakeServer *srv, int proc)
{
    g_autofree char *prefix = g_strdup_printf("%d", proc);
    char *ret = NULL;

    g_mutex_lock(&srv->lock);
    for (guint i = srv->calls->len; i > 0 && !ret; i--) {
        const char *c = srv->calls->pdata[i - 1];

        if (g_str_has_prefix(c, prefix) && (c[strlen(prefix)] == ' ' || !c[strlen(prefix)]))
            ret = g_strdup(c);
    }
    g_mutex_unlock(&srv->lock);
    return ret ? ret : g_strdup("");
}


int
fakeCount(fakeServer *srv, int proc)
{
    int n = 0;

    g_mutex_lock(&srv->lock);
    for (guint i = 0; i < srv->procs->len; i++)
        n += g_array_index(srv->procs, int, i) == proc;
    g_mutex_unlock(&srv->lock);
    return n;
}


virConnectPtr
fakeOpen(fakeServer *srv, unsigned int flags)
{
    virConnectPtr conn;

    virSetErrorFunc(NULL, fakeQuiet);
    conn = virConnectOpenAuth(srv->uri, NULL, flags);
    if (!conn)
        testFail(__FILE__, __LINE__, "cannot open %s: %s", srv->uri, virGetLastErrorMessage());
    return conn;
}
