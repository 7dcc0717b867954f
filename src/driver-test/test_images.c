/*
 * test_images.c: the test driver's simulated disk images
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test_images.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_TEST

struct _testImages {
    GHashTable *byPath;        /* path -> testImage, owns them */
    GHashTable *files;         /* memory state files: path set */
};


static void
testImageFree(gpointer data)
{
    testImage *img = data;

    g_free(img->path);
    g_free(img->backingName);
    g_array_unref(img->data);
    g_ptr_array_unref(img->dependents);
    g_free(img);
}


testImages *
testImagesNew(void)
{
    testImages *images = g_new0(testImages, 1);

    images->byPath = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, testImageFree);
    images->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return images;
}


void
testImagesFree(testImages *images)
{
    if (!images)
        return;
    g_hash_table_unref(images->byPath);
    g_hash_table_unref(images->files);
    g_free(images);
}


testImage *
testImagesLookup(testImages *images, const char *path)
{
    return path ? g_hash_table_lookup(images->byPath, path) : NULL;
}


void
testImagesSetBacking(testImage *img, testImage *backing)
{
    g_clear_pointer(&img->backingName, g_free);
    if (img->backing == backing)
        return;
    if (img->backing)
        g_ptr_array_remove_fast(img->backing->dependents, img);
    img->backing = backing;
    if (backing)
        g_ptr_array_add(backing->dependents, img);
}


testImage *
testImagesCreate(testImages *images, const char *path, int type, int format,
                 testImage *backing)
{
    testImage *img = g_new0(testImage, 1);

    img->path = g_strdup(path);
    img->type = type;
    img->format = format;
    img->dependents = g_ptr_array_new();
    img->data = testExtentsNew();
    img->capacity = backing ? backing->capacity : TEST_IMAGE_DEFAULT_CAPACITY;
    g_hash_table_insert(images->byPath, img->path, img);
    testImagesSetBacking(img, backing);
    return img;
}


static bool
testImageChainContains(const testImage *img, const testImage *needle)
{
    for (; img; img = img->backing) {
        if (img == needle)
            return true;
    }
    return false;
}


int
testImagesAddChain(testImages *images, const virStorageSource *top)
{
    testImage *above = NULL;

    for (const virStorageSource *src = top; src && src->path; src = src->backing) {
        testImage *img = testImagesLookup(images, src->path);

        if (!img) {
            img = testImagesCreate(images, src->path, src->type, src->format, NULL);
        } else if (src->format > 0) {
            img->format = src->format;
        }
        if (above) {
            if (testImageChainContains(img, above)) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "backing chain of '%s' loops back to '%s'",
                               top->path, above->path);
                return -1;
            }
            testImagesSetBacking(above, img);
        }
        above = img;
        if (src->terminated)
            testImagesSetBacking(img, NULL);
    }
    return 0;
}


void
testImagesRemove(testImages *images, testImage *img)
{
    g_assert(img->dependents->len == 0);
    testImagesSetBacking(img, NULL);
    g_hash_table_remove(images->byPath, img->path);
}


virStorageSource *
testImagesChain(const testImage *img)
{
    virStorageSource *head = NULL;
    virStorageSource **tail = &head;

    for (; img; img = img->backing) {
        *tail = virStorageSourceNew(img->type, img->path, img->format);
        tail = &(*tail)->backing;
    }
    return head;
}


GArray *
testImageChainData(const testImage *top, const testImage *stop)
{
    GArray *data = testExtentsNew();

    for (const testImage *img = top; img && img != stop; img = img->backing)
        testExtentsFillHoles(data, img->data);
    return data;
}


bool
testImagesHasFile(testImages *images, const char *path)
{
    return g_hash_table_contains(images->files, path) ||
           g_hash_table_contains(images->byPath, path);
}


void
testImagesAddFile(testImages *images, const char *path)
{
    g_hash_table_add(images->files, g_strdup(path));
}


void
testImagesRemoveFile(testImages *images, const char *path)
{
    g_hash_table_remove(images->files, path);
}
