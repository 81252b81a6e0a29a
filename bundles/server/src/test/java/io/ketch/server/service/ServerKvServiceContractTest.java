package io.ketch.server.service;

import io.ketch.spi.etcd.KvService;
import io.ketch.spi.etcd.KvServiceContract;
import io.ketch.spi.etcd.MaintenanceService;

/**
 * The KV contract over the server's real services: the etcd state machine on the memory backend,
 * driven by the synchronous one-member test consensus ({@link Fixture}).
 */
class ServerKvServiceContractTest extends KvServiceContract {
    private Fixture fixture;

    @Override
    protected KvService openKv() {
        fixture = new Fixture();
        return fixture.services.kv();
    }

    @Override
    protected MaintenanceService maintenance() {
        return fixture.services.maintenance();
    }
}
