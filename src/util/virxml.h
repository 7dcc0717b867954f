/*
 * virxml.h: safe XML parsing and small DOM helpers
 *
 * Parsing never touches the network, never loads or expands external
 * entities and refuses documents that carry a DTD at all.  Blank text
 * between elements is dropped.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libxml/tree.h>

#include "internal.h"
#include "virbuffer.h"

/* Parses @xml; @what names the input in messages ("(domain_definition)"),
 * @root is the required root element name (NULL = any).  With @schema
 * (a name such as "domainsnapshot"), also validates against that RelaxNG
 * schema.  Reports VIR_ERR_XML_DETAIL / VIR_ERR_XML_ERROR /
 * VIR_ERR_XML_INVALID_SCHEMA and returns NULL on failure. */
xmlDocPtr virXMLParseString(const char *xml, const char *what,
                            const char *root, const char *schema);
/* The same, with syntax errors reported in the caller's error @domain (as
 * libvirt does: VIR_FROM_DOMAIN for a domain, ...) instead of VIR_FROM_XML. */
xmlDocPtr virXMLParseStringFrom(int domain, const char *xml, const char *what,
                                const char *root, const char *schema);
/* Validates @doc against a built-in schema (see virXMLParseString). */
int virXMLValidate(xmlDocPtr doc, const char *schema);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)

bool virXMLNodeNameEqual(const xmlNode *node, const char *name);
/* First element child called @name, or NULL. */
xmlNodePtr virXMLChild(const xmlNode *node, const char *name);
/* Next element sibling of @node (any name), or NULL. */
xmlNodePtr virXMLNextElement(const xmlNode *node);
/* First element child (any name), or NULL. */
xmlNodePtr virXMLFirstElement(const xmlNode *node);
/* Text content of @node (owned), "" for an empty element. */
char *virXMLNodeContent(const xmlNode *node);
/* Text content of the first child called @name (owned), NULL if absent. */
char *virXMLChildContent(const xmlNode *node, const char *name);
/* Attribute value (owned), NULL if absent. */
char *virXMLPropString(const xmlNode *node, const char *name);

/* Serialises @node the way libvirt formats XML: single-quoted attributes,
 * two-space indentation, empty elements self-closed, a newline after each
 * element.  Used for the parts of a document kept verbatim. */
void virXMLFormatNode(virBuffer *buf, const xmlNode *node);
