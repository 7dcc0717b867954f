/*
 * virxml.c: safe XML parsing, DOM helpers, libvirt-style serialisation
 * and RelaxNG validation against the built-in schemas
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "virxml.h"
#include "virembed.h"
#include "virerror.h"
#include "virlog.h"

#define VIR_FROM_THIS VIR_FROM_XML

VIR_LOG_INIT("util.xml");

#define VIR_XML_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOBLANKS | \
                               XML_PARSE_NOCDATA)

/* The first error libxml2 raised while parsing: the ones after it are
 * mostly its consequences, so libvirt reports the first (and so do we). */
typedef struct {
    char *msg;          /* libxml2's message, with its trailing newline */
    int line;
    char *context;      /* the input line where parsing stopped */
    char *caret;        /* dashes up to the column */
} virXMLParseFailure;


static void
virXMLParseFailureClear(virXMLParseFailure *fail)
{
    g_free(fail->msg);
    g_free(fail->context);
    g_free(fail->caret);
}


/* Records the error (the first one only) with the line of input the
 * parser is at, which is gone once parsing has finished. */
static void
virXMLRecordParseError(xmlParserCtxtPtr ctxt, virXMLParseFailure *fail)
{
    const xmlError *err = xmlCtxtGetLastError(ctxt);

    if (fail->msg)
        return;
    fail->line = err ? err->line : 0;
    fail->msg = g_strdup(err && err->message ? err->message : "unknown error\n");
    if (ctxt->input && ctxt->input->base && ctxt->input->cur) {
        const xmlChar *base = ctxt->input->base;
        const xmlChar *cur = ctxt->input->cur;
        const xmlChar *start = cur;
        const xmlChar *end = cur;

        while (start > base && start[-1] != '\n')
            start--;
        while (*end && *end != '\n')
            end++;
        fail->context = g_strndup((const char *)start, end - start);
        fail->caret = g_strnfill(cur - start, '-');
    }
}


/* libxml2's error callback for our parser contexts (instead of printing
 * to stderr); @opaque is the context. */
static void G_GNUC_PRINTF(2, 3)
virXMLCatchParseError(void *opaque, const char *fmt G_GNUC_UNUSED, ...)
{
    xmlParserCtxtPtr ctxt = opaque;

    if (ctxt && ctxt->_private)
        virXMLRecordParseError(ctxt, ctxt->_private);
}


/* Reports a libxml2 parse error the way libvirt does, in the caller's
 * error @domain: the input's name, the line, the message, then the
 * offending line with a caret under the column where parsing stopped.
 * (libvirt prints an empty offending line as "(null)", so we do too.) */
static void
virXMLReportParseError(int domain, xmlParserCtxtPtr ctxt,
                       virXMLParseFailure *fail, const char *what)
{
    virXMLRecordParseError(ctxt, fail);  /* no-op if the callback ran */
    virErrorReport(domain, VIR_ERR_XML_DETAIL, __func__,
                   "%s:%d: %s%s\n%s^", what, fail->line, fail->msg,
                   fail->context && *fail->context ? fail->context : "(null)",
                   fail->caret ? fail->caret : "");
}


xmlDocPtr
virXMLParseString(const char *xml, const char *what, const char *root,
                  const char *schema)
{
    return virXMLParseStringFrom(VIR_FROM_XML, xml, what, root, schema);
}


xmlDocPtr
virXMLParseStringFrom(int domain, const char *xml, const char *what,
                      const char *root, const char *schema)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlParserCtxtPtr ctxt;
    virXMLParseFailure fail = { 0 };
    xmlNodePtr top;

    if (!(ctxt = xmlNewParserCtxt())) {
        virReportError(VIR_ERR_NO_MEMORY, NULL);
        return NULL;
    }
    ctxt->_private = &fail;
    ctxt->sax->error = virXMLCatchParseError;
    doc = xmlCtxtReadMemory(ctxt, xml, strlen(xml), what, NULL,
                            VIR_XML_PARSE_OPTIONS);
    if (!doc || !ctxt->wellFormed) {
        virXMLReportParseError(domain, ctxt, &fail, what);
        virXMLParseFailureClear(&fail);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    virXMLParseFailureClear(&fail);
    xmlFreeParserCtxt(ctxt);

    if (doc->intSubset || doc->extSubset) {
        virReportError(VIR_ERR_XML_ERROR,
                       "document type declarations are not allowed in %s", what);
        return NULL;
    }
    if (!(top = xmlDocGetRootElement(doc))) {
        virReportError(VIR_ERR_XML_ERROR, "missing root element in %s", what);
        return NULL;
    }
    if (root && !virXMLNodeNameEqual(top, root)) {
        virReportError(VIR_ERR_XML_ERROR,
                       "expecting root element of '%s', not '%s'",
                       root, (const char *)top->name);
        return NULL;
    }
    if (schema && virXMLValidate(doc, schema) < 0)
        return NULL;
    return g_steal_pointer(&doc);
}


