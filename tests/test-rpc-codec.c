/*
 * test-rpc-codec.c: frames and payloads of libvirt's RPC protocol
 *
 * The expected bytes are frames observed between real virsh 9.0 and
 * libvirtd 9.0 (../shared/reference/wire-qmp-qemuimg-facts.md, A.8):
 * encoding the same values must give the same bytes, and decoding those
 * bytes must give the values back.  Broken payloads must be refused.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>

#include "testutils.h"
#include "rpc/remote_protocol.h"
#include "rpc/virnetmessage.h"
#include "rpc/virnetxdr.h"
#include "util/virerror.h"


/* "0000001c 20008086 ..." -> bytes */
static GByteArray *
hexBytes(const char *hex)
{
    GByteArray *out = g_byte_array_new();

    for (const char *p = hex; *p; ) {
        guint8 b;

        if (!g_ascii_isxdigit(*p)) {
            p++;
            continue;
        }
        b = g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]);
        g_byte_array_append(out, &b, 1);
        p += 2;
    }
    return out;
}


static void
checkBytes(const char *what, const GByteArray *got, const char *hex)
{
    g_autoptr(GByteArray) want = hexBytes(hex);

    if (got->len != want->len || memcmp(got->data, want->data, got->len) != 0) {
        g_autofree char *gotHex = g_malloc0(got->len * 2 + 1);

        for (guint i = 0; i < got->len; i++)
            g_snprintf(gotHex + 2 * i, 3, "%02x", got->data[i]);
        testFail(__FILE__, __LINE__, "%s: got %s", what, gotHex);
    }
}


/* A frame of @hdr carrying @vals of @sig. */
static GByteArray *
frame(virNetMessageHeader hdr, const char *sig, const virNetValue *vals)
{
    GByteArray *msg = virNetMessageNew(&hdr);

    CHECK_INT(virNetEncode(msg, sig, vals), 0);
    CHECK_INT(virNetMessageFinish(msg), 0);
    return msg;
}

#define CALL(proc, serial) \
    ((virNetMessageHeader){ VIR_NET_PROGRAM_REMOTE, 1, proc, VIR_NET_CALL, serial, VIR_NET_OK })
#define REPLY(proc, serial) \
    ((virNetMessageHeader){ VIR_NET_PROGRAM_REMOTE, 1, proc, VIR_NET_REPLY, serial, VIR_NET_OK })


static void
test_virsh_prologue_frames(void)
{
    virNetValue none[1] = { { .u = 0 } };
    virNetValue authRet[1] = { { .u = 0 } };
    virNetValue authType = { .i = 0 };
    virNetValue feature[1] = { { .i = 10 } };
    virNetValue open[2] = { { .s = (char *)"qemu:///system" }, { .u = 0 } };
    g_autoptr(GByteArray) a = frame(CALL(REMOTE_PROC_AUTH_LIST, 0), "", none);
    g_autoptr(GByteArray) b = NULL;
    g_autoptr(GByteArray) c = frame(CALL(REMOTE_PROC_CONNECT_SUPPORTS_FEATURE, 1), "i", feature);
    g_autoptr(GByteArray) d = frame(CALL(REMOTE_PROC_CONNECT_OPEN, 2), "Su", open);

    authRet[0].array.items = &authType;
    authRet[0].array.n = 1;
    b = frame(REPLY(REMOTE_PROC_AUTH_LIST, 0), "[i", authRet);
    checkBytes("AUTH_LIST call", a, "0000001c 20008086 00000001 00000042 00000000 00000000 00000000");
    checkBytes("AUTH_LIST reply", b, "00000024 20008086 00000001 00000042 00000001 00000000 00000000"
                                     " 00000001 00000000");
    checkBytes("SUPPORTS_FEATURE", c, "00000020 20008086 00000001 0000003c 00000000 00000001"
                                      " 00000000 0000000a");
    checkBytes("CONNECT_OPEN", d, "00000038 20008086 00000001 00000001 00000000 00000002 00000000"
                                  " 00000001 0000000e 71656d75 3a2f2f2f 73797374 656d0000 00000000");
}


