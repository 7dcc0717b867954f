/*
 * remote_protocol.c: the procedures snapvirt speaks, by signature
 *
 * Signatures: see virnetxdr.h.  Layouts from libvirt 9.0's
 * remote_protocol.x (facts gathered in
 * ../shared/reference/wire-qmp-qemuimg-facts.md, B.2).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <glib.h>

#include "remote_protocol.h"

#define P(num, args, ret) { REMOTE_PROC_##num, #num, args, ret }

/* Sorted by number. */
static const virNetProcedure virNetRemoteTable[] = {
    P(CONNECT_OPEN, "Su", ""),
    P(CONNECT_CLOSE, "", ""),
    P(CONNECT_GET_TYPE, "", "s"),
    P(CONNECT_GET_VERSION, "", "H"),
    P(NODE_GET_INFO, "", "MHiiiiii"),
    P(DOMAIN_CREATE, "D", ""),
    P(DOMAIN_CREATE_XML, "su", "D"),
    P(DOMAIN_DEFINE_XML, "s", "D"),
    P(DOMAIN_DESTROY, "D", ""),
    P(DOMAIN_GET_XML_DESC, "Du", "s"),
    P(DOMAIN_GET_AUTOSTART, "D", "i"),
    P(DOMAIN_GET_INFO, "D", "uHHuH"),
    P(DOMAIN_GET_MAX_MEMORY, "D", "H"),
    P(DOMAIN_GET_OS_TYPE, "D", "s"),
    P(CONNECT_LIST_DEFINED_DOMAINS, "i", "[s"),
    P(DOMAIN_LOOKUP_BY_ID, "i", "D"),
    P(DOMAIN_LOOKUP_BY_NAME, "s", "D"),
    P(DOMAIN_LOOKUP_BY_UUID, "U", "D"),
    P(CONNECT_NUM_OF_DEFINED_DOMAINS, "", "i"),
    P(DOMAIN_RESUME, "D", ""),
    P(DOMAIN_SUSPEND, "D", ""),
    P(DOMAIN_UNDEFINE, "D", ""),
    P(CONNECT_LIST_DOMAINS, "i", "[i"),
    P(CONNECT_NUM_OF_DOMAINS, "", "i"),
    P(CONNECT_GET_HOSTNAME, "", "s"),
    P(CONNECT_SUPPORTS_FEATURE, "i", "i"),
    P(AUTH_LIST, "", "[i"),
    P(CONNECT_NUM_OF_STORAGE_POOLS, "", "i"),
    P(CONNECT_LIST_STORAGE_POOLS, "i", "[s"),
    P(CONNECT_NUM_OF_DEFINED_STORAGE_POOLS, "", "i"),
    P(CONNECT_LIST_DEFINED_STORAGE_POOLS, "i", "[s"),
    P(STORAGE_POOL_CREATE_XML, "su", "P"),
    P(STORAGE_POOL_DEFINE_XML, "su", "P"),
    P(STORAGE_POOL_CREATE, "Pu", ""),
    P(STORAGE_POOL_BUILD, "Pu", ""),
    P(STORAGE_POOL_DESTROY, "P", ""),
    P(STORAGE_POOL_DELETE, "Pu", ""),
    P(STORAGE_POOL_UNDEFINE, "P", ""),
    P(STORAGE_POOL_REFRESH, "Pu", ""),
    P(STORAGE_POOL_LOOKUP_BY_NAME, "s", "P"),
    P(STORAGE_POOL_LOOKUP_BY_UUID, "U", "P"),
    P(STORAGE_POOL_LOOKUP_BY_VOLUME, "V", "P"),
    P(STORAGE_POOL_GET_INFO, "P", "uHHH"),
    P(STORAGE_POOL_GET_XML_DESC, "Pu", "s"),
    P(STORAGE_POOL_GET_AUTOSTART, "P", "i"),
    P(STORAGE_POOL_NUM_OF_VOLUMES, "P", "i"),
    P(STORAGE_POOL_LIST_VOLUMES, "Pi", "[s"),
    P(STORAGE_VOL_CREATE_XML, "Psu", "V"),
    P(STORAGE_VOL_DELETE, "Vu", ""),
    P(STORAGE_VOL_LOOKUP_BY_NAME, "Ps", "V"),
    P(STORAGE_VOL_LOOKUP_BY_KEY, "s", "V"),
    P(STORAGE_VOL_LOOKUP_BY_PATH, "s", "V"),
    P(STORAGE_VOL_GET_INFO, "V", "iHH"),
    P(STORAGE_VOL_GET_XML_DESC, "Vu", "s"),
    P(STORAGE_VOL_GET_PATH, "V", "s"),
    P(CONNECT_GET_URI, "", "s"),
    P(DOMAIN_GET_SECURITY_LABEL, "D", "Ci"),
    P(NODE_GET_SECURITY_MODEL, "", "CC"),
    P(STORAGE_VOL_CREATE_XML_FROM, "PsVu", "V"),
    P(CONNECT_IS_SECURE, "", "i"),
    P(DOMAIN_IS_ACTIVE, "D", "i"),
    P(DOMAIN_IS_PERSISTENT, "D", "i"),
    P(STORAGE_POOL_IS_ACTIVE, "P", "i"),
    P(STORAGE_POOL_IS_PERSISTENT, "P", "i"),
    P(CONNECT_GET_LIB_VERSION, "", "H"),
    P(CONNECT_DOMAIN_EVENT_REGISTER_ANY, "i", ""),
    P(CONNECT_DOMAIN_EVENT_DEREGISTER_ANY, "i", ""),
    P(DOMAIN_HAS_MANAGED_SAVE_IMAGE, "Du", "i"),
    P(DOMAIN_SNAPSHOT_CREATE_XML, "Dsu", "N"),
    P(DOMAIN_SNAPSHOT_GET_XML_DESC, "Nu", "s"),
    P(DOMAIN_SNAPSHOT_NUM, "Du", "i"),
    P(DOMAIN_SNAPSHOT_LIST_NAMES, "Diu", "[s"),
    P(DOMAIN_SNAPSHOT_LOOKUP_BY_NAME, "Dsu", "N"),
    P(DOMAIN_HAS_CURRENT_SNAPSHOT, "Du", "i"),
    P(DOMAIN_SNAPSHOT_CURRENT, "Du", "N"),
    P(DOMAIN_REVERT_TO_SNAPSHOT, "Nu", ""),
    P(DOMAIN_SNAPSHOT_DELETE, "Nu", ""),
    P(DOMAIN_CREATE_WITH_FLAGS, "Du", "D"),
    P(DOMAIN_GET_STATE, "Du", "ii"),
    P(DOMAIN_UNDEFINE_FLAGS, "Du", ""),
    P(DOMAIN_DESTROY_FLAGS, "Du", ""),
    P(DOMAIN_BLOCK_JOB_ABORT, "Dsu", ""),
    P(DOMAIN_GET_BLOCK_JOB_INFO, "Dsu", "iiHHH"),
    P(DOMAIN_BLOCK_JOB_SET_SPEED, "DsHu", ""),
    P(DOMAIN_BLOCK_PULL, "DsHu", ""),
    P(DOMAIN_SNAPSHOT_GET_PARENT, "Nu", "N"),
    P(DOMAIN_SNAPSHOT_NUM_CHILDREN, "Nu", "i"),
    P(DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES, "Niu", "[s"),
    P(STORAGE_VOL_RESIZE, "VHu", ""),
    P(DOMAIN_BLOCK_REBASE, "DsSHu", ""),
    P(DOMAIN_SNAPSHOT_IS_CURRENT, "Nu", "i"),
    P(DOMAIN_SNAPSHOT_HAS_METADATA, "Nu", "i"),
    P(CONNECT_LIST_ALL_DOMAINS, "iu", "[Du"),
    P(DOMAIN_LIST_ALL_SNAPSHOTS, "Diu", "[Ni"),
    P(DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN, "Niu", "[Ni"),
    P(CONNECT_LIST_ALL_STORAGE_POOLS, "iu", "[Pu"),
    P(STORAGE_POOL_LIST_ALL_VOLUMES, "Piu", "[Vu"),
    P(DOMAIN_BLOCK_COMMIT, "DsSSHu", ""),
    P(CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, "iO", "i"),
    P(CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY, "i", ""),
    P(DOMAIN_BLOCK_COPY, "DssTu", ""),
    P(DOMAIN_DEFINE_XML_FLAGS, "su", "D"),
    P(CONNECT_REGISTER_CLOSE_CALLBACK, "", ""),
    P(CONNECT_UNREGISTER_CLOSE_CALLBACK, "", ""),
    P(DOMAIN_BACKUP_BEGIN, "DsSu", ""),
    P(DOMAIN_BACKUP_GET_XML_DESC, "Du", "s"),
};


