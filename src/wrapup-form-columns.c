/* wrapup-form-columns.c: a form's sections in two columns, or one on a narrow window
 *
 * The wrap-up form's four sections (telephony outcome, business outcome, comments, details)
 * sit two by two on a wide window and one under the other below the breakpoint (700 px by
 * default), the way libadwaita's breakpoints do it on 1.4 and later, but decided at layout
 * time from the width given, so it works the same on libadwaita 1.2 and never takes a frame
 * with the wrong layout. The form's minimum width is one column's: the window can be made
 * as narrow as 360 px. Children are laid out in their order, row by row, so reading order,
 * Tab order and the order on screen stay the same in both layouts.
 *
 * Not homogeneous (the bar under the form: what will be sent, and Save), the second column
 * is as wide as its child wants and the first takes the rest; the two sit side by side only
 * where both fit (the first at its minimum), whatever the text size, and above the
 * breakpoint if one is set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-form-columns"

#include "config.h"

#include "wrapup-form-columns.h"

#define DEFAULT_BREAKPOINT 700

struct _WrapupFormColumns
{
  GtkWidget parent_instance;

  int      breakpoint;
  gboolean homogeneous;
  int      column_spacing;
  int   row_spacing;
  guint n_columns;  /* as last allocated */
};

G_DEFINE_FINAL_TYPE (WrapupFormColumns, wrapup_form_columns, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BREAKPOINT,
  PROP_HOMOGENEOUS,
  PROP_COLUMN_SPACING,
  PROP_ROW_SPACING,
  PROP_N_COLUMNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GPtrArray *
visible_children (WrapupFormColumns *self)
{
  GPtrArray *children = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      g_ptr_array_add (children, child);
  return children;
}

static int
measure_width (GtkWidget *child,
               gboolean   natural)
{
  int minimum, natural_width;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural_width, NULL, NULL);
  return natural ? natural_width : minimum;
}

static guint
columns_for_width (WrapupFormColumns *self,
                   GPtrArray         *children,
                   int                width)
{
  if (width < self->breakpoint || children->len < 2)
    return 1;
  if (!self->homogeneous
      && width < measure_width (children->pdata[0], FALSE) + self->column_spacing
                 + measure_width (children->pdata[1], TRUE))
    return 1;
  return 2;
}

/* The width of each column: equal halves, or (not homogeneous) the second as wide as its
 * first row's child wants. -1 when the width is not known. */
static void
column_widths (WrapupFormColumns *self,
               GPtrArray         *children,
               guint              n_columns,
               int                width,
               int                widths[2])
{
  if (width < 0)
    widths[0] = widths[1] = -1;
  else if (n_columns == 1)
    widths[0] = widths[1] = width;
  else if (self->homogeneous)
    widths[0] = widths[1] = MAX (0, (width - self->column_spacing) / 2);
  else
    {
      widths[1] = MIN (measure_width (children->pdata[1], TRUE), width);
      widths[0] = MAX (0, width - self->column_spacing - widths[1]);
    }
}

/* Each row's minimum and natural height at the given column width (-1: unconstrained). */
static void
measure_rows (WrapupFormColumns *self,
              GPtrArray         *children,
              guint              n_columns,
              const int          widths[2],
              GArray            *minimums,
              GArray            *naturals)
{
  for (guint first = 0; first < children->len; first += n_columns)
    {
      int row_min = 0, row_nat = 0;

      for (guint i = first; i < MIN (first + n_columns, children->len); i++)
        {
          int child_min, child_nat;

          gtk_widget_measure (children->pdata[i], GTK_ORIENTATION_VERTICAL, widths[i - first],
                              &child_min, &child_nat, NULL, NULL);
          row_min = MAX (row_min, child_min);
          row_nat = MAX (row_nat, child_nat);
        }
      g_array_append_val (minimums, row_min);
      g_array_append_val (naturals, row_nat);
    }
}

static void
wrapup_form_columns_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  WrapupFormColumns *self = WRAPUP_FORM_COLUMNS (widget);
  g_autoptr(GPtrArray) children = visible_children (self);

  *minimum = *natural = 0;
  if (children->len == 0)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int widest_min = 0, widest_nat = 0;

      for (guint i = 0; i < children->len; i++)
        {
          int child_min, child_nat;

          gtk_widget_measure (children->pdata[i], GTK_ORIENTATION_HORIZONTAL, -1,
                              &child_min, &child_nat, NULL, NULL);
          widest_min = MAX (widest_min, child_min);
          widest_nat = MAX (widest_nat, child_nat);
        }
      /* As narrow as one column; naturally two, and at least as wide as the breakpoint
       * asks for them. */
      *minimum = widest_min;
      if (children->len < 2)
        *natural = widest_nat;
      else if (self->homogeneous)
        *natural = MAX (2 * widest_nat + self->column_spacing, self->breakpoint);
      else
        *natural = MAX (measure_width (children->pdata[0], TRUE) + self->column_spacing
                        + measure_width (children->pdata[1], TRUE), self->breakpoint);
    }
  else
    {
      guint n_columns = for_size < 0 ? MIN (children->len, 2)
                                     : columns_for_width (self, children, for_size);
      g_autoptr(GArray) minimums = g_array_new (FALSE, FALSE, sizeof (int));
      g_autoptr(GArray) naturals = g_array_new (FALSE, FALSE, sizeof (int));
      int widths[2];

      column_widths (self, children, n_columns, for_size, widths);
      measure_rows (self, children, n_columns, widths, minimums, naturals);
      for (guint row = 0; row < minimums->len; row++)
        {
          *minimum += g_array_index (minimums, int, row);
          *natural += g_array_index (naturals, int, row);
        }
      *minimum += self->row_spacing * (int) (minimums->len - 1);
      *natural += self->row_spacing * (int) (naturals->len - 1);
    }
}

