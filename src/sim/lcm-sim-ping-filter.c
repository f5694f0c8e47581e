/* lcm-sim-ping-filter.c: a connection whose WebSocket pings never arrive, for --ignore-pings
 *
 * libsoup answers every ping itself, deep inside SoupWebsocketConnection, and has no switch
 * to stop it. So the simulator hands libsoup a connection whose input has the pings taken
 * out (an LcmSimStream over this filter): a GConverter reads the client's byte stream, lets
 * the HTTP upgrade request through, then parses the WebSocket frame headers (RFC 6455,
 * section 5.2) and drops every ping frame whole, header and payload. The WebSocket layer never sees a ping, so it never pongs; every
 * other frame, and everything the server writes, is untouched.
 *
 * A client's frames are always masked. Bytes at a frame boundary without the mask bit are
 * not a client's WebSocket frames (a second HTTP request on a refused upgrade, say), and from
 * then on the stream passes through untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-server"

#include "config.h"

#include <string.h>

#include "lcm-message-limit.h"
#include "lcm-sim-ping-filter.h"

#define OPCODE_PING 0x9

/* The converter */

#define LCM_SIM_TYPE_PING_DROPPER (lcm_sim_ping_dropper_get_type ())
G_DECLARE_FINAL_TYPE (LcmSimPingDropper, lcm_sim_ping_dropper, LCM_SIM, PING_DROPPER, GObject)

struct _LcmSimPingDropper
{
  GObject  parent_instance;

  gboolean in_frames;     /* past the end of the HTTP request head */
  guint    head_match;    /* how much of "\r\n\r\n" the last bytes matched */
  gboolean transparent;   /* not a client's frames: everything passes */
  guint8   header[LCM_WS_MAX_FRAME_HEADER];
  gsize    header_len;    /* bytes of the next frame's header collected */
  gsize    header_pos;    /* of those, bytes already written out */
  guint64  pass;          /* bytes of the current frame, header included, still to pass */
  guint64  skip;          /* payload bytes of the current ping still to drop */
};

static void lcm_sim_ping_dropper_converter_init (GConverterIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LcmSimPingDropper, lcm_sim_ping_dropper, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_CONVERTER,
                                                      lcm_sim_ping_dropper_converter_init))

/* A whole header is collected: drop the frame if it is a ping, else pass it. */
static void
decide (LcmSimPingDropper *self)
{
  guint64 payload = lcm_ws_frame_payload_length (self->header);

  if ((self->header[0] & 0x0f) == OPCODE_PING)
    {
      self->skip = payload;
      self->header_len = 0;
      self->header_pos = 0;
      g_debug ("Dropped a ping of %" G_GUINT64_FORMAT " bytes", payload);
    }
  else
    {
      self->pass = payload > G_MAXUINT64 - self->header_len ? G_MAXUINT64
                                                             : payload + self->header_len;
      self->header_pos = 0;
    }
}

/* Writes out collected header bytes; FALSE when the output is full first. */
static gboolean
flush_header (LcmSimPingDropper *self,
              guint8            *out,
              gsize              out_size,
              gsize             *w)
{
  while (self->header_pos < self->header_len && *w < out_size)
    {
      out[(*w)++] = self->header[self->header_pos++];
      if (self->pass > 0)
        self->pass--;
    }
  if (self->header_pos < self->header_len)
    return FALSE;
  self->header_len = 0;
  self->header_pos = 0;
  return TRUE;
}

