/*
 * test_hooks.c: test hooks of the test driver, reached through
 * virDomainQemuMonitorCommand (svsh: qemu-monitor-command)
 *
 * The test driver has no guest and no files, so tests need a way to act
 * as the guest and to look inside the simulated images.  Each hook is a
 * QMP-shaped command (documented in docs/test-driver.md):
 *
 *   x-snapvirt-write   {"disk":"vda", "offset":N, "length":N, "pattern":B}
 *                      a guest write (the domain must run), or with
 *                      "image":PATH instead of "disk" a write into a layer
 *   x-snapvirt-read    {"disk":"vda"} the guest's view of the disk, or
 *                      {"image":PATH} one layer's own data
 *   x-snapvirt-fail    {"image":PATH, "after":N} jobs through the image
 *                      fail after moving N bytes (0: never)
 *   x-snapvirt-create  {"image":PATH, "capacity":N, "format":"qcow2"}
 *                      a new stand-alone image (e.g. for REUSE_EXT)
 *
 * Replies are {"return":{...}}: read gives capacity, backing, backing-name
 * and data, a list of {"offset","length","pattern"} runs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <json-c/json.h>

#include "test_blockjob.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_TEST

typedef struct {
    testDriver *driver;
    virDomainObj *obj;
    json_object *args;
    json_object *reply;         /* the "return" value, set by the hook */
} testHookCall;


static int
testHookUInt(testHookCall *call, const char *name, bool required, guint64 max,
             guint64 *out)
{
    json_object *v;

    if (!json_object_object_get_ex(call->args, name, &v)) {
        if (!required)
            return 0;
        virReportError(VIR_ERR_INVALID_ARG, "test hook argument '%s' is missing", name);
        return -1;
    }
    if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0 ||
        (guint64)json_object_get_int64(v) > max) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "test hook argument '%s' must be an integer from 0 to %llu",
                       name, (unsigned long long)max);
        return -1;
    }
    *out = json_object_get_int64(v);
    return 0;
}


static const char *
testHookString(testHookCall *call, const char *name)
{
    json_object *v;

    if (!json_object_object_get_ex(call->args, name, &v) ||
        !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}


/* The image the call names: "image" (any path of the host) or "disk"
 * (the active image of the domain's disk); *disk set for the latter. */
static testImage *
testHookImage(testHookCall *call, const char **disk)
{
    const char *path = testHookString(call, "image");
    virDomainDiskDef *def;
    testImage *img;

    *disk = testHookString(call, "disk");
    if (*disk) {
        if (!(def = virDomainDiskByName(call->obj->def, *disk)) || !def->src->path) {
            virReportError(VIR_ERR_INVALID_ARG, "disk '%s' not found in domain '%s'",
                           *disk, call->obj->def->name);
            return NULL;
        }
        *disk = def->dst;
        path = def->src->path;
    } else if (!path) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "test hook needs a \"disk\" or an \"image\" argument");
        return NULL;
    }
    if (!(img = testImagesLookup(call->driver->images, path)))
        virReportError(VIR_ERR_NO_STORAGE_VOL, "no image '%s' in the test host", path);
    return img;
}


static int
testHookWrite(testHookCall *call)
{
    guint64 offset, length, pattern;
    const char *disk;
    testImage *img;

    if (!(img = testHookImage(call, &disk)) ||
        testHookUInt(call, "offset", true, img->capacity, &offset) < 0 ||
        testHookUInt(call, "length", true, img->capacity - offset, &length) < 0 ||
        testHookUInt(call, "pattern", true, 255, &pattern) < 0)
        return -1;
    if (disk) {
        if (!virDomainObjIsActive(call->obj)) {
            virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
            return -1;
        }
        testBlockJobsGuestWrite(call->driver, call->obj, disk, offset, length, pattern);
    } else {
        testExtentsWrite(img->data, offset, length, pattern);
    }
    call->reply = json_object_new_object();
    return 0;
}


