/** The storage SPI: the ordered bucketed byte store that MVCC and the other state live in. */
@Version("1.0.0")
@Export
package io.ketch.spi.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