bool
virXMLNodeNameEqual(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE &&
           STREQ((const char *)node->name, name);
}


xmlNodePtr
virXMLFirstElement(const xmlNode *node)
{
    xmlNodePtr cur;

    for (cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE)
            return cur;
    }
    return NULL;
}


xmlNodePtr
virXMLNextElement(const xmlNode *node)
{
    xmlNodePtr cur;

    for (cur = node->next; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE)
            return cur;
    }
    return NULL;
}


xmlNodePtr
virXMLChild(const xmlNode *node, const char *name)
{
    xmlNodePtr cur;

    for (cur = node->children; cur; cur = cur->next) {
        /* Elements in a namespace (test:runstate) never match a plain name. */
        if (virXMLNodeNameEqual(cur, name) && !cur->ns)
            return cur;
    }
    return NULL;
}


char *
virXMLNodeContent(const xmlNode *node)
{
    xmlChar *content = xmlNodeGetContent(node);
    char *ret = g_strdup(content ? (const char *)content : "");

    xmlFree(content);
    return ret;
}


char *
virXMLChildContent(const xmlNode *node, const char *name)
{
    xmlNodePtr child = virXMLChild(node, name);

    return child ? virXMLNodeContent(child) : NULL;
}


char *
virXMLPropString(const xmlNode *node, const char *name)
{
    xmlChar *value = xmlGetNoNsProp(node, BAD_CAST name);
    char *ret = g_strdup((const char *)value);

    xmlFree(value);
    return ret;
}


static void
virXMLFormatName(virBuffer *buf, const xmlNode *node)
{
    if (node->ns && node->ns->prefix)
        virBufferAsprintf(buf, "%s:", (const char *)node->ns->prefix);
    virBufferAdd(buf, (const char *)node->name, -1);
}


static bool
virXMLHasElementChildren(const xmlNode *node)
{
    return virXMLFirstElement(node) != NULL;
}


void
virXMLFormatNode(virBuffer *buf, const xmlNode *node)
{
    const xmlAttr *attr;
    const xmlNs *ns;
    const xmlNode *child;

    virBufferAddLit(buf, "<");
    virXMLFormatName(buf, node);
    for (ns = node->nsDef; ns; ns = ns->next) {
        if (ns->prefix)
            virBufferAsprintf(buf, " xmlns:%s=", (const char *)ns->prefix);
        else
            virBufferAddLit(buf, " xmlns=");
        virBufferEscapeString(buf, "'%s'", (const char *)ns->href);
    }
    for (attr = node->properties; attr; attr = attr->next) {
        xmlChar *value = xmlNodeListGetString(node->doc, attr->children, 1);

        virBufferAddLit(buf, " ");
        if (attr->ns && attr->ns->prefix)
            virBufferAsprintf(buf, "%s:", (const char *)attr->ns->prefix);
        virBufferAsprintf(buf, "%s=", (const char *)attr->name);
        virBufferEscapeString(buf, "'%s'", value ? (const char *)value : "");
        xmlFree(value);
    }

    if (!virXMLHasElementChildren(node)) {
        g_autofree char *text = virXMLNodeContent(node);
        const char *p = text;

        /* Whitespace the parser kept for lack of element siblings is not
         * content: such an element is empty. */
        while (g_ascii_isspace(*p))
            p++;
        if (!*p) {
            virBufferAddLit(buf, "/>\n");
            return;
        }
        virBufferAddLit(buf, ">");
        virBufferEscape(buf, text);
    } else {
        /* Nesting depth is bounded by the parser's own limit. */
        virBufferAddLit(buf, ">\n");
        virBufferAdjustIndent(buf, 2);
        for (child = node->children; child; child = child->next) {
            if (child->type == XML_ELEMENT_NODE)
                virXMLFormatNode(buf, child);
        }
        virBufferAdjustIndent(buf, -2);
    }
    virBufferAddLit(buf, "</");
    virXMLFormatName(buf, node);
    virBufferAddLit(buf, ">\n");
}


