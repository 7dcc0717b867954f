/*
 * test_images.h: the test driver's simulated disk images
 *
 * Disks of test domains are not files: each path a definition mentions
 * becomes an image here, with a format and a backing image, so that
 * external snapshots add overlays, reverts branch and deletes merge, and
 * the domain XML shows the resulting <backingStore> chains.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "conf/domain_conf.h"
#include "test_extents.h"

/* Virtual size of images nobody declared (fixtures may, per image). */
#define TEST_IMAGE_DEFAULT_CAPACITY (1ULL << 30)

typedef struct _testImage testImage;
struct _testImage {
    char *path;
    int type;                  /* virStorageType */
    int format;                /* virStorageFileFormat */
    testImage *backing;        /* NULL for a base image */
    GPtrArray *dependents;     /* images whose backing this is */
    char *backingName;         /* how the image names its backing: NULL =
                                * the backing's absolute path */
    guint64 capacity;          /* virtual size, bytes */
    GArray *data;              /* testExtent: what this layer holds */
    guint64 failAfter;         /* a job through this image fails after
                                * moving this many bytes; 0 = never */
};

typedef struct _testImages testImages;

testImages *testImagesNew(void);
void testImagesFree(testImages *images);

testImage *testImagesLookup(testImages *images, const char *path);
/* Registers every layer of a definition's chain; existing images are
 * updated to the chain's format and backing where the chain says.  Fails
 * (VIR_ERR_CONFIG_UNSUPPORTED) if that would make a chain loop. */
int testImagesAddChain(testImages *images, const virStorageSource *top);
/* A new image on @backing (NULL for a base image). */
testImage *testImagesCreate(testImages *images, const char *path, int type,
                            int format, testImage *backing);
/* Points @img at a new backing image. */
void testImagesSetBacking(testImage *img, testImage *backing);
/* Forgets @img, which must have no dependents. */
void testImagesRemove(testImages *images, testImage *img);
/* What a guest sees through the layers from @top down to, not
 * including, @stop (NULL: the whole chain).  A new list. */
GArray *testImageChainData(const testImage *top, const testImage *stop);

/* The chain below and including @img, as a definition wants it. */
virStorageSource *testImagesChain(const testImage *img);

/* Memory state files written by external snapshots. */
bool testImagesHasFile(testImages *images, const char *path);
void testImagesAddFile(testImages *images, const char *path);
void testImagesRemoveFile(testImages *images, const char *path);
