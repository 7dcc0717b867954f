/*
 * test-threads.c: many threads on one shared test host — each with its
 * own connection, taking and listing snapshots at once — and the
 * thread-local last error
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <glib.h>

#include "apiutils.h"

#define THREADS 8
#define SNAPS_PER_THREAD 150

typedef struct {
    int index;
    int failures;
} worker;


static gpointer
workerRun(gpointer data)
{
    worker *w = data;
    virConnectPtr conn = virConnectOpen("test:///default");
    virDomainPtr dom = conn ? virDomainLookupByName(conn, "test") : NULL;
    char name[64];

    if (!dom) {
        w->failures++;
        return NULL;
    }
    for (int i = 0; i < SNAPS_PER_THREAD; i++) {
        virDomainSnapshotPtr snap;
        g_autofree char *xml = NULL;

        g_snprintf(name, sizeof(name), "t%d-%d", w->index, i);
        xml = g_strdup_printf("<domainsnapshot><name>%s</name></domainsnapshot>", name);
        if (!(snap = virDomainSnapshotCreateXML(dom, xml, 0))) {
            w->failures++;
            continue;
        }
        virDomainSnapshotFree(snap);
        if (virDomainSnapshotNum(dom, 0) < i + 1)
            w->failures++;
        /* An error in this thread is this thread's alone. */
        g_snprintf(name, sizeof(name), "missing-%d", w->index);
        if (virDomainSnapshotLookupByName(dom, name, 0) ||
            !strstr(virGetLastErrorMessage(), name))
            w->failures++;
    }
    virDomainFree(dom);
    virConnectClose(conn);
    return NULL;
}


static void
test_concurrent_snapshots_on_a_shared_host(void)
{
    virConnectPtr keeper = apiOpen(NULL);  /* keeps the shared host alive */
    virDomainPtr dom = virDomainLookupByName(keeper, "test");
    GThread *threads[THREADS];
    worker workers[THREADS];
    virDomainSnapshotPtr *all = NULL;
    int n;

    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){ .index = i };
        threads[i] = g_thread_new("worker", workerRun, &workers[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        g_thread_join(threads[i]);
        CHECK_INT(workers[i].failures, 0);
    }

    n = virDomainListAllSnapshots(dom, &all, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
    CHECK_INT(n, THREADS * SNAPS_PER_THREAD);
    /* Every snapshot's parent exists and comes first. */
    CHECK_INT(virDomainSnapshotNum(dom, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS), 1);
    CHECK_INT(virDomainSnapshotNum(dom, VIR_DOMAIN_SNAPSHOT_LIST_LEAVES), 1);
    for (int i = 0; i < n; i++)
        virDomainSnapshotFree(all[i]);
    free(all);
    virDomainFree(dom);
    CHECK_INT(virConnectClose(keeper), 0);
}


static const testCase tests[] = {
    TEST_CASE(test_concurrent_snapshots_on_a_shared_host),
    { NULL, NULL },
};


int
main(int argc, char **argv)
{
    apiQuiet();
    return testRun(argc, argv, tests);
}
