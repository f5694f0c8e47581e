/* lcm-client-tls.c: which gateway certificate the client trusts
 *
 * A certificate the system trusts, or the one certificate the administrator pinned (then
 * only its authority may be unknown). A refused one is described for people: what is wrong
 * with it and what to do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-client"

#include "config.h"

#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lcm-client-private.h"
#include "lcm-enum-types.h"
#include "lcm-envelope.h"
#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-message-limit.h"
#include "lcm-private.h"
#include "lcm-response.h"
#include "lcm-waiting-task.h"

void
lcm_client_trusted_certificate_unref (gpointer  data,
                                      GClosure *closure)
{
  if (data != NULL)
    g_object_unref (data);
}

/* Runs in the handshake, possibly on a worker thread: it only reads its own reference to
 * the trusted certificate, and marks the message when it refuses. */
gboolean
lcm_client_on_accept_certificate_cb (SoupMessage          *message,
                                     GTlsCertificate      *peer_certificate,
                                     GTlsCertificateFlags  errors,
                                     gpointer              user_data)
{
  GTlsCertificate *trusted = user_data;

  if (trusted != NULL && peer_certificate != NULL &&
      g_tls_certificate_is_same (peer_certificate, trusted))
    {
      errors &= ~PINNED_CERTIFICATE_ERRORS;
      if (errors == 0)
        return TRUE;
    }
  g_object_set_data (G_OBJECT (message), REFUSED_CERTIFICATE_KEY,
                     GUINT_TO_POINTER ((guint) errors + 1));
  return FALSE;
}

/* A failed wss:// attempt, for people: why the certificate was refused, or what the TLS
 * layer said. */
GError *
lcm_client_describe_tls_failure (LcmClient    *self,
                                 SoupMessage  *message,
                                 const GError *error)
{
  gpointer refused = g_object_get_data (G_OBJECT (message), REFUSED_CERTIFICATE_KEY);
  g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = lcm_quote_for_message (uri != NULL ? g_uri_get_host (uri) : "");
  GTlsCertificateFlags flags;
  const char *reason;

  if (refused == NULL)
    return g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS,
                        _("No secure connection to the gateway %s could be made: %s"),
                        host, error->message);

  flags = GPOINTER_TO_UINT (refused) - 1;
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    reason = _("no trusted authority signed it");
  else if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    reason = _("it was issued for another host name");
  else if (flags & G_TLS_CERTIFICATE_EXPIRED)
    reason = _("it has expired");
  else if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    reason = _("it is not valid yet");
  else if (flags & G_TLS_CERTIFICATE_REVOKED)
    reason = _("it has been revoked");
  else if (flags & G_TLS_CERTIFICATE_INSECURE)
    reason = _("it uses an insecure algorithm");
  else
    reason = _("it could not be checked");
  return g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS,
                      _("The certificate of the gateway %s was refused: %s. If it is your "
                        "gateway’s own certificate, trust exactly that certificate to connect"),
                      host, reason);
}

GTlsCertificate *
lcm_read_trusted_certificate (const char  *path,
                              GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  certificate = g_tls_certificate_new_from_file (path, &local_error);
  if (certificate != NULL)
    return g_steal_pointer (&certificate);

  shown = lcm_quote_path_for_message (path);
  g_set_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS,
               _("The trusted certificate %s could not be read: %s"), shown,
               local_error->message);
  return NULL;
}

gboolean
lcm_client_set_trusted_certificate_file (LcmClient   *self,
                                         const char  *path,
                                         GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (LCM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path != NULL && *path != '\0')
    {
      certificate = lcm_read_trusted_certificate (path, error);
      if (certificate == NULL)
        return FALSE;
    }
  lcm_client_set_trusted_certificate (self, certificate);
  return TRUE;
}