static void
test_list_all_domains_reply_round_trip(void)
{
    const char *hex = "00000040 20008086 00000001 00000111 00000001 00000006 00000000"
                      " 00000001 00000003 766d3100 00112233 44556677 8899aabb ccddeeff"
                      " 00000001 00000001";
    g_autoptr(GByteArray) bytes = hexBytes(hex);
    virNetMessageHeader hdr;
    virNetValue ret[2] = { { .u = 0 } };
    g_autoptr(GByteArray) again = NULL;

    CHECK_INT(virNetMessageDecodeHeader(bytes->data + 4, bytes->len - 4, &hdr), 0);
    CHECK_INT(hdr.prog, VIR_NET_PROGRAM_REMOTE);
    CHECK_INT(hdr.proc, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS);
    CHECK_INT(hdr.type, VIR_NET_REPLY);
    CHECK_INT(hdr.serial, 6);
    CHECK_INT(virNetDecode(bytes->data + 28, bytes->len - 28, "[Du", ret), 0);
    CHECK_INT(ret[0].array.n, 1);
    CHECK_STR(ret[0].array.items[0].dom.name, "vm1");
    CHECK_INT(ret[0].array.items[0].dom.uuid[15], 0xff);
    CHECK_INT(ret[0].array.items[0].dom.id, 1);
    CHECK_INT(ret[1].u, 1);
    again = frame(hdr, "[Du", ret);
    checkBytes("LIST_ALL_DOMAINS reply", again, hex);
    virNetValuesClear("[Du", ret);
    CHECK(ret[0].array.items == NULL);
}


static void
test_widened_and_64_bit_items(void)
{
    /* GET_BLOCK_JOB_INFO reply: found, type, bandwidth, cur, end */
    virNetValue info[5] = { { .i = 1 }, { .i = 4 }, { .H = 4 }, { .H = 9 << 20 },
                            { .H = 32 << 20 } };
    virNetValue state[2] = { { .i = 1 }, { .i = 1 } };
    virNetValue inactive[1] = { { .dom = { (char *)"vm1", { 0 }, -1 } } };
    g_autoptr(GByteArray) a = frame(REPLY(238, 10), "iiHHH", info);
    g_autoptr(GByteArray) b = frame(REPLY(REMOTE_PROC_DOMAIN_GET_STATE, 7), "ii", state);
    g_autoptr(GByteArray) c = g_byte_array_new();

    checkBytes("GET_BLOCK_JOB_INFO", a, "0000003c 20008086 00000001 000000ee 00000001 0000000a"
                                        " 00000000 00000001 00000004 00000000 00000004"
                                        " 00000000 00900000 00000000 02000000");
    checkBytes("GET_STATE", b, "00000024 20008086 00000001 000000d4 00000001 00000007 00000000"
                               " 00000001 00000001");
    /* An inactive domain's id is -1 on the wire. */
    CHECK_INT(virNetEncode(c, "D", inactive), 0);
    checkBytes("inactive domain", c, "00000003 766d3100 00000000 00000000 00000000 00000000"
                                     " ffffffff");
}


static void
test_security_model_chars(void)
{
    const char *hex = "00000005 0000006e 0000006f 0000006e 00000065 00000000"
                      " 00000002 00000030 00000000";
    g_autoptr(GByteArray) bytes = hexBytes(hex);
    g_autoptr(GByteArray) again = g_byte_array_new();
    virNetValue ret[2] = { { .u = 0 } };

    CHECK_INT(virNetDecode(bytes->data, bytes->len, "CC", ret), 0);
    CHECK_STR(ret[0].s, "none");
    CHECK_STR(ret[1].s, "0");
    CHECK_INT(virNetEncode(again, "CC", ret), 0);
    checkBytes("security model", again, hex);
    virNetValuesClear("CC", ret);
}


