/*
 * snapshot-scale.h: what the snapshot scaling benchmark measures
 *
 * snapshot-scale.c (the worker, which calls the public API) is compiled
 * twice, once against libvirt and once against snapvirt; scale-driver.c
 * (which knows no library) runs the workers in fresh processes and
 * prints the table.  They talk over the worker's stdout, one line per
 * result:
 *
 *     step STEP NS            STEP took NS nanoseconds
 *     mem STEP BASE PEAK      peak RSS in KiB after opening, after STEP
 *     info TEXT               free text (shown with --verbose)
 *     fail STEP MESSAGE       STEP failed; the worker exits with 1
 *
 * where STEP is the index of the step in scaleSteps.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>

/* One fresh process each: a chain, or a random branching tree. */
typedef enum {
    SCALE_CHAIN,
    SCALE_TREE,
    SCALE_SCENARIO_LAST
} scaleScenario;

/* In table order; within one scenario also in the order they run. */
typedef enum {
    SCALE_CHAIN_CREATE,
    SCALE_TREE_CREATE,
    SCALE_TREE_REVERT,
    SCALE_COUNT,
    SCALE_LIST_NAMES,
    SCALE_LIST_ALL,
    SCALE_LIST_TOPO,
    SCALE_LOOKUP_ALL,
    SCALE_REVERT_BRANCH,
    SCALE_DELETE_SUBTREE,
    SCALE_CHAIN_DELETE,
    SCALE_STEP_LAST
} scaleStep;

typedef struct {
    const char *label;         /* the operation column of the table */
    scaleScenario scenario;
    bool memory;               /* the step that creates the N snapshots */
} scaleStepInfo;

extern const scaleStepInfo scaleSteps[SCALE_STEP_LAST];
extern const char *const scaleScenarioNames[SCALE_SCENARIO_LAST];

/* Number of revert + branch rounds for a tree of @n snapshots. */
#define SCALE_BRANCHES(n) ((n) / 10 ? (n) / 10 : 1)

/* Seed of the random choices, the same for both libraries. */
#define SCALE_SEED 20261124u

/* The driver: parses the options, runs the workers and prints the table;
 * returns the exit status (failure if a snapvirt case failed). */
int scaleDriverMain(int argc, char **argv);
