/* lcm-message-limit.c: a bound on the size of the WebSocket messages libsoup assembles
 *
 * libsoup 3.2 checks max-incoming-payload-size frame by frame, and appends every
 * continuation frame of a message to one GByteArray: a peer that sends a message as 64 KiB
 * fragments makes it grow until GLib aborts at 4 GiB ("adding 65536 to array would
 * overflow"), in a client and in a SoupServer alike, and memory follows the message size
 * long before that.
 *
 * So a stream is put under libsoup's read buffer: the connection's SoupIOStream reads
 * through a SoupFilterInputStream, a GFilterInputStream, whose base stream is replaced by
 * this one. It reads the frame headers as they go by (RFC 6455, 5.2: FIN, opcode, mask bit,
 * 7-, 16- or 64-bit length), counts the payload of the message being assembled (the frame
 * with an opcode that starts it, then its continuation frames, opcode 0, up to the one with
 * FIN; control frames in between are not part of it) and stops at the header of a frame
 * that would take the message past the bound: libsoup never reads that header. The stream
 * then closes the connection with 1009 and fails the read, which makes libsoup emit
 * "error" and close its end. Bytes before that pass untouched.
 *
 * The server side sees the client's masked frames, the client side plain ones: the mask bit
 * only changes the header's size here, and libsoup refuses the wrong kind itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-message-limit"

#include "config.h"

#include <string.h>

#include "lcm-message-limit.h"

/* Control frames carry at most this much (RFC 6455, 5.5), and are never fragmented. */
#define MAX_CONTROL_PAYLOAD 125
#define OPCODE_CONTROL_BIT  0x8
/* How much of what libsoup's buffer holds is taken at a time. */
#define DRAIN_CHUNK         4096

#define LCM_TYPE_MESSAGE_LIMIT_STREAM (lcm_message_limit_stream_get_type ())
G_DECLARE_FINAL_TYPE (LcmMessageLimitStream, lcm_message_limit_stream, LCM,
                      MESSAGE_LIMIT_STREAM, GFilterInputStream)

struct _LcmMessageLimitStream
{
  GFilterInputStream parent_instance;

  GWeakRef           connection;
  guint64            max_message_size;

  /* What libsoup's buffer held when this stream was put under it: it comes first. */
  GBytes            *held;
  gsize              held_pos;
  /* While that buffer is emptied, nothing comes from below. */
  gboolean           draining;

  guint8             header[LCM_WS_MAX_FRAME_HEADER];
  gsize              header_len;    /* bytes of the next frame's header seen so far */
  guint64            payload_left;  /* bytes of the current frame's payload still to pass */
  guint64            message_size;  /* payload of the message being assembled so far */

  /* A frame went past the bound: nothing more passes. */
  gboolean           refused;
};

static void lcm_message_limit_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LcmMessageLimitStream, lcm_message_limit_stream,
                               G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      lcm_message_limit_stream_pollable_init))

/* Helpers */

/* A whole header is in self->header: FALSE when its frame must not pass. */
static gboolean
admit_frame (LcmMessageLimitStream *self)
{
  guint opcode = self->header[0] & 0x0f;
  gboolean fin = (self->header[0] & 0x80) != 0;
  guint64 payload = lcm_ws_frame_payload_length (self->header);

  if ((opcode & OPCODE_CONTROL_BIT) != 0)
    {
      if (payload > MAX_CONTROL_PAYLOAD)
        return FALSE;
    }
  else
    {
      /* A frame with an opcode starts a message; opcode 0 continues the current one. The
       * bound may have been lowered since the message started. */
      if (opcode != 0)
        self->message_size = 0;
      if (self->message_size > self->max_message_size ||
          payload > self->max_message_size - self->message_size)
        return FALSE;
      self->message_size = fin ? 0 : self->message_size + payload;
    }
  self->payload_left = payload;
  return TRUE;
}

/* Reads the frame headers in the length bytes that just came from below; returns how many
 * of them may pass: all of them, or those before the header of a refused frame. */
