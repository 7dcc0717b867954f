/*
 * scale-driver.c: runs the snapshot scaling workers and prints the table
 *
 * Knows no library: it finds snapshot-scale-libvirt and
 * snapshot-scale-snapvirt beside its own binary and runs, for every
 * repetition, N and scenario, "BINARY --worker SCENARIO N" in a fresh
 * process with an 8 MiB stack limit and no core dumps.  The peak RSS of
 * each case is the child's ru_maxrss from wait4(); a worker killed by a
 * signal shows as "crash (SIGSEGV)" in the step it was running, and the
 * steps after it as "not reached".  Times are medians over the runs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "snapshot-scale.h"

#define MAX_COUNTS 12
#define MAX_RUNS 21
#define STACK_LIMIT (8 * 1024 * 1024)

enum { LIB_LIBVIRT, LIB_SNAPVIRT, LIB_LAST };
static const char *const libNames[LIB_LAST] = { "libvirt", "snapvirt" };

/* Worst first: a cell shows the worst state any run reached. */
typedef enum {
    CELL_OK,
    CELL_NOT_REACHED,
    CELL_FAIL,
    CELL_CRASH,
    CELL_NOT_RUN,
    CELL_NOT_BUILT,
} cellState;

typedef struct {
    cellState state;
    int signal;                 /* for CELL_CRASH */
    size_t nruns;               /* runs that completed the step */
    double ns[MAX_RUNS];
    size_t nmem;
    double rssKiB[MAX_RUNS];    /* peak RSS of the whole case */
    double perSnap[MAX_RUNS];   /* bytes per snapshot */
    char message[160];          /* for CELL_FAIL */
} scaleCell;

typedef struct {
    size_t counts[MAX_COUNTS];  /* the N of each column group */
    size_t ncounts;
    size_t deepIndex;           /* index in counts of the deep chain, or
                                 * MAX_COUNTS if none */
    bool selected[LIB_LAST];
    char *paths[LIB_LAST];      /* NULL if that binary is not built */
    int repeat;
    bool verbose;
    bool markdown;
    scaleCell cells[LIB_LAST][SCALE_STEP_LAST][MAX_COUNTS];
} scaleRun;

/* What one worker process reported. */
typedef struct {
    bool seen[SCALE_STEP_LAST];
    double ns[SCALE_STEP_LAST];
    long baseKiB, memKiB;
    scaleStep memStep;
    bool failed;
    scaleStep failStep;
    char message[160];
    char info[512];             /* the info lines, indented */
} scaleReport;


static double
wallSeconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}


static void
usage(FILE *out)
{
    fprintf(out,
            "usage: snapshot-scale-{libvirt,snapvirt} [OPTIONS]\n"
            "  --n LIST        snapshot counts (default 1000,10000,100000)\n"
            "  --deep N        snapvirt-only deep chain (default 1000000, 0: none)\n"
            "  --only LIB      run only libvirt or only snapvirt\n"
            "  --repeat R      runs per case, median shown (default 3)\n"
            "  --markdown      print the table with | separators\n"
            "  --verbose       print every run on stderr\n");
}


static bool
parseCount(const char *s, size_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s || (*end && *end != ',') || v > INT_MAX)
        return false;
    *out = (size_t)v;
    return true;
}


static int
parseOptions(scaleRun *run, int argc, char **argv)
{
    size_t deep = 1000000;

    run->counts[0] = 1000;
    run->counts[1] = 10000;
    run->counts[2] = 100000;
    run->ncounts = 3;
    run->repeat = 3;
    run->selected[LIB_LIBVIRT] = run->selected[LIB_SNAPVIRT] = true;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(arg, "--verbose") == 0) {
            run->verbose = true;
            continue;
        }
        if (strcmp(arg, "--markdown") == 0) {
            run->markdown = true;
            continue;
        }
        if (strcmp(arg, "--help") == 0) {
            usage(stdout);
            exit(EXIT_SUCCESS);
        }
        if (!val)
            goto bad;
        i++;
        if (strcmp(arg, "--n") == 0) {
            run->ncounts = 0;
            for (const char *p = val; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
                if (run->ncounts == MAX_COUNTS - 1 ||
                    !parseCount(p, &run->counts[run->ncounts]) ||
                    run->counts[run->ncounts] == 0)
                    goto bad;
                run->ncounts++;
            }
        } else if (strcmp(arg, "--deep") == 0) {
            if (!parseCount(val, &deep))
                goto bad;
        } else if (strcmp(arg, "--only") == 0) {
            bool lv = strcmp(val, "libvirt") == 0;

            if (!lv && strcmp(val, "snapvirt") != 0)
                goto bad;
            run->selected[LIB_LIBVIRT] = lv;
            run->selected[LIB_SNAPVIRT] = !lv;
        } else if (strcmp(arg, "--repeat") == 0) {
            size_t r;

            if (!parseCount(val, &r) || r < 1 || r > MAX_RUNS)
                goto bad;
            run->repeat = (int)r;
        } else {
            goto bad;
        }
    }
    run->deepIndex = MAX_COUNTS;
    if (deep && run->selected[LIB_SNAPVIRT]) {
        run->deepIndex = run->ncounts;
        run->counts[run->ncounts++] = deep;
    }
    return 0;

 bad:
    usage(stderr);
    return -1;
}


