/*
 * qemu-snapshots.c: snapshot operations on a running QEMU domain, timed
 *
 * One source, built against snapvirt and against libvirt; the driver
 * script bench/qemu-snapshots runs both on fresh copies of the same
 * images and prints the table.  Usage:
 *
 *   qemu-snapshots-LIB ROOT IMAGE REPS
 *
 * opens qemu:///embed?root=ROOT, defines and starts a domain on qcow2
 * image IMAGE, and prints one line per operation: its name and the
 * median of REPS runs in milliseconds, or "unsupported" with libvirt's
 * error when the library refuses it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#define MAX_REPS 100

static double
nowMs(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}


static int
cmpDouble(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}


static void
report(const char *op, double *ms, int n, const char *failure)
{
    if (failure) {
        printf("%s\tunsupported\t%s\n", op, failure);
    } else {
        qsort(ms, n, sizeof(*ms), cmpDouble);
        printf("%s\t%.1f\n", op, n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2);
    }
    fflush(stdout);
}


static virDomainSnapshotPtr
snap(virDomainPtr dom, const char *name, unsigned int flags)
{
    char xml[256];

    snprintf(xml, sizeof(xml), "<domainsnapshot><name>%s</name></domainsnapshot>", name);
    return virDomainSnapshotCreateXML(dom, xml, flags);
}


/* Times @reps runs of one operation; stops at the first failure. */
#define TIME_OP(label, reps, setup, call) \
    do { \
        double ms_[MAX_REPS]; \
        const char *fail_ = NULL; \
        int i; \
        for (i = 0; i < (reps) && !fail_; i++) { \
            double t0_; \
            setup; \
            t0_ = nowMs(); \
            failure[0] = '\0'; \
            if ((call) < 0) \
                fail_ = failure[0] ? failure : virGetLastErrorMessage(); \
            ms_[i] = nowMs() - t0_; \
        } \
        report(label, ms_, i, fail_); \
    } while (0)


#ifdef BENCH_LIBVIRT
static void *
eventLoop(void *opaque)
{
    (void)opaque;
    for (;;)
        virEventRunDefaultImpl();
    return NULL;
}
#endif


static int
snapOK(virDomainSnapshotPtr s)
{
    if (!s)
        return -1;
    virDomainSnapshotFree(s);
    return 0;
}


/* Freeing a handle resets the last error: keep it for the report. */
static char failure[512];

static int
keepError(int ret)
{
    if (ret < 0)
        snprintf(failure, sizeof(failure), "%s", virGetLastErrorMessage());
    return ret;
}


static int
revertNamed(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr s = virDomainSnapshotLookupByName(dom, name, 0);
    int ret = keepError(s ? virDomainRevertToSnapshot(s, 0) : -1);

    if (s)
        virDomainSnapshotFree(s);
    return ret;
}


static int
deleteNamed(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr s = virDomainSnapshotLookupByName(dom, name, 0);
    int ret = keepError(s ? virDomainSnapshotDelete(s, 0) : -1);

    if (s)
        virDomainSnapshotFree(s);
    return ret;
}


int
main(int argc, char **argv)
{
    char uri[1024], xml[2048], name[64];
    virConnectPtr conn;
    virDomainPtr dom;
    int reps;

    if (argc != 4 || (reps = atoi(argv[3])) < 4 || reps > MAX_REPS) {
        fprintf(stderr, "usage: %s ROOT IMAGE REPS (4..%d)\n", argv[0], MAX_REPS);
        return 2;
    }
#ifdef BENCH_LIBVIRT
    {
        pthread_t thread;

        /* libvirt's embedded QEMU driver needs an event loop. */
        virEventRegisterDefaultImpl();
        pthread_create(&thread, NULL, eventLoop, NULL);
    }
#endif
    snprintf(uri, sizeof(uri), "qemu:///embed?root=%s", argv[1]);
    snprintf(xml, sizeof(xml),
             "<domain type='qemu'><name>bench</name><memory unit='MiB'>64</memory>"
             "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>"
             "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
             "<source file='%s'/><target dev='vda' bus='virtio'/></disk>"
             "</devices></domain>", argv[2]);
    if (!(conn = virConnectOpen(uri)) || !(dom = virDomainDefineXML(conn, xml))) {
        fprintf(stderr, "cannot set up: %s\n", virGetLastErrorMessage());
        return 1;
    }
    TIME_OP("start domain", 1, (void)0, virDomainCreate(dom));

    /* Internal snapshots: create, revert, delete (middle and leaf). */
    TIME_OP("create internal", reps, snprintf(name, sizeof(name), "i%d", i),
            snapOK(snap(dom, name, 0)));
    TIME_OP("revert internal", reps, snprintf(name, sizeof(name), "i%d", i % 2),
            revertNamed(dom, name));
    /* i0 <- i1 <- ... is a chain: each odd one but the last has a child. */
    TIME_OP("delete internal (middle)", (reps - 1) / 2,
            snprintf(name, sizeof(name), "i%d", 2 * i + 1),
            deleteNamed(dom, name));
    /* What is left, newest first: always a leaf. */
    {
        int left[MAX_REPS], nleft = 0;

        for (int j = reps - 1; j >= 0; j--) {
            if (j % 2 == 0 || j == reps - 1)
                left[nleft++] = j;
        }
        TIME_OP("delete internal (leaf)", nleft,
                snprintf(name, sizeof(name), "i%d", left[i]),
                deleteNamed(dom, name));
    }

    /* External disk-only snapshots, then revert and delete them. */
    TIME_OP("create disk-only", reps, snprintf(name, sizeof(name), "e%d", i),
            snapOK(snap(dom, name, VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY)));
    TIME_OP("revert disk-only, then start", reps,
            snprintf(name, sizeof(name), "e%d", reps - 1 - i % 2),
            (revertNamed(dom, name) < 0 ? -1 :
             virDomainIsActive(dom) ? 0 : virDomainCreate(dom)));
    TIME_OP("delete disk-only (middle)", reps - 2,
            snprintf(name, sizeof(name), "e%d", i),
            deleteNamed(dom, name));

    virDomainDestroy(dom);
    virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
