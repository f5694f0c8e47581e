/* lcm-journey-store.c: a customer's journey, compactly, as a list model
 *
 * The rows live in an LcmJourneyTable (lcm-journey-table.c), about 180 bytes each; an
 * LcmJourneyEntry, a view of one row, is made when a consumer asks for an item and freed
 * when it lets go. GTK asks for the rows it shows, and a sort or a filter for each row in
 * turn, so 100,000 rows never mean 100,000 objects at once (docs/performance.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-journey-store"

#include "config.h"

#include "lcm-journey-entry.h"
#include "lcm-journey-store.h"
#include "lcm-journey-table.h"

struct _LcmJourneyStore
{
  GObject          parent_instance;

  LcmJourneyTable *table;
};

static void lcm_journey_store_init_list_model (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LcmJourneyStore, lcm_journey_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      lcm_journey_store_init_list_model))

static GType
lcm_journey_store_get_item_type (GListModel *model)
{
  return LCM_TYPE_JOURNEY_ENTRY;
}

static guint
lcm_journey_store_get_n_items (GListModel *model)
{
  return lcm_journey_table_get_n_rows (LCM_JOURNEY_STORE (model)->table);
}

static gpointer
lcm_journey_store_get_item (GListModel *model,
                            guint       position)
{
  LcmJourneyStore *self = LCM_JOURNEY_STORE (model);

  if (position >= lcm_journey_table_get_n_rows (self->table))
    return NULL;
  return lcm_journey_entry_new_for_row (self->table, position);
}

static void
lcm_journey_store_init_list_model (GListModelInterface *iface)
{
  iface->get_item_type = lcm_journey_store_get_item_type;
  iface->get_n_items = lcm_journey_store_get_n_items;
  iface->get_item = lcm_journey_store_get_item;
}

static void
lcm_journey_store_finalize (GObject *object)
{
  LcmJourneyStore *self = LCM_JOURNEY_STORE (object);

  g_clear_pointer (&self->table, lcm_journey_table_unref);

  G_OBJECT_CLASS (lcm_journey_store_parent_class)->finalize (object);
}

static void
lcm_journey_store_class_init (LcmJourneyStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lcm_journey_store_finalize;
}

static void
lcm_journey_store_init (LcmJourneyStore *self)
{
}

LcmJourneyStore *
lcm_journey_store_new_for_table (LcmJourneyTable *table)
{
  LcmJourneyStore *self;

  g_return_val_if_fail (table != NULL, NULL);

  self = g_object_new (LCM_TYPE_JOURNEY_STORE, NULL);
  self->table = lcm_journey_table_ref (table);
  return self;
}

LcmJourneyStore *
lcm_journey_store_new (void)
{
  g_autoptr(LcmJourneyTable) table = lcm_journey_table_new (NULL, 0);

  lcm_journey_table_seal (table);
  return lcm_journey_store_new_for_table (table);
}

LcmJourneyTable *
lcm_journey_store_get_table (LcmJourneyStore *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_STORE (self), NULL);

  return self->table;
}

void
lcm_journey_store_replace_all (LcmJourneyStore *self,
                               LcmJourneyStore *from)
{
  /* Kept until the change is told: consumers may hold texts of the old rows until then. */
  g_autoptr(LcmJourneyTable) old = NULL;
  guint removed;

  g_return_if_fail (LCM_IS_JOURNEY_STORE (self));
  g_return_if_fail (LCM_IS_JOURNEY_STORE (from));

  if (self->table == from->table)
    return;

  old = self->table;
  removed = lcm_journey_table_get_n_rows (old);
  self->table = lcm_journey_table_ref (from->table);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed,
                              lcm_journey_table_get_n_rows (self->table));
}
