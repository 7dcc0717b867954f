/*
 * test-schemas.c: the data files against the RelaxNG schemas
 *
 *  - every in/ and out/ file of tests/data/KIND (and the files their
 *    fixtures include), and the built-in test:///default fixture, are
 *    valid for snapvirt's schema of their root element (except inputs
 *    marked "schema: invalid", which show what the parser drops, and
 *    must be invalid);
 *  - every invalid/ file gets the verdict its "schema:" header states:
 *    "invalid" ones fail validation, "valid" ones (refused by the parser
 *    only) pass it, "n/a" ones are not even accepted as XML;
 *  - the domain outputs and the snapshot files are valid for libvirt's
 *    own schemas too (xmllint against /usr/share/libvirt/schemas; the
 *    cases are skipped without them).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sys/wait.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "testutils.h"
#include "xmldata.h"
#include "util/virerror.h"
#include "util/virxml.h"

#define LIBVIRT_SCHEMA_DIR "/usr/share/libvirt/schemas"

/* The schema of each root element snapvirt reads. */
static const char *
schemaForRoot(const char *root)
{
    static const char *const roots[][2] = {
        { "domain", "domain" }, { "domainsnapshot", "domainsnapshot" }, { "node", "node" },
        { "pool", "storagepool" }, { "volume", "storagevol" },
        { "volsnapshot", "volsnapshot" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(roots); i++) {
        if (strcmp(root, roots[i][0]) == 0)
            return roots[i][1];
    }
    return NULL;
}


/* The root element a data folder's files have. */
static const char *
rootForKind(const char *kind)
{
    if (strcmp(kind, "domainxml2xml") == 0)
        return "domain";
    if (strcmp(kind, "snapshotxml2xml") == 0)
        return "domainsnapshot";
    if (strcmp(kind, "poolxml2xml") == 0)
        return "pool";
    if (strcmp(kind, "volxml2xml") == 0)
        return "volume";
    if (strcmp(kind, "volsnapshotxml2xml") == 0)
        return "volsnapshot";
    return "node";
}


/* Validates the file @path against the schema for its root (which must
 * be @root unless NULL).  An input that shows what the parser drops may
 * say "<!-- schema: invalid (why) -->": it must then fail validation. */
static void
checkValid(const char *path, const char *root)
{
    g_autofree char *xml = testReadFile(path);
    g_autofree char *verdict = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    const char *name;
    const char *schema;
    bool invalid;

    if (!xml)
        return;
    verdict = xmlDataHeader(xml, "schema");
    invalid = verdict && g_str_has_prefix(verdict, "invalid");
    virResetLastError();
    if (!(doc = virXMLParseString(xml, path, root, NULL))) {
        testFail(__FILE__, __LINE__, "not accepted as XML: %s", virErrorPeek()->message);
        return;
    }
    name = (const char *)xmlDocGetRootElement(doc)->name;
    if (!(schema = schemaForRoot(name))) {
        testFail(__FILE__, __LINE__, "no schema for <%s>", name);
        return;
    }
    if (virXMLValidate(doc, schema) < 0) {
        if (!invalid)
            testFail(__FILE__, __LINE__, "%s", virErrorPeek()->message);
    } else if (invalid) {
        testFail(__FILE__, __LINE__, "valid, but its header says 'schema: %s'", verdict);
    }
}


static void
test_data_file_is_valid(void)
{
    const xmlDataFile *f = testCaseData();

    /* Files a fixture includes may hold any of the formats. */
    checkValid(f->path, strcmp(f->sub, "in/include") == 0 ? NULL : rootForKind(f->kind));
}


static void
test_default_fixture_is_valid(void)
{
    g_autofree char *path = g_build_filename(testSourceDir(), "..", "src",
                                             "driver-test", "default.xml", NULL);

    checkValid(path, "node");
}


static void
test_invalid_file_verdict(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = testReadFile(f->path);
    g_autoptr(xmlDoc) doc = NULL;
    xmlDataExpect exp;
    int rc;

    if (!xml || !xmlDataParseExpect(xml, &exp))
        return;
    virResetLastError();
    doc = virXMLParseString(xml, f->path, NULL, NULL);
    if (exp.schema == XML_DATA_SCHEMA_NA) {
        if (doc)
            testFail(__FILE__, __LINE__, "accepted as XML, but its header says 'schema: n/a'");
    } else if (!doc) {
        testFail(__FILE__, __LINE__, "not accepted as XML: %s", virErrorPeek()->message);
    } else {
        rc = virXMLValidate(doc, schemaForRoot(rootForKind(f->kind)));
        if (exp.schema == XML_DATA_SCHEMA_VALID && rc < 0)
            testFail(__FILE__, __LINE__, "the schema refuses it, but its header "
                     "says 'schema: valid': %s", virErrorPeek()->message);
        if (exp.schema == XML_DATA_SCHEMA_INVALID && rc == 0)
            testFail(__FILE__, __LINE__, "the schema accepts it");
        if (exp.schema == XML_DATA_SCHEMA_INVALID && rc < 0)
            CHECK_INT(virErrorPeek()->code, VIR_ERR_XML_INVALID_SCHEMA);
    }
    xmlDataExpectClear(&exp);
}


/* ---- libvirt's schemas ---- */

static void
test_valid_for_libvirt(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xmllint = g_find_program_in_path("xmllint");
    g_autofree char *schema = g_strdup_printf("%s/%s.rng", LIBVIRT_SCHEMA_DIR,
                                              schemaForRoot(rootForKind(f->kind)));
    const char *argv[] = { xmllint, "--noout", "--nonet", "--relaxng", schema,
                           f->path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) gerr = NULL;
    int status;

    if (!xmllint) {
        testSkip("xmllint is not installed");
        return;
    }
    if (!g_file_test(schema, G_FILE_TEST_EXISTS)) {
        testSkip("libvirt's schemas are not installed");
        return;
    }
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &out, &err, &status, &gerr)) {
        testFail(__FILE__, __LINE__, "cannot run xmllint: %s", gerr->message);
        return;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        testFail(__FILE__, __LINE__, "libvirt's schema refuses it:\n%s", err);
}