static gsize
scan (LcmMessageLimitStream *self,
      const guint8          *data,
      gsize                  length)
{
  gsize pos = 0;
  /* Where the header being read starts in data; 0 when it started in an earlier read (its
   * first bytes are gone up already, and libsoup waits for the rest in vain). */
  gsize header_start = 0;

  while (pos < length)
    {
      if (self->payload_left > 0)
        {
          gsize n = (gsize) MIN (self->payload_left, (guint64) (length - pos));

          pos += n;
          self->payload_left -= n;
          continue;
        }
      if (self->header_len == 0)
        header_start = pos;
      self->header[self->header_len++] = data[pos++];
      if (self->header_len < 2 || self->header_len < lcm_ws_frame_header_size (self->header))
        continue;
      self->header_len = 0;
      if (!admit_frame (self))
        {
          self->refused = TRUE;
          return header_start;
        }
    }
  return length;
}

/* Closes the connection with 1009 and fails the read: libsoup emits "error" and closes. */
static gssize
refuse (LcmMessageLimitStream  *self,
        GError                **error)
{
  g_autoptr(SoupWebsocketConnection) connection = g_weak_ref_get (&self->connection);

  if (connection != NULL &&
      soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_TOO_BIG, NULL);
  /* In libsoup's words, like its own error for a frame over the limit. */
  g_set_error (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG,
               "Received a WebSocket message larger than the limit of %" G_GUINT64_FORMAT
               " bytes", self->max_message_size);
  return -1;
}

static gssize
read_internal (LcmMessageLimitStream  *self,
               void                   *buffer,
               gsize                   count,
               gboolean                blocking,
               GCancellable           *cancellable,
               GError                **error)
{
  gssize n;
  gsize passed;

  if (self->refused)
    return refuse (self, error);
  if (self->draining)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           "Nothing is read while libsoup's buffer is emptied");
      return -1;
    }

  if (self->held != NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (self->held, &size);

      n = (gssize) MIN (count, size - self->held_pos);
      memcpy (buffer, data + self->held_pos, n);
      self->held_pos += n;
      if (self->held_pos == size)
        g_clear_pointer (&self->held, g_bytes_unref);
    }
  else
    {
      n = g_pollable_stream_read (G_FILTER_INPUT_STREAM (self)->base_stream, buffer, count,
                                  blocking, cancellable, error);
      if (n <= 0)
        return n;
    }

  passed = scan (self, buffer, n);
  if (passed == 0 && self->refused)
    return refuse (self, error);
  return passed;
}

/* What this stream can give without reading below. */
static gboolean
has_own_input (LcmMessageLimitStream *self)
{
  return self->refused || self->held != NULL;
}

/* GPollableInputStream */

static gboolean
lcm_message_limit_stream_can_poll (GPollableInputStream *stream)
{
  GInputStream *base = G_FILTER_INPUT_STREAM (stream)->base_stream;

  return G_IS_POLLABLE_INPUT_STREAM (base) &&
         g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base));
}

static gboolean
lcm_message_limit_stream_is_readable (GPollableInputStream *stream)
{
  LcmMessageLimitStream *self = LCM_MESSAGE_LIMIT_STREAM (stream);

  if (has_own_input (self))
    return TRUE;
  if (self->draining)
    return FALSE;
  return g_pollable_input_stream_is_readable (
    G_POLLABLE_INPUT_STREAM (G_FILTER_INPUT_STREAM (self)->base_stream));
}

static gssize
lcm_message_limit_stream_read_nonblocking (GPollableInputStream  *stream,
                                           void                  *buffer,
                                           gsize                  count,
                                           GError               **error)
{
  return read_internal (LCM_MESSAGE_LIMIT_STREAM (stream), buffer, count, FALSE, NULL, error);
}

static GSource *
lcm_message_limit_stream_create_source (GPollableInputStream *stream,
                                        GCancellable         *cancellable)
{
  LcmMessageLimitStream *self = LCM_MESSAGE_LIMIT_STREAM (stream);
  g_autoptr(GSource) child = NULL;

  if (has_own_input (self))
    child = g_timeout_source_new (0);
  else
    child = g_pollable_input_stream_create_source (
      G_POLLABLE_INPUT_STREAM (G_FILTER_INPUT_STREAM (self)->base_stream), NULL);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static void
lcm_message_limit_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = lcm_message_limit_stream_can_poll;
  iface->is_readable = lcm_message_limit_stream_is_readable;
  iface->read_nonblocking = lcm_message_limit_stream_read_nonblocking;
  iface->create_source = lcm_message_limit_stream_create_source;
}

/* GInputStream */

