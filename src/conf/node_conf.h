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
 *   </domain>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "snapshot_conf.h"

#define VIR_TEST_NAMESPACE_HREF "http://libvirt.org/schemas/domain/test/1.0"

typedef struct _virNodeDomainDef virNodeDomainDef;
struct _virNodeDomainDef {
    virDomainDef *def;
    int runstate;              /* virDomainState */
    bool transient;
    bool hasManagedSave;
    GPtrArray *snapshots;      /* virDomainSnapshotDef *, document order */
};

typedef struct _virNodeDef virNodeDef;
struct _virNodeDef {
    char model[32];
    unsigned long memory;      /* KiB */
    unsigned int nodes, sockets, cores, threads, mhz;
    unsigned int cpus;         /* active CPUs */
    GPtrArray *domains;        /* virNodeDomainDef * */
};

/* Parses a fixture; @basedir resolves file= references (NULL: refuse
 * them).  Reports VIR_ERR_XML_ERROR / VIR_ERR_CONFIG_UNSUPPORTED naming
 * the offending element. */
virNodeDef *virNodeDefParseString(const char *xml, const char *basedir);
virNodeDef *virNodeDefParseFile(const char *path);
void virNodeDefFree(virNodeDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNodeDef, virNodeDefFree)
