package io.ketch.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * etcd's help text, rendered from {@link EtcdFlags}: the usage lines (which etcd prints to
 * stderr) and the flag sections (stdout), with Ketch's own flags in a last section.
 */
public final class HelpText {

    private HelpText() {
    }

    /** @return the usage block: etcd's with "ketch" for "etcd" */
    public static String usage() {
        return String.join("\n",
                "Usage:",
                "",
                "  ketch [flags]",
                "    Start an etcd server.",
                "",
                "  ketch --version",
                "    Show the version of etcd.",
                "",
                "  ketch -h | --help",
                "    Show the help information about etcd.",
                "",
                "  ketch --config-file",
                "    Path to the server configuration file. Note that if a configuration file is provided, "
                        + "other command line flags and environment variables will be ignored.",
                "",
                "  ketch gateway",
                "    Run the stateless pass-through etcd TCP connection forwarding proxy.",
                "",
                "  ketch grpc-proxy",
                "    Run the stateless etcd v3 gRPC L7 reverse proxy.",
                "") + "\n";
    }

    /** @return the flag sections, as etcd prints them after the usage block */
    public static String flags() {
        List<String> lines = new ArrayList<>();
        String section = null;
        for (FlagSpec spec : EtcdFlags.all()) {
            if (!spec.listed()) {
                continue;
            }
            if (!spec.section().equals(section)) {
                section = spec.section();
                sectionHeader(lines, section);
            }
            lines.add("  --" + spec.name() + " " + spec.helpDefault());
            spec.help().forEach(h -> lines.add("    " + h));
        }
        return String.join("\n", lines) + "\n";
    }

    private static void sectionHeader(List<String> lines, String section) {
        lines.add("");
        if (section.equals("TO BE DEPRECATED")) {
            lines.add("CAUTIOUS with unsafe flag! It may break the guarantees given by the consensus protocol!");
            lines.add("");
            lines.add("TO BE DEPRECATED:");
            lines.add("");
            return;
        }
        lines.add(section + ":");
    }
}
