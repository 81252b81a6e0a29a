package io.ketch.spi.etcd;

/**
 * Who sent a request, as the front end saw it: the auth token from the request metadata (null when
 * none was sent) and the common name of a verified client certificate (null without client TLS).
 *
 * @param token     the "token" metadata of the call, or null
 * @param certCommonName the CN of the verified client certificate, or null
 */
public record Caller(String token, String certCommonName) {
    /** A caller that sent no credentials. */
    public static final Caller ANONYMOUS = new Caller(null, null);
}
