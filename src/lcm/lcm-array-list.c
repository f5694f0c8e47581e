/* lcm-array-list.c: a GListModel over an array, for long lists of rows
 *
 * GListStore keeps its items in a GSequence: each append allocates a tree node, and each
 * g_list_model_get_item() at a position other than the last one asked for walks the tree.
 * A journey's 100,000 rows are read in one go, replaced in one go, and then asked for by
 * position again and again (every sort, every keystroke in the filter asks for each of
 * them): an array makes that a plain index (docs/performance.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lcm-array-list.h"

struct _LcmArrayList
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items;
};

static void lcm_array_list_init_list_model (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LcmArrayList, lcm_array_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      lcm_array_list_init_list_model))

static GType
lcm_array_list_get_item_type (GListModel *model)
{
  return LCM_ARRAY_LIST (model)->item_type;
}

static guint
lcm_array_list_get_n_items (GListModel *model)
{
  return LCM_ARRAY_LIST (model)->items->len;
}

static gpointer
lcm_array_list_get_item (GListModel *model,
                         guint       position)
{
  LcmArrayList *self = LCM_ARRAY_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
lcm_array_list_init_list_model (GListModelInterface *iface)
{
  iface->get_item_type = lcm_array_list_get_item_type;
  iface->get_n_items = lcm_array_list_get_n_items;
  iface->get_item = lcm_array_list_get_item;
}

static void
lcm_array_list_finalize (GObject *object)
{
  LcmArrayList *self = LCM_ARRAY_LIST (object);

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (lcm_array_list_parent_class)->finalize (object);
}

static void
lcm_array_list_class_init (LcmArrayListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lcm_array_list_finalize;
}

static void
lcm_array_list_init (LcmArrayList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

LcmArrayList *
lcm_array_list_new (GType item_type)
{
  LcmArrayList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  self = g_object_new (LCM_TYPE_ARRAY_LIST, NULL);
  self->item_type = item_type;
  return self;
}

void
lcm_array_list_replace_all (LcmArrayList *self,
                            GPtrArray    *items)
{
  GPtrArray *old;
  guint removed;

  g_return_if_fail (LCM_IS_ARRAY_LIST (self));
  g_return_if_fail (items != NULL);

  old = self->items;
  removed = old->len;
  self->items = g_ptr_array_new_full (items->len, g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      g_return_if_fail (g_type_is_a (G_OBJECT_TYPE (items->pdata[i]), self->item_type));
      g_ptr_array_add (self->items, g_object_ref (items->pdata[i]));
    }
  /* The old items go only after the change is told: a view may still hold them until then. */
  if (removed > 0 || items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, items->len);
  g_ptr_array_unref (old);
}