static int
testHookRead(testHookCall *call)
{
    g_autoptr(GArray) data = NULL;
    json_object *runs = json_object_new_array();
    const char *disk;
    testImage *img;

    if (!(img = testHookImage(call, &disk))) {
        json_object_put(runs);
        return -1;
    }
    data = disk ? testImageChainData(img, NULL) : testExtentsCopy(img->data);
    for (guint i = 0; i < data->len; i++) {
        testExtent *e = &g_array_index(data, testExtent, i);
        json_object *run = json_object_new_object();

        json_object_object_add(run, "offset", json_object_new_int64(e->start));
        json_object_object_add(run, "length", json_object_new_int64(e->len));
        json_object_object_add(run, "pattern", json_object_new_int(e->pattern));
        json_object_array_add(runs, run);
    }
    call->reply = json_object_new_object();
    json_object_object_add(call->reply, "image", json_object_new_string(img->path));
    json_object_object_add(call->reply, "capacity", json_object_new_int64(img->capacity));
    json_object_object_add(call->reply, "backing", img->backing ?
                           json_object_new_string(img->backing->path) : NULL);
    json_object_object_add(call->reply, "backing-name", img->backing ?
                           json_object_new_string(img->backingName ? img->backingName :
                                                  img->backing->path) : NULL);
    json_object_object_add(call->reply, "data", runs);
    return 0;
}


static int
testHookFail(testHookCall *call)
{
    guint64 after;
    const char *disk;
    testImage *img;

    if (!(img = testHookImage(call, &disk)) ||
        testHookUInt(call, "after", true, G_MAXINT64, &after) < 0)
        return -1;
    img->failAfter = after;
    call->reply = json_object_new_object();
    return 0;
}


static int
testHookCreate(testHookCall *call)
{
    const char *path = testHookString(call, "image");
    const char *format = testHookString(call, "format");
    guint64 capacity = TEST_IMAGE_DEFAULT_CAPACITY;
    int fmt = format ? virStorageFileFormatTypeFromString(format) : VIR_STORAGE_FILE_QCOW2;

    if (!path || *path != '/' || fmt <= 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "x-snapvirt-create needs an absolute \"image\" and a known \"format\"");
        return -1;
    }
    if (testHookUInt(call, "capacity", false, G_MAXINT64, &capacity) < 0)
        return -1;
    if (testImagesLookup(call->driver->images, path)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "image '%s' already exists", path);
        return -1;
    }
    testImagesCreate(call->driver->images, path, VIR_STORAGE_TYPE_FILE, fmt, NULL)->capacity =
        capacity;
    call->reply = json_object_new_object();
    return 0;
}


static const struct {
    const char *name;
    int (*run)(testHookCall *call);
} testHooks[] = {
    { "x-snapvirt-write", testHookWrite },
    { "x-snapvirt-read", testHookRead },
    { "x-snapvirt-fail", testHookFail },
    { "x-snapvirt-create", testHookCreate },
};


int
testDomainQemuMonitorCommand(virDomainPtr dom, const char *cmd, char **result,
                             unsigned int flags)
{
    json_object *root = json_tokener_parse(cmd);
    json_object *exec, *out;
    testHookCall call = { 0 };
    int ret = -1;

    virCheckFlags(0, -1);
    if (!root || !json_object_object_get_ex(root, "execute", &exec) ||
        !json_object_is_type(exec, json_type_string)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "test hooks take QMP-style JSON: {\"execute\":..., \"arguments\":{...}}");
        json_object_put(root);
        return -1;
    }
    if (!json_object_object_get_ex(root, "arguments", &call.args))
        call.args = NULL;
    if (!call.args || !json_object_is_type(call.args, json_type_object))
        call.args = json_object_new_object();
    else
        json_object_get(call.args);
    if (!(call.obj = testDomainBegin(dom, &call.driver)))
        goto out;
    for (size_t i = 0; i < G_N_ELEMENTS(testHooks); i++) {
        if (STREQ(json_object_get_string(exec), testHooks[i].name)) {
            ret = testHooks[i].run(&call);
            break;
        }
        if (i + 1 == G_N_ELEMENTS(testHooks))
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                           "test driver has no hook '%s'", json_object_get_string(exec));
    }
    testDriverUnlock(call.driver);
    if (ret == 0) {
        out = json_object_new_object();
        json_object_object_add(out, "return", call.reply);
        call.reply = NULL;
        *result = g_strdup(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN));
        json_object_put(out);
    }

 out:
    json_object_put(call.reply);
    json_object_put(call.args);
    json_object_put(root);
    return ret;
}
