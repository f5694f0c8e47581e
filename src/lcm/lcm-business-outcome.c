/* lcm-business-outcome.c: one business outcome (disposition) of an outcome group
 *
 * Ownership in a tree: a node holds strong references to its children (in a GListStore)
 * and a plain pointer to its parent. The roots model returned by
 * lcm_business_outcome_build_tree() therefore owns the whole tree, and unreffing it frees
 * every node nobody else holds; there are no reference cycles. The parent pointer cannot
 * dangle: a parent is only finalized once it is out of the tree, and when it is disposed it
 * clears the parent pointer of each child it still holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-business-outcome"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcm-business-outcome.h"
#include "lcm-error.h"
#include "lcm-json.h"

struct _LcmBusinessOutcome
{
  GObject             parent_instance;

  gint64              id;
  char               *description;
  gint64              campaign_id;
  gint64              parent_id;
  gint64              lead_score;

  /* Not owned: see the top of this file. */
  LcmBusinessOutcome *parent;
  /* Owned, created on demand. */
  GListStore         *children;
};

G_DEFINE_FINAL_TYPE (LcmBusinessOutcome, lcm_business_outcome, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DESCRIPTION,
  PROP_CAMPAIGN_ID,
  PROP_PARENT_ID,
  PROP_LEAD_SCORE,
  PROP_PARENT,
  PROP_CHILDREN,
  PROP_LEAF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An optional whole number: fallback when absent, null or "", an error when of another
 * kind. */
static GListStore *
ensure_children (LcmBusinessOutcome *self)
{
  if (self->children == NULL)
    self->children = g_list_store_new (LCM_TYPE_BUSINESS_OUTCOME);

  return self->children;
}

/* Forgets the links of an earlier tree, on both sides. */
static void
unlink_children (LcmBusinessOutcome *self)
{
  guint n;

  if (self->children == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->children));
  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmBusinessOutcome) child =
        g_list_model_get_item (G_LIST_MODEL (self->children), i);

      if (child->parent == self)
        child->parent = NULL;
    }

  g_list_store_remove_all (self->children);
}

static void
lcm_business_outcome_dispose (GObject *object)
{
  LcmBusinessOutcome *self = (LcmBusinessOutcome *) object;

  unlink_children (self);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (lcm_business_outcome_parent_class)->dispose (object);
}

static void
lcm_business_outcome_finalize (GObject *object)
{
  LcmBusinessOutcome *self = (LcmBusinessOutcome *) object;

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (lcm_business_outcome_parent_class)->finalize (object);
}

