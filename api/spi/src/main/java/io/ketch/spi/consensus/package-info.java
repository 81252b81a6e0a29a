/** The consensus SPI: the replicated log (Raft) and the state machine it drives. */
@Version("1.0.0")
@Export
package io.ketch.spi.consensus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
