/* wrapup-text-filter-model.c: a journey's rows that contain a text
 *
 * The journey view's text filter, over up to some 100,000 rows, on every keystroke. GTK 4.8's
 * GtkFilterListModel asks its source for each row it checks again (a reference taken and
 * dropped, type checks: ~0.15 µs a row), and deleting a letter makes it check again every
 * row the longer text had excluded: 15–25 ms over 100,000 rows on a 2-core machine, more
 * than a frame (docs/performance.md). Here the rows' search texts are kept in an array
 * (the rows themselves are not: a journey's are made when asked for, see
 * lcm-journey-store.c), each row checked with one strstr(), and what each shorter text
 * matched is kept while the agent types on: deleting a letter gives back those rows without
 * looking at any.
 * The texts are made in idle time after the rows change, and a search over many rows is
 * split between two threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wrapup-text-filter-model.h"

/* Matches kept for the texts typed before the current one: enough for any filter typed by
 * hand, and bounded (each is up to 4 bytes a row). */
#define MAX_KEPT_LEVELS 32

/* Rows whose search text is made in one idle slice: about 2 ms. */
#define WARM_SLICE_ROWS 4096

/* From how many rows a search is split between two threads: below, a thread costs more
 * than it saves. */
#define PARALLEL_SEARCH_ROWS 20000

typedef struct
{
  char   *needle;  /* casefolded; NULL: every row */
  GArray *shown;   /* guint positions into rows; NULL: every row */
} Level;

struct _WrapupTextFilterModel
{
  GObject     parent_instance;

  GListModel *source;
  /* The search texts of the source's items as last read (one each: its length is the
   * number of rows), in the source's order, NULL until made. Owned by the rows' journey
   * table, which the source keeps until it tells of a change (and then they are read
   * again). */
  GPtrArray  *texts;
  guint       warm_source;
  guint       warm_position;
  char       *text;     /* as given */
  Level       current;
  GPtrArray  *kept;     /* Level *, the texts typed before, oldest first */
};

static void wrapup_text_filter_model_init_list_model (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WrapupTextFilterModel, wrapup_text_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      wrapup_text_filter_model_init_list_model))

static void
level_clear (Level *level)
{
  g_clear_pointer (&level->needle, g_free);
  g_clear_pointer (&level->shown, g_array_unref);
}

static void
level_free (gpointer data)
{
  level_clear (data);
  g_free (data);
}

static guint
level_n_items (WrapupTextFilterModel *self,
               const Level           *level)
{
  return level->shown != NULL ? level->shown->len : self->texts->len;
}

/* One part of a search: positions [begin, end) of from (of every row when NULL). Reads only
 * the texts array, never the rows: it may run on another thread. */
typedef struct
{
  const char * const *texts;
  GArray             *from;
  guint               begin;
  guint               end;
  const char         *needle;
  GArray             *shown;
} SearchPart;

static gpointer
search_part (gpointer data)
{
  SearchPart *part = data;

  for (guint i = part->begin; i < part->end; i++)
    {
      guint position = part->from != NULL ? g_array_index (part->from, guint, i) : i;

      if (strstr (part->texts[position], part->needle) != NULL)
        g_array_append_val (part->shown, position);
    }
  return NULL;
}

/* Row position's search text, made now if the idle warm-up has not reached it yet (see
 * warm_texts_cb). On this thread only: search_part() reads the array as it is. */
static const char *
row_text (WrapupTextFilterModel *self,
          guint                  position)
{
  const char **texts = (const char **) self->texts->pdata;

  if (G_UNLIKELY (texts[position] == NULL))
    {
      g_autoptr(LcmJourneyEntry) row = g_list_model_get_item (self->source, position);

      texts[position] = lcm_journey_entry_get_search_text (row);
    }
  return texts[position];
}

/* The rows of from (every row when NULL) that contain needle. A first letter searches every
 * row, some 6 ms for 100,000 on this project's machine: with more than one core and many
 * rows, the second half is searched on another thread meanwhile. */
