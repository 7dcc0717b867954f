/*
 * storage_conf.h: storage pool (<pool>) and volume (<volume>) definitions
 *
 * The subset of libvirt's formats a directory pool needs: a pool has a
 * name, a UUID and a target directory; a volume a name, a key (its path),
 * sizes, a format (raw or qcow2) and optionally a backing store.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "domain_conf.h"

typedef struct _virStoragePoolDef virStoragePoolDef;
struct _virStoragePoolDef {
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char *path;                      /* <target><path>, absolute */
    unsigned long long capacity;     /* bytes; filled in by a refresh */
    unsigned long long allocation;
    unsigned long long available;
};

typedef struct _virStorageVolDef virStorageVolDef;
struct _virStorageVolDef {
    char *name;
    char *key;                       /* the path, once in a pool */
    char *path;
    int format;                      /* virStorageFileFormat: RAW or QCOW2 */
    unsigned long long capacity;     /* bytes; 0 = not given */
    unsigned long long allocation;   /* bytes */
    char *backingPath;               /* NULL: none */
    int backingFormat;               /* virStorageFileFormat, NONE = probe */
    bool preallocMetadata;           /* qcow2 created with all its metadata */
};

void virStoragePoolDefFree(virStoragePoolDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStoragePoolDef, virStoragePoolDefFree)
void virStorageVolDefFree(virStorageVolDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageVolDef, virStorageVolDefFree)
virStorageVolDef *virStorageVolDefCopy(const virStorageVolDef *def);

/* Parses a <pool type='dir'>; a missing UUID is generated.  With
 * @validate, checks the document against the storagepool schema first.
 * Reports VIR_ERR_XML_ERROR (or the schema's error) and returns NULL. */
virStoragePoolDef *virStoragePoolDefParseString(const char *xml, bool validate);
/* The same for an element of a larger document (a test-driver fixture). */
virStoragePoolDef *virStoragePoolDefParseXML(const xmlNode *root);
virStoragePoolDef *virStoragePoolDefCopy(const virStoragePoolDef *def);
/* Formats @def; @problems (may be NULL) are the pool's drift messages,
 * one "volume\tmessage" string each, written as <drift>. */
char *virStoragePoolDefFormat(const virStoragePoolDef *def, GPtrArray *problems);

/* Parses a <volume> as given to create one: name and format (raw when
 * absent, except qcow2 with a backing store), capacity optional.  The
 * name must be usable as a file name in the pool (see
 * virStorageVolNameValidate). */
virStorageVolDef *virStorageVolDefParseString(const char *xml, bool validate);
virStorageVolDef *virStorageVolDefParseXML(const xmlNode *root);
char *virStorageVolDefFormat(const virStorageVolDef *def);

/* A volume or volume snapshot name that names a file in a pool: not
 * empty, no '/', not "." or "..", not starting with '.' (hidden files
 * are the pool's own).  Reports VIR_ERR_INVALID_ARG naming @what. */
int virStorageVolNameValidate(const char *what, const char *name);

/* Reads a size element (<capacity unit='G'>1</capacity>, bytes by
 * default) into *@bytes; 0 and nothing reported when @node is NULL. */
int virStorageParseSize(const xmlNode *node, const char *what, unsigned long long *bytes);