/* Finds the sibling binaries of /proc/self/exe. */
static void
findBinaries(scaleRun *run)
{
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    char *slash;

    if (len < 0)
        len = 0;
    self[len] = '\0';
    if ((slash = strrchr(self, '/')))
        *slash = '\0';
    for (int lib = 0; lib < LIB_LAST; lib++) {
        char *path = NULL;

        if (asprintf(&path, "%s/snapshot-scale-%s", self, libNames[lib]) < 0)
            abort();
        if (access(path, X_OK) == 0) {
            run->paths[lib] = path;
        } else {
            free(path);
        }
    }
}


static void
parseLine(scaleReport *rep, const char *line)
{
    int step;
    long long ns;
    long base, peak;
    int used = 0;

    if (sscanf(line, "step %d %lld", &step, &ns) == 2 &&
        step >= 0 && step < SCALE_STEP_LAST) {
        rep->seen[step] = true;
        rep->ns[step] = (double)ns;
    } else if (sscanf(line, "mem %d %ld %ld", &step, &base, &peak) == 3 &&
               step >= 0 && step < SCALE_STEP_LAST) {
        rep->memStep = step;
        rep->baseKiB = base;
        rep->memKiB = peak;
    } else if (sscanf(line, "fail %d %n", &step, &used) == 1 && used &&
               step >= 0 && step < SCALE_STEP_LAST) {
        rep->failed = true;
        rep->failStep = step;
        snprintf(rep->message, sizeof(rep->message), "%s", line + used);
        rep->message[strcspn(rep->message, "\n")] = '\0';
    } else if (strncmp(line, "info ", 5) == 0) {
        size_t len = strlen(rep->info);

        snprintf(rep->info + len, sizeof(rep->info) - len, "  %s", line + 5);
    }
}


/* Runs one worker; returns its wait status and fills @rep and @ru. */
static int
spawnWorker(const char *path, scaleScenario scen, size_t n, scaleReport *rep,
            struct rusage *ru)
{
    int fds[2], status = 0;
    char count[32];
    char *line = NULL;
    size_t cap = 0;
    FILE *in;
    pid_t pid;

    snprintf(count, sizeof(count), "%zu", n);
    if (pipe(fds) < 0 || (pid = fork()) < 0) {
        perror("snapshot-scale: cannot start a worker");
        exit(EXIT_FAILURE);
    }
    if (pid == 0) {
        struct rlimit stack, core = { 0, 0 };

        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        /* The default stack of a Debian shell, whatever ours is. */
        if (getrlimit(RLIMIT_STACK, &stack) == 0 &&
            (stack.rlim_max == RLIM_INFINITY || stack.rlim_max >= STACK_LIMIT)) {
            stack.rlim_cur = STACK_LIMIT;
            setrlimit(RLIMIT_STACK, &stack);
        }
        setrlimit(RLIMIT_CORE, &core);
        execl(path, path, "--worker", scaleScenarioNames[scen], count, (char *)NULL);
        perror(path);
        _exit(127);
    }
    close(fds[1]);
    in = fdopen(fds[0], "r");
    while (getline(&line, &cap, in) > 0)
        parseLine(rep, line);
    free(line);
    fclose(in);
    while (wait4(pid, &status, 0, ru) < 0 && errno == EINTR)
        ;
    return status;
}


