/*
 * virbuffer.c: growing text buffer with automatic indentation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "virbuffer.h"

static void
virBufferApplyIndent(virBuffer *buf)
{
    if (!buf->str)
        buf->str = g_string_sized_new(256);
    if (buf->indent > 0 &&
        (buf->str->len == 0 || buf->str->str[buf->str->len - 1] == '\n')) {
        for (int i = 0; i < buf->indent; i++)
            g_string_append_c(buf->str, ' ');
    }
}


void
virBufferAdd(virBuffer *buf, const char *s, gssize len)
{
    if (!s)
        return;
    if (len < 0)
        len = strlen(s);
    if (len == 0)
        return;
    virBufferApplyIndent(buf);
    g_string_append_len(buf->str, s, len);
}


void
virBufferAsprintf(virBuffer *buf, const char *fmt, ...)
{
    va_list ap;

    virBufferApplyIndent(buf);
    va_start(ap, fmt);
    g_string_append_vprintf(buf->str, fmt, ap);
    va_end(ap);
}


void
virBufferEscape(virBuffer *buf, const char *str)
{
    const char *p;

    if (!buf->str)
        buf->str = g_string_sized_new(256);
    for (p = str; *p; p++) {
        unsigned char c = *p;

        switch (c) {
        case '<': g_string_append(buf->str, "&lt;"); break;
        case '>': g_string_append(buf->str, "&gt;"); break;
        case '&': g_string_append(buf->str, "&amp;"); break;
        case '\'': g_string_append(buf->str, "&apos;"); break;
        case '"': g_string_append(buf->str, "&quot;"); break;
        default:
            /* Control characters other than tab and newlines cannot
             * appear in XML 1.0 at all, escaped or not: drop them. */
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                break;
            g_string_append_c(buf->str, c);
        }
    }
}


void
virBufferEscapeString(virBuffer *buf, const char *fmt, const char *str)
{
    const char *hole;

    if (!str)
        return;
    hole = strstr(fmt, "%s");
    g_assert(hole);
    virBufferAdd(buf, fmt, hole - fmt);
    virBufferApplyIndent(buf);
    virBufferEscape(buf, str);
    virBufferAdd(buf, hole + 2, -1);
}


void
virBufferAdjustIndent(virBuffer *buf, int delta)
{
    buf->indent += delta;
    if (buf->indent < 0)
        buf->indent = 0;
}


size_t
virBufferUse(const virBuffer *buf)
{
    return buf->str ? buf->str->len : 0;
}


const char *
virBufferCurrentContent(virBuffer *buf)
{
    return buf->str ? buf->str->str : "";
}


char *
virBufferContentAndReset(virBuffer *buf)
{
    char *ret = buf->str ? g_string_free(buf->str, FALSE) : g_strdup("");

    buf->str = NULL;
    buf->indent = 0;
    return ret;
}


void
virBufferFreeAndReset(virBuffer *buf)
{
    if (buf->str)
        g_string_free(buf->str, TRUE);
    buf->str = NULL;
    buf->indent = 0;
}