static GArray *
search (WrapupTextFilterModel *self,
        GArray                *from,
        const char            *needle)
{
  guint n = from != NULL ? from->len : self->texts->len;
  const char **texts = (const char **) self->texts->pdata;
  SearchPart first = { texts, from, 0, n, needle, NULL };
  SearchPart second = { texts, from, n, n, needle, NULL };
  GThread *helper = NULL;

  /* Texts the idle warm-up has not made yet are made first, on this thread. */
  for (guint i = 0; i < n; i++)
    row_text (self, from != NULL ? g_array_index (from, guint, i) : i);

  first.shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), MIN (n, 1024));
  if (n >= PARALLEL_SEARCH_ROWS && g_get_num_processors () > 1)
    {
      first.end = second.begin = n / 2;
      second.shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), MIN (n, 1024));
      helper = g_thread_try_new ("wrapup-filter", search_part, &second, NULL);
      if (helper == NULL)
        first.end = n;
    }
  search_part (&first);
  if (helper != NULL)
    {
      g_thread_join (helper);
      g_array_append_vals (first.shown, second.shown->data, second.shown->len);
    }
  g_clear_pointer (&second.shown, g_array_unref);
  return first.shown;
}

/* The first keystroke would otherwise make every row's search text (some 100 ms for 100,000
 * rows, casefolded; later only taken from the row): they are made while the agent reads,
 * a slice at a time, without holding up a frame. */
static gboolean
warm_texts_cb (gpointer user_data)
{
  WrapupTextFilterModel *self = user_data;
  guint end = MIN (self->texts->len, self->warm_position + WARM_SLICE_ROWS);

  for (guint i = self->warm_position; i < end; i++)
    row_text (self, i);
  self->warm_position = end;
  if (end < self->texts->len)
    return G_SOURCE_CONTINUE;
  self->warm_source = 0;
  return G_SOURCE_REMOVE;
}

/* The rows again, from the source; their texts made in idle time, or when searched. */
static void
read_rows (WrapupTextFilterModel *self)
{
  guint n = g_list_model_get_n_items (self->source);

  g_ptr_array_set_size (self->texts, 0);
  g_ptr_array_set_size (self->texts, n);

  g_clear_handle_id (&self->warm_source, g_source_remove);
  self->warm_position = 0;
  if (n > 0)
    self->warm_source = g_idle_add_full (G_PRIORITY_LOW, warm_texts_cb, self, NULL);
}

static void
clear_kept (WrapupTextFilterModel *self)
{
  g_ptr_array_set_size (self->kept, 0);
}

/* GListModel */

static GType
wrapup_text_filter_model_get_item_type (GListModel *model)
{
  return LCM_TYPE_JOURNEY_ENTRY;
}

static guint
wrapup_text_filter_model_get_n_items (GListModel *model)
{
  WrapupTextFilterModel *self = WRAPUP_TEXT_FILTER_MODEL (model);

  return level_n_items (self, &self->current);
}

static gpointer
wrapup_text_filter_model_get_item (GListModel *model,
                                   guint       position)
{
  WrapupTextFilterModel *self = WRAPUP_TEXT_FILTER_MODEL (model);

  if (position >= level_n_items (self, &self->current))
    return NULL;
  if (self->current.shown != NULL)
    position = g_array_index (self->current.shown, guint, position);
  return g_list_model_get_item (self->source, position);
}

static void
wrapup_text_filter_model_init_list_model (GListModelInterface *iface)
{
  iface->get_item_type = wrapup_text_filter_model_get_item_type;
  iface->get_n_items = wrapup_text_filter_model_get_n_items;
  iface->get_item = wrapup_text_filter_model_get_item;
}

/* Signal callbacks */

/* New rows, or the same in another order (a sort): read them again and search them all. */
static void
on_source_items_changed_cb (GListModel            *source,
                            guint                  position,
                            guint                  removed,
                            guint                  added,
                            WrapupTextFilterModel *self)
{
  guint old_n = level_n_items (self, &self->current);

  read_rows (self);
  clear_kept (self);
  g_clear_pointer (&self->current.shown, g_array_unref);
  if (self->current.needle != NULL)
    self->current.shown = search (self, NULL, self->current.needle);
  if (old_n > 0 || level_n_items (self, &self->current) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n,
                                level_n_items (self, &self->current));
}

/* GObject overrides */

static void
wrapup_text_filter_model_dispose (GObject *object)
{
  WrapupTextFilterModel *self = WRAPUP_TEXT_FILTER_MODEL (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_source_items_changed_cb, self);
  g_clear_object (&self->source);
  g_clear_handle_id (&self->warm_source, g_source_remove);
  g_ptr_array_set_size (self->texts, 0);
  clear_kept (self);

  G_OBJECT_CLASS (wrapup_text_filter_model_parent_class)->dispose (object);
}