static void
lcm_business_outcome_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LcmBusinessOutcome *self = LCM_BUSINESS_OUTCOME (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_CAMPAIGN_ID:
      g_value_set_int64 (value, self->campaign_id);
      break;

    case PROP_PARENT_ID:
      g_value_set_int64 (value, self->parent_id);
      break;

    case PROP_LEAD_SCORE:
      g_value_set_int64 (value, self->lead_score);
      break;

    case PROP_PARENT:
      g_value_set_object (value, self->parent);
      break;

    case PROP_CHILDREN:
      g_value_set_object (value, ensure_children (self));
      break;

    case PROP_LEAF:
      g_value_set_boolean (value, lcm_business_outcome_is_leaf (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_business_outcome_class_init (LcmBusinessOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lcm_business_outcome_dispose;
  object_class->finalize = lcm_business_outcome_finalize;
  object_class->get_property = lcm_business_outcome_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAMPAIGN_ID] =
    g_param_spec_int64 ("campaign-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_PARENT_ID] =
    g_param_spec_int64 ("parent-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, LCM_NO_PARENT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_LEAD_SCORE] =
    g_param_spec_int64 ("lead-score", NULL, NULL,
                        G_MININT64, G_MAXINT64, LCM_NO_LEAD_SCORE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* Not owned by the property's reader either: see the top of this file. */
  properties[PROP_PARENT] =
    g_param_spec_object ("parent", NULL, NULL,
                         LCM_TYPE_BUSINESS_OUTCOME,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHILDREN] =
    g_param_spec_object ("children", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_LEAF] =
    g_param_spec_boolean ("leaf", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_business_outcome_init (LcmBusinessOutcome *self)
{
  self->parent_id = LCM_NO_PARENT;
  self->lead_score = LCM_NO_LEAD_SCORE;
}

LcmBusinessOutcome *
lcm_business_outcome_new (gint64      id,
                          const char *description,
                          gint64      campaign_id,
                          gint64      parent_id,
                          gint64      lead_score)
{
  LcmBusinessOutcome *self = g_object_new (LCM_TYPE_BUSINESS_OUTCOME, NULL);

  self->id = id;
  self->description = g_strdup (description);
  self->campaign_id = campaign_id;
  self->parent_id = parent_id;
  self->lead_score = lead_score;

  return self;
}

/* Reads OutComeID (mandatory), CampaignID, LeadScore (LCM_NO_LEAD_SCORE when absent),
 * ParentID (LCM_NO_PARENT when null, absent or empty) and Description. */
LcmBusinessOutcome *
lcm_business_outcome_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(LcmBusinessOutcome) self = NULL;
  gint64 id = 0;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lcm_json_object_get_int (object, "OutComeID", &id, error))
    return NULL;

  self = g_object_new (LCM_TYPE_BUSINESS_OUTCOME, NULL);
  self->id = id;

  if (!lcm_json_object_get_int_or (object, "CampaignID", 0, &self->campaign_id, error)
      || !lcm_json_object_get_int_or (object, "LeadScore", LCM_NO_LEAD_SCORE, &self->lead_score,
                                      error)
      || !lcm_json_object_get_int_or (object, "ParentID", LCM_NO_PARENT, &self->parent_id, error))
    return NULL;

  if (!lcm_json_object_get_string_optional (object, "Description", &self->description, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
lcm_business_outcome_get_id (LcmBusinessOutcome *self)
{
  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), 0);

  return self->id;
}

const char *
lcm_business_outcome_get_description (LcmBusinessOutcome *self)
{
  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), NULL);

  return self->description;
}

gint64
lcm_business_outcome_get_campaign_id (LcmBusinessOutcome *self)
{
  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), 0);

  return self->campaign_id;
}

gint64
lcm_business_outcome_get_parent_id (LcmBusinessOutcome *self)
{
  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), LCM_NO_PARENT);

  return self->parent_id;
}

gint64
lcm_business_outcome_get_lead_score (LcmBusinessOutcome *self)
{
  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), LCM_NO_LEAD_SCORE);

  return self->lead_score;
}

LcmBusinessOutcome *
lcm_business_outcome_get_parent (LcmBusinessOutcome *self)
{
  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), NULL);

  return self->parent;
}

GListModel *
lcm_business_outcome_get_children (LcmBusinessOutcome *self)
{
  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), NULL);

  return G_LIST_MODEL (ensure_children (self));
}

gboolean
lcm_business_outcome_is_leaf (LcmBusinessOutcome *self)
{
  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), TRUE);

  return self->children == NULL
         || g_list_model_get_n_items (G_LIST_MODEL (self->children)) == 0;
}

char *
lcm_business_outcome_dup_path (LcmBusinessOutcome *self)
{
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GString) path = NULL;

  g_return_val_if_fail (LCM_IS_BUSINESS_OUTCOME (self), NULL);

  chain = g_ptr_array_new ();
  for (LcmBusinessOutcome *node = self; node != NULL; node = node->parent)
    g_ptr_array_add (chain, node);

  path = g_string_new (NULL);
  for (guint i = chain->len; i > 0; i--)
    {
      LcmBusinessOutcome *node = g_ptr_array_index (chain, i - 1);

      if (path->len > 0)
        g_string_append (path, " › ");
      g_string_append (path, node->description != NULL ? node->description : "");
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}

