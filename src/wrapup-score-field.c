/* wrapup-score-field.c: a number of the wrap-up that already has a value at the gateway
 *
 * While the field has no value its spin button shows no text: its "input" and "output"
 * handlers keep an empty text empty (GtkSpinButton would otherwise parse "" as 0 and show
 * it), and the first thing the agent types makes the value theirs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-score-field"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-score-field.h"

struct _WrapupScoreField
{
  GObject            parent_instance;

  AdwActionRow      *row;   /* weak: the page owns the widgets */
  GtkSpinButton     *spin;  /* weak */
  GtkButton         *undo;  /* weak */
  gboolean           is_amount;

  WrapupScoreSource  source;
  double             value;
  char              *outcome;   /* the outcome that set the value, while OUTCOME */
  char              *reason;    /* why no value is known, while UNKNOWN */
  /* What Undo goes back to. */
  WrapupScoreSource  undo_source;
  double             undo_value;

  guint              syncing;
};

G_DEFINE_FINAL_TYPE (WrapupScoreField, wrapup_score_field, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
has_value (WrapupScoreSource source)
{
  return source != WRAPUP_SCORE_LOADING && source != WRAPUP_SCORE_UNKNOWN;
}

static char *
format_value (WrapupScoreField *self,
              double            value)
{
  return self->is_amount ? g_strdup_printf ("%.2f", value) : g_strdup_printf ("%.0f", value);
}

static void
update_row (WrapupScoreField *self)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  if (self->row == NULL)
    return;

  switch (self->source)
    {
    case WRAPUP_SCORE_LOADING:
      subtitle = g_strdup (self->is_amount ? _("Loading the contact’s current amount…")
                                           : _("Loading the contact’s current score…"));
      break;
    case WRAPUP_SCORE_UNKNOWN:
      if (self->reason != NULL)
        subtitle = g_strdup (self->reason);
      else
        subtitle = g_strdup (self->is_amount ? _("The contact has no amount yet: enter one")
                                             : _("The contact has no score yet: enter one"));
      break;
    case WRAPUP_SCORE_CONTACT:
      subtitle = g_strdup (self->is_amount ? _("The contact’s current amount")
                                           : _("The contact’s current score"));
      break;
    case WRAPUP_SCORE_OUTCOME:
      {
        g_autofree char *value = format_value (self, self->value);

        /* Translators: the first %s is a number, the second a business outcome */
        subtitle = g_strdup_printf (_("Set to %s by “%s”"), value,
                                    self->outcome != NULL ? self->outcome : "");
      }
      break;
    case WRAPUP_SCORE_AGENT:
    default:
      subtitle = g_strdup (_("Entered by you"));
      break;
    }

  escaped = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (self->row, escaped);
  if (self->spin != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->spin),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  if (self->undo != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->undo), self->source == WRAPUP_SCORE_OUTCOME);
}

/* Shows the value (or nothing) without it counting as the agent's. */
static void
show (WrapupScoreField *self)
{
  if (self->spin == NULL)
    return;

  self->syncing++;
  if (has_value (self->source))
    {
      gtk_spin_button_set_value (self->spin, self->value);
      /* The same value as before emits nothing and leaves an empty text empty. */
      {
        g_autofree char *text = format_value (self, self->value);

        if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->spin)), text) != 0)
          gtk_editable_set_text (GTK_EDITABLE (self->spin), text);
      }
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->spin), "");
  self->syncing--;
  update_row (self);
}

static void
set_source (WrapupScoreField  *self,
            WrapupScoreSource  source,
            double             value)
{
  self->source = source;
  self->value = value;
  show (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
text_is_blank (GtkSpinButton *spin)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Signal callbacks */

static int
on_input_cb (GtkSpinButton    *spin,
             double           *new_value,
             WrapupScoreField *self)
{
  if (self->syncing > 0)
    return FALSE;
  if (text_is_blank (spin))
    {
      /* Nothing typed is not a 0. */
      *new_value = gtk_spin_button_get_value (spin);
      return TRUE;
    }
  if (!has_value (self->source))
    {
      /* The agent typed a value where there was none (perhaps the number the adjustment
       * already held, which would emit no "value-changed"): it is theirs. */
      double typed = g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (spin)), NULL);
      GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);

      self->source = WRAPUP_SCORE_AGENT;
      self->value = CLAMP (typed, gtk_adjustment_get_lower (adjustment),
                           gtk_adjustment_get_upper (adjustment));
      update_row (self);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  return FALSE;
}

static gboolean
on_output_cb (GtkSpinButton    *spin,
              WrapupScoreField *self)
{
  if (has_value (self->source))
    return FALSE;
  if (gtk_editable_get_text (GTK_EDITABLE (spin))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (spin), "");
  return TRUE;
}