static void
wrapup_text_filter_model_finalize (GObject *object)
{
  WrapupTextFilterModel *self = WRAPUP_TEXT_FILTER_MODEL (object);

  g_ptr_array_unref (self->texts);
  g_ptr_array_unref (self->kept);
  level_clear (&self->current);
  g_free (self->text);

  G_OBJECT_CLASS (wrapup_text_filter_model_parent_class)->finalize (object);
}

static void
wrapup_text_filter_model_class_init (WrapupTextFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wrapup_text_filter_model_dispose;
  object_class->finalize = wrapup_text_filter_model_finalize;
}

static void
wrapup_text_filter_model_init (WrapupTextFilterModel *self)
{
  self->texts = g_ptr_array_new ();
  self->kept = g_ptr_array_new_with_free_func (level_free);
}

/* Public API */

WrapupTextFilterModel *
wrapup_text_filter_model_new (GListModel *source)
{
  WrapupTextFilterModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (WRAPUP_TYPE_TEXT_FILTER_MODEL, NULL);
  self->source = g_object_ref (source);
  g_signal_connect (source, "items-changed", G_CALLBACK (on_source_items_changed_cb), self);
  read_rows (self);
  return self;
}

GListModel *
wrapup_text_filter_model_get_source (WrapupTextFilterModel *self)
{
  g_return_val_if_fail (WRAPUP_IS_TEXT_FILTER_MODEL (self), NULL);
  return self->source;
}

void
wrapup_text_filter_model_set_text (WrapupTextFilterModel *self,
                                   const char            *text)
{
  g_autofree char *needle = NULL;
  guint old_n;
  guint new_n;

  g_return_if_fail (WRAPUP_IS_TEXT_FILTER_MODEL (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (text != NULL)
    needle = g_utf8_casefold (text, -1);
  g_free (self->text);
  self->text = g_strdup (text);
  if (g_strcmp0 (needle, self->current.needle) == 0)
    return;

  old_n = level_n_items (self, &self->current);
  if (needle == NULL)
    {
      /* Every row: nothing to search, nothing worth keeping. */
      clear_kept (self);
      level_clear (&self->current);
    }
  else
    {
      /* A text typed before this one (a letter deleted): its rows, as they were. */
      guint found = self->kept->len;

      for (guint i = self->kept->len; i > 0; i--)
        if (g_strcmp0 (((Level *) self->kept->pdata[i - 1])->needle, needle) == 0)
          {
            found = i - 1;
            break;
          }
      if (found < self->kept->len)
        {
          Level *level = self->kept->pdata[found];

          level_clear (&self->current);
          self->current = *level;
          level->needle = NULL;
          level->shown = NULL;
          g_ptr_array_set_size (self->kept, found);
        }
      else if (self->current.needle == NULL || strstr (needle, self->current.needle) != NULL)
        {
          /* Typing on: only the rows shown now can still match. Keep them for the way back. */
          GArray *shown = search (self, self->current.shown, needle);

          if (self->kept->len == MAX_KEPT_LEVELS)
            g_ptr_array_remove_index (self->kept, 0);
          g_ptr_array_add (self->kept, g_memdup2 (&self->current, sizeof self->current));
          self->current.needle = g_steal_pointer (&needle);
          self->current.shown = shown;
        }
      else
        {
          /* Another text: search every row, forget the way back. */
          clear_kept (self);
          level_clear (&self->current);
          self->current.shown = search (self, NULL, needle);
          self->current.needle = g_steal_pointer (&needle);
        }
    }

  new_n = level_n_items (self, &self->current);
  /* Which rows changed place is not told: a view over WrapupStableListModel rewrites the
   * rows it shows either way, and this is one change, not thousands. */
  if (old_n > 0 || new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
}

const char *
wrapup_text_filter_model_get_text (WrapupTextFilterModel *self)
{
  g_return_val_if_fail (WRAPUP_IS_TEXT_FILTER_MODEL (self), NULL);
  return self->text;
}

gboolean
wrapup_text_filter_model_matches (WrapupTextFilterModel *self,
                                  LcmJourneyEntry       *entry)
{
  g_return_val_if_fail (WRAPUP_IS_TEXT_FILTER_MODEL (self), FALSE);
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (entry), FALSE);

  return self->current.needle == NULL ||
         strstr (lcm_journey_entry_get_search_text (entry), self->current.needle) != NULL;
}
