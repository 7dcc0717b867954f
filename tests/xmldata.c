/*
 * xmldata.c: the data files of the XML round-trip tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "xmldata.h"
#include "conf/snapshot_conf.h"
#include "util/virerror.h"


static void
xmlDataFileFree(gpointer data)
{
    xmlDataFile *f = data;

    g_free(f->kind);
    g_free(f->sub);
    g_free(f->name);
    g_free(f->path);
    g_free(f->label);
    g_free(f);
}


static gint
xmlDataCompareNames(gconstpointer a, gconstpointer b)
{
    const xmlDataFile *fa = *(xmlDataFile *const *)a;
    const xmlDataFile *fb = *(xmlDataFile *const *)b;

    return strcmp(fa->name, fb->name);
}


GPtrArray *
xmlDataList(const char *kind, const char *sub)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(xmlDataFileFree);
    g_autofree char *dir = g_build_filename(testSourceDir(), "data", kind, sub, NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        xmlDataFile *f;

        if (!g_str_has_suffix(name, ".xml"))
            continue;
        f = g_new0(xmlDataFile, 1);
        f->kind = g_strdup(kind);
        f->sub = g_strdup(sub);
        f->name = g_strdup(name);
        f->path = g_build_filename(dir, name, NULL);
        f->label = g_strdup_printf("%s/%s/%s", kind, sub, name);
        g_ptr_array_add(files, f);
    }
    g_ptr_array_sort(files, xmlDataCompareNames);
    return files;
}


void
xmlDataPrefixLabels(GPtrArray *files, const char *prefix)
{
    for (size_t i = 0; i < files->len; i++) {
        xmlDataFile *f = files->pdata[i];
        char *label = g_strdup_printf("%s: %s", prefix, f->label);

        g_free(f->label);
        f->label = label;
    }
}


char *
xmlDataSibling(const xmlDataFile *f, const char *sub)
{
    return g_build_filename(testSourceDir(), "data", f->kind, sub, f->name, NULL);
}


void
xmlDataAddCases(GArray *cases, GPtrArray *files, void (*func)(void))
{
    for (size_t i = 0; i < files->len; i++) {
        const xmlDataFile *f = files->pdata[i];
        testCase c = { f->label, func, f };

        g_array_append_val(cases, c);
    }
}


/* ---- expectations of invalid files ---- */

/* The codes invalid files may name. */
static const struct {
    const char *name;
    int code;
} xmlDataErrorCodes[] = {
    { "VIR_ERR_INTERNAL_ERROR", VIR_ERR_INTERNAL_ERROR },
    { "VIR_ERR_INVALID_ARG", VIR_ERR_INVALID_ARG },
    { "VIR_ERR_NO_TARGET", VIR_ERR_NO_TARGET },
    { "VIR_ERR_NO_NAME", VIR_ERR_NO_NAME },
    { "VIR_ERR_XML_ERROR", VIR_ERR_XML_ERROR },
    { "VIR_ERR_OPEN_FAILED", VIR_ERR_OPEN_FAILED },
    { "VIR_ERR_XML_DETAIL", VIR_ERR_XML_DETAIL },
    { "VIR_ERR_CONFIG_UNSUPPORTED", VIR_ERR_CONFIG_UNSUPPORTED },
    { "VIR_ERR_OVERFLOW", VIR_ERR_OVERFLOW },
    { "VIR_ERR_XML_INVALID_SCHEMA", VIR_ERR_XML_INVALID_SCHEMA },
};


char *
xmlDataHeader(const char *text, const char *key)
{
    g_autofree char *open = g_strdup_printf("<!-- %s: ", key);
    const char *start = strstr(text, open);
    const char *end;

    if (!start)
        return NULL;
    start += strlen(open);
    if (!(end = strstr(start, " -->")))
        return NULL;
    return g_strndup(start, end - start);
}


