/*
 * domain_conf_priv.h: what domain_conf.c shares with domain_parse.c and
 * domain_format.c, and nothing else may use
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "domain_conf.h"

/* A list of names whose order is libvirt's element (or value) order. */
typedef struct _virDomainOrder virDomainOrder;
struct _virDomainOrder {
    const char *const *names;
    size_t n;
};

extern const virDomainOrder virDomainVirtTypes;         /* domain type='' values */
extern const virDomainOrder virDomainTopOrder;          /* top-level elements */
extern const virDomainOrder virDomainDeviceOrder;       /* devices */
extern const virDomainOrder virDomainOSOrder;           /* children of <os> */
extern const virDomainOrder virDomainDiskOrder;         /* children of <disk> */
extern const virDomainOrder virDomainLifecycleActions;  /* on_* values */

/* The position of @name in @order, or -1. */
int virDomainOrderRank(const virDomainOrder *order, const char *name);

virDomainDef *virDomainDefNew(void);
void virDomainDiskDefFree(virDomainDiskDef *disk);
/* Keeps a copy of @node in @list, owned by @def's private document. */
void virDomainDefKeep(virDomainDef *def, GPtrArray *list, const xmlNode *node);