int
main(int argc, char **argv)
{
    static const char *const kinds[] = { "domainxml2xml", "snapshotxml2xml", "nodexml2xml",
                                         "poolxml2xml", "volxml2xml", "volsnapshotxml2xml" };
    static const char *const libvirtChecked[][2] = {
        { "domainxml2xml", "out" }, { "snapshotxml2xml", "in" }, { "snapshotxml2xml", "out" },
        { "poolxml2xml", "out" }, { "volxml2xml", "out" },
    };
    g_autoptr(GArray) cases = g_array_new(TRUE, TRUE, sizeof(testCase));
    g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    testCase fixture = TEST_CASE(test_default_fixture_is_valid);
    GPtrArray *files;

    g_array_append_val(cases, fixture);
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        static const char *const subs[] = { "in", "out", "in/include" };

        for (size_t s = 0; s < G_N_ELEMENTS(subs); s++) {
            g_ptr_array_add(lists, files = xmlDataList(kinds[k], subs[s]));
            xmlDataAddCases(cases, files, test_data_file_is_valid);
        }
        g_ptr_array_add(lists, files = xmlDataList(kinds[k], "invalid"));
        xmlDataAddCases(cases, files, test_invalid_file_verdict);
    }

    /* libvirt has schemas for domains and snapshots, not for fixtures;
     * domain inputs may hold elements libvirt drops, so only outputs. */
    for (size_t i = 0; i < G_N_ELEMENTS(libvirtChecked); i++) {
        g_ptr_array_add(lists, files = xmlDataList(libvirtChecked[i][0], libvirtChecked[i][1]));
        xmlDataPrefixLabels(files, "libvirt schema");
        xmlDataAddCases(cases, files, test_valid_for_libvirt);
    }

    return testRun(argc, argv, (const testCase *)(void *)cases->data);
}