bool
xmlDataParseExpect(const char *text, xmlDataExpect *exp)
{
    g_autofree char *expect = xmlDataHeader(text, "expect");
    g_autofree char *schema = xmlDataHeader(text, "schema");
    char *sep;

    memset(exp, 0, sizeof(*exp));
    exp->code = -1;
    if (!expect || !(sep = strstr(expect, ": "))) {
        testFail(__FILE__, __LINE__, "no '<!-- expect: CODE: fragment -->' header");
        return false;
    }
    *sep = '\0';
    for (size_t i = 0; i < G_N_ELEMENTS(xmlDataErrorCodes); i++) {
        if (strcmp(expect, xmlDataErrorCodes[i].name) == 0)
            exp->code = xmlDataErrorCodes[i].code;
    }
    if (exp->code < 0) {
        testFail(__FILE__, __LINE__, "unknown error code name '%s'", expect);
        return false;
    }
    exp->fragment = g_strdup(sep + 2);

    if (g_strcmp0(schema, "valid") == 0) {
        exp->schema = XML_DATA_SCHEMA_VALID;
    } else if (g_strcmp0(schema, "invalid") == 0) {
        exp->schema = XML_DATA_SCHEMA_INVALID;
    } else if (g_strcmp0(schema, "n/a") == 0) {
        exp->schema = XML_DATA_SCHEMA_NA;
    } else {
        testFail(__FILE__, __LINE__, "no '<!-- schema: valid|invalid|n/a -->' header");
        return false;
    }
    exp->libvirtAccepts = xmlDataHeader(text, "libvirt");
    if (exp->libvirtAccepts && !g_str_has_prefix(exp->libvirtAccepts, "accepts")) {
        testFail(__FILE__, __LINE__, "the libvirt header can only say 'accepts (why)'");
        return false;
    }
    return true;
}


void
xmlDataExpectClear(xmlDataExpect *exp)
{
    g_clear_pointer(&exp->fragment, g_free);
    g_clear_pointer(&exp->libvirtAccepts, g_free);
}


void
xmlDataCheckError(const xmlDataExpect *exp)
{
    const virError *err = virErrorPeek();

    if (!err) {
        testFail(__FILE__, __LINE__, "failed without reporting an error");
        return;
    }
    if (err->code != exp->code)
        testFail(__FILE__, __LINE__, "error code %d, expected %d (message: %s)",
                 err->code, exp->code, err->message);
    if (!err->message || !strstr(err->message, exp->fragment))
        testFail(__FILE__, __LINE__, "error message \"%s\" lacks \"%s\"",
                 err->message ? err->message : "(null)", exp->fragment);
}


/* ---- output comparison ---- */

void
xmlDataCheckEqual(const char *actual, const char *expected, const char *what)
{
    g_auto(GStrv) a = NULL;
    g_auto(GStrv) e = NULL;
    size_t i;

    if (strcmp(actual, expected) == 0)
        return;
    a = g_strsplit(actual, "\n", -1);
    e = g_strsplit(expected, "\n", -1);
    for (i = 0; a[i] && e[i] && strcmp(a[i], e[i]) == 0; i++)
        ;
    testFail(__FILE__, __LINE__, "%s differs at line %zu:", what, i + 1);
    printf("#   expected: %s\n", e[i] ? e[i] : "(end of file)");
    printf("#   actual:   %s\n", a[i] ? a[i] : "(end of output)");
}


void
xmlDataCompare(const char *actual, const char *expectedPath, bool regenerate)
{
    g_autofree char *expected = NULL;
    g_autoptr(GError) err = NULL;

    if (regenerate && g_strcmp0(g_getenv("SNAPVIRT_TEST_REGENERATE"), "1") == 0) {
        if (!g_file_set_contents(expectedPath, actual, -1, &err))
            testFail(__FILE__, __LINE__, "cannot write %s: %s", expectedPath, err->message);
        return;
    }
    if (!g_file_get_contents(expectedPath, &expected, NULL, &err)) {
        testFail(__FILE__, __LINE__, "cannot read the expected output: %s", err->message);
        return;
    }
    xmlDataCheckEqual(actual, expected, "the output");
}


unsigned int
xmlDataSnapshotParseFlags(const char *name)
{
    if (g_str_has_prefix(name, "redefine-"))
        return VIR_SNAPSHOT_PARSE_REDEFINE;
    if (g_str_has_prefix(name, "internal-"))
        return VIR_SNAPSHOT_PARSE_REDEFINE | VIR_SNAPSHOT_PARSE_INTERNAL;
    return 0;
}
