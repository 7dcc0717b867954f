/*
 * test-xml2xml-virsh.c: the domain round trips, checked against libvirt
 *
 * The expected domain outputs (tests/data/domainxml2xml/out) are what
 * libvirt's test driver prints.  When libvirt's virsh is installed, this
 * test keeps them honest: for each in/ file, "define; dumpxml --inactive"
 * in one virsh process (test:///default state is per process) must print
 * the out/ file exactly.  Each invalid/ file must be refused by libvirt
 * too, unless its header says "libvirt: accepts (why)", a deliberate
 * difference, which is then checked to still hold.
 *
 * Without virsh, or with a libvirt other than 9.x (the out/ files come
 * from 9.0), every case is skipped.  SNAPVIRT_TEST_REGENERATE=1 writes
 * libvirt's output into the out/ files instead of comparing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sys/wait.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "testutils.h"
#include "xmldata.h"
#include "util/virxml.h"

static char *virshPath;
static char *skipReason;


/* Runs virsh on test:///default with one command line; returns its exit
 * status (-1 if it could not run) and its outputs. */
static int
runVirsh(const char *command, char **out, char **err)
{
    const char *argv[] = { virshPath, "-q", "-c", "test:///default", command, NULL };
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "LC_ALL", "C", TRUE);
    g_autoptr(GError) gerr = NULL;
    int status;

    if (!g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                      out, err, &status, &gerr)) {
        testFail(__FILE__, __LINE__, "cannot run %s: %s", virshPath, gerr->message);
        return -1;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}


/* Decides once whether libvirt is there to compare with. */
static void
probeVirsh(void)
{
    g_autofree char *version = NULL;
    g_autofree char *err = NULL;
    const char *argv[] = { NULL, "--version", NULL, NULL, NULL };
    int status;

    if (!(virshPath = g_find_program_in_path("virsh"))) {
        skipReason = g_strdup("virsh is not installed");
        return;
    }
    argv[0] = virshPath;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &version, &err, &status, NULL) ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        skipReason = g_strdup("virsh --version failed");
        return;
    }
    g_strstrip(version);
    if (!g_str_has_prefix(version, "9.")) {
        skipReason = g_strdup_printf("out/ files are from libvirt 9.0, virsh is %s", version);
        return;
    }
    /* A libvirt built without its test driver has nothing to compare. */
    argv[1] = "-c";
    argv[2] = "test:///default";
    argv[3] = "uri";
    g_clear_pointer(&version, g_free);
    g_clear_pointer(&err, g_free);
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &version, &err, &status, NULL) ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        skipReason = g_strdup("virsh cannot open test:///default");
}


/* The command line text for @path in virsh's quoting. */
static char *
quotePath(const char *path)
{
    if (strchr(path, '\'')) {
        testFail(__FILE__, __LINE__, "a data path with a quote: %s", path);
        return NULL;
    }
    return g_strdup_printf("'%s'", path);
}


/* The domain's <uuid> as written in the file (every in/ file gives one,
 * so that the comparison can name the domain whatever its name). */
static char *
fileUUID(const char *xml)
{
    g_autoptr(xmlDoc) doc = virXMLParseString(xml, "(data file)", "domain", NULL);
    char *uuid;

    if (!doc || !(uuid = virXMLChildContent(xmlDocGetRootElement(doc), "uuid"))) {
        testFail(__FILE__, __LINE__, "the file must give the domain a <uuid>");
        return NULL;
    }
    return g_strstrip(uuid);
}


static void
test_domain_in_matches_libvirt(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *quoted = NULL;
    g_autofree char *command = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *outPath = xmlDataSibling(f, "out");

    if (skipReason) {
        testSkip(skipReason);
        return;
    }
    if (!(xml = testReadFile(f->path)) || !(uuid = fileUUID(xml)) ||
        !(quoted = quotePath(f->path)))
        return;
    command = g_strdup_printf("define %s; dumpxml --inactive %s", quoted, uuid);
    switch (runVirsh(command, &out, &err)) {
    case 0:
        xmlDataCompare(out, outPath, true);
        break;
    case 1:
        testFail(__FILE__, __LINE__, "libvirt refused the file: %s", err);
        break;
    }
}


static void
test_domain_invalid_matches_libvirt(void)
{
    const xmlDataFile *f = testCaseData();
    g_autofree char *xml = NULL;
    g_autofree char *quoted = NULL;
    g_autofree char *command = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    xmlDataExpect exp;
    int rc;

    if (skipReason) {
        testSkip(skipReason);
        return;
    }
    if (!(xml = testReadFile(f->path)) || !(quoted = quotePath(f->path)) ||
        !xmlDataParseExpect(xml, &exp))
        return;
    command = g_strdup_printf("define %s", quoted);
    rc = runVirsh(command, &out, &err);
    if (rc == 0 && !exp.libvirtAccepts)
        testFail(__FILE__, __LINE__, "libvirt accepts the file (mark it "
                 "'<!-- libvirt: accepts (why) -->' if that is a deliberate difference)");
    else if (rc == 1 && exp.libvirtAccepts)
        testFail(__FILE__, __LINE__, "the file says libvirt %s, but it refuses it: %s",
                 exp.libvirtAccepts, err);
    xmlDataExpectClear(&exp);
}


int
main(int argc, char **argv)
{
    g_autoptr(GArray) cases = g_array_new(TRUE, TRUE, sizeof(testCase));
    g_autoptr(GPtrArray) in = xmlDataList("domainxml2xml", "in");
    g_autoptr(GPtrArray) invalid = xmlDataList("domainxml2xml", "invalid");
    int ret;

    probeVirsh();
    xmlDataAddCases(cases, in, test_domain_in_matches_libvirt);
    xmlDataAddCases(cases, invalid, test_domain_invalid_matches_libvirt);
    ret = testRun(argc, argv, (const testCase *)(void *)cases->data);
    g_free(virshPath);
    g_free(skipReason);
    return ret;
}
