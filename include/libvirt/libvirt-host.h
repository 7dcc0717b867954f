/*
 * libvirt-host.h: connections to a hypervisor driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef SNAPVIRT_LIBVIRT_HOST_H
# define SNAPVIRT_LIBVIRT_HOST_H

# ifndef __VIR_LIBVIRT_H_INCLUDES__
#  error "include <libvirt/libvirt.h>, not this file"
# endif

/* A connection to one driver (test, qemu, remote); reference counted. */
typedef struct _virConnect virConnect;
typedef virConnect *virConnectPtr;

typedef enum {
    VIR_CONNECT_RO = (1 << 0),          /* read-only connection */
    VIR_CONNECT_NO_ALIASES = (1 << 1),  /* do not resolve URI aliases */
} virConnectFlags;

/* Kinds of credential an authentication callback may be asked for. */
typedef enum {
    VIR_CRED_USERNAME = 1,
    VIR_CRED_AUTHNAME = 2,
    VIR_CRED_LANGUAGE = 3,
    VIR_CRED_CNONCE = 4,
    VIR_CRED_PASSPHRASE = 5,
    VIR_CRED_ECHOPROMPT = 6,
    VIR_CRED_NOECHOPROMPT = 7,
    VIR_CRED_REALM = 8,
    VIR_CRED_EXTERNAL = 9,
} virConnectCredentialType;

struct _virConnectCredential {
    int type;               /* a virConnectCredentialType */
    const char *prompt;     /* text to show the user */
    const char *challenge;  /* extra challenge text, may be NULL */
    const char *defresult;  /* default answer, may be NULL */
    char *result;           /* answer, malloc'd by the callback */
    unsigned int resultlen; /* length of @result */
};
typedef struct _virConnectCredential virConnectCredential;
typedef virConnectCredential *virConnectCredentialPtr;

/* Fills in @cred[0..ncred-1]; returns 0 on success, -1 on failure. */
typedef int (*virConnectAuthCallbackPtr)(virConnectCredentialPtr cred,
                                         unsigned int ncred,
                                         void *cbdata);

struct _virConnectAuth {
    int *credtype;                 /* credential types the callback handles */
    unsigned int ncredtype;
    virConnectAuthCallbackPtr cb;
    void *cbdata;
};
typedef struct _virConnectAuth virConnectAuth;
typedef virConnectAuth *virConnectAuthPtr;

/* An authentication callback that prompts on the terminal. */
VIR_EXPORT_VAR virConnectAuthPtr virConnectAuthPtrDefault;

# define VIR_SECURITY_LABEL_BUFLEN (4096 + 1)
# define VIR_SECURITY_MODEL_BUFLEN (256 + 1)
# define VIR_SECURITY_DOI_BUFLEN (256 + 1)

/* A domain's security label (virDomainGetSecurityLabel). */
typedef struct _virSecurityLabel virSecurityLabel;
struct _virSecurityLabel {
    char label[VIR_SECURITY_LABEL_BUFLEN];  /* "" when the domain has none */
    int enforcing;                          /* 1 if the policy is enforced */
};
typedef virSecurityLabel *virSecurityLabelPtr;

/* The host's security model (virNodeGetSecurityModel). */
typedef struct _virSecurityModel virSecurityModel;
struct _virSecurityModel {
    char model[VIR_SECURITY_MODEL_BUFLEN];  /* "" when there is none */
    char doi[VIR_SECURITY_DOI_BUFLEN];      /* domain of interpretation */
};
typedef virSecurityModel *virSecurityModelPtr;

# define VIR_UUID_BUFLEN (16)
# define VIR_UUID_STRING_BUFLEN (36 + 1)

int virGetVersion(unsigned long *libVer,
                  const char *type,
                  unsigned long *typeVer);
int virInitialize(void);

virConnectPtr virConnectOpen(const char *name);
virConnectPtr virConnectOpenReadOnly(const char *name);
virConnectPtr virConnectOpenAuth(const char *name,
                                 virConnectAuthPtr auth,
                                 unsigned int flags);
int virConnectRef(virConnectPtr conn);
int virConnectClose(virConnectPtr conn);

const char *virConnectGetType(virConnectPtr conn);
int virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer);
int virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer);
char *virConnectGetHostname(virConnectPtr conn);
char *virConnectGetURI(virConnectPtr conn);
int virConnectIsAlive(virConnectPtr conn);
/* Keepalive on a connection to a daemon: after @interval seconds without
 * a message from the daemon the client sends a ping, and gives the
 * connection up (closed, VIR_ERR_INTERNAL_ERROR "connection closed due
 * to keepalive timeout") when @count pings in a row got no answer.
 * @interval <= 0 turns it off.  Returns 0, 1 when the daemon does not
 * do keepalive, -1 on error (VIR_ERR_NO_SUPPORT for a connection without
 * a daemon, as in-process drivers). */
int virConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count);
int virConnectIsEncrypted(virConnectPtr conn);
int virConnectIsSecure(virConnectPtr conn);
int virNodeGetSecurityModel(virConnectPtr conn, virSecurityModelPtr secmodel);

#endif /* SNAPVIRT_LIBVIRT_HOST_H */
