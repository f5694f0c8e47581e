/* soak-writer.c: a writer for tests/soak.py that writes as the app does
 *
 *   soak-writer URL OUTBOX-FILE NAME ACCOUNT FIRST COUNT
 *
 * One long-lived LcmClient and the durable LcmOutbox on OUTBOX-FILE, as the app holds them:
 * it stores COUNT writes numbered FIRST.., one after another, each a telephony outcome on call
 * 1001 whose comment is "soak NAME N", and prints "stored N" once the outbox holds write N
 * (sent or queued), which is the promise the soak checks. Then it waits for the outbox to be
 * empty and exits 0. The soak kills it with SIGKILL at random; a new one on the same file
 * sends what the killed one left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "lcm.h"

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   stored;
  gboolean   done;
} Waiter;

static void
on_submitted_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(JsonNode) answer = NULL;
  gint64 id = 0;

  answer = lcm_outbox_submit_finish (LCM_OUTBOX (source_object), result, &id, &waiter->error);
  /* Answered, refused or queued: in every case it was stored first (id > 0). */
  waiter->stored = id > 0;
  waiter->done = TRUE;
  g_main_loop_quit (waiter->loop);
}

static gboolean
on_poll_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  g_main_loop_quit (waiter->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LcmClient) client = NULL;
  g_autoptr(LcmOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char *name;
  const char *account;
  gint64 first;
  gint64 count;

  if (argc != 7)
    {
      fprintf (stderr, "usage: soak-writer URL OUTBOX NAME ACCOUNT FIRST COUNT\n");
      return 2;
    }
  name = argv[3];
  account = argv[4];
  first = g_ascii_strtoll (argv[5], NULL, 10);
  count = g_ascii_strtoll (argv[6], NULL, 10);
  setvbuf (stdout, NULL, _IOLBF, 0);

  client = lcm_client_new (argv[1]);
  lcm_client_set_request_timeout (client, 5000);
  if (!lcm_client_start (client, &error))
    {
      fprintf (stderr, "soak-writer: %s\n", error->message);
      return 3;
    }
  outbox = lcm_outbox_new (client, argv[2], &error);
  if (outbox == NULL)
    {
      fprintf (stderr, "soak-writer: %s\n", error->message);
      return 2;
    }

  for (gint64 n = first; n < first + count; n++)
    {
      g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
      g_autoptr(LcmRequest) request = NULL;
      g_autofree char *comments = g_strdup_printf ("soak %s %" G_GINT64_FORMAT, name, n);
      Waiter waiter = { loop, NULL, FALSE, FALSE };

      lcm_disposition_set_call_id (disposition, "1001");
      lcm_disposition_set_account_number (disposition, account);
      lcm_disposition_set_user_id (disposition, "soak");
      lcm_disposition_set_telephony_outcome (disposition, 3);
      lcm_disposition_set_comments (disposition, comments);
      request = lcm_request_new_disposition (disposition, NULL, &error);
      g_assert_no_error (error);

      lcm_outbox_submit_async (outbox, request, NULL, on_submitted_cb, &waiter);
      while (!waiter.done)
        g_main_loop_run (loop);
      if (!waiter.stored)
        {
          fprintf (stderr, "soak-writer: write %" G_GINT64_FORMAT " not stored: %s\n", n,
                   waiter.error != NULL ? waiter.error->message : "?");
          g_clear_error (&waiter.error);
          return 1;
        }
      g_clear_error (&waiter.error);
      printf ("stored %" G_GINT64_FORMAT "\n", n);
    }

  /* Stay until the gateway has everything (the soak's end waits for this). */
  while (lcm_outbox_get_n_pending (outbox) > 0)
    {
      Waiter waiter = { loop, NULL, FALSE, FALSE };

      lcm_outbox_flush (outbox);
      g_timeout_add (200, on_poll_cb, &waiter);
      g_main_loop_run (loop);
    }
  printf ("done\n");
  return 0;
}
