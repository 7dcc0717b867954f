/*
 * test-api-backup.c: push-mode backups on the test driver: the copy is
 * the disk as it was when the backup began, the XML the job reports,
 * JOB_COMPLETED, failure, and the errors
 *
 * Fixture: tests/data/fixtures/blockjobs.xml.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <glib.h>

#include "apiutils.h"

#define MiB (1024ULL * 1024)
#define CB(cb) ((virConnectDomainEventGenericCallback)(void (*)(void))(cb))
#define VDA_VIEW "0k+1024k=0b 1024k+1024k=51 2048k+1024k=52 3072k+512k=ac 3584k+512k=0b"

typedef struct {
    virConnectPtr conn;
    virDomainPtr dom;
    int id;
    int completions;
    GString *params;            /* of the last JOB_COMPLETED */
} fixture;


static void
onJobCompleted(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom G_GNUC_UNUSED,
               virTypedParameterPtr params, int nparams, void *opaque)
{
    fixture *f = opaque;

    f->completions++;
    g_string_truncate(f->params, 0);
    for (int i = 0; i < nparams; i++) {
        virTypedParameterPtr p = &params[i];

        g_string_append_printf(f->params, "%s%s=", i ? " " : "", p->field);
        if (p->type == VIR_TYPED_PARAM_INT || p->type == VIR_TYPED_PARAM_BOOLEAN)
            g_string_append_printf(f->params, "%d", p->type == VIR_TYPED_PARAM_INT ?
                                   p->value.i : p->value.b);
        else if (p->type == VIR_TYPED_PARAM_ULLONG)
            g_string_append_printf(f->params, "%llu", p->value.ul);
        else if (p->type == VIR_TYPED_PARAM_STRING)
            g_string_append_printf(f->params, "'%s'", p->value.s);
    }
}


static void
setUp(fixture *f)
{
    g_autofree char *uri = g_strdup_printf("test://%s/data/fixtures/blockjobs.xml",
                                           testSourceDir());

    memset(f, 0, sizeof(*f));
    f->conn = apiOpen(uri);
    f->dom = virDomainLookupByName(f->conn, "bj");
    f->params = g_string_new(NULL);
    f->id = virConnectDomainEventRegisterAny(f->conn, NULL, VIR_DOMAIN_EVENT_ID_JOB_COMPLETED,
                                             CB(onJobCompleted), f, NULL);
    CHECK(f->id >= 0);
}


static void
tearDown(fixture *f)
{
    CHECK_INT(virConnectDomainEventDeregisterAny(f->conn, f->id), 0);
    virDomainFree(f->dom);
    CHECK_INT(virConnectClose(f->conn), 0);
    g_string_free(f->params, TRUE);
}


/* Runs the loop until JOB_COMPLETED arrived (at most @max iterations). */
static bool
runUntilCompleted(fixture *f, int max)
{
    for (int i = 0; i < max && !f->completions; i++)
        virEventRunDefaultImpl();
    return f->completions > 0;
}


static const char *vdaBackup =
    "<domainbackup mode='push'><disks>"
    "<disk name='vda' type='file'><target file='/backup/vda.qcow2'/></disk>"
    "</disks></domainbackup>";


static void
test_backup_is_point_in_time(void)
{
    fixture f;
    g_autofree char *data = NULL;
    g_autofree char *reply = NULL;
    virDomainBlockJobInfo info;

    setUp(&f);
    CHECK_INT(virDomainBackupBegin(f.dom, vdaBackup, NULL, 0), 0);
    CHECK_INT(virDomainGetBlockJobInfo(f.dom, "vda", &info, 0), 1);
    CHECK_INT(info.type, VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP);
    CHECK_INT(info.end, 4 * MiB);
    /* Slow it to 1 MiB a tick, let one tick copy [0, 1 MiB) ... */
    CHECK_INT(virDomainBlockJobSetSpeed(f.dom, "vda", 20 * MiB,
                                        VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES), 0);
    for (int i = 0; i < 20 && virDomainGetBlockJobInfo(f.dom, "vda", &info, 0) == 1 &&
                    info.cur == 0; i++)
        virEventRunDefaultImpl();
    CHECK_INT(info.cur, MiB);
    /* ... then the guest overwrites copied and not yet copied parts. */
    reply = apiHook(f.dom, "{\"execute\":\"x-snapvirt-write\",\"arguments\":"
                        "{\"disk\":\"vda\",\"offset\":0,\"length\":4194304,\"pattern\":255}}");
    CHECK_STR(reply, "{\"return\":{}}");
    CHECK(runUntilCompleted(&f, 40));
    data = apiData(f.dom, "image", "/backup/vda.qcow2");
    CHECK_STR(data, VDA_VIEW);
    CHECK_CONTAINS(f.params->str, "success=1");
    tearDown(&f);
}