GListModel *
lcm_business_outcome_build_tree (GListModel *flat)
{
  g_autoptr(GListStore) roots = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree LcmBusinessOutcome **old_parent = NULL;
  g_autofree gboolean *old_leaf = NULL;
  g_autofree guint *parent_of = NULL;
  g_autofree guint *walk = NULL;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (flat), NULL);
  g_return_val_if_fail (g_type_is_a (g_list_model_get_item_type (flat),
                                     LCM_TYPE_BUSINESS_OUTCOME), NULL);

  n = g_list_model_get_n_items (flat);
  nodes = g_ptr_array_new_full (n, g_object_unref);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  roots = g_list_store_new (LCM_TYPE_BUSINESS_OUTCOME);
  old_parent = g_new0 (LcmBusinessOutcome *, MAX (n, 1));
  old_leaf = g_new0 (gboolean, MAX (n, 1));
  /* parent_of[i] is the index of node i's parent plus one, 0 for none. */
  parent_of = g_new0 (guint, MAX (n, 1));
  /* walk[i] is 1 + the index of the node whose walk up first reached node i, 0 for none. */
  walk = g_new0 (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      LcmBusinessOutcome *node = g_list_model_get_item (flat, i);

      g_ptr_array_add (nodes, node);
      old_parent[i] = node->parent;
      old_leaf[i] = lcm_business_outcome_is_leaf (node);
      /* The first occurrence of an id is the one children link to. */
      if (!g_hash_table_contains (by_id, &node->id))
        g_hash_table_insert (by_id, &node->id, GUINT_TO_POINTER (i + 1));
    }

  /* Forget any earlier tree these nodes were part of, on both sides of each link. */
  for (guint i = 0; i < n; i++)
    unlink_children (g_ptr_array_index (nodes, i));
  for (guint i = 0; i < n; i++)
    {
      LcmBusinessOutcome *node = g_ptr_array_index (nodes, i);
      guint position;

      if (node->parent != NULL
          && node->parent->children != NULL
          && g_list_store_find (node->parent->children, node, &position))
        g_list_store_remove (node->parent->children, position);
      node->parent = NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      LcmBusinessOutcome *node = g_ptr_array_index (nodes, i);

      if (node->parent_id != LCM_NO_PARENT)
        {
          guint p = GPOINTER_TO_UINT (g_hash_table_lookup (by_id, &node->parent_id));

          /* Never under itself (the same object may be listed twice). */
          if (p != 0 && g_ptr_array_index (nodes, p - 1) != node)
            parent_of[i] = p;
        }
    }

  /* Each node has at most one parent, so every chain of parents ends at a root, at a node an
   * earlier walk has seen, or in a cycle. A cycle is cut at the member that comes last in
   * the list: linking the nodes in list order, its link is the one that would close it. */
  for (guint i = 0; i < n; i++)
    {
      guint at = i;

      if (walk[i] != 0)
        continue;

      while (walk[at] == 0)
        {
          walk[at] = i + 1;
          if (parent_of[at] == 0)
            break;
          at = parent_of[at] - 1;
        }

      if (walk[at] == i + 1 && parent_of[at] != 0)
        {
          guint last = at;

          for (guint c = parent_of[at] - 1; c != at; c = parent_of[c] - 1)
            last = MAX (last, c);
          parent_of[last] = 0;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      LcmBusinessOutcome *node = g_ptr_array_index (nodes, i);

      if (parent_of[i] != 0)
        {
          LcmBusinessOutcome *parent = g_ptr_array_index (nodes, parent_of[i] - 1);

          node->parent = parent;
          g_list_store_append (ensure_children (parent), node);
        }
      else
        {
          g_list_store_append (roots, node);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      LcmBusinessOutcome *node = g_ptr_array_index (nodes, i);

      if (node->parent != old_parent[i])
        g_object_notify_by_pspec (G_OBJECT (node), properties[PROP_PARENT]);
      if (lcm_business_outcome_is_leaf (node) != old_leaf[i])
        g_object_notify_by_pspec (G_OBJECT (node), properties[PROP_LEAF]);
    }

  return G_LIST_MODEL (g_steal_pointer (&roots));
}