static gssize
lcm_message_limit_stream_read (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return read_internal (LCM_MESSAGE_LIMIT_STREAM (stream), buffer, count, TRUE, cancellable,
                        error);
}

/* GFilterInputStream would skip in the stream below, past the frame headers unseen. */
static gssize
lcm_message_limit_stream_skip (GInputStream  *stream,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  guint8 scratch[DRAIN_CHUNK];

  return read_internal (LCM_MESSAGE_LIMIT_STREAM (stream), scratch, MIN (count, sizeof scratch),
                        TRUE, cancellable, error);
}

/* GObject */

static void
lcm_message_limit_stream_finalize (GObject *object)
{
  LcmMessageLimitStream *self = LCM_MESSAGE_LIMIT_STREAM (object);

  g_weak_ref_clear (&self->connection);
  g_clear_pointer (&self->held, g_bytes_unref);

  G_OBJECT_CLASS (lcm_message_limit_stream_parent_class)->finalize (object);
}

static void
lcm_message_limit_stream_class_init (LcmMessageLimitStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = lcm_message_limit_stream_finalize;
  input_class->read_fn = lcm_message_limit_stream_read;
  input_class->skip = lcm_message_limit_stream_skip;
}

static void
lcm_message_limit_stream_init (LcmMessageLimitStream *self)
{
  g_weak_ref_init (&self->connection, NULL);
}

/* Public API */

gsize
lcm_ws_frame_header_size (const guint8 *header)
{
  guint len7 = header[1] & 0x7f;
  gsize size = 2 + ((header[1] & 0x80) != 0 ? 4 : 0);

  if (len7 == 126)
    size += 2;
  else if (len7 == 127)
    size += 8;
  return size;
}

guint64
lcm_ws_frame_payload_length (const guint8 *header)
{
  guint len7 = header[1] & 0x7f;
  guint64 length = 0;

  if (len7 < 126)
    return len7;
  for (guint i = 0; i < (len7 == 126 ? 2u : 8u); i++)
    length = (length << 8) | header[2 + i];
  return length;
}

gboolean
lcm_message_limit_install (SoupWebsocketConnection *connection,
                           guint64                  max_message_size)
{
  GIOStream *io;
  GInputStream *input;
  GFilterInputStream *buffered;
  GInputStream *below;
  LcmMessageLimitStream *self;
  g_autoptr(GByteArray) held = NULL;
  guint8 chunk[DRAIN_CHUNK];
  gssize n;

  g_return_val_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection), FALSE);
  g_return_val_if_fail (max_message_size > 0, FALSE);

  io = soup_websocket_connection_get_io_stream (connection);
  input = io != NULL ? g_io_stream_get_input_stream (io) : NULL;
  if (!G_IS_FILTER_INPUT_STREAM (input) || !G_IS_POLLABLE_INPUT_STREAM (input))
    return FALSE;
  buffered = G_FILTER_INPUT_STREAM (input);
  below = buffered->base_stream;
  if (LCM_IS_MESSAGE_LIMIT_STREAM (below))
    {
      LCM_MESSAGE_LIMIT_STREAM (below)->max_message_size = max_message_size;
      return TRUE;
    }
  if (!G_IS_POLLABLE_INPUT_STREAM (below) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (below)))
    return FALSE;

  self = g_object_new (LCM_TYPE_MESSAGE_LIMIT_STREAM, "base-stream", below, NULL);
  g_weak_ref_set (&self->connection, connection);
  self->max_message_size = max_message_size;

  /* From now on the buffer reads through this stream, which takes over the buffer's
   * reference to the stream below. What the buffer already holds (frames that came right
   * behind the HTTP head) is read out of it while nothing comes from below, and given out
   * again first, through the limit. */
  self->draining = TRUE;
  buffered->base_stream = G_INPUT_STREAM (self);
  held = g_byte_array_new ();
  while ((n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (input), chunk,
                                                        sizeof chunk, NULL, NULL)) > 0)
    g_byte_array_append (held, chunk, (guint) n);
  self->draining = FALSE;
  if (held->len > 0)
    {
      g_debug ("%u bytes that came with the upgrade go through the limit first", held->len);
      self->held = g_byte_array_free_to_bytes (g_steal_pointer (&held));
    }
  g_object_unref (below);
  return TRUE;
}
