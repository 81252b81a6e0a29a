package io.ketch.launcher;

import java.util.List;

/**
 * Go's {@code flag.FlagSet.Parse} rules over {@link EtcdFlags}: {@code -flag}, {@code --flag},
 * {@code -flag=value}, {@code -flag value}; booleans never take the next argument; {@code --}
 * ends the flags; the first non-flag argument ends them too.
 */
public final class FlagParser {

    private FlagParser() {
    }

    /**
     * Parses the command line onto the defaults.
     *
     * @throws UsageException for the errors Go's flag package reports (exit 2)
     * @throws HelpRequested for {@code -h} / {@code --help}
     */
    public static Settings parse(List<String> args) {
        Settings settings = Settings.defaults();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            int minuses = 1;
            if (arg.charAt(1) == '-') {
                minuses = 2;
                if (arg.length() == 2) {
                    i++;
                    break;
                }
            }
            String name = arg.substring(minuses);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw new UsageException("bad flag syntax: " + arg);
            }
            i++;
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            FlagSpec spec = EtcdFlags.get(name);
            if (spec == null) {
                if (name.equals("help") || name.equals("h")) {
                    throw new HelpRequested();
                }
                throw new UsageException("flag provided but not defined: -" + name);
            }
            if (spec.type() == FlagType.BOOL || spec.type() == FlagType.IGNORED) {
                setBool(settings, spec, value);
                continue;
            }
            if (value == null) {
                if (i >= args.size()) {
                    throw new UsageException("flag needs an argument: -" + name);
                }
                value = args.get(i++);
            }
            try {
                settings.set(spec, value);
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value \"" + value + "\" for flag -" + name + ": " + e.getMessage());
            }
        }
        settings.positional().addAll(args.subList(i, args.size()));
        return settings;
    }

    private static void setBool(Settings settings, FlagSpec spec, String value) {
        try {
            settings.set(spec, value == null ? "true" : value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid boolean value \"" + value + "\" for -" + spec.name() + ": " + e.getMessage());
        }
    }
}
