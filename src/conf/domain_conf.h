/*
 * domain_conf.h: the domain definition (a subset of libvirt's model)
 *
 * The parts snapvirt acts on are modelled: identity, memory, vCPUs, OS
 * type, lifecycle actions and disks with their backing chains.  Every
 * other element libvirt knows (features, interfaces, controllers, ...) is
 * kept verbatim and written back in libvirt's element order, so a
 * definition survives a round trip without snapvirt understanding it.
 * Unknown elements are dropped, as libvirt drops them.
 *
 * Definitions are immutable once parsed and shared by reference: a domain
 * and all the snapshots taken while its definition did not change point at
 * the same virDomainDef.  Changing a definition means copying it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libxml/tree.h>

#include "internal.h"
#include "util/virbuffer.h"
#include "util/virenum.h"

typedef enum {
    VIR_STORAGE_TYPE_NONE = 0,
    VIR_STORAGE_TYPE_FILE,
    VIR_STORAGE_TYPE_BLOCK,
    VIR_STORAGE_TYPE_DIR,
    VIR_STORAGE_TYPE_NETWORK,
    VIR_STORAGE_TYPE_VOLUME,
    VIR_STORAGE_TYPE_LAST
} virStorageType;
VIR_ENUM_DECL(virStorage);

typedef enum {
    VIR_STORAGE_FILE_NONE = 0,
    VIR_STORAGE_FILE_RAW,
    VIR_STORAGE_FILE_DIR,
    VIR_STORAGE_FILE_BOCHS,
    VIR_STORAGE_FILE_CLOOP,
    VIR_STORAGE_FILE_DMG,
    VIR_STORAGE_FILE_ISO,
    VIR_STORAGE_FILE_VPC,
    VIR_STORAGE_FILE_VDI,
    VIR_STORAGE_FILE_FAT,
    VIR_STORAGE_FILE_VHD,
    VIR_STORAGE_FILE_PLOOP,
    VIR_STORAGE_FILE_COW,
    VIR_STORAGE_FILE_QCOW,
    VIR_STORAGE_FILE_QCOW2,
    VIR_STORAGE_FILE_QED,
    VIR_STORAGE_FILE_VMDK,
    VIR_STORAGE_FILE_LAST
} virStorageFileFormat;
VIR_ENUM_DECL(virStorageFileFormat);

/* Per-disk snapshot mode, shared with the snapshot XML. */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT = 0,
    VIR_DOMAIN_SNAPSHOT_LOCATION_NO,
    VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL,
    VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL,
    VIR_DOMAIN_SNAPSHOT_LOCATION_MANUAL,
    VIR_DOMAIN_SNAPSHOT_LOCATION_LAST
} virDomainSnapshotLocation;
VIR_ENUM_DECL(virDomainSnapshotLocation);

typedef enum {
    VIR_DOMAIN_DISK_DEVICE_DISK = 0,
    VIR_DOMAIN_DISK_DEVICE_CDROM,
    VIR_DOMAIN_DISK_DEVICE_FLOPPY,
    VIR_DOMAIN_DISK_DEVICE_LUN,
    VIR_DOMAIN_DISK_DEVICE_LAST
} virDomainDiskDevice;
VIR_ENUM_DECL(virDomainDiskDevice);

/* One image of a disk's chain; @backing points one layer down. */
typedef struct _virStorageSource virStorageSource;
struct _virStorageSource {
    int type;                   /* virStorageType: FILE or BLOCK */
    char *path;                 /* NULL for an empty drive */
    int format;                 /* virStorageFileFormat, NONE = unknown */
    virStorageSource *backing;  /* next layer down, NULL if none/unknown */
    bool terminated;            /* an explicit empty <backingStore/> follows */
};

typedef struct _virDomainDiskDef virDomainDiskDef;
struct _virDomainDiskDef {
    int device;                 /* virDomainDiskDevice */
    int snapshot;               /* virDomainSnapshotLocation: default mode */
    virStorageSource *src;      /* the active layer (never NULL) */
    char *dst;                  /* target device, "vda" */
    char *bus;                  /* target bus, may be NULL */
    char *driverName;           /* <driver name=...>, may be NULL */
    GPtrArray *driverAttrs;     /* other <driver> attributes, name/value pairs */
    GPtrArray *extra;           /* other children, kept verbatim (xmlNodePtr) */
};

