package io.ketch.launcher;

/** The value types of etcd's flags, each parsed the way Go's flag package (or etcd's pkg/flags) does. */
public enum FlagType {
    /** Go {@code flag.String}. */
    STRING,
    /** Go {@code flag.Bool}: takes no separate argument, only {@code --flag=false}. */
    BOOL,
    /** Go {@code flag.Uint} (64 bits on amd64). */
    UINT,
    /** Go {@code flag.Uint64}. */
    UINT64,
    /** Go {@code flag.Int}. */
    INT,
    /** Go {@code flag.Int64}. */
    INT64,
    /** etcd {@code flags.Uint32Value}. */
    UINT32,
    /** Go {@code flag.Duration}: {@code 5s}, {@code 1h30m}, {@code 100ms}. */
    DURATION,
    /** etcd {@code flags.UniqueURLs}: comma separated URLs, sorted and de-duplicated. */
    URLS,
    /** etcd {@code flags.UniqueURLs} with the exception {@code *} (the CORS list). */
    CORS,
    /** etcd {@code flags.UniqueStringsValue} / {@code StringsValue}: comma separated strings. */
    STRINGS,
    /** etcd {@code flags.SelectiveStringValue}: one of a fixed set. */
    SELECT,
    /** etcd {@code flags.IgnoredFlag}: a legacy flag that is accepted and ignored with a warning. */
    IGNORED
}
