/*
 * virbuffer.h: growing text buffer with automatic indentation
 *
 * Text added at the start of a line is prefixed with the current indent,
 * which is how the XML formatters nest elements without tracking columns.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef struct _virBuffer virBuffer;
struct _virBuffer {
    GString *str;   /* NULL until something is added */
    int indent;     /* spaces added at the start of each line */
};

#define VIR_BUFFER_INITIALIZER { NULL, 0 }

void virBufferAdd(virBuffer *buf, const char *s, gssize len);
#define virBufferAddLit(buf, lit) virBufferAdd(buf, "" lit "", sizeof(lit) - 1)
void virBufferAsprintf(virBuffer *buf, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Formats @fmt (holding one %s) with @str XML-escaped; nothing if NULL. */
void virBufferEscapeString(virBuffer *buf, const char *fmt, const char *str);
/* Appends @str XML-escaped, without indentation handling. */
void virBufferEscape(virBuffer *buf, const char *str);
void virBufferAdjustIndent(virBuffer *buf, int delta);
size_t virBufferUse(const virBuffer *buf);
/* The text so far; the buffer stays in use. */
const char *virBufferCurrentContent(virBuffer *buf);
/* The text (never NULL), leaving the buffer empty. */
char *virBufferContentAndReset(virBuffer *buf);
void virBufferFreeAndReset(virBuffer *buf);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virBuffer, virBufferFreeAndReset)
