package io.ketch.launcher;

import java.util.List;

/**
 * One flag of etcd 3.4's command line (or one of Ketch's own).
 *
 * @param name the flag name without dashes
 * @param type how its value is parsed
 * @param defaultValue the default, as a string the type's parser accepts
 * @param helpDefault the default as etcd's help text shows it ({@code 'default'}, {@code 10}); null when hidden
 * @param section the help section; null for flags etcd does not list in its help
 * @param support what Ketch does with it
 * @param choices the allowed values of a {@link FlagType#SELECT} flag, else empty
 * @param help the help text lines
 */
public record FlagSpec(String name, FlagType type, String defaultValue, String helpDefault, String section,
                       Support support, List<String> choices, List<String> help) {

    /** @return the {@code ETCD_*} environment variable etcd reads for this flag */
    public String envName() {
        return "ETCD_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** @return whether the flag is shown by {@code --help} */
    public boolean listed() {
        return section != null;
    }

    /** @return the Config Admin property name: the camelCase of the flag name */
    public String propertyName() {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