static void
test_broken_payloads_are_refused(void)
{
    static const struct {
        const char *sig;
        const char *hex;
    } cases[] = {
        { "i", "000000" },                           /* short */
        { "i", "00000001 00000002" },                /* trailing bytes */
        { "S", "00000002" },                         /* optional flag not 0/1 */
        { "s", "00000004 61620063" },                /* NUL inside a string */
        { "s", "00000005 61626364" },                /* string past the end */
        { "s", "7fffffff" },                         /* string beyond the limit */
        { "[s", "00004001" },                        /* list beyond the limit */
        { "[i", "00000002 00000001" },               /* list past the end */
        { "D", "00000003 766d3100 0011" },           /* uuid cut short */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GByteArray) bytes = hexBytes(cases[i].hex);
        virNetValue v[2] = { { .u = 0 } };

        if (virNetDecode(bytes->data, bytes->len, cases[i].sig, v) == 0)
            testFail(__FILE__, __LINE__, "case %zu (%s) decoded", i, cases[i].hex);
        else
            CHECK_INT(virGetLastErrorCode(), VIR_ERR_RPC);
        virNetValuesClear(cases[i].sig, v);
    }
}


static void
test_errors_round_trip(void)
{
    g_autoptr(GByteArray) msg = g_byte_array_new();
    g_autoptr(GByteArray) unknown = g_byte_array_new();
    virNetValue rpcErr[11] = {
        { .i = VIR_ERR_RPC }, { .i = VIR_FROM_RPC }, { .s = (char *)"unknown procedure: 9999" },
        { .i = 2 }, { .u = 0 }, { .u = 0 }, { .u = 0 }, { .u = 0 }, { .i = -1 }, { .i = -1 },
        { .u = 0 },
    };

    virErrorReport(VIR_FROM_DOMAIN_SNAPSHOT, VIR_ERR_NO_DOMAIN_SNAPSHOT, __func__,
                   "snapshot '%s' does not have a parent", "s1");
    virNetMessageEncodeError(msg);
    virResetLastError();
    virNetMessageRaiseError(msg->data, msg->len);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN_SNAPSHOT);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_DOMAIN_SNAPSHOT);
    CHECK_STR(virGetLastErrorMessage(),
              "Domain snapshot not found: snapshot 's1' does not have a parent");

    /* "unknown procedure" becomes NO_SUPPORT, as in libvirt's client. */
    CHECK_INT(virNetEncode(unknown, "iiSiOSSSiiW", rpcErr), 0);
    virNetMessageRaiseError(unknown->data, unknown->len);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_SUPPORT);
    CHECK_STR(virGetLastErrorMessage(), "unknown procedure: 9999");
}


static void
checkProcedureTable(const virNetProcedure *procs, size_t n,
                    const virNetProcedure *(*find)(int proc))
{
    for (size_t i = 0; i < n; i++) {
        for (const char *p = procs[i].args; *p; p++)
            CHECK(strchr("iuhHUsSDONPVWZMCT[", *p));
        for (const char *p = procs[i].ret; *p; p++)
            CHECK(strchr("iuhHUsSDONPVWZMCT[", *p));
        if (i > 0 && procs[i - 1].proc >= procs[i].proc)
            testFail(__FILE__, __LINE__, "%s out of order", procs[i].name);
        CHECK(find(procs[i].proc) == &procs[i]);
    }
    CHECK(find(9999) == NULL);
}


static void
test_procedure_table_is_sorted_and_valid(void)
{
    size_t n;
    const virNetProcedure *procs = virNetRemoteProcedures(&n);

    checkProcedureTable(procs, n, virNetRemoteProcedureFind);
    procs = virNetSnapvirtProcedures(&n);
    checkProcedureTable(procs, n, virNetSnapvirtProcedureFind);
    CHECK_STR(virNetRemoteProcedureFind(189)->name, "DOMAIN_SNAPSHOT_LOOKUP_BY_NAME");
}


static const testCase tests[] = {
    TEST_CASE(test_virsh_prologue_frames),
    TEST_CASE(test_list_all_domains_reply_round_trip),
    TEST_CASE(test_widened_and_64_bit_items),
    TEST_CASE(test_security_model_chars),
    TEST_CASE(test_broken_payloads_are_refused),
    TEST_CASE(test_errors_round_trip),
    TEST_CASE(test_procedure_table_is_sorted_and_valid),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    return testRun(argc, argv, tests);
}
