/*
 * libvirt-domain.c: public entry points for domains
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "libvirt-api.h"
#include "util/virerror.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

#define VIR_CONNECT_LIST_DOMAINS_ALL (VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT * 2 - 1)
#define VIR_DOMAIN_XML_ALL (VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE | \
                            VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE)
#define VIR_DOMAIN_UNDEFINE_ALL (VIR_DOMAIN_UNDEFINE_KEEP_TPM * 2 - 1)
#define VIR_DOMAIN_START_ALL (VIR_DOMAIN_START_RESET_NVRAM * 2 - 1)
#define VIR_DOMAIN_DESTROY_ALL (VIR_DOMAIN_DESTROY_GRACEFUL | \
                                VIR_DOMAIN_DESTROY_REMOVE_LOGS)


/* ---- listing ---- */

int
virConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                         unsigned int flags)
{
    if (domains)
        *domains = NULL;
    if (!virAPIConnect(conn, flags, VIR_CONNECT_LIST_DOMAINS_ALL, VIR_API_READ))
        return -1;
    return VIR_API_CALL_INT(conn, connectListAllDomains, conn, domains, flags);
}


int
virConnectNumOfDomains(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    return VIR_API_CALL_INT(conn, connectNumOfDomains, conn);
}


int
virConnectListDomains(virConnectPtr conn, int *ids, int maxids)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, ids) || !virAPINonNegative(conn, maxids))
        return -1;
    return VIR_API_CALL_INT(conn, connectListDomains, conn, ids, maxids);
}


int
virConnectNumOfDefinedDomains(virConnectPtr conn)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ))
        return -1;
    return VIR_API_CALL_INT(conn, connectNumOfDefinedDomains, conn);
}


int
virConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, names) || !virAPINonNegative(conn, maxnames))
        return -1;
    return VIR_API_CALL_INT(conn, connectListDefinedDomains, conn, names, maxnames);
}


/* ---- lookup ---- */

virDomainPtr
virDomainLookupByID(virConnectPtr conn, int id)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNegative(conn, id))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainLookupByID, conn, id);
}


virDomainPtr
virDomainLookupByName(virConnectPtr conn, const char *name)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, name))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainLookupByName, conn, name);
}


virDomainPtr
virDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, uuid))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainLookupByUUID, conn, uuid);
}


virDomainPtr
virDomainLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    if (!virAPIConnect(conn, 0, 0, VIR_API_READ) ||
        !virAPINonNull(conn, uuidstr))
        return NULL;
    if (virUUIDParse(uuidstr, uuid) < 0) {
        virReportInvalidArg("%s", "Invalid UUID");
        virDispatchError(conn);
        return NULL;
    }
    return VIR_API_CALL_PTR(conn, domainLookupByUUID, conn, uuid);
}


/* ---- definition and lifecycle ---- */

virDomainPtr
virDomainDefineXML(virConnectPtr conn, const char *xml)
{
    if (!virAPIConnect(conn, 0, 0, VIR_API_WRITE) ||
        !virAPINonNull(conn, xml))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainDefineXMLFlags, conn, xml, 0);
}


virDomainPtr
virDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    if (!virAPIConnect(conn, flags, VIR_DOMAIN_DEFINE_VALIDATE, VIR_API_WRITE) ||
        !virAPINonNull(conn, xml))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainDefineXMLFlags, conn, xml, flags);
}


int
virDomainUndefine(virDomainPtr domain)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainUndefineFlags, domain, 0);
}


int
virDomainUndefineFlags(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, VIR_DOMAIN_UNDEFINE_ALL, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainUndefineFlags, domain, flags);
}


virDomainPtr
virDomainCreateXML(virConnectPtr conn, const char *xmlDesc, unsigned int flags)
{
    if (!virAPIConnect(conn, flags, VIR_DOMAIN_START_ALL, VIR_API_WRITE) ||
        !virAPINonNull(conn, xmlDesc))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainCreateXML, conn, xmlDesc, flags);
}


int
virDomainCreate(virDomainPtr domain)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainCreateWithFlags, domain, 0);
}


int
virDomainCreateWithFlags(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, VIR_DOMAIN_START_ALL, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainCreateWithFlags, domain, flags);
}


int
virDomainDestroy(virDomainPtr domain)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainDestroyFlags, domain, 0);
}


int
virDomainDestroyFlags(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, VIR_DOMAIN_DESTROY_ALL, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainDestroyFlags, domain, flags);
}


int
virDomainSuspend(virDomainPtr domain)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainSuspend, domain);
}


int
virDomainResume(virDomainPtr domain)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_WRITE)))
        return -1;
    return VIR_API_CALL_INT(conn, domainResume, domain);
}


