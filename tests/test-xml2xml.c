/*
 * test-xml2xml.c: parse and format round trips of the XML formats
 *
 * For each format, tests/data/KIND/in/NAME.xml is parsed and formatted
 * and must give out/NAME.xml byte for byte; the expected output is a
 * fixed point (parsing it with schema validation formats it unchanged);
 * invalid/NAME.xml must fail with the error its header names.  One TAP
 * line per data file.  See xmldata.h and tests/data/README.md.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "testutils.h"
#include "xmldata.h"
#include "conf/node_conf.h"
#include "util/virbuffer.h"
#include "util/virerror.h"
#include "util/viruuid.h"


/* A round trip: parses @xml (the file @path) as @f's format and formats
 * it; @again is set when @xml is the expected output (which is then
 * validated against the schema, where the parser can). */
typedef char *(*roundTripFunc)(const xmlDataFile *f, const char *path,
                               const char *xml, bool again);


/* Checks that the expected output of @f formats back to itself, unless
 * its @input says "<!-- fixed point: no (why) -->". */
static void
checkFixedPoint(const xmlDataFile *f, const char *input, roundTripFunc roundTrip)
{
    g_autofree char *outPath = xmlDataSibling(f, "out");
    g_autofree char *expected = testReadFile(outPath);
    g_autofree char *again = NULL;
    g_autofree char *fixed = xmlDataHeader(input, "fixed point");

    if (fixed && g_str_has_prefix(fixed, "no"))
        return;
    if (expected && (again = roundTrip(f, outPath, expected, true)))
        xmlDataCheckEqual(again, expected, "formatting the expected output again");
}


/* ---- domains ---- */

static char *
domainRoundTrip(const xmlDataFile *f, const char *path, const char *xml, bool again)
{
    g_autoptr(virDomainDef) def = NULL;

    virResetLastError();
    if (!(def = virDomainDefParseString(xml, again))) {
        testFail(__FILE__, __LINE__, "parse failed: %s", virErrorPeek()->message);
        return NULL;
    }
    return virDomainDefFormat(def, -1, VIR_DOMAIN_DEF_FORMAT_INACTIVE);
}


static void
test_domain_in(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = testReadFile(f->path);
    g_autofree char *outPath = xmlDataSibling(f, "out");
    g_autofree char *actual = NULL;

    if (!xml || !(actual = domainRoundTrip(f, f->path, xml, false)))
        return;
    /* The expected files come from libvirt (test-xml2xml-virsh), never
     * from this parser: no regeneration here. */
    xmlDataCompare(actual, outPath, false);
    if (!testFailed())
        checkFixedPoint(f, xml, domainRoundTrip);
}


/* ---- snapshots ---- */

/* Creation-mode parsing stamps the current time (and names a nameless
 * snapshot after it): check that it is now, then fix it for comparison. */
static void
normaliseCreationTime(virDomainSnapshotDef *def, gint64 before, gint64 after)
{
    g_autofree char *stamp = g_strdup_printf("%lld", def->creationTime);

    if (def->creationTime < before || def->creationTime > after)
        testFail(__FILE__, __LINE__, "creation time %lld is not the time of parsing",
                 def->creationTime);
    if (strcmp(def->name, stamp) == 0) {
        g_free(def->name);
        def->name = g_strdup_printf("%lld", XML_DATA_CREATION_TIME);
    }
    def->creationTime = XML_DATA_CREATION_TIME;
}


static char *
snapshotRoundTrip(const xmlDataFile *f, const char *path, const char *xml, bool again)
{
    unsigned int flags = xmlDataSnapshotParseFlags(f->name);
    g_autoptr(virDomainSnapshotDef) def = NULL;
    unsigned char owner[VIR_UUID_BUFLEN];
    unsigned int fmt = 0;
    gint64 before = g_get_real_time() / G_USEC_PER_SEC;

    virResetLastError();
    if (!(def = virDomainSnapshotDefParseString(xml, flags |
                                                (again ? VIR_SNAPSHOT_PARSE_VALIDATE : 0)))) {
        testFail(__FILE__, __LINE__, "parse failed: %s", virErrorPeek()->message);
        return NULL;
    }
    if (!(flags & VIR_SNAPSHOT_PARSE_REDEFINE))
        normaliseCreationTime(def, before, g_get_real_time() / G_USEC_PER_SEC);
    if (flags & VIR_SNAPSHOT_PARSE_INTERNAL)
        fmt = VIR_SNAPSHOT_FORMAT_INTERNAL | (def->current ? VIR_SNAPSHOT_FORMAT_CURRENT : 0);
    g_assert(virUUIDParse(XML_DATA_OWNER_UUID, owner) == 0);
    return virDomainSnapshotDefFormat(def, def->parentName, owner, fmt);
}