typedef struct _virDomainDef virDomainDef;
struct _virDomainDef {
    gint refs;
    int virtType;               /* index into the virt type table */
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char *title;
    char *description;
    unsigned long long memory;          /* KiB */
    unsigned long long currentMemory;   /* KiB */
    unsigned int vcpus;
    unsigned int vcpusCurrent;          /* 0 = all of @vcpus */
    char *vcpuPlacement;
    char *vcpuCpuset;
    char *osType;               /* "hvm", "linux", ... */
    char *osArch;
    bool osArchDefault;        /* osArch was not given: the parser's default */
    char *osMachine;
    char *osFirmware;           /* <os firmware=...>: "bios", "efi" or NULL */
    GPtrArray *osExtra;         /* <os> children besides <type> (xmlNodePtr) */
    char *onPoweroff;
    char *onReboot;
    char *onCrash;
    virDomainDiskDef **disks;
    size_t ndisks;
    GPtrArray *topExtra;        /* other top-level elements (xmlNodePtr) */
    GPtrArray *devExtra;        /* other devices (xmlNodePtr) */
    xmlDocPtr doc;              /* owns every kept xmlNode */
};

typedef enum {
    VIR_DOMAIN_DEF_FORMAT_INACTIVE = 1 << 0,  /* no id attribute */
    VIR_DOMAIN_DEF_FORMAT_SECURE = 1 << 1,    /* keep secrets */
} virDomainDefFormatFlags;

/* Parse a <domain> document / element.  @validate checks the XML against
 * the domain schema first. */
virDomainDef *virDomainDefParseString(const char *xml, bool validate);
virDomainDef *virDomainDefParseNode(xmlNodePtr root);
/* The same for a definition under another element name (a snapshot's
 * <inactiveDomain>). */
virDomainDef *virDomainDefParseNodeAs(xmlNodePtr root, const char *element);

/* Append the XML of @def at the buffer's indent; @id < 0 omits id=''. */
void virDomainDefFormatBuf(virBuffer *buf, const virDomainDef *def, int id,
                           unsigned int flags);
void virDomainDefFormatBufAs(virBuffer *buf, const virDomainDef *def, int id,
                             unsigned int flags, const char *element);
char *virDomainDefFormat(const virDomainDef *def, int id, unsigned int flags);

/* A deep, unshared copy (refs = 1) for copy-on-write changes. */
virDomainDef *virDomainDefCopy(const virDomainDef *def);

virDomainDef *virDomainDefRef(virDomainDef *def);
void virDomainDefUnref(virDomainDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainDef, virDomainDefUnref)

/* Checks that a guest running with @src could continue with @dst
 * (same CPUs, memory, machine and devices); reports
 * VIR_ERR_CONFIG_UNSUPPORTED naming the first difference. */
int virDomainDefCheckABIStability(const virDomainDef *src, const virDomainDef *dst);

/* The disk whose target is @name, or whose active image path is @name. */
virDomainDiskDef *virDomainDiskByName(const virDomainDef *def, const char *name);
/* Index of that disk, or -1. */
int virDomainDiskIndexByName(const virDomainDef *def, const char *name);

virStorageSource *virStorageSourceNew(int type, const char *path, int format);
virStorageSource *virStorageSourceCopyChain(const virStorageSource *src);
void virStorageSourceFreeChain(virStorageSource *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageSource, virStorageSourceFreeChain)

/* Checks a name that will name a file in a state directory: not empty,
 * no '/', not "." or "..", at most VIR_NAME_MAX bytes.  @what is used in
 * the message ("snapshot", "domain").  Reports VIR_ERR_XML_ERROR. */
int virDomainObjectNameValidate(const char *what, const char *name);

/* Bytes per unit of libvirt's size suffixes ("b", "KiB", "M", "GB"...);
 * reports VIR_ERR_INVALID_ARG for an unknown one. */
int virDomainUnitScale(const char *unit, unsigned long long *scale);
