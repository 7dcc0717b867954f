/*
 * snapshot-scale.c: how snapshot operations scale with the number of
 * snapshots, libvirt against snapvirt
 *
 * Built twice from this one file, using nothing but libvirt's public API:
 * snapshot-scale-libvirt links Debian's libvirt and snapshot-scale-snapvirt
 * links snapvirt (BENCH_LIB says which).  Either binary, run normally,
 * is the driver (scale-driver.c): it runs each (library, N, scenario) as
 * "BINARY --worker SCENARIO N" in a fresh process and prints one table.
 *
 * A worker opens test:///default and, on its running domain "test":
 *
 *   chain  creates N snapshots, each the child of the one before, then
 *          deletes the whole chain with DELETE_CHILDREN from its root;
 *   tree   builds a random branching tree of N snapshots (before each
 *          create but the first it reverts to a random existing snapshot),
 *          counts, lists (names, handles, topological), looks up every
 *          snapshot by name, reverts to N/10 random snapshots creating a
 *          child of each, and deletes with DELETE_CHILDREN the subtree
 *          whose size is closest to half of the snapshots.
 *
 * Only the API calls are timed (CLOCK_MONOTONIC), each result is checked
 * (counts, topological order), and the bench's own arrays are allocated
 * and touched before the baseline RSS is taken.  What a step's time
 * covers: a create is CreateXML + Free; a revert is LookupByName +
 * RevertToSnapshot + Free (timed apart from the creates); a listing
 * includes freeing what it returned; a delete includes the lookup.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "snapshot-scale.h"

#define NAME_LEN 16
#define NO_PARENT SIZE_MAX

const scaleStepInfo scaleSteps[SCALE_STEP_LAST] = {
    [SCALE_CHAIN_CREATE] = { "create chain", SCALE_CHAIN, true },
    [SCALE_TREE_CREATE] = { "create tree: creates", SCALE_TREE, true },
    [SCALE_TREE_REVERT] = { "create tree: reverts", SCALE_TREE, false },
    [SCALE_COUNT] = { "count (SnapshotNum)", SCALE_TREE, false },
    [SCALE_LIST_NAMES] = { "list names (ListNames)", SCALE_TREE, false },
    [SCALE_LIST_ALL] = { "list handles (ListAll)", SCALE_TREE, false },
    [SCALE_LIST_TOPO] = { "list topological", SCALE_TREE, false },
    [SCALE_LOOKUP_ALL] = { "look up all by name", SCALE_TREE, false },
    [SCALE_REVERT_BRANCH] = { "revert + branch, N/10", SCALE_TREE, false },
    [SCALE_DELETE_SUBTREE] = { "delete subtree (CHILDREN)", SCALE_TREE, false },
    [SCALE_CHAIN_DELETE] = { "delete chain (CHILDREN)", SCALE_CHAIN, false },
};

const char *const scaleScenarioNames[SCALE_SCENARIO_LAST] = { "chain", "tree" };

typedef struct {
    virConnectPtr conn;
    virDomainPtr dom;
    size_t n;            /* snapshots the scenario builds first */
    size_t total;        /* with the branches of the tree */
    char *names;         /* total names of NAME_LEN bytes */
    size_t *parent;      /* index of each snapshot's parent, or NO_PARENT */
    size_t *scratch;     /* total entries for checks */
    char **listed;       /* n names of the last listing */
    uint64_t rng;
} scaleCtx;


static uint64_t
nowNs(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}


static long
peakRssKiB(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}


