/*
 * test-storage-xml.c: round trips of the storage XML formats
 *
 * tests/data/poolxml2xml, volxml2xml and volsnapshotxml2xml follow the
 * layout of the other *xml2xml folders (see xmldata.h): in/NAME.xml
 * formats to out/NAME.xml, which is a fixed point when parsed again with
 * schema validation; invalid/NAME.xml fails with the error its header
 * states.  Volume snapshot files named "metadata-*" are parsed as the
 * driver reads its metadata back; the others as a new snapshot, whose
 * creation time (checked to be now) is set to 1234567890.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "testutils.h"
#include "xmldata.h"
#include "conf/storage_conf.h"
#include "conf/volsnapshot_conf.h"
#include "util/virerror.h"


/* Parses @xml as @kind's format and formats it again, or NULL. */
static char *
storageRoundTrip(const xmlDataFile *f, const char *xml, bool validate)
{
    if (strcmp(f->kind, "poolxml2xml") == 0) {
        g_autoptr(virStoragePoolDef) def = virStoragePoolDefParseString(xml, validate);

        return def ? virStoragePoolDefFormat(def, NULL) : NULL;
    }
    if (strcmp(f->kind, "volxml2xml") == 0) {
        g_autoptr(virStorageVolDef) def = virStorageVolDefParseString(xml, validate);

        return def ? virStorageVolDefFormat(def) : NULL;
    } else {
        bool metadata = g_str_has_prefix(f->name, "metadata-");
        gint64 before = g_get_real_time() / G_USEC_PER_SEC;
        g_autoptr(virStorageVolSnapshotDef) def = virStorageVolSnapshotDefParseString(
            xml, (metadata ? VIR_VOL_SNAPSHOT_PARSE_METADATA : 0) |
                 (validate ? VIR_VOL_SNAPSHOT_PARSE_VALIDATE : 0));

        if (!def)
            return NULL;
        if (!metadata) {
            if (def->creationTime < before ||
                def->creationTime > g_get_real_time() / G_USEC_PER_SEC)
                testFail(__FILE__, __LINE__, "creation time %lld is not now",
                         def->creationTime);
            def->creationTime = XML_DATA_CREATION_TIME;
        }
        return virStorageVolSnapshotDefFormat(def, def->parentName);
    }
}


static void
test_storage_in(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = testReadFile(f->path);
    g_autofree char *outPath = xmlDataSibling(f, "out");
    g_autofree char *actual = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *again = NULL;

    if (!xml)
        return;
    virResetLastError();
    if (!(actual = storageRoundTrip(f, xml, false))) {
        testFail(__FILE__, __LINE__, "parse failed: %s", virErrorPeek()->message);
        return;
    }
    xmlDataCompare(actual, outPath, true);
    if (testFailed() || !(expected = testReadFile(outPath)))
        return;
    if (!(again = storageRoundTrip(f, expected, true)))
        testFail(__FILE__, __LINE__, "the expected output does not parse (with "
                 "its schema): %s", virErrorPeek()->message);
    else
        xmlDataCheckEqual(again, expected, "formatting the expected output again");
}


static void
test_storage_invalid(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = testReadFile(f->path);
    g_autofree char *out = NULL;
    xmlDataExpect exp;

    if (!xml || !xmlDataParseExpect(xml, &exp))
        return;
    virResetLastError();
    if ((out = storageRoundTrip(f, xml, false)))
        testFail(__FILE__, __LINE__, "%s was accepted", f->label);
    else
        xmlDataCheckError(&exp);
    xmlDataExpectClear(&exp);
}


int
main(int argc, char **argv)
{
    static const char *const kinds[] = { "poolxml2xml", "volxml2xml", "volsnapshotxml2xml" };
    g_autoptr(GArray) cases = g_array_new(TRUE, TRUE, sizeof(testCase));
    g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);

    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        GPtrArray *in = xmlDataList(kinds[k], "in");
        GPtrArray *invalid = xmlDataList(kinds[k], "invalid");

        g_assert(in->len > 0 && invalid->len > 0);
        g_ptr_array_add(lists, in);
        g_ptr_array_add(lists, invalid);
        xmlDataAddCases(cases, in, test_storage_in);
        xmlDataAddCases(cases, invalid, test_storage_invalid);
    }
    return testRun(argc, argv, (const testCase *)(void *)cases->data);
}
