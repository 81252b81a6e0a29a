package io.ketch.itests.osgi;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * What a failed test prints: every bundle with its state (and, for one that is not active, the
 * framework's reason from trying to start it: Felix's "missing requirement" resolution error) and
 * every Declarative Services component with its state, unsatisfied references and activation
 * failure. Runs inside the container.
 */
final class Diagnostics {
    private Diagnostics() {
    }

    /** The whole report, one line per bundle and per component configuration. */
    static String report(BundleContext context) {
        return "\n--- bundles ---\n" + bundles(context) + "--- components ---\n" + components(context);
    }

    static String bundles(BundleContext context) {
        StringBuilder out = new StringBuilder();
        for (Bundle bundle : context.getBundles()) {
            out.append(String.format("%3d %-12s %s %s%n", bundle.getBundleId(), stateName(bundle.getState()),
                    bundle.getSymbolicName(), bundle.getVersion()));
            if (bundle.getState() != Bundle.ACTIVE && !isFragment(bundle)) {
                out.append("      why: ").append(startFailure(bundle)).append('\n');
            }
        }
        return out.toString();
    }

    static String components(BundleContext context) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            return "  (no ServiceComponentRuntime: Felix SCR is not active)\n";
        }
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            StringBuilder out = new StringBuilder();
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                out.append("  ").append(description.name).append(" (").append(description.bundle.symbolicName)
                        .append(", pid ").append(String.join(",", description.configurationPid))
                        .append(", policy ").append(description.configurationPolicy)
                        .append(", enabled ").append(scr.isComponentEnabled(description)).append(")\n");
                var configurations = scr.getComponentConfigurationDTOs(description);
                if (configurations.isEmpty()) {
                    out.append("      no configuration: waits for its PID in Config Admin\n");
                }
                for (ComponentConfigurationDTO configuration : configurations) {
                    out.append("      ").append(componentState(configuration.state));
                    if (configuration.failure != null) {
                        out.append(" failure: ").append(configuration.failure);
                    }
                    for (UnsatisfiedReferenceDTO missing : configuration.unsatisfiedReferences) {
                        out.append(" unsatisfied ").append(missing.name).append(" target ").append(missing.target);
                    }
                    out.append('\n');
                }
            }
            return out.toString();
        } finally {
            context.ungetService(ref);
        }
    }

    /** Bundles that should be active and are not, as "name state (why)". */
    static String notActive(BundleContext context) {
        return Arrays.stream(context.getBundles())
                .filter(b -> !isFragment(b) && b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " " + stateName(b.getState()) + " (" + startFailure(b) + ")")
                .collect(Collectors.joining("; "));
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    /**
     * Why a bundle is not active. An unresolved one is started: Felix's exception names the missing
     * requirement. A resolved one was stopped on purpose (or failed in its activator earlier) and
     * is left alone, so a report never undoes a test's own stop.
     */
    private static String startFailure(Bundle bundle) {
        if (bundle.getState() != Bundle.INSTALLED) {
            return "not started (" + stateName(bundle.getState()) + ")";
        }
        try {
            bundle.start(Bundle.START_TRANSIENT);
            return "started now, state " + stateName(bundle.getState());
        } catch (BundleException | IllegalStateException e) {
            return e.getMessage() + (e.getCause() != null ? " caused by " + e.getCause() : "");
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "state " + state;
        };
    }

    private static String componentState(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
            case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
            default -> "state " + state;
        };
    }
}