static GConverterResult
lcm_sim_ping_dropper_convert (GConverter       *converter,
                              const void       *inbuf,
                              gsize             inbuf_size,
                              void             *outbuf,
                              gsize             outbuf_size,
                              GConverterFlags   flags,
                              gsize            *bytes_read,
                              gsize            *bytes_written,
                              GError          **error)
{
  LcmSimPingDropper *self = LCM_SIM_PING_DROPPER (converter);
  const guint8 *in = inbuf;
  guint8 *out = outbuf;
  gboolean at_end = (flags & G_CONVERTER_INPUT_AT_END) != 0;
  gsize r = 0, w = 0;

  for (;;)
    {
      if (self->transparent)
        {
          gsize n;

          if (!flush_header (self, out, outbuf_size, &w))
            break;
          n = MIN (inbuf_size - r, outbuf_size - w);
          if (n == 0)
            break;
          memcpy (out + w, in + r, n);
          r += n;
          w += n;
        }
      else if (!self->in_frames)
        {
          static const char end_of_head[] = "\r\n\r\n";

          if (r == inbuf_size || w == outbuf_size)
            break;
          while (r < inbuf_size && w < outbuf_size && !self->in_frames)
            {
              char c = (char) in[r++];

              out[w++] = (guint8) c;
              if (c == end_of_head[self->head_match])
                self->head_match++;
              else
                self->head_match = c == '\r' ? 1 : 0;
              if (self->head_match == 4)
                self->in_frames = TRUE;
            }
        }
      else if (self->skip > 0)
        {
          gsize n = (gsize) MIN (self->skip, (guint64) (inbuf_size - r));

          r += n;
          self->skip -= n;
          if (self->skip > 0)
            break;
        }
      else if (self->pass > 0)
        {
          gsize n;

          if (!flush_header (self, out, outbuf_size, &w))
            break;
          n = (gsize) MIN (self->pass, (guint64) MIN (inbuf_size - r, outbuf_size - w));
          memcpy (out + w, in + r, n);
          r += n;
          w += n;
          self->pass -= n;
          if (self->pass > 0)
            break;
        }
      else if (r < inbuf_size)
        {
          /* At a frame boundary: collect the header, a byte at a time. */
          self->header[self->header_len++] = in[r++];
          if (self->header_len == 2 && (self->header[1] & 0x80) == 0)
            {
              self->transparent = TRUE;
              self->header_pos = 0;
            }
          else if (self->header_len >= 2 &&
                   self->header_len == lcm_ws_frame_header_size (self->header))
            decide (self);
        }
      else if (at_end && self->header_len > 0)
        {
          /* The stream ends inside a header: give out what there is. */
          self->transparent = TRUE;
          self->header_pos = 0;
        }
      else
        break;
    }

  *bytes_read = r;
  *bytes_written = w;
  if (at_end && r == inbuf_size && self->header_pos >= self->header_len)
    return G_CONVERTER_FINISHED;
  if (r == 0 && w == 0)
    {
      if (r == inbuf_size)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "Need more input");
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "Need more room");
      return G_CONVERTER_ERROR;
    }
  return G_CONVERTER_CONVERTED;
}

static void
lcm_sim_ping_dropper_reset (GConverter *converter)
{
  LcmSimPingDropper *self = LCM_SIM_PING_DROPPER (converter);

  self->in_frames = FALSE;
  self->head_match = 0;
  self->transparent = FALSE;
  self->header_len = 0;
  self->header_pos = 0;
  self->pass = 0;
  self->skip = 0;
}

static void
lcm_sim_ping_dropper_converter_init (GConverterIface *iface)
{
  iface->convert = lcm_sim_ping_dropper_convert;
  iface->reset = lcm_sim_ping_dropper_reset;
}

static void
lcm_sim_ping_dropper_class_init (LcmSimPingDropperClass *klass)
{
}

static void
lcm_sim_ping_dropper_init (LcmSimPingDropper *self)
{
}

/* Public API */

GInputStream *
lcm_sim_ping_filter_new (GInputStream *base)
{
  g_autoptr(GConverter) dropper = NULL;
  GInputStream *input;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  dropper = g_object_new (LCM_SIM_TYPE_PING_DROPPER, NULL);
  input = g_converter_input_stream_new (base, dropper);
  /* Whoever owns base closes it. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (input), FALSE);
  return input;
}