static gboolean
row_expands (GPtrArray *children,
             guint      first,
             guint      n_columns)
{
  for (guint i = first; i < MIN (first + n_columns, children->len); i++)
    if (gtk_widget_compute_expand (children->pdata[i], GTK_ORIENTATION_VERTICAL))
      return TRUE;
  return FALSE;
}

static void
wrapup_form_columns_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  WrapupFormColumns *self = WRAPUP_FORM_COLUMNS (widget);
  g_autoptr(GPtrArray) children = visible_children (self);
  g_autoptr(GArray) minimums = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) naturals = g_array_new (FALSE, FALSE, sizeof (int));
  guint n_columns = columns_for_width (self, children, width);
  int widths[2];
  int sum_min = 0, sum_nat = 0, n_expanding = 0, available, y = 0;

  if (children->len == 0)
    return;

  column_widths (self, children, n_columns, width, widths);
  measure_rows (self, children, n_columns, widths, minimums, naturals);
  for (guint row = 0; row < minimums->len; row++)
    {
      sum_min += g_array_index (minimums, int, row);
      sum_nat += g_array_index (naturals, int, row);
      if (row_expands (children, row * n_columns, n_columns))
        n_expanding++;
    }
  available = height - self->row_spacing * (int) (minimums->len - 1);

  for (guint row = 0; row < minimums->len; row++)
    {
      int row_min = g_array_index (minimums, int, row);
      int row_nat = g_array_index (naturals, int, row);
      int row_height;

      if (available >= sum_nat)
        {
          /* Room to spare: it goes to the rows that expand. */
          row_height = row_nat;
          if (n_expanding > 0 && row_expands (children, row * n_columns, n_columns))
            row_height += (available - sum_nat) / n_expanding;
        }
      else if (sum_nat > sum_min)
        /* Between minimum and natural: each row gets the same share of its range. */
        row_height = row_min + (int) ((gint64) (row_nat - row_min) * MAX (0, available - sum_min)
                                      / (sum_nat - sum_min));
      else
        row_height = row_min;

      for (guint column = 0; column < n_columns; column++)
        {
          guint i = row * n_columns + column;
          GtkAllocation allocation;

          if (i >= children->len)
            break;
          allocation.x = column == 0 ? 0 : widths[0] + self->column_spacing;
          if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
            allocation.x = width - allocation.x - widths[column];
          allocation.y = y;
          allocation.width = widths[column];
          allocation.height = row_height;
          gtk_widget_size_allocate (children->pdata[i], &allocation, -1);
        }
      y += row_height + self->row_spacing;
    }

  if (self->n_columns != n_columns)
    {
      self->n_columns = n_columns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COLUMNS]);
    }
}

static GtkSizeRequestMode
wrapup_form_columns_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
wrapup_form_columns_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wrapup_form_columns_parent_class)->dispose (object);
}

static void
wrapup_form_columns_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  WrapupFormColumns *self = WRAPUP_FORM_COLUMNS (object);

  switch (prop_id)
    {
    case PROP_BREAKPOINT:
      g_value_set_int (value, self->breakpoint);
      break;
    case PROP_HOMOGENEOUS:
      g_value_set_boolean (value, self->homogeneous);
      break;
    case PROP_COLUMN_SPACING:
      g_value_set_int (value, self->column_spacing);
      break;
    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;
    case PROP_N_COLUMNS:
      g_value_set_uint (value, self->n_columns);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_form_columns_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  WrapupFormColumns *self = WRAPUP_FORM_COLUMNS (object);

  switch (prop_id)
    {
    case PROP_BREAKPOINT:
      self->breakpoint = g_value_get_int (value);
      break;
    case PROP_HOMOGENEOUS:
      self->homogeneous = g_value_get_boolean (value);
      break;
    case PROP_COLUMN_SPACING:
      self->column_spacing = g_value_get_int (value);
      break;
    case PROP_ROW_SPACING:
      self->row_spacing = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
wrapup_form_columns_class_init (WrapupFormColumnsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wrapup_form_columns_dispose;
  object_class->get_property = wrapup_form_columns_get_property;
  object_class->set_property = wrapup_form_columns_set_property;

  widget_class->measure = wrapup_form_columns_measure;
  widget_class->size_allocate = wrapup_form_columns_size_allocate;
  widget_class->get_request_mode = wrapup_form_columns_get_request_mode;

  properties[PROP_BREAKPOINT] =
    g_param_spec_int ("breakpoint", NULL, NULL, 0, G_MAXINT, DEFAULT_BREAKPOINT,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOMOGENEOUS] =
    g_param_spec_boolean ("homogeneous", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMN_SPACING] =
    g_param_spec_int ("column-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_COLUMNS] =
    g_param_spec_uint ("n-columns", NULL, NULL, 0, 2, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
wrapup_form_columns_init (WrapupFormColumns *self)
{
  self->breakpoint = DEFAULT_BREAKPOINT;
  self->homogeneous = TRUE;
}

GtkWidget *
wrapup_form_columns_new (void)
{
  return g_object_new (WRAPUP_TYPE_FORM_COLUMNS, NULL);
}

/* Two on a wide form, one below the breakpoint: as last laid out (0 before). */
guint
wrapup_form_columns_get_n_columns (WrapupFormColumns *self)
{
  g_return_val_if_fail (WRAPUP_IS_FORM_COLUMNS (self), 0);

  return self->n_columns;
}
