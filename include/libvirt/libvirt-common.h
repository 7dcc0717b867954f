/*
 * libvirt-common.h: version macros and types shared by the whole API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef SNAPVIRT_LIBVIRT_COMMON_H
# define SNAPVIRT_LIBVIRT_COMMON_H

# ifndef __VIR_LIBVIRT_H_INCLUDES__
#  error "include <libvirt/libvirt.h>, not this file"
# endif

# ifndef VIR_DEPRECATED
#  define VIR_DEPRECATED __attribute__((__deprecated__))
# endif

# define VIR_EXPORT_VAR extern

/*
 * LIBVIR_VERSION_NUMBER is the libvirt API level snapvirt is compatible
 * with (major * 1,000,000 + minor * 1,000 + micro), so that programs
 * guarding features with LIBVIR_CHECK_VERSION() see the API they expect.
 * snapvirt's own release is SNAPVIRT_VERSION_NUMBER.
 */
# define LIBVIR_VERSION_NUMBER 9000000
# define LIBVIR_CHECK_VERSION(major, minor, micro) \
    ((major) * 1000000 + (minor) * 1000 + (micro) <= LIBVIR_VERSION_NUMBER)

# define SNAPVIRT_VERSION_NUMBER 1000

/* Called to release the opaque data handed to a callback registration. */
typedef void (*virFreeCallback)(void *opaque);

typedef enum {
    VIR_CONNECT_CLOSE_REASON_ERROR = 0,
    VIR_CONNECT_CLOSE_REASON_EOF = 1,
    VIR_CONNECT_CLOSE_REASON_KEEPALIVE = 2,
    VIR_CONNECT_CLOSE_REASON_CLIENT = 3,
} virConnectCloseReason;

/* Types of the value held by a virTypedParameter. */
typedef enum {
    VIR_TYPED_PARAM_INT = 1,
    VIR_TYPED_PARAM_UINT = 2,
    VIR_TYPED_PARAM_LLONG = 3,
    VIR_TYPED_PARAM_ULLONG = 4,
    VIR_TYPED_PARAM_DOUBLE = 5,
    VIR_TYPED_PARAM_BOOLEAN = 6,
    VIR_TYPED_PARAM_STRING = 7,
} virTypedParameterType;

typedef enum {
    VIR_TYPED_PARAM_STRING_OKAY = 1 << 2,
} virTypedParameterFlags;

# define VIR_TYPED_PARAM_FIELD_LENGTH 80

/* A named value of one of the virTypedParameterType types. */
typedef struct _virTypedParameter virTypedParameter;
struct _virTypedParameter {
    char field[VIR_TYPED_PARAM_FIELD_LENGTH]; /* name, NUL-terminated */
    int type;                                 /* a virTypedParameterType */
    union {
        int i;
        unsigned int ui;
        long long int l;
        unsigned long long int ul;
        double d;
        char b;
        char *s;
    } value;
};
typedef virTypedParameter *virTypedParameterPtr;

#endif /* SNAPVIRT_LIBVIRT_COMMON_H */
