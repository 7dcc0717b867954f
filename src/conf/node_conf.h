/*
 * node_conf.h: the test driver's fixture format (libvirt's <node> files)
 *
 * A fixture describes a whole simulated host: its CPU and memory, and
 * domains with their run state and snapshots.  Any <domain> may instead
 * be <domain file='other.xml'/>, resolved relative to the fixture.
 * Domains use the test namespace for the extras:
 *
 *   <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
 *     ...
 *     <test:runstate>5</test:runstate>          (a virDomainState, default 1)
 *     <test:transient/>
 *     <test:hasmanagedsave/>
 *     <test:domainsnapshot> ...<active>1</active> </test:domainsnapshot>
 *     <test:image path='/img/base.qcow2' capacity='8388608' failafter='N'>
 *       <test:data start='0' length='65536' pattern='0x11'/>
 *     </test:image>
 *   </domain>
 *
 * Storage pools (started, as libvirt's test driver has them) sit beside
 * the domains, each with its volumes; either may be file= too (a file=
 * pool's volumes are those in its file):
 *
 *   <pool type='dir'> <name>p</name> <target><path>/p</path></target>
 *     <volume> <name>v.qcow2</name> <capacity>1048576</capacity> ... </volume>
 *   </pool>
 *
 * A test:image gives an image of the domain's chains (or any other path)
 * a virtual size in bytes and simulated contents: runs of bytes, each of
 * one value.  failafter='N' makes a block job that reads or writes the
 * image fail once it has moved N bytes (failure injection for tests).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "snapshot_conf.h"
#include "storage_conf.h"

#define VIR_TEST_NAMESPACE_HREF "http://libvirt.org/schemas/domain/test/1.0"

/* One simulated image of a fixture (test:image). */
typedef struct {
    guint64 start, len;        /* bytes */
    guint8 pattern;
} virNodeImageData;

typedef struct _virNodeImageDef virNodeImageDef;
struct _virNodeImageDef {
    char *path;
    guint64 capacity;          /* bytes, 0 = the driver's default */
    guint64 failAfter;         /* bytes, 0 = never fail */
    GArray *data;              /* virNodeImageData, document order */
};

typedef struct _virNodeDomainDef virNodeDomainDef;
struct _virNodeDomainDef {
    virDomainDef *def;
    int runstate;              /* virDomainState */
    bool transient;
    bool hasManagedSave;
    GPtrArray *snapshots;      /* virDomainSnapshotDef *, document order */
    GPtrArray *images;         /* virNodeImageDef * */
};

typedef struct _virNodePoolDef virNodePoolDef;
struct _virNodePoolDef {
    virStoragePoolDef *def;
    GPtrArray *volumes;        /* virStorageVolDef *, document order */
};

typedef struct _virNodeDef virNodeDef;
struct _virNodeDef {
    char model[32];
    unsigned long memory;      /* KiB */
    unsigned int nodes, sockets, cores, threads, mhz;
    unsigned int cpus;         /* active CPUs */
    GPtrArray *domains;        /* virNodeDomainDef * */
    GPtrArray *pools;          /* virNodePoolDef *, document order */
};

/* Parses a fixture; @basedir resolves file= references (NULL: refuse
 * them).  Reports VIR_ERR_XML_ERROR / VIR_ERR_CONFIG_UNSUPPORTED naming
 * the offending element. */
virNodeDef *virNodeDefParseString(const char *xml, const char *basedir);
virNodeDef *virNodeDefParseFile(const char *path);
void virNodeDefFree(virNodeDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNodeDef, virNodeDefFree)