#define S(num, args, ret) { SNAPVIRT_PROC_##num, #num, args, ret }

/* Sorted by number. */
static const virNetProcedure virNetSnapvirtTable[] = {
    S(VOL_SNAPSHOT_CREATE_XML, "Vsu", "Z"),
    S(VOL_SNAPSHOT_GET_XML_DESC, "Zu", "s"),
    S(VOL_SNAPSHOT_NUM, "Vu", "i"),
    S(VOL_SNAPSHOT_LIST_NAMES, "Viu", "[s"),
    S(VOL_LIST_ALL_SNAPSHOTS, "Viu", "[Zi"),
    S(VOL_SNAPSHOT_LIST_ALL_CHILDREN, "Ziu", "[Zi"),
    S(VOL_SNAPSHOT_LOOKUP_BY_NAME, "Vsu", "Z"),
    S(VOL_HAS_CURRENT_SNAPSHOT, "Vu", "i"),
    S(VOL_SNAPSHOT_CURRENT, "Vu", "Z"),
    S(VOL_SNAPSHOT_GET_PARENT, "Zu", "Z"),
    S(VOL_REVERT_TO_SNAPSHOT, "Zu", ""),
    S(VOL_SNAPSHOT_DELETE, "Zu", ""),
    S(VOL_SNAPSHOT_EXPORT, "Zsu", "V"),
};


static const virNetProcedure *
virNetProcedureSearch(const virNetProcedure *table, size_t n, int proc)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (table[mid].proc == proc)
            return &table[mid];
        if (table[mid].proc < proc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}


const virNetProcedure *
virNetRemoteProcedureFind(int proc)
{
    return virNetProcedureSearch(virNetRemoteTable, G_N_ELEMENTS(virNetRemoteTable), proc);
}


const virNetProcedure *
virNetSnapvirtProcedureFind(int proc)
{
    return virNetProcedureSearch(virNetSnapvirtTable, G_N_ELEMENTS(virNetSnapvirtTable), proc);
}


const virNetProcedure *
virNetSnapvirtProcedures(size_t *n)
{
    *n = G_N_ELEMENTS(virNetSnapvirtTable);
    return virNetSnapvirtTable;
}


const virNetProcedure *
virNetRemoteProcedures(size_t *n)
{
    *n = sizeof(virNetRemoteTable) / sizeof(virNetRemoteTable[0]);
    return virNetRemoteTable;
}
