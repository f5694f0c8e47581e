/* wrapup-stable-list-model.c: a list whose rows stay while what they show changes
 *
 * GTK 4.8's list and column views keep row widgets for the items of an items-changed only
 * when the very same items come back; every other item added gets new widgets (a column
 * view: one per cell, for up to 200 rows around the visible ones). A filter or a sort over a
 * long journey changes which item is at almost every position, so each keystroke in the
 * filter destroyed and made some 2,000 widgets: hundreds of milliseconds on a 2-core
 * machine (docs/performance.md). Between the filtered journey and the view, this model keeps
 * the rows by position: what a row shows changes ("notify::item"; the view's cells set their
 * text again), its widgets stay. Only the rows a consumer holds exist at all, so a change
 * costs what is visible, not what is loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wrapup-stable-list-model.h"

struct _WrapupStableRow
{
  GObject                parent_instance;

  WrapupStableListModel *model;     /* unowned; NULL once the row is no longer the model's */
  guint                  position;
  GObject               *item;
};

struct _WrapupStableListModel
{
  GObject     parent_instance;

  GListModel *source;
  guint       n_items;   /* the length consumers were last told */
  GHashTable *live;      /* position -> WrapupStableRow (unowned: rows leave as they go) */
};

static void wrapup_stable_list_model_init_list_model (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE (WrapupStableRow, wrapup_stable_row, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE_WITH_CODE (WrapupStableListModel, wrapup_stable_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      wrapup_stable_list_model_init_list_model))

enum {
  ROW_PROP_0,
  ROW_PROP_ITEM,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

/* WrapupStableRow */

static void
wrapup_stable_row_finalize (GObject *object)
{
  WrapupStableRow *self = WRAPUP_STABLE_ROW (object);

  if (self->model != NULL &&
      g_hash_table_lookup (self->model->live, GUINT_TO_POINTER (self->position)) == self)
    g_hash_table_remove (self->model->live, GUINT_TO_POINTER (self->position));
  g_clear_object (&self->item);

  G_OBJECT_CLASS (wrapup_stable_row_parent_class)->finalize (object);
}

static void
wrapup_stable_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WrapupStableRow *self = WRAPUP_STABLE_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_stable_row_class_init (WrapupStableRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wrapup_stable_row_finalize;
  object_class->get_property = wrapup_stable_row_get_property;

  row_properties[ROW_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
wrapup_stable_row_init (WrapupStableRow *self)
{
}

gpointer
wrapup_stable_row_get_item (WrapupStableRow *self)
{
  g_return_val_if_fail (WRAPUP_IS_STABLE_ROW (self), NULL);
  return self->item;
}

/* GListModel */

static GType
wrapup_stable_list_model_get_item_type (GListModel *model)
{
  return WRAPUP_TYPE_STABLE_ROW;
}

static guint
wrapup_stable_list_model_get_n_items (GListModel *model)
{
  return WRAPUP_STABLE_LIST_MODEL (model)->n_items;
}

static gpointer
wrapup_stable_list_model_get_item (GListModel *model,
                                   guint       position)
{
  WrapupStableListModel *self = WRAPUP_STABLE_LIST_MODEL (model);
  WrapupStableRow *row;

  if (position >= self->n_items)
    return NULL;

  row = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);

  row = g_object_new (WRAPUP_TYPE_STABLE_ROW, NULL);
  row->model = self;
  row->position = position;
  row->item = g_list_model_get_item (self->source, position);
  g_hash_table_insert (self->live, GUINT_TO_POINTER (position), row);
  return row;
}

static void
wrapup_stable_list_model_init_list_model (GListModelInterface *iface)
{
  iface->get_item_type = wrapup_stable_list_model_get_item_type;
  iface->get_n_items = wrapup_stable_list_model_get_n_items;
  iface->get_item = wrapup_stable_list_model_get_item;
}

/* Signal callbacks */

static void
on_source_items_changed_cb (GListModel            *source,
                            guint                  position,
                            guint                  removed,
                            guint                  added,
                            WrapupStableListModel *self)
{
  guint old_n = self->n_items;
  guint new_n = g_list_model_get_n_items (source);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  /* First every held row learns its new item; notifying only once the table is settled, as
   * a handler may ask for other rows. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      WrapupStableRow *row = value;
      GObject *item;

      if (row->position < position)
        continue;
      if (row->position >= new_n)
        {
          /* Past the new end: the items-changed below takes it away. */
          row->model = NULL;
          g_hash_table_iter_remove (&iter);
          continue;
        }
      item = g_list_model_get_item (source, row->position);
      if (item == row->item)
        {
          g_object_unref (item);
          continue;
        }
      g_clear_object (&row->item);
      row->item = item;
      g_ptr_array_add (changed, g_object_ref (row));
    }
  for (guint i = 0; i < changed->len; i++)
    g_object_notify_by_pspec (changed->pdata[i], row_properties[ROW_PROP_ITEM]);

  self->n_items = new_n;
  if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
  else if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
}

/* GObject overrides */

static void
wrapup_stable_list_model_dispose (GObject *object)
{
  WrapupStableListModel *self = WRAPUP_STABLE_LIST_MODEL (object);
  GHashTableIter iter;
  gpointer value;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_source_items_changed_cb, self);
  g_clear_object (&self->source);
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((WrapupStableRow *) value)->model = NULL;
  g_hash_table_remove_all (self->live);

  G_OBJECT_CLASS (wrapup_stable_list_model_parent_class)->dispose (object);
}

static void
wrapup_stable_list_model_finalize (GObject *object)
{
  WrapupStableListModel *self = WRAPUP_STABLE_LIST_MODEL (object);

  g_hash_table_unref (self->live);

  G_OBJECT_CLASS (wrapup_stable_list_model_parent_class)->finalize (object);
}

static void
wrapup_stable_list_model_class_init (WrapupStableListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wrapup_stable_list_model_dispose;
  object_class->finalize = wrapup_stable_list_model_finalize;
}

static void
wrapup_stable_list_model_init (WrapupStableListModel *self)
{
  self->live = g_hash_table_new (NULL, NULL);
}

/* Public API */

WrapupStableListModel *
wrapup_stable_list_model_new (GListModel *source)
{
  WrapupStableListModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (WRAPUP_TYPE_STABLE_LIST_MODEL, NULL);
  self->source = g_object_ref (source);
  self->n_items = g_list_model_get_n_items (source);
  g_signal_connect (source, "items-changed", G_CALLBACK (on_source_items_changed_cb), self);
  return self;
}

GListModel *
wrapup_stable_list_model_get_source (WrapupStableListModel *self)
{
  g_return_val_if_fail (WRAPUP_IS_STABLE_LIST_MODEL (self), NULL);
  return self->source;
}