/* ---- information ---- */

int
virDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info)
{
    virConnectPtr conn;

    if (info)
        memset(info, 0, sizeof(*info));
    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)) ||
        !virAPINonNull(conn, info))
        return -1;
    return VIR_API_CALL_INT(conn, domainGetInfo, domain, info);
}


int
virDomainGetState(virDomainPtr domain, int *state, int *reason,
                  unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, 0, VIR_API_READ)) ||
        !virAPINonNull(conn, state))
        return -1;
    return VIR_API_CALL_INT(conn, domainGetState, domain, state, reason, flags);
}


char *
virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, VIR_DOMAIN_XML_ALL, VIR_API_READ)))
        return NULL;
    if ((conn->flags & VIR_CONNECT_RO) && (flags & VIR_DOMAIN_XML_SECURE)) {
        virReportError(VIR_ERR_OPERATION_DENIED, "%s",
                       "virDomainGetXMLDesc with secure flag");
        virDispatchError(conn);
        return NULL;
    }
    return VIR_API_CALL_PTR(conn, domainGetXMLDesc, domain, flags);
}


char *
virDomainGetOSType(virDomainPtr domain)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)))
        return NULL;
    return VIR_API_CALL_PTR(conn, domainGetOSType, domain);
}


unsigned long
virDomainGetMaxMemory(virDomainPtr domain)
{
    virConnectPtr conn;
    unsigned long long kib;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)))
        return 0;
    if (!conn->driver->domainGetMaxMemory) {
        virAPIUnsupportedInt(VIR_FROM_THIS, conn, __func__);
        return 0;
    }
    if ((kib = conn->driver->domainGetMaxMemory(domain)) == 0) {
        virDispatchError(conn);
        return 0;
    }
    if (kib > G_MAXULONG) {
        virReportError(VIR_ERR_OVERFLOW, "result too large: %llu", kib);
        virDispatchError(conn);
        return 0;
    }
    return kib;
}


int
virDomainIsActive(virDomainPtr domain)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainIsActive, domain);
}


int
virDomainIsPersistent(virDomainPtr domain)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainIsPersistent, domain);
}


int
virDomainGetAutostart(virDomainPtr domain, int *autostart)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)) ||
        !virAPINonNull(conn, autostart))
        return -1;
    return VIR_API_CALL_INT(conn, domainGetAutostart, domain, autostart);
}


int
virDomainHasManagedSaveImage(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, flags, 0, VIR_API_READ)))
        return -1;
    return VIR_API_CALL_INT(conn, domainHasManagedSaveImage, domain, flags);
}


int
virDomainGetSecurityLabel(virDomainPtr domain, virSecurityLabelPtr seclabel)
{
    virConnectPtr conn;

    if (seclabel)
        memset(seclabel, 0, sizeof(*seclabel));
    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)) ||
        !virAPINonNull(conn, seclabel))
        return -1;
    return VIR_API_CALL_INT(conn, domainGetSecurityLabel, domain, seclabel);
}


/* ---- the handle itself ---- */

const char *
virDomainGetName(virDomainPtr domain)
{
    if (!virAPIDomain(domain, 0, 0, VIR_API_READ))
        return NULL;
    return domain->name;
}


unsigned int
virDomainGetID(virDomainPtr domain)
{
    if (!virAPIDomain(domain, 0, 0, VIR_API_READ))
        return (unsigned int)-1;
    return domain->id;
}


int
virDomainGetUUID(virDomainPtr domain, unsigned char *uuid)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)) ||
        !virAPINonNull(conn, uuid))
        return -1;
    memcpy(uuid, domain->uuid, VIR_UUID_BUFLEN);
    return 0;
}


int
virDomainGetUUIDString(virDomainPtr domain, char *buf)
{
    virConnectPtr conn;

    if (!(conn = virAPIDomain(domain, 0, 0, VIR_API_READ)) ||
        !virAPINonNull(conn, buf))
        return -1;
    virUUIDFormat(domain->uuid, buf);
    return 0;
}


virConnectPtr
virDomainGetConnect(virDomainPtr domain)
{
    if (!virAPIDomain(domain, 0, 0, VIR_API_READ))
        return NULL;
    return domain->conn;
}


int
virDomainRef(virDomainPtr domain)
{
    if (!virAPIDomain(domain, 0, 0, VIR_API_READ))
        return -1;
    virObjectRef(domain);
    return 0;
}


int
virDomainFree(virDomainPtr domain)
{
    if (!virAPIDomain(domain, 0, 0, VIR_API_READ))
        return -1;
    virObjectUnref(domain);
    return 0;
}
