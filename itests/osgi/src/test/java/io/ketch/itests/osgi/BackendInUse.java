package io.ketch.itests.osgi;

import io.ketch.spi.storage.Backend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.framework.dto.ServiceReferenceDTO;

/**
 * Which {@link Backend} the server runs on, as SCR sees it: the Backend services bound to the
 * active components of bundle io.ketch.server, highest ranking first, by {@link Backend#name()}.
 * Asking SCR rather than the server needs no status API of the server's own.
 */
final class BackendInUse {
    private static final String SERVER_BUNDLE = "io.ketch.server";

    private BackendInUse() {
    }

    /** The name of the highest-ranked Backend the server is bound to, or "none". */
    static String name(BundleContext context) {
        List<ServiceReferenceDTO> bound = boundBackends(context);
        if (bound.isEmpty()) {
            return "none";
        }
        bound.sort(Comparator.comparingInt(BackendInUse::ranking).reversed()
                .thenComparingLong(dto -> dto.id));
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(Backend.class.getName(),
                    "(" + Constants.SERVICE_ID + "=" + bound.get(0).id + ")");
            if (refs == null) {
                return "unregistered service " + bound.get(0).id;
            }
            Backend backend = (Backend) context.getService(refs[0]);
            try {
                return backend.name();
            } finally {
                context.ungetService(refs[0]);
            }
        } catch (Exception e) {
            return "unreadable (" + e + ")";
        }
    }

    private static List<ServiceReferenceDTO> boundBackends(BundleContext context) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        List<ServiceReferenceDTO> bound = new ArrayList<>();
        if (ref == null) {
            return bound;
        }
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (!SERVER_BUNDLE.equals(description.bundle.symbolicName)) {
                    continue;
                }
                for (ReferenceDTO reference : description.references) {
                    if (!Backend.class.getName().equals(reference.interfaceName)) {
                        continue;
                    }
                    for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                        if (configuration.state != ComponentConfigurationDTO.ACTIVE) {
                            continue;
                        }
                        for (SatisfiedReferenceDTO satisfied : configuration.satisfiedReferences) {
                            if (satisfied.name.equals(reference.name)) {
                                bound.addAll(List.of(satisfied.boundServices));
                            }
                        }
                    }
                }
            }
            return bound;
        } finally {
            context.ungetService(ref);
        }
    }

    private static int ranking(ServiceReferenceDTO dto) {
        return dto.properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }
}