/* ---- RelaxNG ---- */

static const char *
virXMLSchemaText(const char *name)
{
    g_autofree char *key = g_strdup_printf("schemas/%s", name);

    return virEmbeddedLookup(key);
}


/* Replaces every <include href='x.rng'/> of @grammar by the definitions of
 * the built-in schema x.rng, so that no file or URL is ever opened.  The
 * included grammars carry no <start>.  Returns -1 for an unknown href. */
static int
virXMLSchemaInline(xmlDocPtr doc, xmlNodePtr grammar)
{
    xmlNodePtr cur = grammar->children;

    while (cur) {
        xmlNodePtr next = cur->next;

        if (virXMLNodeNameEqual(cur, "include")) {
            g_autofree char *href = virXMLPropString(cur, "href");
            const char *text = href ? virXMLSchemaText(href) : NULL;
            g_autoptr(xmlDoc) sub = NULL;
            xmlNodePtr def;

            if (!text ||
                !(sub = xmlReadMemory(text, strlen(text), href, NULL,
                                      VIR_XML_PARSE_OPTIONS)) ||
                virXMLSchemaInline(sub, xmlDocGetRootElement(sub)) < 0)
                return -1;
            for (def = xmlDocGetRootElement(sub)->children; def; def = def->next) {
                if (def->type == XML_ELEMENT_NODE)
                    xmlAddPrevSibling(cur, xmlDocCopyNode(def, doc, 1));
            }
            xmlUnlinkNode(cur);
            xmlFreeNode(cur);
        }
        cur = next;
    }
    return 0;
}


static GMutex virXMLSchemaLock;
static GHashTable *virXMLSchemas;  /* name -> xmlRelaxNGPtr, never freed */


static xmlRelaxNGPtr
virXMLSchemaGet(const char *schema)
{
    g_autofree char *file = g_strdup_printf("%s.rng", schema);
    xmlRelaxNGPtr rng = NULL;
    const char *text;
    g_autoptr(xmlDoc) doc = NULL;
    xmlRelaxNGParserCtxtPtr pctxt;

    g_mutex_lock(&virXMLSchemaLock);
    if (!virXMLSchemas)
        virXMLSchemas = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if ((rng = g_hash_table_lookup(virXMLSchemas, schema)))
        goto done;

    if (!(text = virXMLSchemaText(file)) ||
        !(doc = xmlReadMemory(text, strlen(text), file, NULL, VIR_XML_PARSE_OPTIONS)) ||
        virXMLSchemaInline(doc, xmlDocGetRootElement(doc)) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "cannot load schema %s", file);
        goto done;
    }
    if ((pctxt = xmlRelaxNGNewDocParserCtxt(doc))) {
        rng = xmlRelaxNGParse(pctxt);
        xmlRelaxNGFreeParserCtxt(pctxt);
    }
    if (!rng) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "cannot compile schema %s", file);
        goto done;
    }
    g_hash_table_insert(virXMLSchemas, g_strdup(schema), rng);

 done:
    g_mutex_unlock(&virXMLSchemaLock);
    return rng;
}


/* Collects the validator's messages (it reports them one at a time). */
static void
virXMLValidityError(void *opaque, const char *fmt, ...)
{
    GString *msgs = opaque;
    va_list ap;

    va_start(ap, fmt);
    g_string_append_vprintf(msgs, fmt, ap);
    va_end(ap);
}


int
virXMLValidate(xmlDocPtr doc, const char *schema)
{
    xmlRelaxNGPtr rng = virXMLSchemaGet(schema);
    xmlRelaxNGValidCtxtPtr vctxt;
    g_autoptr(GString) msgs = g_string_new(NULL);
    int rc;

    if (!rng)
        return -1;
    if (!(vctxt = xmlRelaxNGNewValidCtxt(rng))) {
        virReportError(VIR_ERR_NO_MEMORY, NULL);
        return -1;
    }
    xmlRelaxNGSetValidErrors(vctxt, virXMLValidityError, virXMLValidityError, msgs);
    rc = xmlRelaxNGValidateDoc(vctxt, doc);
    xmlRelaxNGFreeValidCtxt(vctxt);
    if (rc != 0) {
        virErrorReport(VIR_FROM_XML, VIR_ERR_XML_INVALID_SCHEMA, __func__,
                       "Unable to validate doc against %s.rng\n%s",
                       schema, msgs->str);
        return -1;
    }
    return 0;
}