static void
test_snapshot_in(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = testReadFile(f->path);
    g_autofree char *outPath = xmlDataSibling(f, "out");
    g_autofree char *actual = NULL;

    if (!xml || !(actual = snapshotRoundTrip(f, f->path, xml, false)))
        return;
    xmlDataCompare(actual, outPath, true);
    if (!testFailed())
        checkFixedPoint(f, xml, snapshotRoundTrip);
}


/* ---- fixtures ---- */

/* Adds formatted XML one level deeper: lines that start a tag get the
 * buffer's indentation; the other lines continue a text spanning lines
 * (a '<' in text is always escaped) and are left as they are. */
static void
addIndented(virBuffer *buf, const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (size_t i = 0; lines[i]; i++) {
        const char *p = lines[i];

        if (!*p && !lines[i + 1])
            break;  /* after the final newline */
        while (*p == ' ')
            p++;
        if (*p == '<')
            virBufferAdd(buf, lines[i], -1);
        else
            g_string_append(buf->str, lines[i]);
        virBufferAddLit(buf, "\n");
    }
}


/* A snapshot as a fixture element: the private format, with the root
 * element renamed. */
static void
formatFixtureSnapshot(virBuffer *buf, const virDomainSnapshotDef *snap,
                      const unsigned char *owner)
{
    g_autofree char *xml = virDomainSnapshotDefFormat(
        snap, snap->parentName, owner,
        VIR_SNAPSHOT_FORMAT_INTERNAL | (snap->current ? VIR_SNAPSHOT_FORMAT_CURRENT : 0));
    const char *open = "<domainsnapshot>\n";
    const char *close = "</domainsnapshot>\n";
    size_t len = strlen(xml);

    g_assert(g_str_has_prefix(xml, open) && g_str_has_suffix(xml, close));
    xml[len - strlen(close)] = '\0';
    virBufferAddLit(buf, "<test:domainsnapshot>\n");
    addIndented(buf, xml + strlen(open));
    virBufferAddLit(buf, "</test:domainsnapshot>\n");
}


/* A domain of a fixture: its definition, then every extra written out
 * (the run state always). */
static void
formatFixtureDomain(virBuffer *buf, const virNodeDomainDef *dom)
{
    g_autofree char *xml = virDomainDefFormat(dom->def, -1, VIR_DOMAIN_DEF_FORMAT_INACTIVE);
    const char *close = "</domain>\n";

    g_assert(g_str_has_suffix(xml, close));
    xml[strlen(xml) - strlen(close)] = '\0';
    addIndented(buf, xml);
    virBufferAdjustIndent(buf, 2);
    virBufferAsprintf(buf, "<test:runstate>%d</test:runstate>\n", dom->runstate);
    if (dom->transient)
        virBufferAddLit(buf, "<test:transient/>\n");
    if (dom->hasManagedSave)
        virBufferAddLit(buf, "<test:hasmanagedsave/>\n");
    for (size_t i = 0; i < dom->snapshots->len; i++)
        formatFixtureSnapshot(buf, dom->snapshots->pdata[i], dom->def->uuid);
    virBufferAdjustIndent(buf, -2);
    virBufferAdd(buf, close, -1);
}


/* The canonical form of a fixture: a fixture itself, with every host
 * value and domain extra spelled out. */
static char *
formatFixture(const virNodeDef *def)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virBufferAsprintf(&buf, "<node xmlns:test='%s'>\n", VIR_TEST_NAMESPACE_HREF);
    virBufferAdjustIndent(&buf, 2);
    virBufferAddLit(&buf, "<cpu>\n");
    virBufferAsprintf(&buf, "  <nodes>%u</nodes>\n", def->nodes);
    virBufferAsprintf(&buf, "  <sockets>%u</sockets>\n", def->sockets);
    virBufferAsprintf(&buf, "  <cores>%u</cores>\n", def->cores);
    virBufferAsprintf(&buf, "  <threads>%u</threads>\n", def->threads);
    virBufferAsprintf(&buf, "  <active>%u</active>\n", def->cpus);
    virBufferAsprintf(&buf, "  <mhz>%u</mhz>\n", def->mhz);
    virBufferEscapeString(&buf, "  <model>%s</model>\n", def->model);
    virBufferAddLit(&buf, "</cpu>\n");
    virBufferAsprintf(&buf, "<memory>%lu</memory>\n", def->memory);
    for (size_t i = 0; i < def->domains->len; i++)
        formatFixtureDomain(&buf, def->domains->pdata[i]);
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</node>\n");
    return virBufferContentAndReset(&buf);
}