/* Records @rep of one run of (@lib, @scen, counts[@ni]) into the cells. */
static void
recordRun(scaleRun *run, int lib, scaleScenario scen, size_t ni,
          const scaleReport *rep, int status, const struct rusage *ru)
{
    bool stopped = false;

    for (int s = 0; s < SCALE_STEP_LAST; s++) {
        scaleCell *cell = &run->cells[lib][s][ni];
        cellState state = CELL_OK;

        if (scaleSteps[s].scenario != scen)
            continue;
        if (rep->seen[s] && !(rep->failed && rep->failStep == (scaleStep)s)) {
            cell->ns[cell->nruns++] = rep->ns[s];
            if (scaleSteps[s].memory && rep->memStep == (scaleStep)s) {
                cell->rssKiB[cell->nmem] = ru->ru_maxrss;
                cell->perSnap[cell->nmem++] =
                    (rep->memKiB - rep->baseKiB) * 1024.0 / run->counts[ni];
            }
            continue;
        }
        if (stopped) {
            state = CELL_NOT_REACHED;
        } else if (WIFSIGNALED(status)) {
            state = CELL_CRASH;
            cell->signal = WTERMSIG(status);
        } else {
            state = CELL_FAIL;
            if (rep->failed)
                snprintf(cell->message, sizeof(cell->message), "%s", rep->message);
            else
                snprintf(cell->message, sizeof(cell->message),
                         "worker exited with status %d", WEXITSTATUS(status));
        }
        stopped = true;
        if (state > cell->state)
            cell->state = state;
    }
}


static void
runCase(scaleRun *run, int rep, int lib, scaleScenario scen, size_t ni)
{
    scaleReport report = { .memStep = SCALE_STEP_LAST };
    struct rusage ru = { 0 };
    char what[96];
    double t0 = wallSeconds();
    int status;

    snprintf(what, sizeof(what), "run %d/%d %s %s N=%zu", rep + 1, run->repeat,
             libNames[lib], scaleScenarioNames[scen], run->counts[ni]);
    fprintf(stderr, "snapshot-scale: %s ...", what);
    fflush(stderr);
    status = spawnWorker(run->paths[lib], scen, run->counts[ni], &report, &ru);
    fprintf(stderr, " %.1f s%s\n", wallSeconds() - t0,
            WIFSIGNALED(status) ? " (killed by a signal)" :
            WEXITSTATUS(status) ? " (failed)" : "");
    if (run->verbose) {
        fputs(report.info, stderr);
        for (int s = 0; s < SCALE_STEP_LAST; s++) {
            if (report.seen[s])
                fprintf(stderr, "  %-32s %12.0f ns\n", scaleSteps[s].label, report.ns[s]);
        }
    }
    recordRun(run, lib, scen, ni, &report, status, &ru);
}


/* True if (@lib, counts[@ni]) is to run at all. */
static bool
caseRuns(const scaleRun *run, int lib, size_t ni)
{
    return run->selected[lib] && run->paths[lib] &&
           (ni != run->deepIndex || lib == LIB_SNAPVIRT);
}


/* Marks the cells of cases that will not run. */
static void
markSkipped(scaleRun *run)
{
    for (int lib = 0; lib < LIB_LAST; lib++) {
        for (int s = 0; s < SCALE_STEP_LAST; s++) {
            for (size_t ni = 0; ni < run->ncounts; ni++) {
                scaleCell *cell = &run->cells[lib][s][ni];

                if (caseRuns(run, lib, ni))
                    continue;
                cell->state = run->selected[lib] && !run->paths[lib] &&
                              (ni != run->deepIndex || lib == LIB_SNAPVIRT) ?
                              CELL_NOT_BUILT : CELL_NOT_RUN;
            }
        }
    }
}


static void
runAll(scaleRun *run)
{
    markSkipped(run);
    for (int rep = 0; rep < run->repeat; rep++) {
        for (size_t ni = 0; ni < run->ncounts; ni++) {
            for (int scen = 0; scen < SCALE_SCENARIO_LAST; scen++) {
                if (ni == run->deepIndex && scen != SCALE_CHAIN)
                    continue;
                for (int lib = 0; lib < LIB_LAST; lib++) {
                    if (caseRuns(run, lib, ni))
                        runCase(run, rep, lib, scen, ni);
                }
            }
        }
    }
}