/* splitmix64: the same sequence in both builds. */
static size_t
randBelow(scaleCtx *ctx, size_t bound)
{
    uint64_t z = (ctx->rng += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return (size_t)(z % bound);
}


static const char *
nameOf(const scaleCtx *ctx, size_t i)
{
    return ctx->names + i * NAME_LEN;
}


static void
emitStep(scaleStep step, uint64_t ns)
{
    printf("step %d %" PRIu64 "\n", (int)step, ns);
    fflush(stdout);
}


/* The peak RSS after opening and after @step, which created the snapshots. */
static void
emitMem(scaleStep step, long baseKiB)
{
    printf("mem %d %ld %ld\n", (int)step, baseKiB, peakRssKiB());
    fflush(stdout);
}


static void __attribute__((noreturn))
failStep(scaleStep step, const char *what)
{
    const char *msg = virGetLastErrorMessage();

    printf("fail %d %s: %s\n", (int)step, what, msg ? msg : "no error set");
    fflush(stdout);
    exit(EXIT_FAILURE);
}


/* Reports a wrong result of @step and exits. */
static void __attribute__((noreturn, format(printf, 2, 3)))
failCheck(scaleStep step, const char *fmt, ...)
{
    va_list ap;

    printf("fail %d ", (int)step);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    exit(EXIT_FAILURE);
}


static void
checkCount(scaleCtx *ctx, scaleStep step, size_t expected)
{
    int got = virDomainSnapshotNum(ctx->dom, 0);

    if (got < 0)
        failStep(step, "virDomainSnapshotNum");
    if ((size_t)got != expected)
        failCheck(step, "%d snapshots, expected %zu", got, expected);
}


/* Creates snapshot @i (the child of the current one); returns its time. */
static uint64_t
timedCreate(scaleCtx *ctx, scaleStep step, size_t i)
{
    char xml[128];
    virDomainSnapshotPtr snap;
    uint64_t t0;

    snprintf(xml, sizeof(xml),
             "<domainsnapshot><name>%s</name></domainsnapshot>", nameOf(ctx, i));
    t0 = nowNs();
    if (!(snap = virDomainSnapshotCreateXML(ctx->dom, xml, 0)))
        failStep(step, "virDomainSnapshotCreateXML");
    virDomainSnapshotFree(snap);
    return nowNs() - t0;
}


/* Looks up snapshot @i and reverts to it; returns the time of both. */
static uint64_t
timedRevert(scaleCtx *ctx, scaleStep step, size_t i)
{
    virDomainSnapshotPtr snap;
    uint64_t t0 = nowNs();

    if (!(snap = virDomainSnapshotLookupByName(ctx->dom, nameOf(ctx, i), 0)))
        failStep(step, "virDomainSnapshotLookupByName");
    if (virDomainRevertToSnapshot(snap, 0) < 0)
        failStep(step, "virDomainRevertToSnapshot");
    virDomainSnapshotFree(snap);
    return nowNs() - t0;
}


/* Looks up snapshot @i and deletes it with its descendants. */
static uint64_t
timedDeleteSubtree(scaleCtx *ctx, scaleStep step, size_t i)
{
    virDomainSnapshotPtr snap;
    uint64_t t0 = nowNs();

    if (!(snap = virDomainSnapshotLookupByName(ctx->dom, nameOf(ctx, i), 0)))
        failStep(step, "virDomainSnapshotLookupByName");
    if (virDomainSnapshotDelete(snap, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN) < 0)
        failStep(step, "virDomainSnapshotDelete");
    virDomainSnapshotFree(snap);
    return nowNs() - t0;
}


static void
runChain(scaleCtx *ctx, long baseKiB)
{
    uint64_t ns = 0;

    for (size_t i = 0; i < ctx->n; i++)
        ns += timedCreate(ctx, SCALE_CHAIN_CREATE, i);
    emitStep(SCALE_CHAIN_CREATE, ns);
    emitMem(SCALE_CHAIN_CREATE, baseKiB);
    checkCount(ctx, SCALE_CHAIN_CREATE, ctx->n);

    emitStep(SCALE_CHAIN_DELETE, timedDeleteSubtree(ctx, SCALE_CHAIN_DELETE, 0));
    checkCount(ctx, SCALE_CHAIN_DELETE, 0);
}


static void
treeBuild(scaleCtx *ctx, long baseKiB)
{
    uint64_t createNs = 0, revertNs = 0;

    for (size_t i = 0; i < ctx->n; i++) {
        size_t parent = NO_PARENT;

        if (i > 0) {
            parent = randBelow(ctx, i);
            revertNs += timedRevert(ctx, SCALE_TREE_REVERT, parent);
        }
        ctx->parent[i] = parent;
        createNs += timedCreate(ctx, SCALE_TREE_CREATE, i);
    }
    emitStep(SCALE_TREE_CREATE, createNs);
    emitMem(SCALE_TREE_CREATE, baseKiB);
    emitStep(SCALE_TREE_REVERT, revertNs);
}


/* Index of a snapshot from its name ("s0000042", or a branch "b0000003"),
 * or SIZE_MAX. */
static size_t
indexOf(const scaleCtx *ctx, const char *name)
{
    size_t i = strtoul(name + 1, NULL, 10);

    if (name[0] == 'b')
        return ctx->n + i;
    return name[0] == 's' ? i : SIZE_MAX;
}


/* Checks that the @n names in ctx->listed are the tree's snapshots, each
 * once, and with @topo that every parent comes before its children. */
static void
checkListed(scaleCtx *ctx, scaleStep step, int n, bool topo)
{
    size_t *pos = ctx->scratch;

    if ((size_t)n != ctx->n)
        failCheck(step, "%d snapshots listed, expected %zu", n, ctx->n);
    for (size_t i = 0; i < ctx->n; i++)
        pos[i] = SIZE_MAX;
    for (int k = 0; k < n; k++) {
        size_t i = indexOf(ctx, ctx->listed[k]);

        if (i >= ctx->n || pos[i] != SIZE_MAX)
            failCheck(step, "unexpected or repeated snapshot '%s'", ctx->listed[k]);
        pos[i] = (size_t)k;
    }
    for (size_t i = 0; topo && i < ctx->n; i++) {
        if (ctx->parent[i] != NO_PARENT && pos[ctx->parent[i]] > pos[i])
            failCheck(step, "%s listed before its parent", nameOf(ctx, i));
    }
}


/* Lists handles with @flags and frees them; the check is not timed. */
static void
treeListAll(scaleCtx *ctx, scaleStep step, unsigned int flags, bool topo)
{
    virDomainSnapshotPtr *snaps = NULL;
    uint64_t t0, t1, t2;
    int n;

    t0 = nowNs();
    if ((n = virDomainListAllSnapshots(ctx->dom, &snaps, flags)) < 0)
        failStep(step, "virDomainListAllSnapshots");
    t1 = nowNs();
    for (int k = 0; k < n && (size_t)k < ctx->n; k++)
        ctx->listed[k] = (char *)virDomainSnapshotGetName(snaps[k]);
    checkListed(ctx, step, n, topo);
    t2 = nowNs();
    for (int k = 0; k < n; k++)
        virDomainSnapshotFree(snaps[k]);
    free(snaps);
    emitStep(step, (t1 - t0) + (nowNs() - t2));
}


static void
treeList(scaleCtx *ctx)
{
    uint64_t t0, t1, t2;
    int n;

    t0 = nowNs();
    n = virDomainSnapshotNum(ctx->dom, 0);
    emitStep(SCALE_COUNT, nowNs() - t0);
    if (n < 0)
        failStep(SCALE_COUNT, "virDomainSnapshotNum");
    if ((size_t)n != ctx->n)
        failCheck(SCALE_COUNT, "%d snapshots, expected %zu", n, ctx->n);

    t0 = nowNs();
    if ((n = virDomainSnapshotListNames(ctx->dom, ctx->listed, (int)ctx->n, 0)) < 0)
        failStep(SCALE_LIST_NAMES, "virDomainSnapshotListNames");
    t1 = nowNs();
    checkListed(ctx, SCALE_LIST_NAMES, n, false);
    t2 = nowNs();
    for (int k = 0; k < n; k++)
        free(ctx->listed[k]);
    emitStep(SCALE_LIST_NAMES, (t1 - t0) + (nowNs() - t2));

    treeListAll(ctx, SCALE_LIST_ALL, 0, false);
    treeListAll(ctx, SCALE_LIST_TOPO, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL, true);
}


static void
treeLookupAll(scaleCtx *ctx)
{
    uint64_t t0 = nowNs();

    for (size_t i = 0; i < ctx->n; i++) {
        virDomainSnapshotPtr snap;

        if (!(snap = virDomainSnapshotLookupByName(ctx->dom, nameOf(ctx, i), 0)))
            failStep(SCALE_LOOKUP_ALL, "virDomainSnapshotLookupByName");
        virDomainSnapshotFree(snap);
    }
    emitStep(SCALE_LOOKUP_ALL, nowNs() - t0);
}


static void
treeBranch(scaleCtx *ctx)
{
    uint64_t ns = 0;

    for (size_t i = ctx->n; i < ctx->total; i++) {
        size_t parent = randBelow(ctx, ctx->n);

        ns += timedRevert(ctx, SCALE_REVERT_BRANCH, parent);
        ctx->parent[i] = parent;
        ns += timedCreate(ctx, SCALE_REVERT_BRANCH, i);
    }
    emitStep(SCALE_REVERT_BRANCH, ns);
    checkCount(ctx, SCALE_REVERT_BRANCH, ctx->total);
}


/* Deletes the subtree whose size is closest to half of all snapshots
 * (other than the whole tree). */
static void
treeDeleteSubtree(scaleCtx *ctx)
{
    size_t *size = ctx->scratch;
    size_t best = 1;

    /* Parents have lower indexes than their children. */
    for (size_t i = 0; i < ctx->total; i++)
        size[i] = 1;
    for (size_t i = ctx->total; i-- > 1; )
        size[ctx->parent[i]] += size[i];
    for (size_t i = 1; i < ctx->total; i++) {
        if (labs((long)(2 * size[i]) - (long)ctx->total) <
            labs((long)(2 * size[best]) - (long)ctx->total))
            best = i;
    }
    printf("info subtree of %s holds %zu of %zu snapshots\n",
           nameOf(ctx, best), size[best], ctx->total);
    emitStep(SCALE_DELETE_SUBTREE, timedDeleteSubtree(ctx, SCALE_DELETE_SUBTREE, best));
    checkCount(ctx, SCALE_DELETE_SUBTREE, ctx->total - size[best]);
}


/* Allocates and touches every array of the bench, so that the baseline
 * RSS includes them. */
static void
prepare(scaleCtx *ctx, scaleScenario scenario, size_t n)
{
    ctx->n = n;
    ctx->total = scenario == SCALE_TREE ? n + SCALE_BRANCHES(n) : n;
    ctx->rng = SCALE_SEED;
    ctx->names = calloc(ctx->total, NAME_LEN);
    ctx->parent = calloc(ctx->total, sizeof(*ctx->parent));
    ctx->scratch = calloc(ctx->total, sizeof(*ctx->scratch));
    ctx->listed = calloc(n, sizeof(*ctx->listed));
    if (!ctx->names || !ctx->parent || !ctx->scratch || !ctx->listed) {
        fprintf(stderr, "out of memory\n");
        exit(EXIT_FAILURE);
    }
    for (size_t i = 0; i < ctx->total; i++) {
        if (i < n)
            snprintf(ctx->names + i * NAME_LEN, NAME_LEN, "s%07u", (unsigned int)i);
        else
            snprintf(ctx->names + i * NAME_LEN, NAME_LEN, "b%07u", (unsigned int)(i - n));
        ctx->parent[i] = NO_PARENT;
        ctx->scratch[i] = 0;
        if (i < n)
            ctx->listed[i] = NULL;
    }
}


static int
workerMain(const char *scenarioName, const char *count)
{
    scaleCtx ctx = { 0 };
    scaleScenario scenario = SCALE_SCENARIO_LAST;
    size_t n = strtoul(count, NULL, 10);
    unsigned long version;
    long baseKiB;

    for (int s = 0; s < SCALE_SCENARIO_LAST; s++) {
        if (strcmp(scenarioName, scaleScenarioNames[s]) == 0)
            scenario = s;
    }
    if (scenario == SCALE_SCENARIO_LAST || n == 0) {
        fprintf(stderr, "usage: snapshot-scale --worker chain|tree N\n");
        return EXIT_FAILURE;
    }
    prepare(&ctx, scenario, n);

    if (!(ctx.conn = virConnectOpen("test:///default")))
        failStep(scenario == SCALE_TREE ? SCALE_TREE_CREATE : SCALE_CHAIN_CREATE,
                 "virConnectOpen");
    if (!(ctx.dom = virDomainLookupByName(ctx.conn, "test")))
        failStep(scenario == SCALE_TREE ? SCALE_TREE_CREATE : SCALE_CHAIN_CREATE,
                 "virDomainLookupByName");
    baseKiB = peakRssKiB();
    if (virConnectGetLibVersion(ctx.conn, &version) == 0)
        printf("info %s %lu.%lu.%lu\n", BENCH_LIB, version / 1000000,
               version / 1000 % 1000, version % 1000);

    if (scenario == SCALE_CHAIN) {
        runChain(&ctx, baseKiB);
    } else {
        treeBuild(&ctx, baseKiB);
        treeList(&ctx);
        treeLookupAll(&ctx);
        treeBranch(&ctx);
        treeDeleteSubtree(&ctx);
    }

    virDomainFree(ctx.dom);
    virConnectClose(ctx.conn);
    free(ctx.names);
    free(ctx.parent);
    free(ctx.scratch);
    free(ctx.listed);
    return EXIT_SUCCESS;
}


int
main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--worker") == 0)
        return workerMain(argv[2], argv[3]);
    return scaleDriverMain(argc, argv);
}
