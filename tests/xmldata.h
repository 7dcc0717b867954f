/*
 * xmldata.h: the data files of the XML round-trip tests
 *
 * tests/data/KIND/ holds, for each XML format (KIND is domainxml2xml,
 * snapshotxml2xml or nodexml2xml):
 *
 *   in/NAME.xml       parsed and formatted, the result must equal out/NAME.xml
 *   out/NAME.xml      the expected output (domains: produced by libvirt)
 *   invalid/NAME.xml  must fail to parse, with the error its header states
 *
 * An invalid file starts with comments stating the expected error and
 * what the RelaxNG schema makes of it (see tests/data/README.md):
 *
 *   <!-- expect: VIR_ERR_XML_ERROR: a fragment of the message -->
 *   <!-- schema: invalid -->          (or "valid", or "n/a" if not XML)
 *   <!-- libvirt: accepts (why) -->   (domains only, optional)
 *
 * An in/ file whose expected output does not format back to itself (as
 * with libvirt) says so, and the fixed-point check is skipped for it:
 *
 *   <!-- fixed point: no (why) -->
 *
 * and an in/ file that shows what the parser drops (unknown elements)
 * says "<!-- schema: invalid (why) -->": test-schemas then requires the
 * schema to refuse it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "testutils.h"

typedef struct {
    char *kind;     /* "domainxml2xml" */
    char *sub;      /* "in", "out" or "invalid" */
    char *name;     /* "minimal.xml" */
    char *path;     /* the file, under testSourceDir() */
    char *label;    /* "domainxml2xml/in/minimal.xml", names the TAP case */
} xmlDataFile;

/* The *.xml files of tests/data/KIND/SUB (not of its subfolders), sorted
 * by name; the array frees its elements. */
GPtrArray *xmlDataList(const char *kind, const char *sub);

/* Prefixes the labels of @files ("PREFIX: domainxml2xml/in/x.xml"), for
 * a second set of cases over the same files. */
void xmlDataPrefixLabels(GPtrArray *files, const char *prefix);

/* The file of tests/data/KIND/SUB with the same name as @f. */
char *xmlDataSibling(const xmlDataFile *f, const char *sub);

/* A case table running @func once per file of @files (the case's data is
 * the xmlDataFile), appended to @cases (an array of testCase). */
void xmlDataAddCases(GArray *cases, GPtrArray *files, void (*func)(void));

typedef enum {
    XML_DATA_SCHEMA_NA,        /* not well-formed: nothing to validate */
    XML_DATA_SCHEMA_VALID,     /* the parser refuses what the schema allows */
    XML_DATA_SCHEMA_INVALID,   /* the schema refuses it too */
} xmlDataSchemaVerdict;

typedef struct {
    int code;                  /* virErrorNumber */
    char *fragment;            /* part of the message */
    xmlDataSchemaVerdict schema;
    char *libvirtAccepts;      /* NULL, or why libvirt accepts the file */
} xmlDataExpect;

/* The text of the comment "<!-- KEY: text -->" in @text, or NULL. */
char *xmlDataHeader(const char *text, const char *key);

/* Reads the header of an invalid file; fails the case and returns false
 * if it is missing or names an unknown error code. */
bool xmlDataParseExpect(const char *text, xmlDataExpect *exp);
void xmlDataExpectClear(xmlDataExpect *exp);

/* Checks that the thread's last error has @exp's code and fragment. */
void xmlDataCheckError(const xmlDataExpect *exp);

/* Fails the case if @actual differs from @expected, showing the first
 * differing line; @what names @actual in the message. */
void xmlDataCheckEqual(const char *actual, const char *expected, const char *what);

/* Compares @actual with the file @expectedPath; on a difference, fails
 * the case showing the first differing line.  With @regenerate and the
 * environment variable SNAPVIRT_TEST_REGENERATE=1, writes @actual to the
 * file instead. */
void xmlDataCompare(const char *actual, const char *expectedPath, bool regenerate);

/* Snapshot parse flags for a file name: "redefine-*" REDEFINE,
 * "internal-*" REDEFINE|INTERNAL, anything else creation (0). */
unsigned int xmlDataSnapshotParseFlags(const char *name);

/* The UUID written for a snapshot lacking a domain definition: the
 * owner's, which a driver passes and these tests fix. */
#define XML_DATA_OWNER_UUID "c7a5fdbd-edaf-9455-926a-d65c16db1809"
/* The creation time a creation-mode snapshot is normalised to. */
#define XML_DATA_CREATION_TIME 1234567890LL