/* ---- the table ---- */

static int
compareDouble(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}


static double
median(const double *values, size_t n)
{
    double sorted[MAX_RUNS];

    memcpy(sorted, values, n * sizeof(*values));
    qsort(sorted, n, sizeof(*sorted), compareDouble);
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}


/* Three significant digits: "812 µs", "12.3 ms", "1.23 s". */
static void
formatTime(char *buf, size_t len, double ns)
{
    static const char *const units[] = { "ns", "µs", "ms", "s" };
    int u = 0;

    while (u < 3 && ns >= 1000) {
        ns /= 1000;
        u++;
    }
    snprintf(buf, len, ns >= 100 ? "%.0f %s" : ns >= 10 ? "%.1f %s" : "%.2f %s",
             ns, units[u]);
}


static void
formatBytes(char *buf, size_t len, double bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB" };
    int u = 0;

    while (u < 3 && bytes >= 1024) {
        bytes /= 1024;
        u++;
    }
    snprintf(buf, len, u == 0 || bytes >= 100 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
}


static void
formatCount(char *buf, size_t len, size_t n)
{
    char digits[32];
    size_t nd, o = 0;

    nd = (size_t)snprintf(digits, sizeof(digits), "%zu", n);
    for (size_t i = 0; i < nd && o + 2 < len; i++) {
        if (i && (nd - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}


static void
formatCell(char *buf, size_t len, const scaleCell *cell)
{
    switch (cell->state) {
    case CELL_OK:
        formatTime(buf, len, median(cell->ns, cell->nruns));
        break;
    case CELL_NOT_REACHED:
        snprintf(buf, len, "not reached");
        break;
    case CELL_FAIL:
        snprintf(buf, len, "fail");
        break;
    case CELL_CRASH:
        snprintf(buf, len, "crash (SIG%s)", sigabbrev_np(cell->signal) ?
                 sigabbrev_np(cell->signal) : "?");
        break;
    case CELL_NOT_RUN:
        snprintf(buf, len, "not run");
        break;
    case CELL_NOT_BUILT:
        snprintf(buf, len, "not built");
        break;
    }
}


#define NCOLS 9
#define CELL_LEN 48

static const char *const headers[NCOLS] = {
    "operation", "N", "libvirt", "snapvirt", "ratio",
    "libvirt peak RSS", "libvirt B/snap", "snapvirt peak RSS", "snapvirt B/snap",
};


/* Display width of UTF-8 text. */
static size_t
textWidth(const char *s)
{
    size_t w = 0;

    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}


static void
fillRow(const scaleRun *run, int s, size_t ni, char row[NCOLS][CELL_LEN])
{
    const scaleCell *lv = &run->cells[LIB_LIBVIRT][s][ni];
    const scaleCell *sv = &run->cells[LIB_SNAPVIRT][s][ni];

    memset(row, 0, NCOLS * CELL_LEN);
    snprintf(row[0], CELL_LEN, "%s", scaleSteps[s].label);
    formatCount(row[1], CELL_LEN, run->counts[ni]);
    formatCell(row[2], CELL_LEN, lv);
    formatCell(row[3], CELL_LEN, sv);
    if (lv->state == CELL_OK && sv->state == CELL_OK)
        snprintf(row[4], CELL_LEN, "%.1fx",
                 median(lv->ns, lv->nruns) / median(sv->ns, sv->nruns));
    for (int lib = 0; lib < LIB_LAST; lib++) {
        const scaleCell *cell = lib == LIB_LIBVIRT ? lv : sv;

        if (!cell->nmem)
            continue;
        formatBytes(row[5 + 2 * lib], CELL_LEN, median(cell->rssKiB, cell->nmem) * 1024);
        formatBytes(row[6 + 2 * lib], CELL_LEN, median(cell->perSnap, cell->nmem));
    }
}


static void
printRow(const scaleRun *run, char row[NCOLS][CELL_LEN], const size_t *widths)
{
    for (int c = 0; c < NCOLS; c++) {
        size_t pad = widths[c] - textWidth(row[c]);
        bool right = c > 0;

        printf("%s%*s%s%*s", run->markdown ? "| " : c ? "  " : "",
               right ? (int)pad : 0, "", row[c], right ? 0 : (int)pad, "");
        if (run->markdown)
            printf(" ");
    }
    printf("%s\n", run->markdown ? "|" : "");
}


static bool
rowShown(const scaleRun *run, int s, size_t ni)
{
    return ni != run->deepIndex || scaleSteps[s].scenario == SCALE_CHAIN;
}


static void
printTable(const scaleRun *run)
{
    char row[NCOLS][CELL_LEN];
    size_t widths[NCOLS];

    for (int c = 0; c < NCOLS; c++)
        widths[c] = textWidth(headers[c]);
    for (int s = 0; s < SCALE_STEP_LAST; s++) {
        for (size_t ni = 0; ni < run->ncounts; ni++) {
            if (!rowShown(run, s, ni))
                continue;
            fillRow(run, s, ni, row);
            for (int c = 0; c < NCOLS; c++) {
                if (textWidth(row[c]) > widths[c])
                    widths[c] = textWidth(row[c]);
            }
        }
    }
    for (int c = 0; c < NCOLS; c++)
        snprintf(row[c], CELL_LEN, "%s", headers[c]);
    printRow(run, row, widths);
    for (int c = 0; c < NCOLS; c++) {
        memset(row[c], '-', widths[c]);
        row[c][widths[c]] = '\0';
        if (run->markdown && c > 0)
            row[c][widths[c] - 1] = ':';
    }
    printRow(run, row, widths);
    for (int s = 0; s < SCALE_STEP_LAST; s++) {
        for (size_t ni = 0; ni < run->ncounts; ni++) {
            if (!rowShown(run, s, ni))
                continue;
            fillRow(run, s, ni, row);
            printRow(run, row, widths);
        }
    }
}


/* The notes under the table: failures and the spread between runs. */
static void
printNotes(const scaleRun *run)
{
    double worst = 0;
    char where[160] = "";

    for (int lib = 0; lib < LIB_LAST; lib++) {
        for (int s = 0; s < SCALE_STEP_LAST; s++) {
            for (size_t ni = 0; ni < run->ncounts; ni++) {
                const scaleCell *cell = &run->cells[lib][s][ni];
                double lo, hi, mid;

                if (cell->state == CELL_FAIL)
                    printf("\n%s, %s, N=%zu: %s", libNames[lib], scaleSteps[s].label,
                           run->counts[ni], cell->message);
                if (cell->state != CELL_OK || cell->nruns < 2)
                    continue;
                mid = median(cell->ns, cell->nruns);
                lo = hi = cell->ns[0];
                for (size_t r = 1; r < cell->nruns; r++) {
                    lo = cell->ns[r] < lo ? cell->ns[r] : lo;
                    hi = cell->ns[r] > hi ? cell->ns[r] : hi;
                }
                if (mid >= 1e7 && (hi - lo) / mid > worst) {
                    worst = (hi - lo) / mid;
                    snprintf(where, sizeof(where), "%s, %s, N=%zu", libNames[lib],
                             scaleSteps[s].label, run->counts[ni]);
                }
            }
        }
    }
    printf("\nMedian of %d run(s), each in a fresh process (8 MiB stack). "
           "Ratio = libvirt / snapvirt.\n", run->repeat);
    if (worst > 0)
        printf("Largest spread (max - min) / median among times over 10 ms: "
               "%.0f%% (%s).\n", worst * 100, where);
}


int
scaleDriverMain(int argc, char **argv)
{
    scaleRun *run = calloc(1, sizeof(*run));
    int ret = EXIT_SUCCESS;

    if (!run)
        return EXIT_FAILURE;
    if (parseOptions(run, argc, argv) < 0) {
        free(run);
        return 2;
    }
    findBinaries(run);
    runAll(run);
    printTable(run);
    printNotes(run);

    /* libvirt's crashes are results; snapvirt's are failures. */
    for (int s = 0; s < SCALE_STEP_LAST; s++) {
        for (size_t ni = 0; ni < run->ncounts; ni++) {
            cellState st = run->cells[LIB_SNAPVIRT][s][ni].state;

            if (rowShown(run, s, ni) && st != CELL_OK && st != CELL_NOT_RUN)
                ret = EXIT_FAILURE;
        }
    }
    for (int lib = 0; lib < LIB_LAST; lib++)
        free(run->paths[lib]);
    free(run);
    return ret;
}