static char *
fixtureRoundTrip(const xmlDataFile *f, const char *path, const char *xml, bool again)
{
    g_autoptr(virNodeDef) def = NULL;

    virResetLastError();
    if (!(def = virNodeDefParseFile(path))) {
        testFail(__FILE__, __LINE__, "parse failed: %s", virErrorPeek()->message);
        return NULL;
    }
    return formatFixture(def);
}


static void
test_node_in(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = testReadFile(f->path);
    g_autofree char *outPath = xmlDataSibling(f, "out");
    g_autofree char *actual = NULL;

    if (!xml || !(actual = fixtureRoundTrip(f, f->path, xml, false)))
        return;
    xmlDataCompare(actual, outPath, true);
    if (!testFailed())
        checkFixedPoint(f, xml, fixtureRoundTrip);
}


/* ---- invalid files, any format ---- */

/* Parses @path as its folder's format: true if that succeeded. */
static bool
parseAsKind(const xmlDataFile *f, const char *xml)
{
    if (strcmp(f->kind, "domainxml2xml") == 0) {
        g_autoptr(virDomainDef) def = virDomainDefParseString(xml, false);

        return def != NULL;
    }
    if (strcmp(f->kind, "snapshotxml2xml") == 0) {
        g_autoptr(virDomainSnapshotDef) def =
            virDomainSnapshotDefParseString(xml, xmlDataSnapshotParseFlags(f->name));

        return def != NULL;
    }
    {
        g_autoptr(virNodeDef) def = virNodeDefParseFile(f->path);

        return def != NULL;
    }
}


static void
test_invalid(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = testReadFile(f->path);
    xmlDataExpect exp;

    if (!xml || !xmlDataParseExpect(xml, &exp))
        return;
    virResetLastError();
    if (parseAsKind(f, xml))
        testFail(__FILE__, __LINE__, "%s was accepted", f->label);
    else
        xmlDataCheckError(&exp);
    xmlDataExpectClear(&exp);
}


/* ---- the data set itself ---- */

/* Every in/ file has its out/ file and the other way round, and no
 * folder is empty (a wrong data path must not pass as "no cases"). */
static void
test_data_is_complete(void)
{
    static const char *const kinds[] = { "domainxml2xml", "snapshotxml2xml", "nodexml2xml" };

    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        g_autoptr(GPtrArray) in = xmlDataList(kinds[k], "in");
        g_autoptr(GPtrArray) out = xmlDataList(kinds[k], "out");
        g_autoptr(GPtrArray) invalid = xmlDataList(kinds[k], "invalid");

        if (in->len == 0 || invalid->len == 0)
            testFail(__FILE__, __LINE__, "no data in %s/%s/%s", testSourceDir(),
                     kinds[k], in->len ? "invalid" : "in");
        for (size_t i = 0; i < in->len; i++) {
            g_autofree char *o = xmlDataSibling(in->pdata[i], "out");

            if (!g_file_test(o, G_FILE_TEST_EXISTS))
                testFail(__FILE__, __LINE__, "%s has no out/ file",
                         ((xmlDataFile *)in->pdata[i])->label);
        }
        for (size_t i = 0; i < out->len; i++) {
            g_autofree char *o = xmlDataSibling(out->pdata[i], "in");

            if (!g_file_test(o, G_FILE_TEST_EXISTS))
                testFail(__FILE__, __LINE__, "%s has no in/ file",
                         ((xmlDataFile *)out->pdata[i])->label);
        }
    }
}


int
main(int argc, char **argv)
{
    static const struct {
        const char *kind;
        const char *sub;
        void (*func)(void);
    } sets[] = {
        { "domainxml2xml", "in", test_domain_in },
        { "domainxml2xml", "invalid", test_invalid },
        { "snapshotxml2xml", "in", test_snapshot_in },
        { "snapshotxml2xml", "invalid", test_invalid },
        { "nodexml2xml", "in", test_node_in },
        { "nodexml2xml", "invalid", test_invalid },
    };
    g_autoptr(GArray) cases = g_array_new(TRUE, TRUE, sizeof(testCase));
    g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    testCase complete = TEST_CASE(test_data_is_complete);

    g_array_append_val(cases, complete);
    for (size_t i = 0; i < G_N_ELEMENTS(sets); i++) {
        GPtrArray *files = xmlDataList(sets[i].kind, sets[i].sub);

        g_ptr_array_add(lists, files);
        xmlDataAddCases(cases, files, sets[i].func);
    }
    return testRun(argc, argv, (const testCase *)(void *)cases->data);
}
