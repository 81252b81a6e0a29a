/**
 * etcd's v3 services as Java interfaces over etcd's own protobuf messages. The v3 front end serves
 * whichever implementation is registered: the server core on a member, a remote-backed proxy on an
 * edge host.
 */
@Version("1.2.0")
@Export
package io.ketch.spi.etcd;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