static void
test_backup_xml_and_job_completed(void)
{
    fixture f;
    g_autofree char *xml = NULL;
    g_autofree char *fmt = NULL;
    const char *time;

    setUp(&f);
    CHECK_INT(virDomainBackupBegin(f.dom, vdaBackup, NULL, 0), 0);
    xml = virDomainBackupGetXMLDesc(f.dom, 0);
    CHECK_STR(xml, "<domainbackup mode='push'>\n"
                   "  <disks>\n"
                   "    <disk name='vda' backup='yes' type='file' backupmode='full'>\n"
                   "      <driver type='qcow2'/>\n"
                   "      <target file='/backup/vda.qcow2'/>\n"
                   "    </disk>\n"
                   "    <disk name='vdb' backup='no'/>\n"
                   "    <disk name='vdc' backup='no'/>\n"
                   "  </disks>\n"
                   "</domainbackup>\n");
    /* One backup at a time. */
    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup/>", NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "already has a backup job running");
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "is being backed up");
    CHECK(runUntilCompleted(&f, 20));
    CHECK_INT(f.completions, 1);
    time = strstr(f.params->str, " data_total=");
    CHECK_CONTAINS(f.params->str, "operation=9 time_elapsed=");
    CHECK_STR(time, " data_total=4194304 data_processed=4194304 data_remaining=0 success=1");
    CHECK(virDomainBackupGetXMLDesc(f.dom, 0) == NULL);
    CHECK_ERROR(VIR_ERR_NO_DOMAIN_BACKUP, "no domain backup job present");
    fmt = apiData(f.dom, "image", "/backup/vda.qcow2");
    CHECK_STR(fmt, VDA_VIEW);
    tearDown(&f);
}


static void
test_default_backup_takes_every_disk(void)
{
    fixture f;
    g_autofree char *xml = NULL;
    g_autofree char *data = NULL;
    const char *p;

    setUp(&f);
    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup/>", NULL, 0), 0);
    xml = virDomainBackupGetXMLDesc(f.dom, 0);
    CHECK_CONTAINS(xml, "<target file='/bj/active.qcow2.");
    CHECK_CONTAINS(xml, "<target file='/bj/data.raw.");
    CHECK(runUntilCompleted(&f, 20));
    /* vdc's bottom layer fails after 1 MiB: the whole backup fails. */
    CHECK_CONTAINS(f.params->str, "success=0 errmsg='backup failed");
    /* Targets it made for unfinished disks are gone. */
    p = strstr(xml, "<target file='/bj/top.qcow2.");
    CHECK(p != NULL);
    if (p) {
        g_autofree char *path = g_strndup(p + 14, strchr(p + 14, '\'') - (p + 14));

        data = apiData(f.dom, "image", path);
        CHECK(data == NULL);
    }
    tearDown(&f);
}


static void
test_backup_errors(void)
{
    fixture f;
    virConnectPtr ro;
    virDomainPtr rodom;
    g_autofree char *uri = g_strdup_printf("test://%s/data/fixtures/blockjobs.xml",
                                           testSourceDir());

    setUp(&f);
    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup mode='pull'/>", NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "pull mode");
    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup><incremental>c1</incremental>"
                                          "</domainbackup>", NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "incremental");
    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup/>", "<domaincheckpoint/>", 0), -1);
    CHECK_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "checkpoints are not supported");
    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup><disks><disk name='vdz'/></disks>"
                                          "</domainbackup>", NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "no disk named 'vdz'");
    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup><disks><disk name='vda'>"
                                          "<target file='/bj/base.qcow2'/></disk></disks>"
                                          "</domainbackup>", NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "already exists");
    CHECK_INT(virDomainBackupBegin(f.dom, vdaBackup, NULL,
                                   VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "does not exist");
    CHECK_INT(virDomainBackupBegin(f.dom, "<domainbackup><bogus/></domainbackup>", NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_XML_INVALID_SCHEMA, "");
    CHECK_INT(virDomainBackupBegin(f.dom, NULL, NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_INVALID_ARG, "backupXML");
    CHECK_INT(virDomainBlockPull(f.dom, "vda", 1, 0), 0);
    CHECK_INT(virDomainBackupBegin(f.dom, vdaBackup, NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "already in active block job");
    CHECK_INT(virDomainBlockJobAbort(f.dom, "vda", 0), 0);

    ro = virConnectOpenReadOnly(uri);
    rodom = virDomainLookupByName(ro, "bj");
    CHECK_INT(virDomainBackupBegin(rodom, vdaBackup, NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_DENIED, "read only");
    virDomainFree(rodom);
    virConnectClose(ro);

    CHECK_INT(virDomainDestroy(f.dom), 0);
    CHECK_INT(virDomainBackupBegin(f.dom, vdaBackup, NULL, 0), -1);
    CHECK_ERROR(VIR_ERR_OPERATION_INVALID, "inactive domain");
    CHECK_INT(f.completions, 0);
    tearDown(&f);
}


static const testCase tests[] = {
    TEST_CASE(test_backup_is_point_in_time),
    TEST_CASE(test_backup_xml_and_job_completed),
    TEST_CASE(test_default_backup_takes_every_disk),
    TEST_CASE(test_backup_errors),
    { NULL, NULL, NULL },
};


int
main(int argc, char **argv)
{
    apiQuiet();
    if (virEventRegisterDefaultImpl() < 0)
        return 1;
    return testRun(argc, argv, tests);
}
