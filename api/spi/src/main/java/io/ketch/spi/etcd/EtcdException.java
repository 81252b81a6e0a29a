package io.ketch.spi.etcd;

import java.util.Objects;

/**
 * A request failed with one of etcd's client-facing errors. Front ends turn it into the gRPC status
 * {@link EtcdError#code()} with the message {@link #getMessage()}; nothing else is added.
 */
public class EtcdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final EtcdError.Code code;

    /** An error from etcd's catalogue. */
    public EtcdException(EtcdError error) {
        this(error.code(), error.message());
    }

    /** An error etcd builds at run time (e.g. a wrapped gRPC status), with its own code and text. */
    public EtcdException(EtcdError.Code code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code);
    }

    /** The gRPC status code to answer with. */
    public EtcdError.Code code() {
        return code;
    }
}
