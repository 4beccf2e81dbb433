#include <stddef.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/* GVE helpers: tiny C-only glue the Swift wrapper cannot express directly. */

/* An error handler that prints nothing: libvirt's default handler writes every error to stderr.
 * The Swift side reads the error with virGetLastError/virConnGetLastError instead. */
static void gve_silence_errors(void *user_data, virErrorPtr error) {
    (void)user_data;
    (void)error;
}

static inline void gve_install_silent_error_handler(void) {
    virSetErrorFunc(NULL, gve_silence_errors);
}

static inline void gve_install_silent_connection_error_handler(virConnectPtr conn) {
    virConnSetErrorFunc(conn, NULL, gve_silence_errors);
}

/* The lifecycle callback signature (VIR_DOMAIN_EVENT_ID_LIFECYCLE). */
typedef void (*gve_lifecycle_callback)(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque);

/* virConnectDomainEventRegisterAny takes a generic callback that must be cast to the specific
 * signature of the event id (VIR_DOMAIN_EVENT_CALLBACK); Swift cannot cast function pointers. */
static inline int gve_register_lifecycle_events(virConnectPtr conn, gve_lifecycle_callback callback,
                                                void *opaque, virFreeCallback free_opaque) {
    return virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            VIR_DOMAIN_EVENT_CALLBACK(callback), opaque, free_opaque);
}
