/*
 * libvirt.h: the snapvirt public API (umbrella header)
 *
 * snapvirt implements a subset of libvirt's public C API with the same
 * names, signatures and numeric values, so that a program written for
 * libvirt's snapshot API compiles unchanged against snapvirt.  Include
 * only this file; it pulls in the others.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef SNAPVIRT_LIBVIRT_H
# define SNAPVIRT_LIBVIRT_H

# include <sys/types.h>

# ifdef __cplusplus
extern "C" {
# endif

# define __VIR_LIBVIRT_H_INCLUDES__
# include <libvirt/libvirt-common.h>
# include <libvirt/libvirt-host.h>
# include <libvirt/libvirt-domain.h>
# include <libvirt/libvirt-event.h>
# include <libvirt/libvirt-domain-snapshot.h>
# include <libvirt/libvirt-storage.h>
# include <libvirt/virterror.h>
# undef __VIR_LIBVIRT_H_INCLUDES__

# ifdef __cplusplus
}
# endif

#endif /* SNAPVIRT_LIBVIRT_H */