static void
on_value_changed_cb (GtkSpinButton    *spin,
                     WrapupScoreField *self)
{
  if (self->syncing > 0)
    return;
  self->source = WRAPUP_SCORE_AGENT;
  self->value = gtk_spin_button_get_value (spin);
  update_row (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_undo_clicked_cb (WrapupScoreField *self)
{
  wrapup_score_field_undo (self);
}

/* GObject */

static void
wrapup_score_field_dispose (GObject *object)
{
  WrapupScoreField *self = WRAPUP_SCORE_FIELD (object);

  if (self->spin != NULL)
    g_signal_handlers_disconnect_by_data (self->spin, self);
  if (self->undo != NULL)
    g_signal_handlers_disconnect_by_data (self->undo, self);
  g_clear_weak_pointer (&self->row);
  g_clear_weak_pointer (&self->spin);
  g_clear_weak_pointer (&self->undo);

  G_OBJECT_CLASS (wrapup_score_field_parent_class)->dispose (object);
}

static void
wrapup_score_field_finalize (GObject *object)
{
  WrapupScoreField *self = WRAPUP_SCORE_FIELD (object);

  g_free (self->outcome);
  g_free (self->reason);

  G_OBJECT_CLASS (wrapup_score_field_parent_class)->finalize (object);
}

static void
wrapup_score_field_class_init (WrapupScoreFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wrapup_score_field_dispose;
  object_class->finalize = wrapup_score_field_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
wrapup_score_field_init (WrapupScoreField *self)
{
  self->source = WRAPUP_SCORE_LOADING;
}

/* Public API */

WrapupScoreField *
wrapup_score_field_new (AdwActionRow  *row,
                        GtkSpinButton *spin,
                        GtkButton     *undo,
                        gboolean       is_amount)
{
  WrapupScoreField *self;

  g_return_val_if_fail (ADW_IS_ACTION_ROW (row), NULL);
  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), NULL);
  g_return_val_if_fail (undo == NULL || GTK_IS_BUTTON (undo), NULL);

  self = g_object_new (WRAPUP_TYPE_SCORE_FIELD, NULL);
  self->is_amount = is_amount;
  g_set_weak_pointer (&self->row, row);
  g_set_weak_pointer (&self->spin, spin);
  g_set_weak_pointer (&self->undo, undo);
  g_signal_connect (spin, "input", G_CALLBACK (on_input_cb), self);
  g_signal_connect (spin, "output", G_CALLBACK (on_output_cb), self);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_value_changed_cb), self);
  if (undo != NULL)
    g_signal_connect_swapped (undo, "clicked", G_CALLBACK (on_undo_clicked_cb), self);
  show (self);
  return self;
}

WrapupScoreSource
wrapup_score_field_get_source (WrapupScoreField *self)
{
  g_return_val_if_fail (WRAPUP_IS_SCORE_FIELD (self), WRAPUP_SCORE_LOADING);
  return self->source;
}

gboolean
wrapup_score_field_get_value (WrapupScoreField *self,
                              double           *value)
{
  g_return_val_if_fail (WRAPUP_IS_SCORE_FIELD (self), FALSE);

  if (!has_value (self->source))
    return FALSE;
  if (value != NULL)
    *value = self->value;
  return TRUE;
}

void
wrapup_score_field_reset (WrapupScoreField *self)
{
  g_return_if_fail (WRAPUP_IS_SCORE_FIELD (self));

  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->reason, g_free);
  set_source (self, WRAPUP_SCORE_LOADING, 0);
}

void
wrapup_score_field_set_contact (WrapupScoreField *self,
                                gboolean          known,
                                double            value,
                                const char       *reason)
{
  g_return_if_fail (WRAPUP_IS_SCORE_FIELD (self));

  if (self->source == WRAPUP_SCORE_AGENT)
    return;
  if (self->source == WRAPUP_SCORE_OUTCOME)
    {
      /* What Undo goes back to is the contact's value, now known. */
      self->undo_source = known ? WRAPUP_SCORE_CONTACT : WRAPUP_SCORE_UNKNOWN;
      self->undo_value = value;
      return;
    }
  g_free (self->reason);
  self->reason = g_strdup (reason);
  set_source (self, known ? WRAPUP_SCORE_CONTACT : WRAPUP_SCORE_UNKNOWN, known ? value : 0);
}

void
wrapup_score_field_set_agent (WrapupScoreField *self,
                              double            value)
{
  g_return_if_fail (WRAPUP_IS_SCORE_FIELD (self));
  set_source (self, WRAPUP_SCORE_AGENT, value);
}

void
wrapup_score_field_set_outcome (WrapupScoreField *self,
                                double            value,
                                const char       *outcome)
{
  g_return_if_fail (WRAPUP_IS_SCORE_FIELD (self));

  /* The agent's own number wins over any outcome's. */
  if (self->source == WRAPUP_SCORE_AGENT)
    return;
  if (self->source == WRAPUP_SCORE_OUTCOME && self->value == value
      && g_strcmp0 (self->outcome, outcome) == 0)
    return;
  if (self->source != WRAPUP_SCORE_OUTCOME)
    {
      self->undo_source = self->source;
      self->undo_value = self->value;
    }
  g_free (self->outcome);
  self->outcome = g_strdup (outcome);
  set_source (self, WRAPUP_SCORE_OUTCOME, value);
}

void
wrapup_score_field_undo (WrapupScoreField *self)
{
  g_return_if_fail (WRAPUP_IS_SCORE_FIELD (self));

  if (self->source != WRAPUP_SCORE_OUTCOME)
    return;
  g_clear_pointer (&self->outcome, g_free);
  set_source (self, self->undo_source, self->undo_value);
}

void
wrapup_score_field_commit (WrapupScoreField *self)
{
  g_return_if_fail (WRAPUP_IS_SCORE_FIELD (self));

  if (self->spin != NULL)
    gtk_spin_button_update (self->spin);
}
